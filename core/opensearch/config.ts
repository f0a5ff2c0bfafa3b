/**
 * Configuration of the OpenSearch sink, read once at start-up from environment-style variables; a bad
 * value throws `CONFIG_INVALID` naming the variable. {@link openSearchSettings} declares every variable
 * as a setting (default, meaning, fronts, rule), from which the README's table is generated.
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
import { type Env, Front, readChoice, readInteger, readString, type Setting } from '../config/env.ts';
import { type BulkAction, bulkActions, DEFAULT_BULK_MAX_BYTES, MIN_BULK_MAX_BYTES } from './bulk.ts';
import { BASE_INDEX_NAME_MAX_BYTES, indexNameProblem, type IndexRotation, indexRotations } from './index-name.ts';

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

/** The fronts that write to OpenSearch: the endpoint (any runtime), its Lambda, and the subscription and Kinesis Lambdas. */
const WRITERS = [Front.ENDPOINT, Front.HTTP, Front.SUBSCRIPTION] as const;

const required = (env: Env, name: string, why: string): string => {
  const value = readString(env, name, '');
  if (value === '') throw new FirewatchError('CONFIG_INVALID', `${name} must be set ${why}`);
  return value;
};

/**
 * Reads an index name setting with the one rule for index names (core/opensearch/index-name.ts), as a
 * base name: short enough for the rotation suffix. Throws `CONFIG_INVALID` naming the variable.
 *
 * @example
 * ```ts
 * readIndexName({ FIREWATCH_INDEX: "rds" }, "FIREWATCH_INDEX", "cloudwatch-logs"); // "rds"
 * ```
 */
export function readIndexName(env: Env, name: string, fallback: string): string {
  const value = readString(env, name, fallback);
  const problem = indexNameProblem(value, BASE_INDEX_NAME_MAX_BYTES);
  if (problem !== undefined) throw new FirewatchError('CONFIG_INVALID', `${name}=${JSON.stringify(value)} is not a valid OpenSearch index name: it ${problem}`);
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
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FirewatchError('CONFIG_INVALID', `OPENSEARCH_URL must be http or https, not ${url.protocol}`);
  }
  // fetch refuses URLs with credentials; say where they belong instead of failing at the first write.
  if (url.username !== '' || url.password !== '') {
    throw new FirewatchError(
      'CONFIG_INVALID',
      'OPENSEARCH_URL must not hold credentials: use FIREWATCH_OPENSEARCH_AUTH=basic with OPENSEARCH_USERNAME and OPENSEARCH_PASSWORD',
    );
  }
  if (url.search !== '' || url.hash !== '') throw new FirewatchError('CONFIG_INVALID', 'OPENSEARCH_URL must not have a query or fragment');
  return url.href.replace(/\/+$/, '');
}

const BASIC = 'when FIREWATCH_OPENSEARCH_AUTH=basic';
const SIGV4 = 'when FIREWATCH_OPENSEARCH_AUTH=sigv4';

/**
 * Every variable {@link readOpenSearchConfig} reads, declared once: default, meaning, fronts and rule.
 * Settings read only for one kind of auth are read by {@link readOpenSearchConfig} only for that kind.
 *
 * @example
 * ```ts
 * openSearchSettings.index.read({ FIREWATCH_INDEX: "rds" }); // "rds"
 * ```
 */
