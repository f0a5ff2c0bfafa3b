/**
 * The HTTP endpoint's configuration, read once at start-up from environment-style variables. Every bad
 * value is a `CONFIG_INVALID` error naming the variable; {@link endpointSettings} declares the endpoint's
 * own variables (the document settings are core/config/document-settings.ts's, the index ones
 * core/opensearch/config.ts's), and the README's tables are generated from core/settings.ts, which lists
 * them all (`npm run docs:tables`).
 *
 * @example
 * ```ts
 * const config = readEndpointConfig({ FIREWATCH_ACCESS_KEYS: "key-2026-11,key-2026-10", FIREWATCH_INDEX: "rds" });
 * config.accessKeys.length; // 2: both accepted while Firehose is switched to the new one
 * ```
 * @module
 */
import { documentSettings } from '../config/document-settings.ts';
import { type Env, Front, readFlag, readInteger, readString, type Setting } from '../config/env.ts';
import { FirewatchError } from '../errors.ts';
import { ACCESS_KEY_MAX_BYTES, HTTP_ENDPOINT_BODY_MAX_BYTES, HTTP_ENDPOINT_RESPONSE_WAIT_MS, SECRET_ID_MAX_CHARS } from '../limits.ts';
import { openSearchSettings } from '../opensearch/config.ts';
import type { IndexRotation } from '../opensearch/index-name.ts';
import type { LogParser } from '../parsers/parser.ts';
import type { ParserOverride } from '../parsers/registry.ts';

const MiB = 1024 * 1024;

/**
 * Default bytes of documents per `sink.write` (one `_bulk` request): 1 MiB. Documents wait in the batch
 * until it is written, and a batch of 5 MiB outlived the young generation: measured, a 1 MB request took
 * 74 ms at 5 MiB and 45 ms at 1 MiB, nearly all of the difference garbage collection. One write is in
 * flight while the next batch is decoded, so smaller batches cost little in round trips.
 */
export const DEFAULT_BATCH_BYTES = 1 * MiB;

/** Default time to settle a whole request: Firehose waits 3 minutes, so answer well before it gives up. */
export const DEFAULT_WRITE_TIMEOUT_MS = 120_000;

/**
 * Default cap on events per record. CloudWatch Logs puts at most 10,000 events in one PutLogEvents batch and
 * a subscription record carries a slice of that; 100,000 leaves room while bounding one record's documents.
 */
export const DEFAULT_MAX_EVENTS_PER_RECORD = 100_000;

/**
 * Default deliveries one process handles at once; more are answered 503 before their body is read. A
 * process uses one core: past a few deliveries in flight, more only share it and each takes longer.
 */
export const DEFAULT_MAX_DELIVERIES = 8;

/**
 * Default inflated bytes of records being decoded at once in one process: 64 MiB. A record costs a few
 * times its inflated size while decoded, so this keeps the decoding of the worst case (one dense record of
 * ~60 MB inflated, decoded alone) and everything else in flight within a 256 MiB process (`npm run bench`
 * measures it).
 */
export const DEFAULT_INFLATED_BUDGET_BYTES = 64 * MiB;

