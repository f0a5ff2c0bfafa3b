/**
 * The HTTP endpoint's configuration, read once at start-up from environment-style variables. Every bad
 * value is a `CONFIG_INVALID` error naming the variable; {@link endpointVariables} lists them all with
 * their defaults and meanings (the README's table is generated from it).
 *
 * @example
 * ```ts
 * const config = readEndpointConfig({ FIREWATCH_ACCESS_KEYS: "key-2026-11,key-2026-10", FIREWATCH_INDEX: "rds" });
 * config.accessKeys.length; // 2: both accepted while Firehose is switched to the new one
 * ```
 * @module
 */
import { readChoice, readInteger, readParser, readString, type Env } from '../config/env.ts';
import { FirewatchError } from '../errors.ts';
import { DEFAULT_MAX_INFLATED_BYTES, HTTP_ENDPOINT_BODY_MAX_BYTES } from '../limits.ts';
import { IndexRotation, indexRotations } from '../opensearch/index-name.ts';
import type { LogParser } from '../parsers/parser.ts';
import { parseParserOverrides, type ParserOverride } from '../parsers/registry.ts';

const MiB = 1024 * 1024;

/** Firehose's `X-Amz-Firehose-Access-Key` is at most 4096 bytes (Firehose HTTP endpoint spec). */
export const ACCESS_KEY_MAX_BYTES = 4096;

/**
 * Default bytes of documents per `sink.write` (one `_bulk` request): 1 MiB. Documents wait in the batch
 * until it is written, and a batch of 5 MiB outlived the young generation: measured, a 1 MB request took
 * 74 ms at 5 MiB and 45 ms at 1 MiB, nearly all of the difference garbage collection. One write is in
 * flight while the next batch is decoded, so smaller batches cost little in round trips.
 */
export const DEFAULT_BATCH_BYTES = 1 * MiB;

/** Default time to settle a whole request: Firehose waits 3 minutes, so answer well before it gives up. */
export const DEFAULT_WRITE_TIMEOUT_MS = 120_000;

/** The endpoint's settings. */
/**
 * Default cap on events per record. CloudWatch Logs puts at most 10,000 events in one PutLogEvents batch and
 * a subscription record carries a slice of that; 100,000 leaves room while bounding one record's documents.
 */
export const DEFAULT_MAX_EVENTS_PER_RECORD = 100_000;

/**
 * Default deliveries one process handles at once; more are answered 503 before their body is read. A
 * process uses one core: past a few deliveries in flight, more only share it and each takes longer.
 */
export const DEFAULT_MAX_DELIVERIES = 16;

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

/** One documented variable. */
export interface VariableDoc {
  readonly name: string;
  /** The default as text (`(none)` when required or empty). */
  readonly default: string;
  readonly meaning: string;
}

/**
 * Every variable {@link readEndpointConfig} reads, for the README table and `firewatch serve --help`.
 *
 * @example
 * ```ts
 * for (const v of endpointVariables) console.log(`| ${v.name} | ${v.default} | ${v.meaning} |`);
 * ```
 */
