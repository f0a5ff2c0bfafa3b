/**
 * Log-line parsers: one plug-in per format behind the {@link LogParser} interface, chosen per log group
 * by {@link parserForLogGroup}. Every parser is pure, never throws, and answers `{ ok: false, reason }`
 * for a line it does not recognise (the document is still indexed, with the raw message).
 *
 * A built-in parser is one file plus one line in core/parsers/list.ts: the file declares its name, the
 * RDS log types (or log-group globs) it reads, its fields with their OpenSearch types, and its sample
 * generator; the registry, the field lists, the index template and the sample catalogue derive from
 * that list (`builtinParserList`), so each module's `fields` is the reference for what it writes.
 *
 * ## Field conventions
 *
 * - Names are snake_case. A name has one type in every parser, so one index mapping fits all log groups:
 *   `thread_id`, `pid`, `port`, `client_port`, `connection_id`, `query_id`, `retcode`, `rows_sent`,
 *   `rows_examined` are integers; `query_time`, `lock_time` (seconds) and `duration_ms` are decimals;
 *   `user`, `host`, `db`, `command`, `argument`, `statement`, `text`, `level`, `severity` are strings.
 * - Empty values are left out rather than written as `""` (an anonymous user, a connection with no
 *   default database); `argument` and `text` are kept even when empty.
 * - The document owns `@timestamp`, `message`, `cloudwatch`, `parser` and `error`. No built-in parser
 *   produces them; where user data holds one (a JSON message's own `message` key, a regex group named
 *   `error`), it is stored as `parsed_<name>` (`parsed_message`, `parsed_@timestamp`).
 * - `timestamp` in a result is the time the line itself carries, ISO 8601 in UTC with the fraction the line
 *   has (`2026-11-25T11:41:00.123456Z`); zone-less times are UTC because RDS writes UTC. A line without a
 *   time of its own (MySQL 5.6's same-second general-log lines) has none, and the event's CloudWatch time
 *   applies.
 * - Banner lines (mysqld's `Version: ... started with:`, `Tcp port:`, `Time Id Command Argument`) are
 *   `{ ok: true, header: true }` with `header` (`"version"`, `"listen"`, `"columns"`), `program`,
 *   `version`, `version_comment`, `port`, `socket`.
 *
 * Besides the built-in parsers (each declares its `fields`): `regex` writes the pattern's named groups
 * (numeric names as numbers, reserved ones prefixed `parsed_`), `json` the object's own keys, `text` and
 * `auto` nothing (`auto` is `json` for a message starting with `{`).
 *
 * @example
 * ```ts
 * import { parserForLogGroup } from "./core/parsers/mod.ts";
 *
 * const parser = parserForLogGroup("/aws/rds/instance/shop-db/general");
 * const result = parser.parse("2026-11-25T11:41:00.123456Z\t   42 Init DB\tshop");
 * // { ok: true, timestamp: "2026-11-25T11:41:00.123456Z",
 * //   fields: { thread_id: 42, command: "Init DB", argument: "shop", db: "shop" } }
 * ```
 * @module
 */

export type {
  Fields,
  FieldType,
  JsonValue,
  LogParser,
  NamedParserPlugin,
  ParseResult,
  ParserPlugin,
  ParserSample,
  SampledParserPlugin,
  StartsEntry,
} from './parser.ts';
export { defineParser } from './parser.ts';
export { auto, parseAuto } from './auto.ts';
export { json, parseJson } from './json.ts';
export { mariadbAudit, parseMariadbAudit } from './mariadb-audit.ts';
export { mysqlError, parseMysqlError } from './mysql-error.ts';
export { mysqlGeneral, parseMysqlGeneral } from './mysql-general.ts';
export { parseMysqlHeader } from './mysql-header.ts';
export { mysqlSlow, parseMysqlSlow } from './mysql-slow.ts';
export { parsePostgresql, postgresql } from './postgresql.ts';
export { createRegexParser } from './regex.ts';
export {
  type BuiltinParserName,
  builtinParsers,
  isBuiltinParserName,
  matchesGlob,
  parseParserOverrides,
  parserForLogGroup,
  type ParserOverride,
} from './registry.ts';
export { RESERVED_FIELD_NAMES, RESERVED_PREFIX, safeFieldName } from './field-names.ts';
export { type BuiltinParser, builtinParserList, fieldTypeConflicts, NUMERIC_FIELD_NAMES, parserFieldTypes, STRING_FIELD_NAMES } from './list.ts';
export { normalizeTimestamp } from './timestamps.ts';
export { parseText, text } from './text.ts';
