/**
 * One harness for every parser plug-in: a table of line → expected result, plus the properties every
 * parser owes (never throws, results are valid JSON documents without reserved names, well-formed
 * timestamps, time linear in the length of hostile lines, checked by growth and never by elapsed time).
 * Each parser's test file adds its own round-trip property through the matching formatter in
 * core/parsers/sample-lines.ts (re-exported by core/samples/log-lines.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RESERVED_FIELD_NAMES } from '../../../core/parsers/field-names.ts';
import { parseJsonText } from '../../../core/json-text.ts';
import type { LogParser, ParseResult } from '../../../core/parsers/parser.ts';

/** One row of a parser's table. An `{ ok: false }` expectation checks only that the line is refused. */
export interface ParserCase {
  readonly name?: string;
  readonly line: string;
  readonly expected: ParseResult | { readonly ok: false };
}

export interface HarnessOptions {
  /** Extra hostile lines of about `size` characters, specific to the format, on top of the generic ones. */
  readonly pathological?: readonly ((size: number) => string)[];
  /** Lines near the format, mutated by fast-check to probe edge cases; defaults to the case lines. */
  readonly seeds?: readonly string[];
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/;
/**
 * Hostile lines are parsed at this size and at {@link GROWTH_FACTOR} times it (128 K characters): both fit
 * in the CPU caches, whereas from 125 K to 1 M cache misses alone make 8x the input cost up to 30x the
 * time. Quadratic work at 128 K would still take seconds.
 */
const HOSTILE_SIZE = 16_000;

/** Asserts the invariants of any parse result. */
export function expectValidResult(result: ParseResult): void {
  if (!result.ok) {
    expect(typeof result.reason).toBe('string');
    expect(result.reason.length).toBeGreaterThan(0);
    return;
  }
  expect(typeof result.fields).toBe('object');
  for (const name of Object.keys(result.fields)) expect(RESERVED_FIELD_NAMES.has(name)).toBe(false);
  // Only JSON values: serialising and reading back gives the same thing (no NaN, Infinity, undefined).
  // parseJsonText, not JSON.parse: Deno's V8 can misread escaped keys (see core/json-text.ts).
  expect(parseJsonText(JSON.stringify(result.fields))).toEqual(result.fields);
  for (const value of Object.values(result.fields)) {
    if (typeof value === 'number') expect(Number.isFinite(value)).toBe(true);
  }
  if (result.timestamp !== undefined) {
    expect(result.timestamp).toMatch(ISO_UTC);
    expect(Number.isNaN(Date.parse(result.timestamp))).toBe(false);
  }
  if (result.header !== undefined) expect(result.header).toBe(true);
}

/** Parses and checks invariants; a throw fails the property with the line that caused it. */
export function parseChecked(parser: LogParser, line: string): ParseResult {
  const result = parser.parse(line);
  expectValidResult(result);
  return result;
}

/** Work grows by this factor between the two sizes a growth check compares. */
const GROWTH_FACTOR = 8;
/**
 * Largest accepted ratio between the time of one run at size 8n and eight runs at size n: about 1 for
 * linear work, 8 for quadratic. Both sides are measured in the same moment, so a busy machine slows them
 * alike; no absolute time is ever asserted.
 */
const GROWTH_LIMIT = 3;
/** Rounds of the growth check; only the fastest of each side counts, so one clean round is enough on a busy machine. */
const GROWTH_ROUNDS = 15;
/** Below this many milliseconds for the 8n run the work is too small to time, and cannot be quadratic. */
const TOO_SMALL_TO_TIME_MS = 0.05;

/**
 * Asserts that `run(size)` costs time linear in `size`: the fastest single run at 8n against the fastest
 * batch of eight runs at n (the same amount of input), measured alternately in 15 rounds so that a busy
 * machine slows both sides alike and one unpreempted round of each suffices.
 *
 * @example
 * ```ts
 * expectLinearGrowth("glob", (size) => matchesGlob("*a*b", "a".repeat(size)), 10_000);
 * ```
 */
export function expectLinearGrowth(label: string, run: (size: number) => void, n: number): void {
  const large = n * GROWTH_FACTOR;
  for (let i = 0; i < 3; i++) {
    run(n);
    run(large);
  }
  let smallBest = Number.POSITIVE_INFINITY;
  let largeBest = Number.POSITIVE_INFINITY;
  for (let round = 0; round < GROWTH_ROUNDS; round++) {
    let started = performance.now();
    for (let i = 0; i < GROWTH_FACTOR; i++) run(n);
    smallBest = Math.min(smallBest, performance.now() - started);
    started = performance.now();
    run(large);
    largeBest = Math.min(largeBest, performance.now() - started);
  }
  if (largeBest < TOO_SMALL_TO_TIME_MS) return;
  const ratio = largeBest / Math.max(smallBest, TOO_SMALL_TO_TIME_MS);
  if (ratio > GROWTH_LIMIT) {
    throw new Error(`${label}: ${GROWTH_FACTOR}x the input took ${(ratio * GROWTH_FACTOR).toFixed(1)}x the time (linear would be about ${GROWTH_FACTOR}x)`);
  }
}

const GENERIC_PATHOLOGICAL: readonly ((size: number) => string)[] = [
  (n) => 'a'.repeat(n),
  (n) => ' '.repeat(n),
  (n) => '\t'.repeat(n),
  (n) => '\n'.repeat(n),
  (n) => '\u00a0'.repeat(n),
  (n) => '\t\t' + ' '.repeat(n),
  (n) => '{'.repeat(n),
  (n) => '{"a":' + '['.repeat(n / 10),
  (n) => '2026-11-25T11:41:00.123456Z\t' + ' '.repeat(n),
  (n) => '2026-11-25T11:41:00.123456Z\t   42 ' + 'Init DB '.repeat(n / 8),
  (n) => '2026-11-25T11:41:00.123456Z\t   42 ' + 'Init\u00a0'.repeat(n / 5),
  (n) => '2026-11-25T11:41:00.123456Z\t   42 Query' + ' '.repeat(n),
  (n) => '2026-11-25T11:41:00.123456Z\t   42 Connect\t' + 'a@'.repeat(n / 2) + ' on '.repeat(1000),
  (n) => '251125' + ' '.repeat(n) + '1:41:00',
  (n) => '9'.repeat(n),
  (n) => '# ' + 'Key: '.repeat(n / 5),
  (n) => '# Query_time: 1\n' + '#\n'.repeat(n / 2),
  (n) => '# User@Host: ' + '['.repeat(n),
  (n) => '# Query_time: 1\n' + '# Time: 071218 11:48:27 '.repeat(n / 24),
  (n) => '2026-11-25 11:41:00 UTC:' + '('.repeat(n),
  (n) => '2026-11-25 11:41:00 UTC::' + '@'.repeat(n),
  (n) => "20261125 11:41:00,a,b,c,1,2,QUERY,d,'" + "\\'".repeat(n / 2),
  (n) => '20261125 11:41:00' + ','.repeat(n),
  (n) => '/x, Version: '.repeat(n / 13),
  (n) => 'Tcp port: ' + '3'.repeat(n),
  (n) => 'Time ' + ' '.repeat(n) + 'x',
];

/** A line built from pieces of the seeds, with random characters inserted, removed or cut off. */
function mutatedLine(seeds: readonly string[]): fc.Arbitrary<string> {
  const seed = fc.constantFrom(...(seeds.length > 0 ? seeds : ['']));
  const noise = fc.string({ unit: 'binary', maxLength: 8 });
  return fc.tuple(seed, fc.nat(), fc.nat(), noise).map(([line, at, cut, insert]) => {
    const i = line.length === 0 ? 0 : at % (line.length + 1);
    const j = Math.min(line.length, i + (cut % 4));
    return line.slice(0, i) + insert + line.slice(j);
  });
}

/**
 * Runs a parser's table and the shared properties.
 *
 * @example
 * ```ts
 * testParser(mysqlGeneral, [{ line: "\t\t   1 Quit\t", expected: { ok: true, fields: { thread_id: 1, command: "Quit", argument: "" } } }]);
 * ```
 */
export function testParser(parser: LogParser, cases: readonly ParserCase[], options: HarnessOptions = {}): void {
  describe(`${parser.name} parser (shared harness)`, () => {
    it('has a kebab-case name and a description', () => {
      expect(parser.name).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(parser.description.length).toBeGreaterThan(0);
    });

    for (const [index, testCase] of cases.entries()) {
      it(`case ${index}: ${testCase.name ?? JSON.stringify(testCase.line).slice(0, 70)}`, () => {
        const result = parseChecked(parser, testCase.line);
        if (testCase.expected.ok) {
          expect(result).toEqual(testCase.expected);
        } else {
          expect(result.ok).toBe(false);
        }
      });
    }

    it('never throws on arbitrary strings', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (line) => {
          parseChecked(parser, line);
        }),
        { numRuns: 500 },
      );
    });

