import { describe, expect, it } from 'vitest';
import { mysqlGeneralLine } from '../../../core/parsers/mysql-general.ts';
import { parserForLogGroup } from '../../../core/parsers/registry.ts';
import { mulberry32, SAMPLE_START_MS, sampleEvents, sampleFormats, sampleLogGroups } from '../../../core/samples/log-lines.ts';

describe('sample log lines (core/samples/log-lines.ts)', () => {
  it('mulberry32 is deterministic and uniform enough', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    let sum = 0;
    for (let i = 0; i < 10_000; i++) {
      const x = a();
      expect(x).toBe(b());
      expect(x >= 0 && x < 1).toBe(true);
      sum += x;
    }
    expect(Math.abs(sum / 10_000 - 0.5)).toBeLessThan(0.02);
    expect(mulberry32(42)()).toBe(0.6011037519201636);
  });

  it('gives the same events for the same seed, and different ones for another seed', () => {
    for (const format of sampleFormats) {
      expect(sampleEvents(format, { count: 50, seed: 9 })).toEqual(sampleEvents(format, { count: 50, seed: 9 }));
      expect(sampleEvents(format, { count: 50, seed: 9 })).not.toEqual(sampleEvents(format, { count: 50, seed: 10 }));
    }
  });

  it('produces events every matching parser reads, with times in order and near the event time', () => {
    for (const format of sampleFormats) {
      const parser = parserForLogGroup(sampleLogGroups[format]);
      const events = sampleEvents(format, { count: 1000, seed: 2 });
      let previous = 0;
      for (const event of events) {
        expect(event.timestamp).toBeGreaterThanOrEqual(previous);
        previous = event.timestamp;
        const result = parser.parse(event.message);
        expect([format, event.message, result.ok]).toEqual([format, event.message, true]);
        if (result.ok && result.timestamp !== undefined) {
          expect(Math.abs(Date.parse(result.timestamp) - event.timestamp)).toBeLessThan(1000);
        }
      }
    }
  });

  it('writes realistic general-log lines: 100–250 characters on average, varied commands, some multi-line', () => {
    const rng = mulberry32(1);
    const lines = Array.from({ length: 5000 }, (_, i) => mysqlGeneralLine(rng, SAMPLE_START_MS + i * 3));
    const average = lines.reduce((sum, line) => sum + line.length, 0) / lines.length;
    expect(average).toBeGreaterThan(100);
    expect(average).toBeLessThan(250);
    const commands = new Set(lines.map((line) => line.split('\t')[1]?.trim().replace(/^\d+ /, '')));
    for (const command of ['Connect', 'Query', 'Quit', 'Init DB', 'Prepare', 'Execute', 'Close stmt']) expect(commands.has(command)).toBe(true);
    expect(lines.some((line) => line.includes('\n'))).toBe(true);
    expect(lines.some((line) => line.includes('rdsadmin'))).toBe(true);
  });
});
