import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { epochToIso, normalizeTimestamp, scanIso, scanMysqlShort } from '../../../core/parsers/timestamps.ts';

describe('timestamps', () => {
  it('normalizes the layouts it knows', () => {
    const table: [string, string | undefined][] = [
      ['2026-11-25T11:41:00.123456Z', '2026-11-25T11:41:00.123456Z'],
      ['2026-11-25T11:41:00Z', '2026-11-25T11:41:00Z'],
      ['2026-11-25 11:41:00', '2026-11-25T11:41:00Z'],
      ['2026-11-25 11:41:00 UTC', '2026-11-25T11:41:00Z'],
      ['2026-11-25 11:41:00 +01:00', '2026-11-25T10:41:00Z'],
      ['2026-11-25T00:10:00.5-0230', '2026-11-25T02:40:00.5Z'],
      ['2026-11-25T23:30:00+02', '2026-11-25T21:30:00Z'],
      ['2024-03-01T00:30:00+01:00', '2024-02-29T23:30:00Z'],
      ['251125  1:41:00', '2025-11-25T01:41:00Z'],
      ['251125 11:41:00', '2025-11-25T11:41:00Z'],
      ['20261125 11:41:00', '2026-11-25T11:41:00Z'],
      ['25/Nov/2026:11:41:00 +0000', '2026-11-25T11:41:00Z'],
      ['1795606860', '2026-11-25T11:41:00Z'],
      ['1795606860123', '2026-11-25T11:41:00.123Z'],
      ['1795606860123456', '2026-11-25T11:41:00.123456Z'],
      ['2026-02-29T00:00:00Z', undefined],
      ['2026-11-25T24:00:00Z', undefined],
      ['2026-11-25T11:41:60Z', undefined],
      ['2026-11-25T11:41:00Z UTC', undefined],
      ['2026-11-25T11:41:00.1234567890Z', undefined],
      ['2026-11-25T11:41:00 EST', undefined],
      ['25/Foo/2026:11:41:00 +0000', undefined],
      ['next tuesday', undefined],
      ['', undefined],
    ];
    for (const [input, expected] of table) expect([input, normalizeTimestamp(input)]).toEqual([input, expected]);
  });

  it('agrees with Date for every valid ISO time with an offset', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2999, 0, 1) }), fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 }), (ms, offset) => {
        const local = new Date(ms + offset * 60_000).toISOString().slice(0, 19);
        const sign = offset < 0 ? '-' : '+';
        const abs = Math.abs(offset);
        const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
        expect(normalizeTimestamp(local + zone)).toBe(new Date(ms).toISOString().slice(0, 19) + 'Z');
      }),
    );
  });

  it('leaves the cursor alone on failure and advances it on success', () => {
    const cursor = { pos: 3 };
    expect(scanIso('xx 2026-11-25T11:41:00Z\t', cursor)).toBe('2026-11-25T11:41:00Z');
    expect(cursor.pos).toBe(23);
    expect(scanMysqlShort('2026-11-25', cursor)).toBeUndefined();
    expect(cursor.pos).toBe(23);
  });

  it('reads epoch numbers as ms, or seconds below 1e11', () => {
    expect(epochToIso(1795606860123)).toBe('2026-11-25T11:41:00.123Z');
    expect(epochToIso(1795606860)).toBe('2026-11-25T11:41:00.000Z');
    expect(epochToIso(Number.NaN)).toBeUndefined();
    expect(epochToIso(-1)).toBeUndefined();
    expect(epochToIso(1e20)).toBeUndefined();
  });
});