export const endpointVariables: readonly VariableDoc[] = [
  { name: 'FIREWATCH_ACCESS_KEYS', default: '(none)', meaning: 'Comma-separated access keys accepted in X-Amz-Firehose-Access-Key (several while rotating). Required unless FIREWATCH_ALLOW_NO_ACCESS_KEY=true or, on Lambda, FIREWATCH_ACCESS_KEY_SECRET is set.' },
  { name: 'FIREWATCH_ALLOW_NO_ACCESS_KEY', default: 'false', meaning: 'true: accept requests without a key. Local use only; `firewatch serve` allows it by itself on a loopback address.' },
  { name: 'FIREWATCH_MAX_BODY_BYTES', default: String(HTTP_ENDPOINT_BODY_MAX_BYTES), meaning: 'Largest request body, on the wire and after gzip (Firehose allows up to 64 MiB). Larger requests get 413, which Firehose does not retry.' },
  { name: 'FIREWATCH_MAX_INFLATED_BYTES', default: String(DEFAULT_MAX_INFLATED_BYTES), meaning: "Cap on one record's inflated CloudWatch Logs data (gzip bombs)." },
  {
    name: 'FIREWATCH_MAX_EVENTS_PER_RECORD',
    default: String(DEFAULT_MAX_EVENTS_PER_RECORD),
    meaning: 'Cap on log events in one record; a record over it is stored whole as one decode_failure document (raw_data kept), not lost.',
  },
  {
    name: 'FIREWATCH_MAX_DELIVERIES',
    default: String(DEFAULT_MAX_DELIVERIES),
    meaning: 'Deliveries one process handles at once; more are answered 503 before their body is read, and Firehose retries them.',
  },
  {
    name: 'FIREWATCH_INFLATED_BUDGET_BYTES',
    default: String(DEFAULT_INFLATED_BUDGET_BYTES),
    meaning: "Inflated bytes of records one process decodes at once (a record waits for its share; one larger than this is decoded alone): what bounds the server's memory.",
  },
  { name: 'FIREWATCH_PARSERS', default: '(none)', meaning: "Log-group parser overrides, e.g. '/aws/rds/*/general=mysql-general,/app/*=json'." },
  { name: 'FIREWATCH_DEFAULT_PARSER', default: '(detected)', meaning: 'Parser for records Firehose wrote with "message extraction" (log lines without a log group), e.g. mysql-general; unset: the parser that reads the text best.' },
  { name: 'FIREWATCH_KEEP_MESSAGE', default: 'false', meaning: 'true: keep the raw line in `message` even when the parser turned it into fields.' },
  { name: 'FIREWATCH_INDEX', default: 'cloudwatch-logs', meaning: 'Base index name (lowercase OpenSearch index name).' },
  { name: 'FIREWATCH_INDEX_ROTATION', default: IndexRotation.DAY, meaning: `Index rotation by event time (UTC): ${indexRotations.join(', ')}.` },
  { name: 'FIREWATCH_BATCH_BYTES', default: String(DEFAULT_BATCH_BYTES), meaning: 'Bytes of documents per sink write (one `_bulk` request).' },
  { name: 'FIREWATCH_WRITE_TIMEOUT_MS', default: String(DEFAULT_WRITE_TIMEOUT_MS), meaning: 'Time to settle a request, writes included; Firehose waits 180 s, so keep it well under.' },
  { name: 'FIREWATCH_PATH', default: '/', meaning: 'An extra path taking deliveries besides `/`, e.g. /firehose.' },
  { name: 'PORT', default: '8080', meaning: 'Port a server listens on (`firewatch serve`).' },
  { name: 'HOST', default: '127.0.0.1', meaning: 'Address a server binds (`firewatch serve`); not loopback requires access keys.' },
];

/** Options of {@link readEndpointConfig}. */
export interface ReadEndpointConfigOptions {
  /**
   * The adapter passes a key provider to `createEndpointApp` (`accessKeys`; on Lambda, the Secrets Manager
   * secret of `FIREWATCH_ACCESS_KEY_SECRET`), so FIREWATCH_ACCESS_KEYS may be empty: its keys, if any, are
   * accepted besides the provider's. Default false.
   */
  readonly accessKeysFromProvider?: boolean;
}

