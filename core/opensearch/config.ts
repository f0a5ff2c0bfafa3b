/**
 * Configuration of the OpenSearch sink, read once at start-up from environment-style variables; a bad
 * value throws `CONFIG_INVALID` naming the variable. {@link openSearchVariables} lists every variable
 * with its default and meaning, for the README's table.
 *
 * @example
 * ```ts
 * const config = readOpenSearchConfig({ OPENSEARCH_URL: "https://search.example.com", FIREWATCH_OPENSEARCH_AUTH: "basic",
 *   OPENSEARCH_USERNAME: "firewatch", OPENSEARCH_PASSWORD: "secret" });
 * const sink = createOpenSearchSink(config);
 * ```
 * @module
 */
import { FirewatchError } from '../errors.ts';
import { type Env, readChoice, readInteger, readString } from '../config/env.ts';
import { type BulkAction, bulkActions, DEFAULT_BULK_MAX_BYTES, MIN_BULK_MAX_BYTES } from './bulk.ts';
import { type IndexRotation, indexRotations } from './index-name.ts';

/** How requests to OpenSearch are authenticated. */
export type OpenSearchAuth =
  | { readonly type: 'none' }
  | { readonly type: 'basic'; readonly username: string; readonly password: string }
  | {
      readonly type: 'sigv4';
      /** `es` for Amazon OpenSearch Service domains, `aoss` for OpenSearch Serverless collections. */
      readonly service: 'es' | 'aoss';
      readonly region: string;
      readonly accessKeyId: string;
      readonly secretAccessKey: string;
      readonly sessionToken?: string;
    };

/** Everything the OpenSearch sink needs. */
export interface OpenSearchConfig {
  /** Cluster URL without a trailing slash, e.g. `https://search-logs.eu-west-1.es.amazonaws.com`. */
  readonly url: string;
  /** Base index name; the endpoint rotates it per event ({@link IndexRotation}). */
  readonly index: string;
  readonly rotation: IndexRotation;
  readonly action: BulkAction;
  /** Largest `_bulk` body in UTF-8 bytes. */
  readonly maxBulkBytes: number;
  /** Where permanently refused documents are kept, with their error. */
  readonly deadLetterIndex: string;
  readonly auth: OpenSearchAuth;
  /** First retry waits up to this (full jitter), doubling per attempt up to `retryMaxMs`. */
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  /** Longest wait for one `_bulk` request before it counts as failed and is retried. */
  readonly requestTimeoutMs: number;
}

/** One configuration variable, for documentation. */
export interface OpenSearchVariable {
  readonly name: string;
  readonly default: string;
  readonly meaning: string;
}

/** Defaults, shared by the reader and the documentation table. */
export const OPENSEARCH_DEFAULTS = {
  index: 'cloudwatch-logs',
  rotation: 'OneDay',
  action: 'create',
  maxBulkBytes: DEFAULT_BULK_MAX_BYTES,
  retryBaseMs: 200,
  retryMaxMs: 10_000,
  requestTimeoutMs: 30_000,
} as const satisfies Partial<Record<keyof OpenSearchConfig, unknown>>;

/**
 * Every variable {@link readOpenSearchConfig} reads, with its default and meaning.
 *
 * @example
 * ```ts
 * for (const v of openSearchVariables) console.log(`| ${v.name} | ${v.default} | ${v.meaning} |`);
 * ```
 */
