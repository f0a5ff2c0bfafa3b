/**
 * A Lambda that a CloudWatch Logs subscription filter targets directly (no Kinesis, no Firehose): the
 * event is `{"awslogs":{"data":"<base64 gzip envelope>"}}`, invoked asynchronously. Core decodes it
 * (`awslogsData`, `decodeRecordBase64`), core/endpoint/documents.ts shapes the documents exactly as the
 * HTTP endpoint does (`_id` = CloudWatch event id, index rotated by event time), and they are written to
 * OpenSearch in one `sink.write` (the sink cuts `_bulk` bodies by bytes itself).
 *
 * Failures throw, so Lambda retries the asynchronous invocation (twice by default) and then hands the
 * event to the function's on-failure destination or dead-letter queue: configure one, and nothing is
 * lost. That includes a sink failure that is not retryable (e.g. the dead-letter index refused too) and
 * an event that does not decode: returning normally would drop the documents. Retries cannot duplicate:
 * the ids are the event ids. Control messages give no documents and are counted.
 *
 * Configuration, read once at start-up (same names as the endpoint): `OPENSEARCH_URL` (required) and the
 * other OpenSearch variables, `FIREWATCH_INDEX`, `FIREWATCH_INDEX_ROTATION`, `FIREWATCH_PARSERS`,
 * `FIREWATCH_KEEP_MESSAGE`, `FIREWATCH_MAX_INFLATED_BYTES`.
 *
 * @example
 * ```ts
 * // Handler setting: index.handler, after bundling lambda/subscription.ts
 * export { handler } from "./lambda/subscription.ts";
 * ```
 * @module
 */
import { createHash } from 'node:crypto';
import { readChoice, readInteger, readString, type Env } from '../core/config/env.ts';
import { awslogsData, decodeRecordBase64 } from '../core/cloudwatch/record.ts';
import { DocumentShaper, type DocumentSettings } from '../core/endpoint/documents.ts';
import { FirewatchError } from '../core/errors.ts';
import { DEFAULT_MAX_INFLATED_BYTES } from '../core/limits.ts';
import { parseParserOverrides } from '../core/parsers/registry.ts';
import { createOpenSearchSink } from '../core/sinks/opensearch.ts';
import { readOpenSearchConfig, type OpenSearchConfig } from '../core/sinks/opensearch-config.ts';
import type { Sink, SinkDocument } from '../core/sinks/sink.ts';
import { nodeCodecs } from './node-codecs.ts';

/** The part of the Lambda context the handler uses. */
export interface LambdaContext {
  getRemainingTimeInMillis(): number;
}

/** The handler's settings. */
export interface SubscriptionConfig extends DocumentSettings {
  readonly maxInflatedBytes: number;
  /** The sink's settings (required: the handler writes to OpenSearch). */
  readonly openSearch: OpenSearchConfig;
}

/** What one invocation did (also logged as one JSON line). */
export interface SubscriptionSummary {
  readonly logGroup: string;
  readonly controlMessages: number;
  readonly documents: number;
  readonly stored: number;
  readonly deadLettered: number;
  readonly milliseconds: number;
}

/** Time kept back from the invocation's remaining time, to throw (and be retried) before Lambda kills us. */
const SAFETY_MARGIN_MS = 2_000;
/** Without a Lambda context (tests, scripts), a write gets this long. */
const NO_CONTEXT_TIME_MS = 60_000;

/**
 * Reads the configuration; throws `CONFIG_INVALID` naming the variable (`OPENSEARCH_URL` is required).
 *
 * @example
 * ```ts
 * readSubscriptionConfig({ OPENSEARCH_URL: "https://search.example.com", FIREWATCH_INDEX: "rds" }).index; // "rds"
 * ```
 */
