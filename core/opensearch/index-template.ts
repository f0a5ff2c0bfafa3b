/**
 * What OpenSearch needs before the first document arrives: a composable index template whose mappings
 * fit every document firewatch writes (core/document.ts, the HTTP endpoint's `firehose` and
 * `decode_failure` members, the built-in parsers' fields), a permissive template for the dead-letter
 * index, and an ISM policy that deletes rotated indices after a retention period. Pure: these build
 * request bodies; core/opensearch/setup.ts sends them.
 *
 * Why explicit mappings: without them the first document of each daily index decides every field's type
 * (a `thread_id` seen first as `"42"` would make the whole day's numbers fail), `@timestamp` would lose
 * the microseconds MySQL writes, and every string would be indexed twice. The choices:
 * - `@timestamp` is `date_nanos` (format `strict_date_optional_time_nanos`): `date` keeps milliseconds
 *   only, and the general log orders many statements within one millisecond. `date_nanos` holds
 *   1970–2262; a parsed time outside that range makes the document go to the dead-letter index.
 * - every field a built-in parser declares (its `fields`, gathered by core/parsers/list.ts) is mapped by
 *   its declared type: numbers `long` or `double` whatever the first value is; strings `keyword`
 *   (identifiers) or `text` with a `keyword` sub-field
 *   (statements and messages, `ignore_above` 8191 characters so no value can exceed Lucene's 32,766-byte
 *   term limit).
 * - fields nobody declared (the `json` and `regex` parsers' own keys, the slow log's extra counters):
 *   strings become `text` + `keyword` (ignore_above 1024), every number `double` (so an integer seen first
 *   cannot make later decimals fail or be truncated), `date_detection` off (a string that looks like a
 *   date once must not make the field a date for the rest of the day).
 *
 * @example
 * ```ts
 * const template = indexTemplate({ index: "cloudwatch-logs" });
 * // PUT _index_template/firewatch-cloudwatch-logs  with  template (index_patterns: cloudwatch-logs, cloudwatch-logs-*)
 * const policy = retentionPolicy({ index: "cloudwatch-logs", retentionDays: 30 });
 * // PUT _plugins/_ism/policies/firewatch-cloudwatch-logs-retention  with  policy
 * ```
 * @module
 */
import { LUCENE_TERM_MAX_BYTES } from '../limits.ts';
import { parserFieldTypes } from '../parsers/list.ts';
import type { FieldType, JsonValue } from '../parsers/parser.ts';

/** A JSON object, as mappings and request bodies are. */
export type JsonObject = { [key: string]: JsonValue };

/** Default priority of firewatch's index templates and ISM template (the dead-letter template gets one more). */
export const DEFAULT_TEMPLATE_PRIORITY = 100;
/** Default days an index is kept after its creation. */
export const DEFAULT_RETENTION_DAYS = 30;
/** Longest retention accepted: 100 years, far beyond any real need, short of nonsense. */
export const MAX_RETENTION_DAYS = 36_500;

/**
 * Keyword sub-fields of long text hold at most this many characters: 8191 × 4 UTF-8 bytes stays under
 * Lucene's 32,766-byte term limit, which would otherwise refuse the whole document.
 */
export const LONG_KEYWORD_IGNORE_ABOVE = Math.floor(LUCENE_TERM_MAX_BYTES / 4);
/** Identifier-like keywords (users, hosts, ids) and dynamic strings: longer values are kept in `_source` but not indexed as terms. */
export const KEYWORD_IGNORE_ABOVE = 1024;

/** Options of the template and policy builders. */
export interface IndexTemplateOptions {
  /** Base index name (`FIREWATCH_INDEX`); rotation appends `-YYYY-MM-DD` and the like. */
  readonly index: string;
  /** Dead-letter index (`FIREWATCH_DEAD_LETTER_INDEX`), default `deadletter-<index>`. */
  readonly deadLetterIndex?: string;
  /**
   * Template priority (default {@link DEFAULT_TEMPLATE_PRIORITY}). OpenSearch refuses two templates whose
   * patterns overlap at the same priority (`logs-*` and `logs-audit-*`): give the second firewatch index
   * another one.
   */
  readonly priority?: number;
}

/** Options of {@link retentionPolicy}. */
export interface RetentionPolicyOptions {
  readonly index: string;
  /** Days after an index's creation before ISM deletes it (default {@link DEFAULT_RETENTION_DAYS}). */
  readonly retentionDays?: number;
  /** ISM template priority (default {@link DEFAULT_TEMPLATE_PRIORITY}); overlapping ISM templates must differ too. */
  readonly priority?: number;
}

const keyword = (ignoreAbove = KEYWORD_IGNORE_ABOVE): JsonObject => ({ type: 'keyword', ignore_above: ignoreAbove });
const longText = (): JsonObject => ({ type: 'text', fields: { keyword: keyword(LONG_KEYWORD_IGNORE_ABOVE) } });
const long = (): JsonObject => ({ type: 'long' });
const double = (): JsonObject => ({ type: 'double' });