export interface EndpointConfig {
  /**
   * Accepted `X-Amz-Firehose-Access-Key` values; several while a key is rotated. Empty only with
   * {@link allowNoAccessKey}, or when the keys come from a provider (`accessKeysFromProvider`).
   */
  readonly accessKeys: readonly string[];
  /** Accept requests without a key (local use only). */
  readonly allowNoAccessKey: boolean;
  /** Cap on the request body, on the wire and after gzip alike (Firehose's limit is before compression). */
  readonly maxBodyBytes: number;
  /** Cap on the inflated size of one record's CloudWatch Logs gzip data. */
  readonly maxInflatedBytes: number;
  /** Cap on log events in one record. */
  readonly maxEventsPerRecord: number;
  /** Deliveries handled at once by one process; beyond, 503 before the body is read (core/endpoint/admission.ts). */
  readonly maxDeliveries: number;
  /** Inflated bytes of records decoded at once by one process (core/endpoint/admission.ts). */
  readonly inflatedBudgetBytes: number;
  /** Log-group globs choosing parsers, in priority order. */
  readonly parserOverrides: readonly ParserOverride[];
  /** The parser for Firehose message-extraction records (log lines without a log group); absent: detected from the text. */
  readonly defaultParser?: LogParser;
  /** Keep the raw line in `message` even when the parser turned all of it into fields. */
  readonly keepMessage: boolean;
  /** Base index name, rotated by event time. */
  readonly index: string;
  readonly indexRotation: IndexRotation;
  /** Bytes of documents per `sink.write`. */
  readonly batchBytes: number;
  /** Milliseconds from a request's arrival until it must be answered, writes included. */
  readonly writeTimeoutMs: number;
  /** Extra path that takes deliveries besides `/` (e.g. `/firehose`); `/` when none. */
  readonly path: string;
  /** Where a server listens (adapters only; the app ignores them). */
  readonly port: number;
  readonly host: string;
}

const SERVERS = [Front.ENDPOINT, Front.HTTP] as const;

/**
 * The endpoint's own variables, each declared once: default, meaning, fronts, rule. `PORT` and `HOST` are
 * read by the servers that listen themselves (the app ignores them).
 *
 * @example
 * ```ts
 * endpointSettings.maxDeliveries.read({ FIREWATCH_MAX_DELIVERIES: "4" }); // 4
 * ```
 */