export function readSubscriptionConfig(env: Env): SubscriptionConfig {
  if ((env['OPENSEARCH_URL'] ?? '').trim() === '') throw new FirewatchError('CONFIG_INVALID', 'OPENSEARCH_URL is required: the subscription Lambda writes to OpenSearch');
  const overrides = parseParserOverrides(readString(env, 'FIREWATCH_PARSERS', ''));
  if (!overrides.ok) throw new FirewatchError('CONFIG_INVALID', `FIREWATCH_PARSERS: ${overrides.error.path ? `${overrides.error.path}: ` : ''}${overrides.error.detail}`);
  // Index and rotation are read by the OpenSearch reader, so documents and sink agree on the rules.
  const openSearch = readOpenSearchConfig(env);
  return {
    openSearch,
    index: openSearch.index,
    indexRotation: openSearch.rotation,
    parserOverrides: overrides.value,
    keepMessage: readChoice(env, 'FIREWATCH_KEEP_MESSAGE', ['false', 'true'], 'false') === 'true',
    maxInflatedBytes: readInteger(env, 'FIREWATCH_MAX_INFLATED_BYTES', DEFAULT_MAX_INFLATED_BYTES, 1024 * 1024, 1024 * 1024 * 1024),
  };
}

/**
 * A handler writing to `sink` (the OpenSearch sink in production; any {@link Sink} in tests).
 *
 * @example
 * ```ts
 * const config = readSubscriptionConfig(env);
 * const handler = createSubscriptionHandler(config, createOpenSearchSink(config.openSearch));
 * await handler({ awslogs: { data } }); // throws when the documents could not be stored: Lambda retries
 * ```
 */
export function createSubscriptionHandler(config: SubscriptionConfig, sink: Sink, log: (line: string) => void = (line) => console.log(line)) {
  return async function handler(event: unknown, context?: LambdaContext): Promise<SubscriptionSummary> {
    const started = Date.now();
    const data = awslogsData(event);
    if (data === undefined) throw new FirewatchError('EVENT_SHAPE_INVALID', 'not a CloudWatch Logs subscription event: expected {"awslogs":{"data":"<base64 gzip>"}}');
    const decoded = decodeRecordBase64(data, { maxInflatedBytes: config.maxInflatedBytes, codecs: nodeCodecs });
    if (!decoded.ok) throw decoded.error.at('awslogs.data');
    if (decoded.value.kind !== 'cloudwatch') throw new FirewatchError('ENVELOPE_INVALID', 'is not a CloudWatch Logs envelope', { path: 'awslogs.data' });
    const envelopes = decoded.value.envelopes;
    // Stable across the retries of this event, for the rare event without a usable id.
    const fallbackPrefix = `awslogs-${createHash('sha256').update(data).digest('hex').slice(0, 32)}`;
    const documents: SinkDocument[] = [];
    new DocumentShaper(config).appendEnvelopes(documents, envelopes, fallbackPrefix);
    const controlMessages = envelopes.filter((e) => e.messageType !== 'DATA_MESSAGE').length;
    let stored = 0;
    let deadLettered = 0;
    if (documents.length > 0) {
      const remaining = context?.getRemainingTimeInMillis() ?? NO_CONTEXT_TIME_MS;
      const result = await sink.write(documents, { deadline: Date.now() + Math.max(0, remaining - SAFETY_MARGIN_MS) });
      if (!result.ok) {
        log(JSON.stringify({ firewatch: 'subscription', logGroup: envelopes[0]?.logGroup ?? '', documents: documents.length, retryable: result.retryable, error: result.error.toJSON() }));
        throw new FirewatchError(result.error.code, `sink ${sink.name} failed${result.retryable ? '' : ' permanently'}: ${result.error.detail}; Lambda retries the invocation, then sends the event to the on-failure destination`, { cause: result.error });
      }
      stored = result.stored;
      deadLettered = result.deadLettered;
    }
    const summary = { logGroup: envelopes[0]?.logGroup ?? '', controlMessages, documents: documents.length, stored, deadLettered, milliseconds: Date.now() - started };
    log(JSON.stringify({ firewatch: 'subscription', ...summary }));
    return summary;
  };
}

/**
 * The handler configured from `env`: OpenSearch is required (`CONFIG_INVALID` otherwise).
 *
 * @example
 * ```ts
 * const handler = createSubscriptionHandlerFromEnv(process.env);
 * ```
 */
export function createSubscriptionHandlerFromEnv(env: Env, log?: (line: string) => void) {
  const config = readSubscriptionConfig(env);
  return createSubscriptionHandler(config, createOpenSearchSink(config.openSearch), log);
}

/** The Lambda entry point, configured from the environment at start-up. */
export const handler = createSubscriptionHandlerFromEnv(process.env);
