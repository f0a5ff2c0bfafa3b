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
 * @module
 */

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
}
