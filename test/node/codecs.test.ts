import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { portableCodecs } from '../../core/bytes/codecs.ts';
import { gunzip, gzip } from '../../core/bytes/gzip.ts';
import { nodeCodecs } from '../../scripts/node/codecs.ts';

const outcome = (r: { ok: true; value: Uint8Array } | { ok: false; error: { code: string } }) => (r.ok ? [...r.value] : r.error.code);

describe('node codecs accept and reject exactly what the portable ones do', () => {
  it('base64, on valid, padded, unpadded, wrapped and garbage input', () => {
    const alphabet = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ \n!'.split(''));
    const text = fc.oneof(
      fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('base64')),
      fc.string({ unit: alphabet, maxLength: 40 }),
    );
    fc.assert(
      fc.property(text, (t) => {
        expect(outcome(nodeCodecs.decodeBase64(t))).toEqual(outcome(portableCodecs.decodeBase64(t)));
      }),
      { numRuns: 2000 },
    );
  });

  it('UTF-8 to base64, including lone surrogates', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(nodeCodecs.encodeBase64Utf8(s)).toBe(portableCodecs.encodeBase64Utf8(s));
      }),
    );
  });

  it('gzip members, truncation, corruption and the size cap', () => {
    const member = gzip(new TextEncoder().encode('hello '.repeat(500)));
    const two = new Uint8Array([...member, ...member]);
    const cases = [
      member,
      two,
      member.subarray(0, 30),
      member.subarray(0, member.length - 4),
      new Uint8Array([...member.subarray(0, 12), 0xff, ...member.subarray(13)]),
    ];
    for (const input of cases) {
      for (const max of [100, 1_000_000]) {
        const node = gunzip(input, { inflateRaw: nodeCodecs.inflateRaw, maxOutputBytes: max });
        const portable = gunzip(input, { inflateRaw: portableCodecs.inflateRaw, maxOutputBytes: max });
        // Over the cap and truncated at once, the two may name either problem first; both must refuse.
        const code = (r: typeof node) => (r.ok ? r.value.map((m) => m.length) : max < 1000 ? 'refused' : r.error.code);
        expect(code(node)).toEqual(code(portable));
      }
    }
  });
});

describe('node NDJSON encoding', () => {
  it('matches the portable encoding for any lines, including ones larger than its scratch buffer', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 200 }), { maxLength: 20 }), (lines) => {
        expect(nodeCodecs.encodeBase64Lines(lines)).toBe(portableCodecs.encodeBase64Lines(lines));
      }),
    );
    const big = ['é'.repeat(100_000), 'x'.repeat(3_000_000), '😀'.repeat(50_000)];
    expect(nodeCodecs.encodeBase64Lines(big)).toBe(portableCodecs.encodeBase64Lines(big));
  });
});