export const openSearchSettings = {
  url: {
    name: 'OPENSEARCH_URL',
    default: '(required)',
    meaning: 'Cluster URL, http(s), no credentials in it, e.g. https://search-logs-abc.eu-west-1.es.amazonaws.com',
    fronts: WRITERS,
    read: readUrl,
  },
  index: {
    name: 'FIREWATCH_INDEX',
    default: OPENSEARCH_DEFAULTS.index,
    meaning: `Base index name (lowercase OpenSearch index name, at most ${BASE_INDEX_NAME_MAX_BYTES} bytes); rotation appends the date`,
    fronts: WRITERS,
    read: (env): string => readIndexName(env, 'FIREWATCH_INDEX', OPENSEARCH_DEFAULTS.index),
  },
  rotation: {
    name: 'FIREWATCH_INDEX_ROTATION',
    default: OPENSEARCH_DEFAULTS.rotation,
    meaning: `${indexRotations.join(', ')}, as Firehose names them, from the event time (UTC)`,
    fronts: WRITERS,
    read: (env) => readChoice(env, 'FIREWATCH_INDEX_ROTATION', indexRotations, OPENSEARCH_DEFAULTS.rotation),
  },
  action: {
    name: 'FIREWATCH_BULK_ACTION',
    default: OPENSEARCH_DEFAULTS.action,
    meaning: 'create (a redelivered document conflicts harmlessly and never overwrites) or index (overwrites)',
    fronts: WRITERS,
    read: (env) => readChoice(env, 'FIREWATCH_BULK_ACTION', bulkActions, OPENSEARCH_DEFAULTS.action),
  },
  maxBulkBytes: {
    name: 'FIREWATCH_BULK_MAX_BYTES',
    default: String(OPENSEARCH_DEFAULTS.maxBulkBytes),
    meaning: 'Largest _bulk body in bytes (5 MiB: half the smallest Amazon OpenSearch Service limit of 10 MiB)',
    fronts: WRITERS,
    read: (env) => readInteger(env, 'FIREWATCH_BULK_MAX_BYTES', OPENSEARCH_DEFAULTS.maxBulkBytes, MIN_BULK_MAX_BYTES, 100 * 1024 * 1024),
  },
  deadLetterIndex: {
    name: 'FIREWATCH_DEAD_LETTER_INDEX',
    default: 'deadletter-<FIREWATCH_INDEX>',
    meaning: 'Index for documents OpenSearch refuses for good (mapping conflicts), kept with the error',
    fronts: WRITERS,
    read: (env): string => readIndexName(env, 'FIREWATCH_DEAD_LETTER_INDEX', `deadletter-${openSearchSettings.index.read(env)}`),
  },
  auth: {
    name: 'FIREWATCH_OPENSEARCH_AUTH',
    default: 'none',
    meaning: 'none, basic (self-managed clusters) or sigv4 (Amazon OpenSearch Service and Serverless)',
    fronts: WRITERS,
    read: (env) => readChoice(env, 'FIREWATCH_OPENSEARCH_AUTH', ['none', 'basic', 'sigv4'] as const, 'none'),
  },
  username: {
    name: 'OPENSEARCH_USERNAME',
    default: '(required for basic)',
    meaning: 'Basic auth user',
    fronts: WRITERS,
    read: (env) => {
      const username = required(env, 'OPENSEARCH_USERNAME', BASIC);
      if (username.includes(':')) {
        throw new FirewatchError('CONFIG_INVALID', 'OPENSEARCH_USERNAME must not contain ":" (basic auth separates user and password with it)');
      }
      return username;
    },
  },
  password: {
    name: 'OPENSEARCH_PASSWORD',
    default: '(required for basic)',
    meaning: 'Basic auth password',
    fronts: WRITERS,
    read: (env) => {
      // The password is not trimmed: spaces may be part of it.
      const password = env['OPENSEARCH_PASSWORD'];
      if (password === undefined || password === '') throw new FirewatchError('CONFIG_INVALID', `OPENSEARCH_PASSWORD must be set ${BASIC}`);
      return password;
    },
  },
  service: {
    name: 'FIREWATCH_OPENSEARCH_SERVICE',
    default: 'es',
    meaning: 'SigV4 service: es (managed domains) or aoss (Serverless collections)',
    fronts: WRITERS,
    read: (env) => readChoice(env, 'FIREWATCH_OPENSEARCH_SERVICE', ['es', 'aoss'] as const, 'es'),
  },
  region: {
    name: 'AWS_REGION',
    default: '(required for sigv4)',
    meaning: 'Region of the domain or collection',
    fronts: WRITERS,
    read: (env) => required(env, 'AWS_REGION', SIGV4),
  },
  accessKeyId: {
    name: 'AWS_ACCESS_KEY_ID',
    default: '(required for sigv4)',
    meaning: 'SigV4 credentials (Lambda sets these three)',
    fronts: WRITERS,
    read: (env) => required(env, 'AWS_ACCESS_KEY_ID', SIGV4),
  },
  secretAccessKey: {
    name: 'AWS_SECRET_ACCESS_KEY',
    default: '(required for sigv4)',
    meaning: 'SigV4 credentials',
    fronts: WRITERS,
    read: (env) => required(env, 'AWS_SECRET_ACCESS_KEY', SIGV4),
  },
  sessionToken: {
    name: 'AWS_SESSION_TOKEN',
    default: '(none)',
    meaning: 'SigV4 session token for temporary credentials',
    fronts: WRITERS,
    read: (env) => readString(env, 'AWS_SESSION_TOKEN', ''),
  },
  retryBaseMs: {
    name: 'FIREWATCH_SINK_RETRY_BASE_MS',
    default: String(OPENSEARCH_DEFAULTS.retryBaseMs),
    meaning: 'First retry waits up to this long (full jitter), doubling per attempt',
    fronts: WRITERS,
    read: (env): number => readInteger(env, 'FIREWATCH_SINK_RETRY_BASE_MS', OPENSEARCH_DEFAULTS.retryBaseMs, 1, 60_000),
  },
  retryMaxMs: {
    name: 'FIREWATCH_SINK_RETRY_MAX_MS',
    default: String(OPENSEARCH_DEFAULTS.retryMaxMs),
    meaning: 'Longest wait between retries',
    fronts: WRITERS,
    read: (env): number => {
      const base = openSearchSettings.retryBaseMs.read(env);
      return readInteger(env, 'FIREWATCH_SINK_RETRY_MAX_MS', Math.max(OPENSEARCH_DEFAULTS.retryMaxMs, base), base, 120_000);
    },
  },
  requestTimeoutMs: {
    name: 'FIREWATCH_OPENSEARCH_TIMEOUT_MS',
    default: String(OPENSEARCH_DEFAULTS.requestTimeoutMs),
    meaning: 'Longest wait for one _bulk request before it is retried (the write deadline still applies)',
    fronts: WRITERS,
    read: (env) => readInteger(env, 'FIREWATCH_OPENSEARCH_TIMEOUT_MS', OPENSEARCH_DEFAULTS.requestTimeoutMs, 100, 600_000),
  },
} as const satisfies Record<string, Setting>;

function readAuth(env: Env): OpenSearchAuth {
  const s = openSearchSettings;
  const type = s.auth.read(env);
  if (type === 'none') return { type };
  if (type === 'basic') return { type, username: s.username.read(env), password: s.password.read(env) };
  const sessionToken = s.sessionToken.read(env);
  return {
    type,
    service: s.service.read(env),
    region: s.region.read(env),
    accessKeyId: s.accessKeyId.read(env),
    secretAccessKey: s.secretAccessKey.read(env),
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
  const s = openSearchSettings;
  return {
    url: s.url.read(env),
    index: s.index.read(env),
    rotation: s.rotation.read(env),
    action: s.action.read(env),
    maxBulkBytes: s.maxBulkBytes.read(env),
    deadLetterIndex: s.deadLetterIndex.read(env),
    auth: readAuth(env),
    retryBaseMs: s.retryBaseMs.read(env),
    retryMaxMs: s.retryMaxMs.read(env),
    requestTimeoutMs: s.requestTimeoutMs.read(env),
  };
}
