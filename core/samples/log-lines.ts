/**
 * The sample catalogue: realistic log events for every parser that declares a sample (core/parsers/list.ts),
 * for tests, `firewatch sample`, benchmarks and the playground. The same seed always gives the same events
 * on every runtime.
 *
 * Each parser's formatter (its inverse) and generator live in the parser's own file; the seeded PRNG and
 * the tools the generators share live beside the parsers in core/parsers/sample-lines.ts and are
 * re-exported here, so code that only wants sample events and seeded draws imports them from one place.
 *
 * @example
 * ```ts
 * sampleFormats;                                   // ["mysql-general", "mysql-slow", "mysql-error", "mariadb-audit", "postgresql", "json"]
 * sampleLogGroups["mysql-general"];                // "/aws/rds/instance/shop-db/general"
 * sampleEvents("mysql-general", { count: 3, seed: 1 }); // [{ timestamp, message }, ...]
 * ```
 * @module
 */

import { type BuiltinParser, builtinParserList } from '../parsers/list.ts';
import { mulberry32, type Rng, SAMPLE_START_MS } from '../parsers/sample-lines.ts';

export * from '../parsers/sample-lines.ts';

/** A parser that declares sample data. */
type SampledParser = Extract<BuiltinParser, { readonly sample: unknown }>;

/** A format that has a sample generator: the name of a parser that declares one. */
export type SampleFormat = SampledParser['name'];

const sampled = builtinParserList.filter((parser): parser is SampledParser => 'sample' in parser);

/** Formats that have a sample generator, in the order of the list of parsers. */
export const sampleFormats: readonly SampleFormat[] = sampled.map((parser) => parser.name);

/**
 * A realistic log group per format; the registry picks the matching parser from each.
 *
 * @example
 * ```ts
 * sampleLogGroups["mysql-general"]; // "/aws/rds/instance/shop-db/general"
 * ```
 */
export const sampleLogGroups = Object.fromEntries(sampled.map((parser) => [parser.name, parser.sample.logGroup])) as Readonly<Record<SampleFormat, string>>;

const GENERATORS = new Map<string, (rng: Rng, epochMs: number) => string>(sampled.map((parser) => [parser.name, parser.sample.generate]));

/** Options of {@link sampleEvents}. */
export interface SampleEventsOptions {
  readonly count: number;
  /** PRNG seed; the same seed gives the same events. Default 1. */
  readonly seed?: number;
  /** Epoch ms of the first event. Default 2026-11-25T11:41:00Z. */
  readonly start?: number;
  /** Mean gap between events in ms (each gap is random in [0, 2 × mean]). Default 5. */
  readonly meanGapMs?: number;
}

/**
 * A run of log events in CloudWatch's shape (`timestamp` epoch ms, `message`), times non-decreasing.
 *
 * @example
 * ```ts
 * sampleEvents("postgresql", { count: 2, seed: 3 });
 * // [{ timestamp: 1795606860000, message: "2026-11-25 11:41:00 UTC:10.0.0.7(45647):app@billing:[23327]:LOG:  statement: DELETE FROM cart_items ..." },
 * //  { timestamp: 1795606860009, message: "... duration: 4327.527 ms  statement: SELECT id, sku, ..." }]
 * ```
 */
export function sampleEvents(format: SampleFormat, options: SampleEventsOptions): { timestamp: number; message: string }[] {
  const rng = mulberry32(options.seed ?? 1);
  const generate = GENERATORS.get(format);
  if (generate === undefined) throw new RangeError(`firewatch: no sample generator for "${format}"`);
  const meanGap = options.meanGapMs ?? 5;
  let time = options.start ?? SAMPLE_START_MS;
  const events: { timestamp: number; message: string }[] = [];
  for (let i = 0; i < options.count; i++) {
    events.push({ timestamp: Math.floor(time), message: generate(rng, time) });
    time += rng() * 2 * meanGap;
  }
  return events;
}
