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
 * The entry lambda/subscription.ts wires it to the configuration ({@link readSubscriptionConfig}) and the
 * OpenSearch sink.
 *
 * @example
 * ```ts
 * const handler = createSubscriptionHandler(readSubscriptionConfig(env), sink);
 * await handler({ awslogs: { data } });
 * ```
 * @module
 */
import { createHash } from 'node:crypto';
import type { Env } from '../core/config/env.ts';
import { awslogsData, decodeRecordBase64 } from '../core/cloudwatch/record.ts';
import { DocumentShaper } from '../core/endpoint/documents.ts';
import { FirewatchError } from '../core/errors.ts';
import { ChunkedWriter } from '../core/sinks/chunked-writer.ts';
import type { Sink, SinkDocument } from '../core/sinks/sink.ts';
import { type LambdaContext, type OpenSearchLambdaConfig, readOpenSearchLambdaConfig, writeDeadline } from './config.ts';
import { nodeCodecs } from '../scripts/node/codecs.ts';

/** The handler's settings (shared with the Kinesis consumer, which reads the same variables). */
export type SubscriptionConfig = OpenSearchLambdaConfig;

/** What one invocation did (also logged as one JSON line). */
export interface SubscriptionSummary {
  readonly logGroup: string;
  readonly controlMessages: number;
  readonly documents: number;
  readonly stored: number;
  readonly deadLettered: number;
  readonly milliseconds: number;
}

/**
 * Reads the configuration; throws `CONFIG_INVALID` naming the variable (`OPENSEARCH_URL` is required).
 *
 * @example
 * ```ts
 * readSubscriptionConfig({ OPENSEARCH_URL: "https://search.example.com", FIREWATCH_INDEX: "rds" }).index; // "rds"
 * ```
 */
export function readSubscriptionConfig(env: Env): SubscriptionConfig {
  return readOpenSearchLambdaConfig(env, 'the subscription Lambda');
}

/**
 * A handler writing to `sink` (the OpenSearch sink in production; any {@link Sink} in tests). `now` is the
 * clock that dates arrival (events outside CloudWatch's window around it are indexed by it).
 *
 * @example
 * ```ts
 * const config = readSubscriptionConfig(env);
 * const handler = createSubscriptionHandler(config, createOpenSearchSink(config.openSearch));
 * await handler({ awslogs: { data } }); // throws when the documents could not be stored: Lambda retries
 * ```
 */
export function createSubscriptionHandler(
  config: SubscriptionConfig,
  sink: Sink,
  log: (line: string) => void = (line) => console.log(line),
  now: () => number = Date.now,
) {
  return async function handler(event: unknown, context?: LambdaContext): Promise<SubscriptionSummary> {
    const started = Date.now();
    const data = awslogsData(event);
    if (data === undefined) {
      throw new FirewatchError('EVENT_SHAPE_INVALID', 'not a CloudWatch Logs subscription event: expected {"awslogs":{"data":"<base64 gzip>"}}');
    }
    const decoded = decodeRecordBase64(data, { maxInflatedBytes: config.maxInflatedBytes, codecs: nodeCodecs });
    if (!decoded.ok) throw decoded.error.at('awslogs.data');
    if (decoded.value.kind !== 'cloudwatch') throw new FirewatchError('ENVELOPE_INVALID', 'is not a CloudWatch Logs envelope', { path: 'awslogs.data' });
    const envelopes = decoded.value.envelopes;
    // Stable across the retries of this event, for the rare event without a usable id.
    const fallbackPrefix = `awslogs-${createHash('sha256').update(data).digest('hex').slice(0, 32)}`;
    const documents: SinkDocument[] = [];
    // The invocation's time is the arrival time: events dated outside CloudWatch's window around it are indexed by it.
    const controlMessages = new DocumentShaper(config).appendEnvelopes(documents, envelopes, fallbackPrefix, now());
    // One chunk: the sink cuts `_bulk` bodies by bytes itself, and a failure retries the whole event anyway.
    const writer = new ChunkedWriter(sink, { chunkBytes: Number.POSITIVE_INFINITY, deadline: writeDeadline(context) });
    const failed = (await writer.add(documents, 0)) ?? (await writer.flush());
    if (failed !== undefined) {
      const { error, retryable } = failed.result;
      log(JSON.stringify({ firewatch: 'subscription', logGroup: envelopes[0]?.logGroup ?? '', documents: documents.length, retryable, error: error.toJSON() }));
      throw new FirewatchError(
        error.code,
        `sink ${sink.name} failed${
          retryable ? '' : ' permanently'
        }: ${error.detail}; Lambda retries the invocation, then sends the event to the on-failure destination`,
        { cause: error },
      );
    }
    const { stored, deadLettered } = writer.counts;
    const summary = {
      logGroup: envelopes[0]?.logGroup ?? '',
      controlMessages,
      documents: documents.length,
      stored,
      deadLettered,
      milliseconds: Date.now() - started,
    };
    log(JSON.stringify({ firewatch: 'subscription', ...summary }));
    return summary;
  };
}
