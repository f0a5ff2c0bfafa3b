/**
 * A Lambda reading the Kinesis data stream that a CloudWatch Logs subscription filter writes to, through
 * an event source mapping: no Firehose and no server in between. Each Kinesis record is one CloudWatch
 * Logs gzip envelope; core decodes it, core/endpoint/documents.ts shapes the documents exactly as the
 * HTTP endpoint does (`_id` = CloudWatch event id, index rotated by event time) and the `_bulk` sink
 * writes them. Control messages give no documents and are counted.
 *
 * The answer is a partial batch response (`FunctionResponseTypes: [ReportBatchItemFailures]` on the
 * mapping): `batchItemFailures` names the first record that is not safely stored, Lambda checkpoints
 * before it and retries from it, so nothing after it is skipped and nothing before it is sent again.
 * - A record whose documents OpenSearch refuses for good (mapping conflicts) is stored in the dead-letter
 *   index by the sink, with the refused document as a string: that counts as stored.
 * - A record that cannot be decoded is named as failed, so after the mapping's `MaximumRetryAttempts`
 *   Lambda hands the batch from it onwards to the on-failure destination (an S3 destination receives the
 *   records themselves). The records after it are still written first: when Lambda then discards the
 *   rest of the batch, their documents are already stored.
 * - When OpenSearch keeps failing, or the invocation's time runs short, the handler stops and names the
 *   first record of the chunk it could not finish.
 * Redelivery is harmless: the ids are the event ids and the default `create` action answers 409 for a
 * document already there, which the sink counts as stored.
 *
 * Memory stays bounded for the largest batch (10,000 records, 6 MB): records are decoded one at a time
 * and their documents written in chunks of about `FIREWATCH_BULK_MAX_BYTES` (core/sinks/chunked-writer.ts,
 * the loop the subscription Lambda shares), so at most one chunk (or one record's documents, capped by
 * `FIREWATCH_MAX_INFLATED_BYTES`) is held at once.
 *
 * The entry lambda/kinesis.ts wires it to the configuration (the same variables as the subscription
 * Lambda, lambda/config.ts) and the OpenSearch sink.
 *
 * @example
 * ```ts
 * const handler = createKinesisHandler(readOpenSearchLambdaConfig(env, "the Kinesis consumer"), sink);
 * const { batchItemFailures } = await handler(event, context);
 * ```
 * @module
 */
import { decodeRecordBase64 } from '../core/cloudwatch/record.ts';
import type { LogsEnvelope } from '../core/cloudwatch/envelope.ts';
import { DocumentShaper } from '../core/endpoint/documents.ts';
import { fail, FirewatchError, ok, type Result } from '../core/errors.ts';
import { ChunkedWriter } from '../core/sinks/chunked-writer.ts';
import type { Sink, SinkDocument } from '../core/sinks/sink.ts';
import { type LambdaContext, type OpenSearchLambdaConfig, writeDeadline } from './config.ts';
import { nodeCodecs } from '../scripts/node/codecs.ts';

/** One record of an event source mapping's Kinesis event (the fields the handler reads). */
export interface KinesisStreamRecord {
  readonly kinesis: {
    /** Base64 of the record's data: a CloudWatch Logs gzip envelope. */
    readonly data: string;
    readonly sequenceNumber: string;
    readonly partitionKey?: string;
    readonly approximateArrivalTimestamp?: number;
    readonly kinesisSchemaVersion?: string;
  };
  readonly eventSource?: string;
  /** `<shardId>:<sequenceNumber>`. */
  readonly eventID?: string;
  readonly eventSourceARN?: string;
}

/** The partial batch response Lambda reads when the mapping has `ReportBatchItemFailures`. */
export interface KinesisBatchResponse {
  readonly batchItemFailures: Array<{ readonly itemIdentifier: string }>;
}

/** What one invocation did (logged as one JSON line). */
export interface KinesisSummary {
  readonly records: number;
  readonly controlMessages: number;
  readonly documents: number;
  readonly stored: number;
  readonly deadLettered: number;
  /** Records that could not be decoded (each also logged with its position and error). */
  readonly undecodable: number;
  /** Sequence number named in `batchItemFailures`, or null when the whole batch is done. */
  readonly failedAt: string | null;
  readonly milliseconds: number;
}

/** Why the handler stopped early, for the log. */
type Stop = { readonly index: number; readonly error: FirewatchError };

/**
 * A handler writing to `sink` (the OpenSearch sink in production; any {@link Sink} in tests).
 *
 * @example
 * ```ts
 * const config = readOpenSearchLambdaConfig(env, "the Kinesis consumer");
 * const handler = createKinesisHandler(config, createOpenSearchSink(config.openSearch));
 * const { batchItemFailures } = await handler(event, context); // [] when every record is stored
 * ```
 */
