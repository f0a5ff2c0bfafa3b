/**
 * One harness for every parser plug-in: a table of line → expected result, plus the properties every
 * parser owes (never throws, results are valid JSON documents without reserved names, well-formed
 * timestamps, linear time on hostile megabyte lines). Each parser's test file adds its own round-trip
 * property through the matching formatter in core/samples/log-lines.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RESERVED_FIELD_NAMES } from '../../../core/parsers/field-names.ts';
import type { LogParser, ParseResult } from '../../../core/parsers/parser.ts';

/** One row of a parser's table. An `{ ok: false }` expectation checks only that the line is refused. */
export interface ParserCase {
  readonly name?: string;
  readonly line: string;
  readonly expected: ParseResult | { readonly ok: false };
}

export interface HarnessOptions {
  /** Extra hostile lines (about 1 MB) specific to the format, on top of the generic ones. */
  readonly pathological?: readonly string[];
  /** Lines near the format, mutated by fast-check to probe edge cases; defaults to the case lines. */
  readonly seeds?: readonly string[];
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/;
/** A megabyte-scale line must still parse in linear time; quadratic behaviour would take minutes. */
const PATHOLOGICAL_BUDGET_MS = 300;
const MB = 1_000_000;

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
  expect(JSON.parse(JSON.stringify(result.fields))).toEqual(result.fields);
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

const GENERIC_PATHOLOGICAL: readonly string[] = [
  'a'.repeat(MB),
  ' '.repeat(MB),
  '\t'.repeat(MB),
  '\n'.repeat(MB),
  '\t\t' + ' '.repeat(MB),
  '{'.repeat(MB),
  '{"a":' + '['.repeat(MB / 10),
  '2026-11-25T11:41:00.123456Z\t' + ' '.repeat(MB),
  '2026-11-25T11:41:00.123456Z\t   42 ' + 'Init DB '.repeat(MB / 8),
  '2026-11-25T11:41:00.123456Z\t   42 Connect\t' + 'a@'.repeat(MB / 2) + ' on '.repeat(1000),
  '9'.repeat(MB),
  '# ' + 'Key: '.repeat(MB / 5),
  '# Query_time: 1\n' + '#\n'.repeat(MB / 2),
  '2026-11-25 11:41:00 UTC:' + '('.repeat(MB),
  '2026-11-25 11:41:00 UTC::' + '@'.repeat(MB),
  "20261125 11:41:00,a,b,c,1,2,QUERY,d,'" + "\\'".repeat(MB / 2),
  '20261125 11:41:00' + ','.repeat(MB),
  '/x, Version: '.repeat(MB / 13),
  'Tcp port: ' + '3'.repeat(MB),
  'Time ' + ' '.repeat(MB) + 'x',
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

    it('parses hostile 1 MB lines in linear time', () => {
      for (const line of [...GENERIC_PATHOLOGICAL, ...(options.pathological ?? [])]) {
        const started = performance.now();
        parseChecked(parser, line);
        const elapsed = performance.now() - started;
        if (elapsed > PATHOLOGICAL_BUDGET_MS) throw new Error(`${parser.name}: ${elapsed.toFixed(0)} ms on ${JSON.stringify(line.slice(0, 40))}...`);
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