export const endpointSettings = {
  accessKeys: {
    name: 'FIREWATCH_ACCESS_KEYS',
    default: '(none)',
    meaning:
      'Comma-separated access keys accepted in X-Amz-Firehose-Access-Key (several while rotating). Required unless FIREWATCH_ALLOW_NO_ACCESS_KEY=true or, on Lambda, FIREWATCH_ACCESS_KEY_SECRET is set.',
    fronts: SERVERS,
    read: (env: Env): string[] => {
      const keys = readString(env, 'FIREWATCH_ACCESS_KEYS', '')
        .split(',')
        .map((k) => k.trim())
        .filter((k) => k !== '');
      for (const [i, key] of keys.entries()) {
        if (new TextEncoder().encode(key).length > ACCESS_KEY_MAX_BYTES) {
          throw new FirewatchError('CONFIG_INVALID', `FIREWATCH_ACCESS_KEYS: key ${i + 1} is longer than Firehose's ${ACCESS_KEY_MAX_BYTES} bytes`);
        }
      }
      return keys;
    },
  },
  accessKeySecret: {
    name: 'FIREWATCH_ACCESS_KEY_SECRET',
    default: '(none)',
    meaning:
      'HTTP endpoint on Lambda: ARN or name of the Secrets Manager secret holding the access key, in the format a Firehose HTTP endpoint destination reads it from (`{"api_key":"<key>"}`; a plain-text secret is the key itself). Its AWSCURRENT and AWSPREVIOUS versions are both accepted (rotation), read at the first delivery and again every 5 minutes; FIREWATCH_ACCESS_KEYS may then be empty (its keys are accepted too). The role needs secretsmanager:GetSecretValue on the secret.',
    fronts: [Front.HTTP],
    /** The secret ARN or name, or undefined when unset (lambda/access-key-secret.ts reads the secret). */
    read: (env: Env): string | undefined => {
      const secretId = readString(env, 'FIREWATCH_ACCESS_KEY_SECRET', '');
      if (secretId === '') return undefined;
      if (secretId.length > SECRET_ID_MAX_CHARS) {
        throw new FirewatchError(
          'CONFIG_INVALID',
          `FIREWATCH_ACCESS_KEY_SECRET is ${secretId.length} characters; a secret ARN or name has at most ${SECRET_ID_MAX_CHARS}`,
        );
      }
      return secretId;
    },
  },
  allowNoAccessKey: {
    name: 'FIREWATCH_ALLOW_NO_ACCESS_KEY',
    default: 'false',
    meaning: 'true: accept requests without a key. Local use only; the Node, Deno and Bun servers allow it by themselves on a loopback address.',
    fronts: SERVERS,
    read: (env: Env): boolean => readFlag(env, 'FIREWATCH_ALLOW_NO_ACCESS_KEY'),
  },
  maxBodyBytes: {
    name: 'FIREWATCH_MAX_BODY_BYTES',
    default: String(HTTP_ENDPOINT_BODY_MAX_BYTES),
    meaning: 'Largest request body, on the wire and after gzip (Firehose allows up to 64 MiB). Larger requests get 413, which Firehose does not retry.',
    fronts: SERVERS,
    read: (env: Env): number => readInteger(env, 'FIREWATCH_MAX_BODY_BYTES', HTTP_ENDPOINT_BODY_MAX_BYTES, 1024, 1024 * MiB),
  },
  maxEventsPerRecord: {
    name: 'FIREWATCH_MAX_EVENTS_PER_RECORD',
    default: String(DEFAULT_MAX_EVENTS_PER_RECORD),
    meaning: 'Cap on log events in one record; a record over it is stored whole as one decode_failure document (raw_data kept), not lost.',
    fronts: SERVERS,
    read: (env: Env): number => readInteger(env, 'FIREWATCH_MAX_EVENTS_PER_RECORD', DEFAULT_MAX_EVENTS_PER_RECORD, 1, 10_000_000),
  },
  maxDeliveries: {
    name: 'FIREWATCH_MAX_DELIVERIES',
    default: String(DEFAULT_MAX_DELIVERIES),
    meaning: 'Deliveries one process handles at once; more are answered 503 before their body is read, and Firehose retries them.',
    fronts: SERVERS,
    read: (env: Env): number => readInteger(env, 'FIREWATCH_MAX_DELIVERIES', DEFAULT_MAX_DELIVERIES, 1, 100_000),
  },
  inflatedBudgetBytes: {
    name: 'FIREWATCH_INFLATED_BUDGET_BYTES',
    default: String(DEFAULT_INFLATED_BUDGET_BYTES),
    meaning:
      "Inflated bytes of records one process decodes at once (a record waits for its share; one larger than this is decoded alone): what bounds the server's memory.",
    fronts: SERVERS,
    read: (env: Env): number => readInteger(env, 'FIREWATCH_INFLATED_BUDGET_BYTES', DEFAULT_INFLATED_BUDGET_BYTES, MiB, 64 * 1024 * MiB),
  },
  batchBytes: {
    name: 'FIREWATCH_BATCH_BYTES',
    default: String(DEFAULT_BATCH_BYTES),
    meaning: 'Bytes of documents per sink write (one `_bulk` request).',
    fronts: SERVERS,
    read: (env: Env): number => readInteger(env, 'FIREWATCH_BATCH_BYTES', DEFAULT_BATCH_BYTES, 1024, 512 * MiB),
  },
  writeTimeoutMs: {
    name: 'FIREWATCH_WRITE_TIMEOUT_MS',
    default: String(DEFAULT_WRITE_TIMEOUT_MS),
    meaning: `Time to settle a request, writes included; Firehose waits ${HTTP_ENDPOINT_RESPONSE_WAIT_MS / 1000} s, so keep it well under.`,
    fronts: SERVERS,
    // At most 5 s under Firehose's wait, so the answer still arrives in time.
    read: (env: Env): number => readInteger(env, 'FIREWATCH_WRITE_TIMEOUT_MS', DEFAULT_WRITE_TIMEOUT_MS, 100, HTTP_ENDPOINT_RESPONSE_WAIT_MS - 5_000),
  },
  path: {
    name: 'FIREWATCH_PATH',
    default: '/',
    meaning: 'An extra path taking deliveries besides `/`, e.g. /firehose.',
    fronts: SERVERS,
    read: (env: Env): string => {
      const path = readString(env, 'FIREWATCH_PATH', '/');
      if (!/^\/[\w\-./~]*$/.test(path)) {
        throw new FirewatchError('CONFIG_INVALID', `FIREWATCH_PATH=${JSON.stringify(path)} must start with / and hold only letters, digits and -._~/`);
      }
      return path;
    },
  },
  port: {
    name: 'PORT',
    default: '8080',
    meaning: 'Port a server listens on (`firewatch serve`).',
    fronts: [Front.ENDPOINT],
    read: (env: Env): number => readInteger(env, 'PORT', 8080, 0, 65_535),
  },
  host: {
    name: 'HOST',
    default: '127.0.0.1',
    meaning: 'Address a server binds (`firewatch serve`); not loopback requires access keys.',
    fronts: [Front.ENDPOINT],
    read: (env: Env): string => readString(env, 'HOST', '127.0.0.1'),
  },
} as const satisfies Record<string, Setting>;

