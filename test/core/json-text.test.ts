import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonString, nestedDeeperThan, parseJsonText } from '../../core/json-text.ts';

describe('jsonString', () => {
  it('writes exactly what JSON.stringify writes, for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(jsonString(text)).toBe(JSON.stringify(text));
      }),
      { numRuns: 2000 },
    );
    for (const text of ['', '"', '\\', '\u0000', '\u001f', '\ud800', '\udfff', '😀', 'tab\there', '\u2028']) {
      expect(jsonString(text)).toBe(JSON.stringify(text));
    }
  });
});

describe('nestedDeeperThan', () => {
  /** Nesting depth of a parsed value, by an explicit stack. */
  const depthOf = (root: unknown): number => {
    let deepest = 0;
    const pending: [unknown, number][] = [[root, 0]];
    while (pending.length > 0) {
      const [value, depth] = pending.pop()!;
      if (typeof value !== 'object' || value === null) continue;
      deepest = Math.max(deepest, depth + 1);
      for (const item of Object.values(value)) pending.push([item, depth + 1]);
    }
    return deepest;
  };

  it('agrees with the depth of the parsed value, brackets inside strings not counted', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 9 }), (value, max) => {
        expect(nestedDeeperThan(JSON.stringify(value), max)).toBe(depthOf(value) > max);
      }),
      { numRuns: 2000 },
    );
  });

  it('answers for text nested far deeper than any stack, in one pass', () => {
    expect(nestedDeeperThan(`${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`, 20)).toBe(true);
    expect(nestedDeeperThan(`{"a":"${'['.repeat(100)}\\"${'{'.repeat(100)}"}`, 1)).toBe(false);
  });
});

describe('parseJsonText', () => {
  /** Keys that need escapes: quotes, backslashes, controls, and `__proto__`. */
  const key = fc.oneof(fc.string({ unit: fc.constantFrom('"', '\\', '\n', '\u0001', 'a', '\u00e9', '😀') }), fc.constant('__proto__'), fc.string());
  const value = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 0 }), fc.array(tie('node')), fc.dictionary(key, tie('node'))),
  })).node;

  it('reads the key that a poisoned V8 key cache misreads (issues.chromium.org/521080746)', () => {
    // On Deno 2.9.6 and workerd, plain JSON.parse answers ["h", "\\"] for the second text.
    JSON.parse('{"h":[],"\\\\":0}');
    expect(Object.keys(parseJsonText('{"h":1,"\\"":2}') as object)).toEqual(['h', '"']);
  });

  it('gives what a correct JSON.parse gives, for any value and layout, after any earlier texts', () => {
    fc.assert(
      fc.property(value, fc.array(value, { maxLength: 3 }), fc.boolean(), (wanted, earlier, pretty) => {
        for (const text of earlier) JSON.parse(JSON.stringify(text));
        const text = pretty ? JSON.stringify(wanted, null, 2) : JSON.stringify(wanted);
        const read = parseJsonText(text);
        expect(JSON.stringify(read)).toBe(JSON.stringify(wanted));
        if (typeof read === 'object' && read !== null && Object.hasOwn(read, '__proto__')) expect(Object.getPrototypeOf(read)).not.toBe(null);
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps JSON.parse rules the rewrite must also follow: a repeated key keeps its first place and last value', () => {
    expect(Object.entries(parseJsonText('{"\\u0061":1,"b":2,"a":3}') as object)).toEqual([['a', 3], ['b', 2]]);
    const proto = parseJsonText('{"__pro\\u0074o__":{"polluted":true}}') as Record<string, unknown>;
    expect(Object.keys(proto)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
  });

  it('throws what JSON.parse throws', () => {
    expect(() => parseJsonText('{"\\"":')).toThrow(SyntaxError);
  });
});
