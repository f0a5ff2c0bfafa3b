import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gunzip, gzip, isGzip, walkGzipMembers } from '../../../core/bytes/gzip.ts';

const text = (s: string) => new TextEncoder().encode(s);
const str = (b: Uint8Array) => new TextDecoder().decode(b);
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) (out.set(p, o), (o += p.length));
  return out;
};

describe('gzip', () => {
  it('detects gzip by magic bytes', () => {
    expect(isGzip(gzip(text('hi')))).toBe(true);
    expect(isGzip(text('{"a":1}'))).toBe(false);
    expect(isGzip(new Uint8Array([0x1f]))).toBe(false);
  });

  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 5000 }), (bytes) => {
        const result = gunzip(gzip(bytes));
        expect(result.ok && result.value.length).toBe(1);
        expect(result.ok && [...result.value[0]!]).toEqual([...bytes]);
      }),
      { numRuns: 50 },
    );
  });

  it('returns every member of concatenated gzip, identically on every runtime', () => {
    const members = ['first', 'second', 'first'].map((s) => gzip(text(s)));
    const result = gunzip(concat(...members));
    expect(result.ok && result.value.map(str)).toEqual(['first', 'second', 'first']);
  });

  it('ignores trailing NUL padding but not other trailing data', () => {
    const padded = gunzip(concat(gzip(text('a')), new Uint8Array(16)));
    expect(padded.ok && padded.value.map(str)).toEqual(['a']);
    const junk = gunzip(concat(gzip(text('a')), text('junk-after-the-member')));
    expect(junk.ok ? 'accepted' : junk.error.code).toBe('GZIP_CORRUPT');
  });

  it('walks members: stops at the first damaged one, or with resync goes on after it', () => {
    const good = gzip(text('good'));
    const badSize = gzip(text('size'));
    badSize[badSize.length - 4] = badSize[badSize.length - 4]! ^ 1; // trailer ISIZE off by one: the member's end is known
    const input = concat(good, badSize, good, text('junk'));
    const outcome = (m: { output?: Uint8Array; error?: { code: string } }) => (m.output ? str(m.output) : m.error!.code);

    expect(walkGzipMembers(input).map(outcome)).toEqual(['good', 'GZIP_CORRUPT']);
    const walked = walkGzipMembers(input, { resync: true });
    expect(walked.map(outcome)).toEqual(['good', 'GZIP_CORRUPT', 'good', 'GZIP_CORRUPT']);
    expect(walked.map((m) => [m.offset, m.end])).toEqual([[0, 24], [24, 48], [48, 72], [72, 76]]);
    expect(walked[3]!.error!.detail).toBe('4 bytes of trailing data after the last gzip member');
    // A truncated last member ends the walk.
    expect(walkGzipMembers(concat(good, gzip(text('cut '.repeat(40))).subarray(0, 20)), { resync: true }).map(outcome)).toEqual(['good', 'GZIP_TRUNCATED']);
    // gunzip is the walk without resync, errors located after the first member.
    const result = gunzip(input);
    expect(result.ok ? 'accepted' : result.error.message).toBe('firewatch: gzip member 2 at offset 24: gzip trailer says 5 bytes, inflated 4');
  });

  it('reports truncated data at every cut point', () => {
    const whole = gzip(text('some log line '.repeat(50)));
    for (let cut = 1; cut < whole.length; cut++) {
      const result = gunzip(whole.subarray(0, cut));
      expect(result.ok ? `accepted cut at ${cut}` : ['GZIP_TRUNCATED', 'GZIP_HEADER_INVALID', 'GZIP_CORRUPT']).toContain(result.ok ? '' : result.error.code);
    }
  });

  it('reports non-gzip data', () => {
    const result = gunzip(text('plain text, not gzip'));
    expect(result.ok ? 'accepted' : result.error.code).toBe('GZIP_HEADER_INVALID');
  });

  it('reports corrupt deflate data and a wrong size trailer', () => {
    const whole = gzip(text('abc'.repeat(100)));
    const corrupt = whole.slice();
    corrupt[10] = 0xff; // block type 3 (reserved) in the first deflate header
    const a = gunzip(corrupt);
    expect(a.ok ? 'accepted' : a.error.code).toMatch(/GZIP_CORRUPT|GZIP_TRUNCATED/);
    const wrongSize = whole.slice();
    wrongSize[wrongSize.length - 4]! ^= 1;
    const b = gunzip(wrongSize);
    expect(b.ok ? 'accepted' : b.error.code).toBe('GZIP_CORRUPT');
  });

  it('stops a gzip bomb at the cap without inflating it all', () => {
    const bomb = gzip(new Uint8Array(50 * 1024 * 1024), 9); // ~50 KB that inflates to 50 MiB
    expect(bomb.length).toBeLessThan(100_000);
    const result = gunzip(bomb, { maxOutputBytes: 1024 * 1024 });
    expect(result.ok ? 'accepted' : result.error.code).toBe('GZIP_TOO_LARGE');
  });

  it('counts the cap across members', () => {
    const member = gzip(new Uint8Array(600_000));
    const result = gunzip(concat(member, member), { maxOutputBytes: 1_000_000 });
    expect(result.ok ? 'accepted' : result.error.code).toBe('GZIP_TOO_LARGE');
  });

  it('does not trust a trailer that claims a huge size', () => {
    const small = gzip(text('tiny')).slice();
    small.set([0xff, 0xff, 0xff, 0x7f], small.length - 4);
    const result = gunzip(small);
    expect(result.ok ? 'accepted' : result.error.code).toBe('GZIP_CORRUPT');
  });
});

describe('gzip members after a large first step', () => {
  it('finds the second member when the first ends inside the first 16 KiB step of a large input', () => {
    let x = 7;
    const noise = new Uint8Array(300_000).map(() => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) >>> 24));
    const small = gzip(new TextEncoder().encode('first'));
    const large = gzip(noise, 1);
    const joined = new Uint8Array(small.length + large.length);
    joined.set(small);
    joined.set(large, small.length);
    const result = gunzip(joined);
    expect(result.ok && result.value.map((m) => m.length)).toEqual([5, 300_000]);
  });
});