export function createKinesisHandler(config: OpenSearchLambdaConfig, sink: Sink, log: (line: string) => void = (line) => console.log(line)) {
  const chunkBytes = config.openSearch.maxBulkBytes;
  return async function handler(event: unknown, context?: LambdaContext): Promise<KinesisBatchResponse> {
    const started = Date.now();
    const records = (event as { Records?: unknown } | null)?.Records;
    if (!Array.isArray(records)) {
      throw new FirewatchError('EVENT_SHAPE_INVALID', 'not a Kinesis event source mapping event: expected {"Records":[{"kinesis":{"data":...}}]}');
    }
    const deadline = writeDeadline(context);
    const shaper = new DocumentShaper(config);
    const writer = new ChunkedWriter(sink, { chunkBytes, deadline });
    let controlMessages = 0;
    let undecodable = 0;
    /** The earliest record not safely stored. */
    let firstFailed: Stop | undefined;
    const fails = (stop: Stop) => {
      if (firstFailed === undefined || stop.index < firstFailed.index) firstFailed = stop;
    };

    for (let i = 0; i < records.length; i++) {
      if (Date.now() >= deadline) {
        // Keep the margin for answering: the unwritten chunk and the rest are retried from their first record.
        fails({
          index: writer.discard() ?? i,
          error: new FirewatchError('SINK_UNAVAILABLE', `out of time after ${i} of ${records.length} records; Lambda retries the rest`),
        });
        break;
      }
      const decoded = decodeKinesisRecord(records[i], config.maxInflatedBytes);
      if (!decoded.ok) {
        undecodable++;
        const error = decoded.error.at(`Records[${i}]`);
        log(JSON.stringify({ firewatch: 'kinesis', undecodable: sequenceNumberOf(records[i]) ?? null, error: error.toJSON() }));
        fails({ index: i, error });
        continue;
      }
      const documents: SinkDocument[] = [];
      controlMessages += shaper.appendEnvelopes(documents, decoded.value.envelopes, `kinesis:${decoded.value.recordKey}`);
      const failed = await writer.add(documents, i);
      if (failed !== undefined) {
        fails({ index: failed.origin, error: failed.result.error });
        break;
      }
    }
    const failed = await writer.flush();
    if (failed !== undefined) fails({ index: failed.origin, error: failed.result.error });
    const { documents, stored, deadLettered } = writer.counts;

    const failedAt = firstFailed === undefined ? null : sequenceNumberOf(records[firstFailed.index]);
    if (firstFailed !== undefined && failedAt === undefined) {
      // Without its sequence number the record cannot be named; a function error makes Lambda retry (or bisect) the batch.
      throw new FirewatchError(
        'EVENT_SHAPE_INVALID',
        `Records[${firstFailed.index}] has no kinesis.sequenceNumber to report as failed: ${firstFailed.error.detail}`,
        { cause: firstFailed.error },
      );
    }
    const summary: KinesisSummary = {
      records: records.length,
      controlMessages,
      documents,
      stored,
      deadLettered,
      undecodable,
      failedAt: failedAt ?? null,
      milliseconds: Date.now() - started,
    };
    log(JSON.stringify({ firewatch: 'kinesis', ...summary, ...(firstFailed ? { error: firstFailed.error.toJSON() } : {}) }));
    return { batchItemFailures: failedAt === undefined || failedAt === null ? [] : [{ itemIdentifier: failedAt }] };
  };
}

/** A record's envelopes, and a key stable across redeliveries for events without a usable id. */
function decodeKinesisRecord(record: unknown, maxInflatedBytes: number): Result<{ envelopes: readonly LogsEnvelope[]; recordKey: string }> {
  const kinesis = (record as { kinesis?: { data?: unknown } } | null)?.kinesis;
  if (typeof kinesis?.data !== 'string') return fail('EVENT_SHAPE_INVALID', 'has no kinesis.data string');
  const decoded = decodeRecordBase64(kinesis.data, { maxInflatedBytes, codecs: nodeCodecs });
  if (!decoded.ok) return { ok: false, error: decoded.error.at('kinesis.data') };
  if (decoded.value.kind !== 'cloudwatch') {
    return fail('ENVELOPE_INVALID', `holds ${decoded.value.kind}, not a CloudWatch Logs envelope`, { path: 'kinesis.data' });
  }
  const { eventID } = record as { eventID?: unknown };
  return ok({ envelopes: decoded.value.envelopes, recordKey: typeof eventID === 'string' && eventID !== '' ? eventID : (sequenceNumberOf(record) ?? '') });
}

function sequenceNumberOf(record: unknown): string | undefined {
  const sequenceNumber = (record as { kinesis?: { sequenceNumber?: unknown } } | null)?.kinesis?.sequenceNumber;
  return typeof sequenceNumber === 'string' && sequenceNumber !== '' ? sequenceNumber : undefined;
}
