import { describe, expect, it } from 'vitest';
import { indexName } from '../../../core/opensearch/index-name.ts';

describe('indexName', () => {
  const at = Date.UTC(2026, 10, 25, 11, 41, 7);
  it('rotates as Firehose does', () => {
    expect(indexName('rds', 'NoRotation', at)).toBe('rds');
    expect(indexName('rds', 'OneHour', at)).toBe('rds-2026-11-25-11');
    expect(indexName('rds', 'OneDay', at)).toBe('rds-2026-11-25');
    expect(indexName('rds', 'OneMonth', at)).toBe('rds-2026-11');
    expect(indexName('rds', 'OneWeek', at)).toBe('rds-2026-w48');
  });

  it('numbers weeks from Sunday, week 1 holding 1 January', () => {
    // 2026-01-01 is a Thursday: Thu 1 to Sat 3 are week 1, Sunday 4 starts week 2.
    expect(indexName('x', 'OneWeek', Date.UTC(2026, 0, 1))).toBe('x-2026-w01');
    expect(indexName('x', 'OneWeek', Date.UTC(2026, 0, 3, 23, 59))).toBe('x-2026-w01');
    expect(indexName('x', 'OneWeek', Date.UTC(2026, 0, 4))).toBe('x-2026-w02');
    expect(indexName('x', 'OneWeek', Date.UTC(2026, 11, 31))).toBe('x-2026-w53');
  });
});

describe('indexNamer', () => {
  it('names every time as indexName does', async () => {
    const { indexNamer } = await import('../../../core/opensearch/index-name.ts');
    for (const rotation of ['NoRotation', 'OneHour', 'OneDay', 'OneWeek', 'OneMonth'] as const) {
      const nameOf = indexNamer('x', rotation);
      for (let ms = Date.UTC(2026, 11, 30); ms < Date.UTC(2027, 0, 3); ms += 1_234_567) {
        expect([rotation, nameOf(ms)]).toEqual([rotation, indexName('x', rotation, ms)]);
      }
    }
  });
});
