/**
 * Log-line parsers: one plug-in per format behind the {@link LogParser} interface, chosen per log group
 * by {@link parserForLogGroup}. A built-in parser is one file plus one line in core/parsers/list.ts: it
 * declares its RDS log types, its fields with their OpenSearch types and its sample generator, and the
 * registry, the field lists, the index template and the samples derive from that list. Every parser is pure, never throws, and answers `{ ok: false, reason }`
 * for a line it does not recognise (the document is still indexed, with the raw message).
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
 * | parser | fields |
 * | --- | --- |
 * | `mysql-general` | `thread_id`, `command`, `argument`; Connect / Change user: `user`, `host`, `db`, `auth_method`, `authenticated_as`, `access_denied`; Init DB: `db` |
 * | `mysql-slow` | `query_time`, `lock_time`, `rows_sent`, `rows_examined`, `thread_id`, `user`, `priv_user`, `host`, `ip`, `db`, `statement`, plus other `# Key: value` pairs in snake_case |
 * | `mysql-error` | `thread_id`, `level`, `error_code`, `subsystem`, `text` |
 * | `mariadb-audit` | `server_host`, `user`, `host`, `connection_id`, `query_id`, `operation`, `db`, `object`, `retcode` |
 * | `postgresql` | `client_host`, `client_port`, `user`, `db`, `pid`, `severity`, `text`, `statement`, `duration_ms` |
 * | `json` | the object's own keys (reserved ones prefixed `parsed_`) |
 * | `regex` | the named groups (numeric names as numbers, reserved ones prefixed `parsed_`) |
 * | `text`, `auto` | none (`auto` is `json` for a message starting with `{`) |
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

export type { Fields, FieldType, JsonValue, LogParser, ParseResult, ParserPlugin, ParserSample } from './parser.ts';
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
  type ParserOverride,
  parseParserOverrides,
  parserForLogGroup,
} from './registry.ts';
export { RESERVED_FIELD_NAMES, RESERVED_PREFIX, safeFieldName } from './field-names.ts';
export { type BuiltinParser, builtinParserList, fieldTypeConflicts, NUMERIC_FIELD_NAMES, parserFieldTypes, STRING_FIELD_NAMES } from './list.ts';
export { normalizeTimestamp } from './timestamps.ts';
export { parseText, text } from './text.ts';
