/**
 * Field-name rules every parser shares: the names the document owns, and the names whose type is fixed
 * across parsers so one OpenSearch mapping fits all of them.
 *
 * @example
 * ```ts
 * safeFieldName("message"); // "parsed_message"
 * safeFieldName("level");   // "level"
 * ```
 * @module
 */

/**
 * Names the document builder owns, and OpenSearch's metadata fields, which a document's source may not
 * hold (`_id` in a JSON log would fail the whole document). A parser that finds one of these in user data
 * (a JSON message's own `message` or `_id` key, a regex group named `error`) writes it as `parsed_<name>`.
 */
export const RESERVED_FIELD_NAMES: ReadonlySet<string> = new Set([
  '@timestamp',
  'message',
  'cloudwatch',
  'parser',
  'error',
  'firehose',
  '_id',
  '_index',
  '_source',
  '_routing',
  '_type',
  '_version',
  '_seq_no',
  '_primary_term',
  '_field_names',
  '_ignored',
  '_meta',
]);

/** The prefix given to a reserved name found in user data. */
export const RESERVED_PREFIX = 'parsed_';

/**
 * The name to store a user-supplied key under: reserved names get {@link RESERVED_PREFIX}, and so does
 * `__proto__`, which a plain object would swallow as a prototype assignment.
 *
 * @example
 * ```ts
 * safeFieldName("@timestamp"); // "parsed_@timestamp"
 * ```
 */
export function safeFieldName(name: string): string {
  return RESERVED_FIELD_NAMES.has(name) || name === '__proto__' ? RESERVED_PREFIX + name : name;
}

/**
 * Field names that are numbers in every built-in parser. User-defined patterns convert groups with these
 * names to numbers too, so a `thread_id` never arrives as a string and breaks the index mapping.
 */
export const NUMERIC_FIELD_NAMES: ReadonlySet<string> = new Set([
  'thread_id',
  'pid',
  'port',
  'client_port',
  'connection_id',
  'query_id',
  'retcode',
  'query_time',
  'lock_time',
  'rows_sent',
  'rows_examined',
  'duration_ms',
]);

/**
 * Field names that are strings in every built-in parser. A parser that reads open-ended keys (the slow
 * log's `# Key: value` lines) keeps these as strings even when a value looks numeric.
 */
export const STRING_FIELD_NAMES: ReadonlySet<string> = new Set([
  'user',
  'priv_user',
  'host',
  'ip',
  'db',
  'command',
  'argument',
  'statement',
  'text',
  'level',
  'severity',
  'operation',
  'object',
  'server_host',
  'client_host',
  'auth_method',
  'error_code',
  'subsystem',
  'start',
  'end',
]);