    it('never throws on mutated near-miss lines', () => {
      const seeds = options.seeds ?? cases.map((testCase) => testCase.line);
      fc.assert(
        fc.property(mutatedLine(seeds), (line) => {
          parseChecked(parser, line);
        }),
        { numRuns: 1000 },
      );
    });

    it('parses hostile lines in time linear in their length', () => {
      for (const build of [...GENERIC_PATHOLOGICAL, ...(options.pathological ?? [])]) {
        const small = build(HOSTILE_SIZE);
        const large = build(HOSTILE_SIZE * GROWTH_FACTOR);
        parseChecked(parser, large);
        expectLinearGrowth(
          `${parser.name} on ${JSON.stringify(small.slice(0, 40))}...`,
          (size) => parser.parse(size === HOSTILE_SIZE ? small : large),
          HOSTILE_SIZE,
        );
      }
    });
  });
}

/** Canonical ISO timestamps with microseconds, as MySQL 8.0 writes them (years 2000–2099, so 5.6 can too). */
export const isoMicros: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31, 23, 59, 59) }), fc.integer({ min: 0, max: 999_999 }))
  .map(([ms, micros]) => `${new Date(ms).toISOString().slice(0, 19)}.${String(micros).padStart(6, '0')}Z`);

/** Canonical ISO timestamps with whole seconds. */
export const isoSeconds: fc.Arbitrary<string> = isoMicros.map((iso) => `${iso.slice(0, 19)}Z`);

/** SQL-ish identifiers (user, database and host names). */
export const identifier: fc.Arbitrary<string> = fc.stringMatching(/^[a-z_][a-z0-9_]{0,15}$/);