export const openSearchVariables: readonly OpenSearchVariable[] = [
  { name: 'OPENSEARCH_URL', default: '(required)', meaning: 'Cluster URL, http(s), no credentials in it, e.g. https://search-logs-abc.eu-west-1.es.amazonaws.com' },
  { name: 'FIREWATCH_INDEX', default: OPENSEARCH_DEFAULTS.index, meaning: 'Base index name; rotation appends the date' },
  { name: 'FIREWATCH_INDEX_ROTATION', default: OPENSEARCH_DEFAULTS.rotation, meaning: 'NoRotation, OneHour, OneDay, OneWeek or OneMonth, as Firehose names them, from the event time (UTC)' },
  { name: 'FIREWATCH_BULK_ACTION', default: OPENSEARCH_DEFAULTS.action, meaning: 'create (a redelivered document conflicts harmlessly and never overwrites) or index (overwrites)' },
  { name: 'FIREWATCH_BULK_MAX_BYTES', default: String(OPENSEARCH_DEFAULTS.maxBulkBytes), meaning: 'Largest _bulk body in bytes (5 MiB: half the smallest Amazon OpenSearch Service limit of 10 MiB)' },
  { name: 'FIREWATCH_DEAD_LETTER_INDEX', default: `deadletter-<FIREWATCH_INDEX>`, meaning: 'Index for documents OpenSearch refuses for good (mapping conflicts), kept with the error' },
  { name: 'FIREWATCH_OPENSEARCH_AUTH', default: 'none', meaning: 'none, basic (self-managed clusters) or sigv4 (Amazon OpenSearch Service and Serverless)' },
  { name: 'OPENSEARCH_USERNAME', default: '(required for basic)', meaning: 'Basic auth user' },
  { name: 'OPENSEARCH_PASSWORD', default: '(required for basic)', meaning: 'Basic auth password' },
  { name: 'FIREWATCH_OPENSEARCH_SERVICE', default: 'es', meaning: 'SigV4 service: es (managed domains) or aoss (Serverless collections)' },
  { name: 'AWS_REGION', default: '(required for sigv4)', meaning: 'Region of the domain or collection' },
  { name: 'AWS_ACCESS_KEY_ID', default: '(required for sigv4)', meaning: 'SigV4 credentials (Lambda sets these three)' },
  { name: 'AWS_SECRET_ACCESS_KEY', default: '(required for sigv4)', meaning: 'SigV4 credentials' },
  { name: 'AWS_SESSION_TOKEN', default: '(none)', meaning: 'SigV4 session token for temporary credentials' },
  { name: 'FIREWATCH_SINK_RETRY_BASE_MS', default: String(OPENSEARCH_DEFAULTS.retryBaseMs), meaning: 'First retry waits up to this long (full jitter), doubling per attempt' },
  { name: 'FIREWATCH_SINK_RETRY_MAX_MS', default: String(OPENSEARCH_DEFAULTS.retryMaxMs), meaning: 'Longest wait between retries' },
  { name: 'FIREWATCH_OPENSEARCH_TIMEOUT_MS', default: String(OPENSEARCH_DEFAULTS.requestTimeoutMs), meaning: 'Longest wait for one _bulk request before it is retried (the write deadline still applies)' },
];

const required = (env: Env, name: string, why: string): string => {
  const value = readString(env, name, '');
  if (value === '') throw new FirewatchError('CONFIG_INVALID', `${name} must be set ${why}`);
  return value;
};

