/**
 * The parser plug-in interface. A parser turns one log event's message into flat, JSON-serialisable
 * fields. It never throws: a line it does not recognise is `{ ok: false, reason }`, and the document
 * builder still indexes the raw message with an error tag.
 *
 * Field names are snake_case; the same name has the same type in every parser (`thread_id` is always a
 * number, `user`/`host`/`db` always strings). Names the document owns (`@timestamp`, `message`,
 * `cloudwatch`, `parser`, `error`) are never produced by a built-in parser.
 *
 * @example
 * ```ts
 * const result = mysqlGeneral.parse("2026-11-25T11:41:00.123456Z\t   42 Query\tSELECT 1");
 * // { ok: true, timestamp: "2026-11-25T11:41:00.123456Z", fields: { thread_id: 42, command: "Query", argument: "SELECT 1" } }
 * ```
 * A built-in parser is a {@link ParserPlugin}: besides parsing it declares the RDS log types it reads, the
 * fields it writes with their OpenSearch types, and its sample generator; core/parsers/list.ts holds the
 * ordered list every registry, mapping and sample catalogue derives from.
 *
 * @module
 */

import type { Rng } from './sample-lines.ts';

/** A JSON value, the only thing a field may hold. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Parsed fields of one log line. */
export type Fields = { [key: string]: JsonValue };

/** What a parser says about one message. */
export type ParseResult =
  | {
    readonly ok: true;
    readonly fields: Fields;
    /** The time the line itself carries, as ISO 8601 in UTC (`2026-11-25T11:41:00.123456Z`), when it has one. */
    readonly timestamp?: string;
    /** A header or banner line (e.g. MySQL's `Tcp port: 3306 ...`), recognised but carrying no event. */
    readonly header?: true;
  }
  | {
    readonly ok: false;
    /** Why the line was not recognised, short and human (`"no thread id after the timestamp"`). */
    readonly reason: string;
  };

/** A parser plug-in: one file each under `core/parsers/`. */
export interface LogParser {
  /** Stable kebab-case name used in configuration and in each document's `parser` field. */
  readonly name: string;
  /** One line for `--help` and the playground's selector. */
  readonly description: string;
  /** Parses one message (a whole CloudWatch log event; it may span several lines). Never throws. */
  parse(message: string): ParseResult;
  /**
   * How an entry of this format spans lines in a log file, for text that lost CloudWatch's one event per
   * entry (plain log lines, Firehose message extraction): whether `line` starts a new entry, given the
   * lines of the entry being built (at least one). A line for which it answers false continues that
   * entry. Without it, every line is an entry. It must look at `line` in linear time.
   */
  readonly startsEntry?: StartsEntry;
}

/**
 * Whether a line of log text starts a new entry, given the lines of the entry being built (see
 * {@link LogParser.startsEntry}).
 *
 * @example
 * ```ts
 * const startsEntry: StartsEntry = (line) => line.startsWith("# Time:");
 * ```
 */
export type StartsEntry = (line: string, current: readonly string[]) => boolean;

/**
 * How OpenSearch indexes a field: `keyword` (identifiers, exact values), `text` (statements and messages:
 * searchable, with a `keyword` sub-field), `long`, `double`, `boolean`.
 */
export type FieldType = 'keyword' | 'text' | 'long' | 'double' | 'boolean';

/** A parser's sample data: where such lines live, and a generator of realistic lines. */
export interface ParserSample {
  /** A realistic log group for the format (the registry must pick this parser for it). */
  readonly logGroup: string;
  /** One realistic message at `epochMs`, drawn with `rng`; the same seed gives the same lines. */
  readonly generate: (rng: Rng, epochMs: number) => string;
}

/**
 * A built-in parser plug-in: one file each under core/parsers/, one line in core/parsers/list.ts.
 *
 * @example
 * ```ts
 * export const myFormat: SampledParserPlugin<"my-format"> = defineParser({
 *   name: "my-format",
 *   description: "One line for --help",
 *   rdsLogTypes: ["my-format"],
 *   fields: { thread_id: "long", text: "text" },
 *   parse: parseMyFormat,
 *   sample: { logGroup: "/aws/rds/instance/shop-db/my-format", generate: myFormatLine },
 * });
 * ```
 */
export interface ParserPlugin extends LogParser {
  /**
   * The RDS log types this parser reads: the last part of `/aws/rds/instance/<db>/<type>` and
   * `/aws/rds/cluster/<cluster>/<type>`. At most one parser may claim a type.
   */
  readonly rdsLogTypes?: readonly string[];
  /**
   * Log-group globs (`*` is any characters) this parser reads by default, for formats RDS does not name
   * by a log type of their own; checked after the RDS log types, in list order.
   */
  readonly logGroups?: readonly string[];
  /**
   * Every field the parser can write, with its OpenSearch type. A name has one type in every parser, so
   * one index mapping fits all log groups (core/opensearch/index-template.ts derives it from these).
   */
  readonly fields: Readonly<Record<string, FieldType>>;
  /** Sample data for `firewatch sample`, the playground, benchmarks and tests. */
  readonly sample?: ParserSample;
}

/**
 * A built-in parser's declared type without sample data (`text`, `auto`): a {@link ParserPlugin} with its
 * literal name, so the list of parsers still yields the union of names while each export's type is
 * explicit (JSR requires explicit types on a package's API; inferred ones slow every user's type check).
 *
 * @example
 * ```ts
 * export const myFormat: NamedParserPlugin<"my-format"> = defineParser({ name: "my-format", ... });
 * ```
 */
export type NamedParserPlugin<Name extends string> = Omit<ParserPlugin, 'sample'> & { readonly name: Name };

/** A built-in parser's declared type with sample data: the sample catalogue derives its formats from these. */
export type SampledParserPlugin<Name extends string> = NamedParserPlugin<Name> & { readonly sample: ParserSample };

/**
 * Declares a built-in parser, keeping its literal name in the type so the list of parsers yields the
 * union of names (`BuiltinParserName`).
 *
 * @example
 * ```ts
 * const p = defineParser({ name: "x", description: "x", fields: {}, parse: () => ({ ok: true, fields: {} }) });
 * p.name; // type "x"
 * ```
 */
export function defineParser<const T extends ParserPlugin>(plugin: T): T {
  return plugin;
}
