/**
 * Builds realistic CloudWatch Logs envelopes, Firehose records and transformation events from readable
 * log lines: the fixtures of the test suite, the `firewatch sample` command, the benchmarks and the
 * playground's "build a record" feature all come from here.
 *
 * @example
 * ```ts
 * const envelope = buildEnvelope({ logGroup: "/aws/rds/instance/shop/general", lines: ["2026-11-25T11:41:00.123456Z\t   42 Query\tSELECT 1"] });
 * const event = buildTransformationEvent([encodeRecord(envelope)]);
 * ```
 * @module
 */
import { encodeBase64 } from '../bytes/base64.ts';
import { gzip } from '../bytes/gzip.ts';
import { encodeUtf8 } from '../bytes/utf8.ts';
import { type ControlMessage, type DataMessage, type LogEvent, MessageType } from '../cloudwatch/envelope.ts';
import type { TransformationEvent, TransformationRecord } from '../firehose/lambda-event.ts';

/** Defaults shared by the builders: a fixed account and time so fixtures are reproducible. */
export const SAMPLE_ACCOUNT = '123456789012';
export const SAMPLE_REGION = 'us-east-1';
export const SAMPLE_TIME: number = Date.UTC(2026, 10, 25, 11, 41, 0);
export const SAMPLE_DELIVERY_STREAM_ARN = `arn:aws:firehose:${SAMPLE_REGION}:${SAMPLE_ACCOUNT}:deliverystream/firewatch-rds`;
export const SAMPLE_KINESIS_STREAM_ARN = `arn:aws:kinesis:${SAMPLE_REGION}:${SAMPLE_ACCOUNT}:stream/firewatch-rds`;

/** Options of {@link buildEnvelope}. */
export interface EnvelopeOptions {
  readonly lines: readonly string[];
  readonly logGroup?: string;
  readonly logStream?: string;
  readonly owner?: string;
  readonly subscriptionFilters?: readonly string[];
  /** Time of the first event, epoch ms; each next event is 1 ms later unless `timestamps` says otherwise. */
  readonly startTime?: number;
  readonly timestamps?: readonly number[];
  /** Distinguishes the ids of envelopes built from the same lines and time. */
  readonly idSeed?: number;
  readonly policyLevel?: string;
}

/**
 * A CloudWatch Logs event id: 56 decimal digits like the real ones, derived from the time and position so
 * fixtures are deterministic and ids unique.
 */
export function sampleEventId(timestamp: number, seed: number, index: number): string {
  return `3${String(timestamp).padStart(15, '0')}${String(seed).padStart(10, '0')}${String(index).padStart(30, '0')}`.slice(0, 56);
}

/** A DATA_MESSAGE envelope carrying one event per line. */
export function buildEnvelope(options: EnvelopeOptions): DataMessage {
  const start = options.startTime ?? SAMPLE_TIME;
  const logEvents: LogEvent[] = options.lines.map((message, i) => {
    const timestamp = options.timestamps?.[i] ?? start + i;
    return { id: sampleEventId(timestamp, options.idSeed ?? 0, i), timestamp, message };
  });
  const envelope: DataMessage = {
    messageType: MessageType.DATA,
    owner: options.owner ?? SAMPLE_ACCOUNT,
    logGroup: options.logGroup ?? '/aws/rds/instance/shop-db/general',
    logStream: options.logStream ?? 'shop-db',
    subscriptionFilters: options.subscriptionFilters ?? ['firewatch-rds'],
    logEvents,
    ...(options.policyLevel === undefined ? {} : { policyLevel: options.policyLevel }),
  };
  return envelope;
}

/** The health-check message CloudWatch Logs sends when a subscription is created. */
export function buildControlMessage(destination: 'Firehose' | 'Kinesis stream' = 'Firehose', timestamp = SAMPLE_TIME): ControlMessage {
  return {
    messageType: MessageType.CONTROL,
    owner: 'CloudwatchLogs',
    logGroup: '',
    logStream: '',
    subscriptionFilters: [],
    logEvents: [{ id: '', timestamp, message: `CWL CONTROL MESSAGE: Checking health of destination ${destination}.` }],
  };
}

/** An envelope as CloudWatch Logs delivers it: gzip-compressed JSON (one member). */
export function encodeRecord(envelope: DataMessage | ControlMessage, level: 0 | 1 | 6 | 9 = 6): Uint8Array {
  return gzip(encodeUtf8(JSON.stringify(envelope)), level);
}

/** Options of {@link buildTransformationEvent}. */
export interface TransformationEventOptions {
  /** `kinesis`: the delivery stream reads a Kinesis data stream (records carry Kinesis metadata). */
  readonly source?: 'kinesis' | 'direct';
  readonly deliveryStreamArn?: string;
  readonly kinesisStreamArn?: string;
  readonly arrivalTime?: number;
}

/** A Firehose data-transformation Lambda event carrying the given record bytes. */
export function buildTransformationEvent(records: readonly Uint8Array[], options: TransformationEventOptions = {}): TransformationEvent {
  const arrival = options.arrivalTime ?? SAMPLE_TIME + 5_000;
  const kinesis = options.source === 'kinesis';
  const out: TransformationRecord[] = records.map((bytes, i) => {
    const recordId = `49546986683135544286507457936321625675700192471156785154${String(i).padStart(6, '0')}`;
    const base = { recordId, approximateArrivalTimestamp: arrival + i, data: encodeBase64(bytes) };
    return kinesis
      ? {
        ...base,
        kinesisRecordMetadata: {
          shardId: 'shardId-000000000000',
          partitionKey: `partition-${i % 16}`,
          approximateArrivalTimestamp: arrival + i,
          sequenceNumber: `4954698668313554428650745793632162567570019247115678${String(i).padStart(10, '0')}`,
          subsequenceNumber: 0,
        },
      }
      : base;
  });
  return {
    invocationId: '00540a87-5050-496a-84e4-e7d92bbaf5e2',
    deliveryStreamArn: options.deliveryStreamArn ?? SAMPLE_DELIVERY_STREAM_ARN,
    region: SAMPLE_REGION,
    ...(kinesis ? { sourceKinesisStreamArn: options.kinesisStreamArn ?? SAMPLE_KINESIS_STREAM_ARN } : {}),
    records: out,
  };
}