/** Options of {@link readEndpointConfig}. */
export interface ReadEndpointConfigOptions {
  /**
   * The adapter passes a key provider to `createEndpointApp` (`accessKeys`; on Lambda, the Secrets Manager
   * secret of `FIREWATCH_ACCESS_KEY_SECRET`), so FIREWATCH_ACCESS_KEYS may be empty: its keys, if any, are
   * accepted besides the provider's. Default false.
   */
  readonly accessKeysFromProvider?: boolean;
}

/**
 * Reads the endpoint configuration. Throws `CONFIG_INVALID` naming the variable.
 *
 * @example
 * ```ts
 * readEndpointConfig({ FIREWATCH_ALLOW_NO_ACCESS_KEY: "true" }).index; // "cloudwatch-logs"
 * readEndpointConfig({}); // throws: FIREWATCH_ACCESS_KEYS is required ...
 * readEndpointConfig({}, { accessKeysFromProvider: true }).accessKeys; // []: the provider's keys are checked
 * ```
 */
export function readEndpointConfig(env: Env, options: ReadEndpointConfigOptions = {}): EndpointConfig {
  const s = endpointSettings;
  const allowNoAccessKey = s.allowNoAccessKey.read(env);
  const accessKeys = s.accessKeys.read(env);
  if (accessKeys.length === 0 && !allowNoAccessKey && options.accessKeysFromProvider !== true) {
    throw new FirewatchError(
      'CONFIG_INVALID',
      'FIREWATCH_ACCESS_KEYS is required (comma-separated keys); set FIREWATCH_ALLOW_NO_ACCESS_KEY=true only for local use',
    );
  }
  const parserOverrides = documentSettings.parsers.read(env);
  const defaultParser = documentSettings.defaultParser.read(env);
  const index = openSearchSettings.index.read(env);
  const path = s.path.read(env);
  return {
    accessKeys,
    allowNoAccessKey,
    maxBodyBytes: s.maxBodyBytes.read(env),
    maxInflatedBytes: documentSettings.maxInflatedBytes.read(env),
    maxEventsPerRecord: s.maxEventsPerRecord.read(env),
    maxDeliveries: s.maxDeliveries.read(env),
    inflatedBudgetBytes: s.inflatedBudgetBytes.read(env),
    parserOverrides,
    ...(defaultParser ? { defaultParser } : {}),
    keepMessage: documentSettings.keepMessage.read(env),
    index,
    indexRotation: openSearchSettings.rotation.read(env),
    batchBytes: s.batchBytes.read(env),
    writeTimeoutMs: s.writeTimeoutMs.read(env),
    path,
    port: s.port.read(env),
    host: s.host.read(env),
  };
}
