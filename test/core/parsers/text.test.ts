import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { text } from '../../../core/parsers/text.ts';
import { parseChecked, testParser } from './harness.ts';

testParser(text, [
  { line: 'anything at all', expected: { ok: true, fields: {} } },
  { line: '', expected: { ok: true, fields: {} } },
  { line: '{"even":"json"}', expected: { ok: true, fields: {} } },
]);

describe('text specifics', () => {
  it('accepts every string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (line) => {
        expect(parseChecked(text, line)).toEqual({ ok: true, fields: {} });
      }),
    );
  });

  it('returns a fresh fields object each time', () => {
    const first = text.parse('a');
    const second = text.parse('a');
    expect(first.ok && second.ok && first.fields !== second.fields).toBe(true);
  });
});
