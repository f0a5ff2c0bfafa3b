/**
 * The reverse direction: log lines (one event per line) become what AWS would send firewatch, built with
 * core's own sample builders: the base64 CloudWatch Logs record (gzip of the subscription envelope), a
 * Firehose transformation Lambda test event, and an HTTP endpoint request body. Pure: no DOM.
 *
 * @module
 */
import { encodeBase64 } from '../core/bytes/base64.ts';
import { buildEnvelope, buildTransformationEvent, encodeRecord, SAMPLE_TIME } from '../core/samples/records.ts';

/** What the builder form holds. */
export interface BuilderInput {
  /** One log event per line; empty lines are skipped. */
  readonly text: string;
  readonly logGroup: string;
  readonly logStream: string;
  readonly source: 'direct' | 'kinesis';
}

/** The three outputs, as text ready to copy. */
export interface BuiltOutputs {
  readonly events: number;
  /** The base64 of the gzip-compressed envelope: one Firehose record's `data`. */
  readonly record: string;
  /** A Firehose data-transformation Lambda event (pretty JSON). */
  readonly lambdaEvent: string;
  /** A Firehose HTTP endpoint request body (pretty JSON). */
  readonly httpRequest: string;
}

export const DEFAULT_LOG_GROUP = '/aws/rds/instance/shop-db/general';
export const DEFAULT_LOG_STREAM = 'shop-db';

/**
 * Builds the three outputs for the given lines.
 *
 * @example
 * ```ts
 * buildOutputs({ text: 'a\nb', logGroup: DEFAULT_LOG_GROUP, logStream: DEFAULT_LOG_STREAM, source: 'direct' }).events; // 2
 * ```
 */
export function buildOutputs(input: BuilderInput): BuiltOutputs {
  const lines = input.text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const envelope = buildEnvelope({
    lines,
    logGroup: input.logGroup.trim() || DEFAULT_LOG_GROUP,
    logStream: input.logStream.trim() || DEFAULT_LOG_STREAM,
  });
  const bytes = encodeRecord(envelope);
  const record = encodeBase64(bytes);
  const lambdaEvent = buildTransformationEvent([bytes], { source: input.source });
  const httpRequest = { requestId: '00540a87-5050-496a-84e4-e7d92bbaf5e2', timestamp: SAMPLE_TIME + 60_000, records: [{ data: record }] };
  return { events: lines.length, record, lambdaEvent: JSON.stringify(lambdaEvent, null, 2), httpRequest: JSON.stringify(httpRequest, null, 2) };
}
