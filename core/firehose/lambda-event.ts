/**
 * The Firehose data-transformation Lambda contract: the event Firehose sends and the response it expects.
 * Parsing is lenient where Firehose itself varies (older events carry timestamps and sequence numbers as
 * strings) and strict where a wrong shape would make the answer wrong (every record needs its `recordId`).
 *
 * @module
 */
import { fail, ok, type Result } from '../errors.ts';

/** Kinesis metadata, present when the delivery stream reads from a Kinesis data stream. */
export interface KinesisRecordMetadata {
  readonly shardId?: string;
  readonly partitionKey?: string;
  readonly approximateArrivalTimestamp?: number | string;
  readonly sequenceNumber?: string;
  readonly subsequenceNumber?: number | string;
}

/** One input record. */
export interface TransformationRecord {
  readonly recordId: string;
  /** Epoch ms (some producers send it as a string). */
  readonly approximateArrivalTimestamp?: number | string;
  /** Base64 of the record's bytes. */
  readonly data: string;
  readonly kinesisRecordMetadata?: KinesisRecordMetadata;
}

/** The event Firehose invokes the transformation Lambda with. */
export interface TransformationEvent {
  readonly invocationId?: string;
  readonly deliveryStreamArn: string;
  readonly region?: string;
  /** Present when the delivery stream's source is a Kinesis data stream: re-ingest there. */
  readonly sourceKinesisStreamArn?: string;
  readonly records: readonly TransformationRecord[];
}

/** One answer; `data` only with `Ok`. */
export type ResponseRecord =
  | { readonly recordId: string; readonly result: 'Ok'; readonly data: string }
  | { readonly recordId: string; readonly result: 'Dropped' | 'ProcessingFailed' };

/** The response: exactly one answer per input `recordId`. */
export interface TransformationResponse {
  readonly records: readonly ResponseRecord[];
}

/** How many records of a response got each answer. */
export interface ResultCounts {
  readonly ok: number;
  readonly dropped: number;
  readonly processingFailed: number;
}

/**
 * Counts the answers of a response, for the Lambda's summary line.
 *
 * @example
 * ```ts
 * countResults({ records: [{ recordId: "1", result: "Ok", data: "" }, { recordId: "2", result: "Dropped" }] });
 * // { ok: 1, dropped: 1, processingFailed: 0 }
 * ```
 */
export function countResults(response: TransformationResponse): ResultCounts {
  let ok = 0;
  let dropped = 0;
  let processingFailed = 0;
  for (const r of response.records) {
    if (r.result === 'Ok') ok++;
    else if (r.result === 'Dropped') dropped++;
    else processingFailed++;
  }
  return { ok, dropped, processingFailed };
}

/**
 * Checks an incoming event. A record whose `data` is not a string is kept (it will be answered
 * `ProcessingFailed`); a record without a string `recordId` makes the whole event invalid, because it
 * could not be answered at all.
 */
export function validateTransformationEvent(value: unknown): Result<TransformationEvent> {
  if (typeof value !== 'object' || value === null) return invalid('the event is not a JSON object');
  const event = value as Record<string, unknown>;
  if (!Array.isArray(event['records'])) return invalid('records is missing or not an array');
  if (typeof event['deliveryStreamArn'] !== 'string') return invalid('deliveryStreamArn is missing or not a string');
  const deliveryArn = parseStreamArn(event['deliveryStreamArn'], 'firehose');
  if (!deliveryArn.ok) return invalid(`deliveryStreamArn: ${deliveryArn.error.detail}`);
  const source = event['sourceKinesisStreamArn'];
  if (source !== undefined) {
    const sourceArn = typeof source === 'string' ? parseStreamArn(source, 'kinesis') : undefined;
    if (!sourceArn?.ok) return invalid(`sourceKinesisStreamArn: ${sourceArn ? sourceArn.error.detail : 'not a string'}`);
  }
  const seen = new Set<string>();
  for (const [i, record] of (event['records'] as unknown[]).entries()) {
    const id = typeof record === 'object' && record !== null ? (record as { recordId?: unknown }).recordId : undefined;
    if (typeof id !== 'string') return invalid(`records[${i}].recordId is missing or not a string`);
    if (seen.has(id)) return invalid(`records[${i}].recordId ${JSON.stringify(id)} appears twice`);
    seen.add(id);
  }
  return ok(value as TransformationEvent);
}

const invalid = (detail: string): Result<TransformationEvent> => fail('EVENT_SHAPE_INVALID', detail);

/** The parts of a Firehose or Kinesis ARN the re-ingestion needs. */
export interface StreamArn {
  readonly region: string;
  readonly account: string;
  readonly name: string;
}

/**
 * Parses `arn:aws:firehose:<region>:<account>:deliverystream/<name>` or
 * `arn:aws:kinesis:<region>:<account>:stream/<name>` (any partition: aws, aws-cn, aws-us-gov).
 */
export function parseStreamArn(arn: string, service: 'firehose' | 'kinesis'): Result<StreamArn> {
  const resource = service === 'firehose' ? 'deliverystream' : 'stream';
  const match = /^arn:aws[a-z-]*:([a-z]+):([a-z0-9-]*):(\d*):([a-z]+)\/(.+)$/.exec(arn);
  if (!match || match[1] !== service || match[4] !== resource) {
    return fail('EVENT_SHAPE_INVALID', `${JSON.stringify(arn)} is not a ${service} ${resource} ARN`);
  }
  return ok({ region: match[2]!, account: match[3]!, name: match[5]! });
}

/** Reads a timestamp Firehose may send as a number or a numeric string; undefined when it is neither. */
export function epochMillis(value: number | string | undefined): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}
