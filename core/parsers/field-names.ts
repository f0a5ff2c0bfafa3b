/**
 * Field-name rules every parser shares: the names the document owns and OpenSearch reserves. (The names
 * whose type is fixed across parsers derive from the parsers' declarations: core/parsers/list.ts.)
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
