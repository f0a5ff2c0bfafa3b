import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonString, nestedDeeperThan } from '../../core/json-text.ts';

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