/** Index names OpenSearch accepts: lowercase, no `\ / * ? " < > | , #` or spaces, not starting with `_ - +`, ≤ 255 bytes. */
function readIndex(env: Env, name: string, fallback: string): string {
  const value = readString(env, name, fallback);
  if (!/^[a-z0-9][^A-Z\\/*?"<>|,# :]*$/.test(value) || value.length > 200 || value === '.' || value === '..') {
    throw new FirewatchError('CONFIG_INVALID', `${name}=${JSON.stringify(value)} must be a lowercase OpenSearch index name (no spaces or \\/*?"<>|,#:, not starting with _, - or +)`);
  }
  return value;
}

function readUrl(env: Env): string {
  const raw = required(env, 'OPENSEARCH_URL', 'for the OpenSearch sink');
  let url: URL;
  try {
    url = new URL(raw);
  } catch (cause) {
    throw new FirewatchError('CONFIG_INVALID', `OPENSEARCH_URL=${JSON.stringify(raw)} is not a URL`, { cause });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new FirewatchError('CONFIG_INVALID', `OPENSEARCH_URL must be http or https, not ${url.protocol}`);
  // fetch refuses URLs with credentials; say where they belong instead of failing at the first write.
  if (url.username !== '' || url.password !== '') throw new FirewatchError('CONFIG_INVALID', 'OPENSEARCH_URL must not hold credentials: use FIREWATCH_OPENSEARCH_AUTH=basic with OPENSEARCH_USERNAME and OPENSEARCH_PASSWORD');
  if (url.search !== '' || url.hash !== '') throw new FirewatchError('CONFIG_INVALID', 'OPENSEARCH_URL must not have a query or fragment');
  return url.href.replace(/\/+$/, '');
}

function readAuth(env: Env): OpenSearchAuth {
  const type = readChoice(env, 'FIREWATCH_OPENSEARCH_AUTH', ['none', 'basic', 'sigv4'], 'none');
  if (type === 'none') return { type };
  if (type === 'basic') {
    const username = required(env, 'OPENSEARCH_USERNAME', 'when FIREWATCH_OPENSEARCH_AUTH=basic');
    if (username.includes(':')) throw new FirewatchError('CONFIG_INVALID', 'OPENSEARCH_USERNAME must not contain ":" (basic auth separates user and password with it)');
    // The password is not trimmed: spaces may be part of it.
    const password = env['OPENSEARCH_PASSWORD'];
    if (password === undefined || password === '') throw new FirewatchError('CONFIG_INVALID', 'OPENSEARCH_PASSWORD must be set when FIREWATCH_OPENSEARCH_AUTH=basic');
    return { type, username, password };
  }
  const why = 'when FIREWATCH_OPENSEARCH_AUTH=sigv4';
  const sessionToken = readString(env, 'AWS_SESSION_TOKEN', '');
  return {
    type,
    service: readChoice(env, 'FIREWATCH_OPENSEARCH_SERVICE', ['es', 'aoss'], 'es'),
    region: required(env, 'AWS_REGION', why),
    accessKeyId: required(env, 'AWS_ACCESS_KEY_ID', why),
    secretAccessKey: required(env, 'AWS_SECRET_ACCESS_KEY', why),
    ...(sessionToken === '' ? {} : { sessionToken }),
  };
}

/**
 * Reads the OpenSearch sink's configuration; throws `CONFIG_INVALID` naming the variable at fault.
 *
 * @example
 * ```ts
 * readOpenSearchConfig({ OPENSEARCH_URL: "http://localhost:9200/" }).url; // "http://localhost:9200"
 * ```
 */
export function readOpenSearchConfig(env: Env): OpenSearchConfig {
  const url = readUrl(env);
  const index = readIndex(env, 'FIREWATCH_INDEX', OPENSEARCH_DEFAULTS.index);
  const retryBaseMs = readInteger(env, 'FIREWATCH_SINK_RETRY_BASE_MS', OPENSEARCH_DEFAULTS.retryBaseMs, 1, 60_000);
  const retryMaxMs = readInteger(env, 'FIREWATCH_SINK_RETRY_MAX_MS', Math.max(OPENSEARCH_DEFAULTS.retryMaxMs, retryBaseMs), retryBaseMs, 120_000);
  return {
    url,
    index,
    rotation: readChoice(env, 'FIREWATCH_INDEX_ROTATION', indexRotations, OPENSEARCH_DEFAULTS.rotation),
    action: readChoice(env, 'FIREWATCH_BULK_ACTION', bulkActions, OPENSEARCH_DEFAULTS.action),
    maxBulkBytes: readInteger(env, 'FIREWATCH_BULK_MAX_BYTES', OPENSEARCH_DEFAULTS.maxBulkBytes, MIN_BULK_MAX_BYTES, 100 * 1024 * 1024),
    deadLetterIndex: readIndex(env, 'FIREWATCH_DEAD_LETTER_INDEX', `deadletter-${index}`),
    auth: readAuth(env),
    retryBaseMs,
    retryMaxMs,
    requestTimeoutMs: readInteger(env, 'FIREWATCH_OPENSEARCH_TIMEOUT_MS', OPENSEARCH_DEFAULTS.requestTimeoutMs, 100, 600_000),
  };
}