/**
 * The mapping of each declared field type: identifiers as keywords, statements and messages searchable
 * text with a long keyword sub-field, integers `long`, decimals `double`.
 */
const FIELD_MAPPINGS: Readonly<Record<FieldType, () => JsonObject>> = {
  keyword: () => keyword(),
  text: longText,
  long,
  double,
  boolean: () => ({ type: 'boolean' }),
};

/**
 * The explicit `properties` of a firewatch document: the members core/document.ts and the HTTP endpoint
 * write, then every built-in parser field.
 *
 * @example
 * ```ts
 * documentProperties()["@timestamp"]; // { type: "date_nanos", format: "strict_date_optional_time_nanos" }
 * ```
 */
export function documentProperties(): Record<string, JsonObject> {
  const properties: Record<string, JsonObject> = {
    '@timestamp': { type: 'date_nanos', format: 'strict_date_optional_time_nanos' },
    // The raw line: searched, never aggregated (a keyword of every line would double the index).
    message: { type: 'text' },
    parser: keyword(),
    // parse_failure {type, parser, reason} (core/document.ts) and decode_failure {type, code, reason} (the endpoint).
    error: {
      properties: {
        type: keyword(),
        parser: keyword(),
        code: keyword(),
        reason: { type: 'text', fields: { keyword: keyword() } },
      },
    },
    cloudwatch: {
      properties: {
        log_group: keyword(),
        log_stream: keyword(),
        owner: keyword(),
        event_id: keyword(),
        // isoTime: milliseconds, so `date` (wider range than date_nanos) loses nothing.
        timestamp: { type: 'date', format: 'strict_date_optional_time' },
      },
    },
    // The HTTP endpoint's delivery context; common_attributes' keys are the delivery stream's own (dynamic template below).
    firehose: {
      properties: {
        request_id: keyword(),
        source_arn: keyword(),
        common_attributes: { type: 'object' },
      },
    },
    // A decode_failure document's base64 record (up to 1 MB): kept in _source, never indexed.
    raw_data: { type: 'keyword', index: false, doc_values: false },
  };
  // Every field a built-in parser declares (core/parsers/list.ts), with the mapping of its type.
  const fields = parserFieldTypes();
  for (const name of [...fields.keys()].sort()) properties[name] = FIELD_MAPPINGS[fields.get(name)!]();
  return properties;
}

/**
 * The `mappings` of a firewatch index: {@link documentProperties} plus the dynamic rules for fields
 * nobody declared (see the module comment).
 *
 * @example
 * ```ts
 * documentMappings().date_detection; // false
 * ```
 */
export function documentMappings(): JsonObject {
  return {
    date_detection: false,
    numeric_detection: false,
    dynamic_templates: [
      { firehose_common_attributes: { path_match: 'firehose.common_attributes.*', match_mapping_type: 'string', mapping: keyword() } },
      // Integers too: a field first seen as 3 and later as 2.5 must not fail or be truncated. (Decimals
      // would otherwise be `float`, seven significant digits.)
      { integers_as_double: { match_mapping_type: 'long', mapping: { type: 'double' } } },
      { decimals_as_double: { match_mapping_type: 'double', mapping: { type: 'double' } } },
      { strings_as_text_and_keyword: { match_mapping_type: 'string', mapping: { type: 'text', fields: { keyword: keyword() } } } },
    ],
    properties: documentProperties(),
  };
}

/**
 * The `mappings` of the dead-letter index, fitted to what the OpenSearch sink writes there (core/sinks/opensearch.ts):
 * `@timestamp`, `error` {type, reason, status}, `index`, `id`, `document` (the refused document as a string, so
 * its fields are never mapped again), `document_bytes`, `document_truncated`. `dynamic: false`: anything else
 * stays in `_source` unmapped, so a dead-letter write can never fail on a mapping.
 *
 * @example
 * ```ts
 * deadLetterMappings().dynamic; // false
 * ```
 */
export function deadLetterMappings(): JsonObject {
  return {
    dynamic: false,
    properties: {
      '@timestamp': { type: 'date', format: 'strict_date_optional_time' },
      error: {
        properties: {
          type: keyword(),
          reason: { type: 'text', fields: { keyword: keyword() } },
          status: { type: 'integer' },
        },
      },
      index: keyword(),
      id: keyword(),
      document: { type: 'text' },
      document_bytes: { type: 'long' },
      document_truncated: { type: 'boolean' },
    },
  };
}

/** `PUT _index_template/<name>` body (OpenSearch 1.x/2.x composable template). */
export interface IndexTemplateBody extends JsonObject {
  index_patterns: string[];
  priority: number;
  template: { settings: JsonObject; mappings: JsonObject };
  _meta: JsonObject;
}

/** `PUT _plugins/_ism/policies/<id>` body. */
export interface IsmPolicyBody extends JsonObject {
  policy: JsonObject;
}

/**
 * The index template's name for a base index.
 *
 * @example
 * ```ts
 * indexTemplateName("cloudwatch-logs"); // "firewatch-cloudwatch-logs"
 * ```
 */
