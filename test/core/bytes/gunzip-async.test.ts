import { describe, expect, it } from 'vitest';
import { gunzipAsync } from '../../../core/bytes/gunzip-async.ts';
import { gunzip, gzip } from '../../../core/bytes/gzip.ts';

const noisy = (length: number, seed: number) => {
  let x = seed;
  return new Uint8Array(length).map(() => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) >>> 24) % 40 + 48);
};
const join = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) (out.set(p, o), (o += p.length));
  return out;
};
const describeResult = (r: Awaited<ReturnType<typeof gunzipAsync>>) => (r.ok ? r.value.map((m) => [m.length, m[0], m[m.length - 1]]) : r.error.code);

describe('gunzipAsync', () => {
  const big = gzip(noisy(400_000, 1), 1);
  const other = gzip(noisy(300_000, 2), 1);
  const cases: [string, Uint8Array][] = [
    ['one large member', big],
    ['two large members', join(big, other)],
    ['two identical members', join(big, big)],
    ['a truncated large member', big.subarray(0, big.length - 100)],
    ['a large member with a wrong size trailer', join(big.subarray(0, big.length - 4), new Uint8Array([1, 2, 3, 4]))],
    ['a large member with trailing junk', join(big, new Uint8Array(500).fill(7))],
    ['a small member', gzip(noisy(1000, 3))],
  ];

  it('gives the same result as gunzip for every input, on every runtime', async () => {
    expect(big.length).toBeGreaterThan(256 * 1024);
    for (const [name, input] of cases) {
      const expected = describeResult(gunzip(input));
      expect([name, describeResult(await gunzipAsync(input))]).toEqual([name, expected]);
    }
  });

  it('may leave out empty members, which carry nothing, where the runtime joins members', async () => {
    const input = join(gzip(new Uint8Array(0)), big);
    const result = await gunzipAsync(input);
    expect(result.ok && result.value.filter((m) => m.length > 0).map((m) => m.length)).toEqual([400_000]);
  });

  it('stops at the cap', async () => {
    const bomb = gzip(new Uint8Array(40 * 1024 * 1024), 9);
    const padded = join(bomb, gzip(noisy(300_000, 4), 0));
    for (const input of [bomb, padded]) {
      const result = await gunzipAsync(input, { maxOutputBytes: 1024 * 1024, streamThresholdBytes: 1 });
      expect(result.ok ? 'accepted' : result.error.code).toBe('GZIP_TOO_LARGE');
    }
  });
});