/** Index names OpenSearch accepts (the same rule as core/sinks/opensearch-config.ts): lowercase, none of `\ / * ? " < > | , # :` or spaces, starting with a letter or digit. */
const INDEX_NAME = /^[a-z0-9][^A-Z\\/*?"<>|,# :]*$/;

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
  const allowNoAccessKey = readChoice(env, 'FIREWATCH_ALLOW_NO_ACCESS_KEY', ['false', 'true'], 'false') === 'true';
  const accessKeys = readString(env, 'FIREWATCH_ACCESS_KEYS', '')
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k !== '');
  if (accessKeys.length === 0 && !allowNoAccessKey && options.accessKeysFromProvider !== true) {
    throw new FirewatchError('CONFIG_INVALID', 'FIREWATCH_ACCESS_KEYS is required (comma-separated keys); set FIREWATCH_ALLOW_NO_ACCESS_KEY=true only for local use');
  }
  for (const [i, key] of accessKeys.entries()) {
    if (new TextEncoder().encode(key).length > ACCESS_KEY_MAX_BYTES) throw new FirewatchError('CONFIG_INVALID', `FIREWATCH_ACCESS_KEYS: key ${i + 1} is longer than Firehose's ${ACCESS_KEY_MAX_BYTES} bytes`);
  }
  const overrides = parseParserOverrides(readString(env, 'FIREWATCH_PARSERS', ''));
  if (!overrides.ok) throw new FirewatchError('CONFIG_INVALID', `FIREWATCH_PARSERS: ${overrides.error.path ? `${overrides.error.path}: ` : ''}${overrides.error.detail}`);
  const defaultParser = readParser(env, 'FIREWATCH_DEFAULT_PARSER');
  const index = readString(env, 'FIREWATCH_INDEX', 'cloudwatch-logs');
  if (!INDEX_NAME.test(index) || new TextEncoder().encode(index).length > 200) {
    throw new FirewatchError('CONFIG_INVALID', `FIREWATCH_INDEX=${JSON.stringify(index)} is not a valid OpenSearch index name (lowercase, no spaces or \\/*?"<>|,#:, not starting with -_+, at most 200 bytes)`);
  }
  const path = readString(env, 'FIREWATCH_PATH', '/');
  if (!/^\/[\w\-./~]*$/.test(path)) throw new FirewatchError('CONFIG_INVALID', `FIREWATCH_PATH=${JSON.stringify(path)} must start with / and hold only letters, digits and -._~/`);
  return {
    accessKeys,
    allowNoAccessKey,
    maxBodyBytes: readInteger(env, 'FIREWATCH_MAX_BODY_BYTES', HTTP_ENDPOINT_BODY_MAX_BYTES, 1024, 1024 * MiB),
    maxInflatedBytes: readInteger(env, 'FIREWATCH_MAX_INFLATED_BYTES', DEFAULT_MAX_INFLATED_BYTES, MiB, 1024 * MiB),
    maxEventsPerRecord: readInteger(env, 'FIREWATCH_MAX_EVENTS_PER_RECORD', DEFAULT_MAX_EVENTS_PER_RECORD, 1, 10_000_000),
    maxDeliveries: readInteger(env, 'FIREWATCH_MAX_DELIVERIES', DEFAULT_MAX_DELIVERIES, 1, 100_000),
    inflatedBudgetBytes: readInteger(env, 'FIREWATCH_INFLATED_BUDGET_BYTES', DEFAULT_INFLATED_BUDGET_BYTES, MiB, 64 * 1024 * MiB),
    parserOverrides: overrides.value,
    ...(defaultParser ? { defaultParser } : {}),
    keepMessage: readChoice(env, 'FIREWATCH_KEEP_MESSAGE', ['false', 'true'], 'false') === 'true',
    index,
    indexRotation: readChoice(env, 'FIREWATCH_INDEX_ROTATION', indexRotations, IndexRotation.DAY),
    batchBytes: readInteger(env, 'FIREWATCH_BATCH_BYTES', DEFAULT_BATCH_BYTES, 1024, 512 * MiB),
    writeTimeoutMs: readInteger(env, 'FIREWATCH_WRITE_TIMEOUT_MS', DEFAULT_WRITE_TIMEOUT_MS, 100, 175_000),
    path,
    port: readInteger(env, 'PORT', 8080, 0, 65_535),
    host: readString(env, 'HOST', '127.0.0.1'),
  };
}