export const indexTemplateName = (index: string): string => `firewatch-${index}`;

/**
 * The ISM policy id for a base index.
 *
 * @example
 * ```ts
 * retentionPolicyId("cloudwatch-logs"); // "firewatch-cloudwatch-logs-retention"
 * ```
 */
export const retentionPolicyId = (index: string): string => `firewatch-${index}-retention`;

/** The dead-letter index name the sink uses when none is configured (core/opensearch/config.ts). */
export const defaultDeadLetterIndex = (index: string): string => `deadletter-${index}`;

/**
 * The index template of a base index: patterns `<index>` (NoRotation) and `<index>-*` (every rotation),
 * which the default dead-letter index `deadletter-<index>` does not match.
 *
 * @example
 * ```ts
 * indexTemplate({ index: "rds" }).index_patterns; // ["rds", "rds-*"]
 * ```
 */
export function indexTemplate(options: IndexTemplateOptions): IndexTemplateBody {
  return withFingerprint({
    index_patterns: [options.index, `${options.index}-*`],
    priority: options.priority ?? DEFAULT_TEMPLATE_PRIORITY,
    template: { settings: {}, mappings: documentMappings() },
    _meta: { managed_by: 'firewatch', description: `firewatch documents (CloudWatch Logs events) in ${options.index} and its rotated indices` },
  });
}

/**
 * The dead-letter index's template. Its priority is one above the main template's, so it wins even when
 * the dead-letter name falls under the main pattern (`FIREWATCH_DEAD_LETTER_INDEX=rds-refused`).
 *
 * @example
 * ```ts
 * deadLetterTemplate({ index: "rds" }).index_patterns; // ["deadletter-rds", "deadletter-rds-*"]
 * ```
 */
export function deadLetterTemplate(options: IndexTemplateOptions): IndexTemplateBody {
  const index = options.deadLetterIndex ?? defaultDeadLetterIndex(options.index);
  return withFingerprint({
    index_patterns: [index, `${index}-*`],
    priority: (options.priority ?? DEFAULT_TEMPLATE_PRIORITY) + 1,
    template: { settings: {}, mappings: deadLetterMappings() },
    _meta: { managed_by: 'firewatch', description: `documents OpenSearch refused for ${options.index}, kept with their error` },
  });
}

/**
 * The ISM retention policy: state `hot`, then `delete` once the index is `retentionDays` old (from its
 * creation, which rotation makes the start of its period). Its `ism_template` attaches it to every new
 * index matching `<index>-*`; the un-rotated `<index>` is deliberately left out, since deleting it would
 * delete everything. Existing indices keep the policy (version) they started with: ISM applies templates
 * at index creation only.
 *
 * @example
 * ```ts
 * retentionPolicy({ index: "rds", retentionDays: 7 }).policy.states;
 * // [{ name: "hot", actions: [], transitions: [{ state_name: "delete", conditions: { min_index_age: "7d" } }] },
 * //  { name: "delete", actions: [{ delete: {} }], transitions: [] }]
 * ```
 */
export function retentionPolicy(options: RetentionPolicyOptions): IsmPolicyBody {
  const days = options.retentionDays ?? DEFAULT_RETENTION_DAYS;
  if (!Number.isSafeInteger(days) || days < 1 || days > MAX_RETENTION_DAYS) {
    throw new RangeError(`firewatch: retention must be a whole number of days from 1 to ${MAX_RETENTION_DAYS}, got ${days}`);
  }
  return {
    policy: {
      description: `firewatch: deletes ${options.index}-* indices ${days} day${days === 1 ? '' : 's'} after their creation`,
      default_state: 'hot',
      states: [
        { name: 'hot', actions: [], transitions: [{ state_name: 'delete', conditions: { min_index_age: `${days}d` } }] },
        { name: 'delete', actions: [{ delete: {} }], transitions: [] },
      ],
      // An array, as ISM stores and returns it (an object is accepted too).
      ism_template: [{ index_patterns: [`${options.index}-*`], priority: options.priority ?? DEFAULT_TEMPLATE_PRIORITY }],
    },
  };
}

/**
 * Adds `_meta.fingerprint`, a hash of the rest of the body: OpenSearch returns a stored template with
 * defaults and normalized settings added, so setup compares what it sent field by field, and this
 * fingerprint also catches a field firewatch has since removed.
 */
function withFingerprint(body: IndexTemplateBody): IndexTemplateBody {
  body._meta['fingerprint'] = fnv1a(canonicalJson(body));
  return body;
}

/**
 * JSON with object keys sorted, so equal values always give equal text.
 *
 * @example
 * ```ts
 * canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] }); // '{"a":[{"c":3,"d":2}],"b":1}'
 * ```
 */
export function canonicalJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${
      Object.keys(value)
        .sort()
        .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key]!)}`)
        .join(',')
    }}`;
  }
  return JSON.stringify(value);
}

/** 32-bit FNV-1a of the UTF-16 units, as 8 hex digits: a change detector, not a security measure. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
