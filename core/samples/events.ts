/**
 * Whole sample inputs composed from realistic log lines: CloudWatch Logs envelopes, the gzip records that
 * carry them, Firehose transformation events and HTTP endpoint requests. `firewatch sample`, the
 * benchmarks and the playground's "load a sample" button share these, so the same options and seed give
 * the same bytes everywhere.
 *
 * @example
 * ```ts
 * const event = buildSampleEvent({ format: "mysql-general", records: 3, events: 5, seed: 7 });
 * event.records.length; // 3, each a gzip envelope of 5 general-log events
 * ```
 * @module
 */
import { encodeBase64 } from '../bytes/base64.ts';
import type { ControlMessage, DataMessage } from '../cloudwatch/envelope.ts';
import type { TransformationEvent } from '../firehose/lambda-event.ts';
import { mulberry32, SAMPLE_START_MS, sampleEvents, type SampleFormat, sampleFormats, sampleLogGroups } from './log-lines.ts';
import { buildControlMessage, buildEnvelope, buildTransformationEvent, encodeRecord } from './records.ts';

/**
 * What a sample's records hold: one log format, control messages only, or a mix of all formats with a few
 * control messages.
 *
 * @example
 * ```ts
 * sampleEventFormats; // ["mysql-general", "mysql-slow", "mysql-error", "mariadb-audit", "postgresql", "json", "control", "mixed"]
 * ```
 */
export const sampleEventFormats = [...sampleFormats, 'control', 'mixed'] as const;
export type SampleEventFormat = (typeof sampleEventFormats)[number];

/** Options of the sample builders. */
export interface SampleOptions {
  /** Default `mysql-general`. */
  readonly format?: SampleEventFormat;
  /** Records (one envelope each), a whole number ≥ 0. Default 3. */
  readonly records?: number;
  /** Log events per data record, a whole number ≥ 1. Default 5. */
  readonly events?: number;
  /** `kinesis`: CloudWatch Logs → Kinesis → Firehose (records carry Kinesis metadata); `direct`: CloudWatch Logs → Firehose. Default `direct`. */
  readonly source?: 'kinesis' | 'direct';
  /** PRNG seed; the same seed gives the same output. Default 1. */
  readonly seed?: number;
}

/** In a `mixed` sample, about one record in this many is a control message. */
const CONTROL_ONE_IN = 8;

/** Records follow each other a little apart in time, as CloudWatch Logs batches them. */
const RECORD_GAP_MS = 250;

/**
 * The envelopes of a sample, one per record, deterministic for the options.
 *
 * @example
 * ```ts
 * buildSampleEnvelopes({ format: "postgresql", records: 1, events: 2 })[0]?.logGroup; // "/aws/rds/instance/billing-db/postgresql"
 * ```
 */
export function buildSampleEnvelopes(options: SampleOptions = {}): (DataMessage | ControlMessage)[] {
  const format = options.format ?? 'mysql-general';
  const records = wholeNumber(options.records ?? 3, 0, 'records');
  const events = wholeNumber(options.events ?? 5, 1, 'events');
  const seed = (options.seed ?? 1) >>> 0;
  const destination = options.source === 'kinesis' ? 'Kinesis stream' : 'Firehose';
  // One generator picks each record's format; each record's lines have their own seed, so changing the
  // number of events per record does not reshuffle which record has which format.
  const choose = mulberry32(seed ^ 0x5eed);
  const envelopes: (DataMessage | ControlMessage)[] = [];
  let time = SAMPLE_START_MS;
  for (let r = 0; r < records; r++) {
    const roll = choose();
    const recordFormat: SampleFormat | 'control' = format === 'mixed'
      ? (roll < 1 / CONTROL_ONE_IN ? 'control' : sampleFormats[Math.floor(choose() * sampleFormats.length)] ?? 'mysql-general')
      : format;
    if (recordFormat === 'control') {
      envelopes.push(buildControlMessage(destination, Math.floor(time)));
      time += RECORD_GAP_MS;
      continue;
    }
    const lines = sampleEvents(recordFormat, { count: events, seed: (Math.imul(seed, 0x9e3779b1) + r) >>> 0, start: time });
    const logGroup = sampleLogGroups[recordFormat];
    envelopes.push(
      buildEnvelope({
        lines: lines.map((e) => e.message),
        timestamps: lines.map((e) => e.timestamp),
        logGroup,
        logStream: logStreamOf(logGroup),
        idSeed: r + 1,
      }),
    );
    time = (lines.at(-1)?.timestamp ?? time) + RECORD_GAP_MS;
  }
  return envelopes;
}

/**
 * The sample's records as CloudWatch Logs delivers them: one gzip member per envelope.
 *
 * @example
 * ```ts
 * buildSampleRecords({ records: 2 }).length; // 2
 * ```
 */
export function buildSampleRecords(options: SampleOptions = {}): Uint8Array[] {
  return buildSampleEnvelopes(options).map((envelope) => encodeRecord(envelope));
}

/**
 * A Firehose data-transformation Lambda event carrying the sample's records; paste it into the Lambda
 * console's test event to try a transformation function.
 *
 * @example
 * ```ts
 * buildSampleEvent({ format: "mixed", records: 10, source: "kinesis" }).sourceKinesisStreamArn; // "arn:aws:kinesis:us-east-1:123456789012:stream/firewatch-rds"
 * ```
 */
export function buildSampleEvent(options: SampleOptions = {}): TransformationEvent {
  return buildTransformationEvent(buildSampleRecords(options), { source: options.source ?? 'direct' });
}

/** The body Firehose POSTs to an HTTP endpoint destination. */
export interface HttpEndpointRequestBody {
  readonly requestId: string;
  /** Epoch ms. */
  readonly timestamp: number;
  readonly records: readonly { readonly data: string }[];
}

/**
 * A Firehose HTTP endpoint request body carrying the sample's records, as the HTTP endpoint destination
 * receives them (the Firehose Lambda transform not configured).
 *
 * @example
 * ```ts
 * buildSampleHttpRequest({ records: 2 }).records.length; // 2
 * ```
 */
export function buildSampleHttpRequest(options: SampleOptions = {}): HttpEndpointRequestBody {
  const records = buildSampleRecords(options).map((bytes) => ({ data: encodeBase64(bytes) }));
  const seed = ((options.seed ?? 1) >>> 0).toString(16).padStart(8, '0');
  return { requestId: `${seed}-5050-496a-84e4-e7d92bbaf5e2`, timestamp: SAMPLE_START_MS + 60_000, records };
}

/** RDS names the log stream after the instance (`/aws/rds/instance/<db>/general` → `<db>`); others get an ECS-like stream. */
function logStreamOf(logGroup: string): string {
  const rds = /^\/aws\/rds\/(?:instance|cluster)\/([^/]+)\//.exec(logGroup);
  return rds?.[1] ?? 'web/checkout-api/1f2e3d4c5b6a47988796a5b4c3d2e1f0';
}

function wholeNumber(value: number, min: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < min) throw new RangeError(`firewatch: sample ${name} must be a whole number ≥ ${min}, got ${value}`);
  return value;
}
