import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonString } from '../../core/json-text.ts';

describe('jsonString', () => {
  it('writes exactly what JSON.stringify writes, for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(jsonString(text)).toBe(JSON.stringify(text));
      }),
      { numRuns: 2000 },
    );
    for (const text of ['', '"', '\\', '\u0000', '\u001f', '\ud800', '\udfff', '😀', 'tab\there', '\u2028']) expect(jsonString(text)).toBe(JSON.stringify(text));
  });
});
