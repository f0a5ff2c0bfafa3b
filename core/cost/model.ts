/**
 * What each firewatch deployment costs a month for a log volume: pure arithmetic over a
 * {@link PriceSheet} and the measured {@link Throughput}s, so the same figures come out of the CLI, the
 * playground and the tests. What every path pays alike (CloudWatch Logs ingestion and storage, the
 * OpenSearch domain) is left out: the comparison is of what differs.
 *
 * How the volume flows, per deployment (R = records per second from CloudWatch Logs, each a gzip envelope
 * of `eventsPerRecord` events):
 * - split via Firehose: Kinesis takes R records plus the re-ingested one-event records (every event of a
 *   record but the one answered), Firehose ingests all of them rounded up to 5 KB each, the transformation
 *   Lambda reads them all;
 * - HTTP endpoint: Kinesis and Firehose take the R records (5 KB rounding is small on records of many
 *   events); the function URL Lambda decodes them;
 * - subscription Lambda: no Kinesis, no Firehose; one invocation per CloudWatch Logs delivery;
 * - Kinesis consumer: Kinesis takes the R records; the event source mapping invokes the Lambda with batches;
 * - OpenSearch Ingestion, for comparison: the same stream read by a pipeline of as many OCUs as the
 *   inflated volume needs at 2 MiB/s each, at least its minimum of 1.
 *
 * @example
 * ```ts
 * const estimate = estimateCosts({ eventsPerSecond: 2000, lineBytes: 200, eventsPerRecord: 100, compressionRatio: 6 });
 * estimate.deployments.map((d) => [d.key, d.totalUsd]);
 * ```
 * @module
 */
import { FirewatchError } from '../errors.ts';
import {
  KINESIS_SHARD_WRITE_BYTES_PER_SECOND,
  KINESIS_SHARD_WRITE_RECORDS_PER_SECOND,
  LAMBDA_FULL_VCPU_MB,
  OPENSEARCH_INGESTION_OCU_BYTES_PER_SECOND,
} from '../limits.ts';
import { type PriceSheet, US_EAST_1_PRICES } from './prices.ts';
import { DOCUMENTS_TO_BULK, type Throughput, TRANSFORM_SPLIT } from './throughput.ts';

/** The log volume. */
export interface Volume {
  readonly eventsPerSecond: number;
  /** Average log line (event message) in bytes. */
  readonly lineBytes: number;
  /** Log events per CloudWatch Logs delivery, i.e. per Kinesis record (busy log groups batch many). */
  readonly eventsPerRecord: number;
  /** Inflated ÷ gzip size of a delivery. */
  readonly compressionRatio: number;
}

/** How the deployments are configured (the templates' defaults unless given). */
export interface CostOptions {
  readonly prices?: PriceSheet;
  readonly lambdaMemoryMb?: number;
  readonly architecture?: 'arm64' | 'x86_64';
  readonly streamMode?: 'provisioned' | 'on-demand';
  /** Billed milliseconds per inflated MB a function spends waiting (OpenSearch `_bulk`, re-ingestion); not measured. Default 0. */
  readonly waitMsPerMb?: number;
  /** Kinesis consumer: the mapping's BatchSize and batching window. */
  readonly batchSize?: number;
  readonly batchingWindowSeconds?: number;
}

/** One billed quantity. */
export interface CostLine {
  readonly service: 'Kinesis' | 'Firehose' | 'Lambda' | 'OpenSearch Ingestion';
  readonly item: string;
  /** Quantity a month, in `unit`s. */
  readonly quantity: number;
  readonly unit: string;
  readonly usd: number;
}

/** The keys of the deployments, in the order they are printed. */
export const DEPLOYMENTS = {
  split: 'split via Firehose (pipeline.yaml)',
  http: 'HTTP endpoint behind Firehose (http-endpoint.yaml)',
  subscription: 'subscription Lambda (subscription.yaml)',
  kinesis: 'Kinesis consumer Lambda (kinesis.yaml)',
  osi: 'OpenSearch Ingestion (1 OCU or more), for comparison',
} as const;
export type DeploymentKey = keyof typeof DEPLOYMENTS;

/** One deployment's monthly bill. */
export interface DeploymentCost {
  readonly key: DeploymentKey;
  readonly name: string;
  readonly lines: readonly CostLine[];
  readonly totalUsd: number;
}

/** The estimate, with the derived volume it rests on. */
export interface CostEstimate {
  readonly volume: Volume;
  readonly recordsPerSecond: number;
  /** Average gzip size of a CloudWatch Logs record. */
  readonly recordBytes: number;
  /** Log text a day, in GB (2^30 bytes). */
  readonly gbPerDay: number;
  readonly options: Required<Omit<CostOptions, 'prices'>>;
  readonly prices: PriceSheet;
  readonly deployments: readonly DeploymentCost[];
}

/** Pricing pages bill a month as 730 hours. */
export const HOURS_PER_MONTH = 730;
const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;
/** AWS bills data in GB of 2^30 bytes. */
export const GB = 1024 ** 3;
/** Firehose rounds each record up to 5 KB (5,120 bytes). */
export const FIREHOSE_RECORD_ROUNDING = 5 * 1024;
/** A Kinesis PUT payload unit is a 25 KB chunk of a record. */
const PUT_PAYLOAD_UNIT = 25 * 1024;
/** On-demand Kinesis rounds each record up to 1 KB. */
const ON_DEMAND_ROUNDING = 1024;
const SHARD_BYTES_PER_SECOND = KINESIS_SHARD_WRITE_BYTES_PER_SECOND;
const SHARD_RECORDS_PER_SECOND = KINESIS_SHARD_WRITE_RECORDS_PER_SECOND;
const FULL_VCPU_MB = LAMBDA_FULL_VCPU_MB;
const OCU_BYTES_PER_SECOND = OPENSEARCH_INGESTION_OCU_BYTES_PER_SECOND;
/** JSON around one event in an envelope: `{"id":"<56 digits>","timestamp":<13 digits>,"message":""},`. */
export const EVENT_JSON_BYTES = 105;
/** JSON around the events of an envelope (message type, owner, log group and stream, filter name). */
export const ENVELOPE_JSON_BYTES = 180;
/** Firehose invokes the transformation per processor buffer (1 MB by default, pipeline.yaml) ... */
const PROCESSOR_BUFFER_BYTES = 1_000_000;
/** ... posts the HTTP endpoint per destination buffer (2 MB by default, http-endpoint.yaml) ... */
const HTTP_BUFFER_BYTES = 2_000_000;
/** ... or at the buffering interval (60 s in both templates), whichever comes first. */
const FIREHOSE_BUFFER_SECONDS = 60;

const DEFAULTS: Required<Omit<CostOptions, 'prices'>> = {
  lambdaMemoryMb: 512,
  architecture: 'arm64',
  streamMode: 'provisioned',
  waitMsPerMb: 0,
  batchSize: 500,
  batchingWindowSeconds: 5,
};

/** Records written a second, all of one size. */
interface Writes {
  readonly perSecond: number;
  readonly bytes: number;
}

const roundUp = (bytes: number, unit: number) => Math.ceil(bytes / unit) * unit;
const month = (perSecond: number) => perSecond * SECONDS_PER_MONTH;

/**
 * The monthly cost of each deployment for `volume`; throws `CONFIG_INVALID` for a volume that is not
 * positive and finite.
 *
 * @example
 * ```ts
 * const { deployments } = estimateCosts({ eventsPerSecond: 50, lineBytes: 300, eventsPerRecord: 20, compressionRatio: 5 });
 * ```
 */
export function estimateCosts(volume: Volume, options: CostOptions = {}): CostEstimate {
  for (const [name, value] of Object.entries(volume)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new FirewatchError('CONFIG_INVALID', `cost: ${name} must be a number > 0, not ${String(value)}`);
    }
  }
  if (volume.eventsPerRecord < 1) throw new FirewatchError('CONFIG_INVALID', 'cost: eventsPerRecord must be at least 1');
  const prices = options.prices ?? US_EAST_1_PRICES;
  const settings = { ...DEFAULTS, ...definedOnly(options) };
  const { eventsPerSecond: e, lineBytes, eventsPerRecord: k, compressionRatio } = volume;
  const R = e / k;
  const inflatedRecord = ENVELOPE_JSON_BYTES + k * (lineBytes + EVENT_JSON_BYTES);
  const recordBytes = Math.max(1, Math.round(inflatedRecord / compressionRatio));
  // What the split path re-ingests: plain-JSON envelopes of one event each.
  const oneEventRecord = ENVELOPE_JSON_BYTES + lineBytes + EVENT_JSON_BYTES;
  const originals: Writes = { perSecond: R, bytes: recordBytes };
  const reingested: Writes = { perSecond: R * (k - 1), bytes: oneEventRecord };
  const inflatedMbPerSecond = (R * inflatedRecord) / 1e6;

  const kinesis = (writes: readonly Writes[]): { lines: CostLine[]; shards: number } => {
    const bytes = writes.reduce((n, w) => n + w.perSecond * w.bytes, 0);
    const records = writes.reduce((n, w) => n + w.perSecond, 0);
    if (settings.streamMode === 'on-demand') {
      const written = writes.reduce((n, w) => n + w.perSecond * roundUp(w.bytes, ON_DEMAND_ROUNDING), 0);
      return {
        shards: 1,
        lines: [
          line('Kinesis', 'on-demand stream', HOURS_PER_MONTH, 'stream-hours', prices.kinesisOnDemandStreamHour.usd),
          line('Kinesis', 'data written (1 KB rounding)', month(written) / GB, 'GB', prices.kinesisOnDemandIngestGb.usd),
          line('Kinesis', 'data read by one consumer', month(bytes) / GB, 'GB', prices.kinesisOnDemandRetrievalGb.usd),
        ],
      };
    }
    const shards = Math.max(1, Math.ceil(bytes / SHARD_BYTES_PER_SECOND), Math.ceil(records / SHARD_RECORDS_PER_SECOND));
    const units = writes.reduce((n, w) => n + w.perSecond * Math.ceil(w.bytes / PUT_PAYLOAD_UNIT), 0);
    return {
      shards,
      lines: [
        line(
          'Kinesis',
          `${shards} shard${shards === 1 ? '' : 's'} (${Math.round(records).toLocaleString('en-US')} records/s)`,
          shards * HOURS_PER_MONTH,
          'shard-hours',
          prices.kinesisShardHour.usd,
        ),
        line('Kinesis', 'PUT payload units', month(units) / 1e6, 'million', prices.kinesisPutPayloadUnitsMillion.usd),
      ],
    };
  };
  const firehose = (writes: readonly Writes[]): CostLine => {
    const billed = writes.reduce((n, w) => n + w.perSecond * roundUp(w.bytes, FIREHOSE_RECORD_ROUNDING), 0);
    const records = writes.reduce((n, w) => n + w.perSecond, 0);
    return line(
      'Firehose',
      `ingestion, ${Math.round(records).toLocaleString('en-US')} records/s rounded up to 5 KB`,
      month(billed) / GB,
      'GB',
      prices.firehoseIngestGb.usd,
    );
  };
  const lambda = (name: string, mbPerSecond: number, throughput: Throughput, invocationsPerSecond: number): CostLine[] => {
    const memoryGb = settings.lambdaMemoryMb / 1024;
    // Below a full vCPU the function runs proportionally slower, so its CPU costs the same GB-seconds at any smaller memory.
    const cpuGbSeconds = ((mbPerSecond * throughput.msPerMb) / 1000) * (Math.max(settings.lambdaMemoryMb, FULL_VCPU_MB) / 1024);
    const waitGbSeconds = ((mbPerSecond * settings.waitMsPerMb) / 1000) * memoryGb;
    const gbSecondPrice = settings.architecture === 'arm64' ? prices.lambdaGbSecondArm64.usd : prices.lambdaGbSecondX86.usd;
    return [
      line('Lambda', `${name}, ${settings.lambdaMemoryMb} MB ${settings.architecture}`, month(cpuGbSeconds + waitGbSeconds), 'GB-seconds', gbSecondPrice),
      line('Lambda', `${name} invocations`, month(invocationsPerSecond) / 1e6, 'million', prices.lambdaRequestsMillion.usd),
    ];
  };
  const firehoseInvocations = (bytesPerSecond: number, bufferBytes: number) => Math.max(bytesPerSecond / bufferBytes, 1 / FIREHOSE_BUFFER_SECONDS);

  const deployments: DeploymentCost[] = [];
  const add = (key: DeploymentKey, lines: CostLine[]) =>
    deployments.push({ key, name: DEPLOYMENTS[key], lines, totalUsd: lines.reduce((n, l) => n + l.usd, 0) });

  const splitWrites = [originals, reingested];
  const splitInflatedMb = inflatedMbPerSecond + (reingested.perSecond * reingested.bytes) / 1e6;
  add('split', [
    ...kinesis(splitWrites).lines,
    firehose(splitWrites),
    ...lambda(
      'transformation',
      splitInflatedMb,
      TRANSFORM_SPLIT,
      firehoseInvocations(R * recordBytes + reingested.perSecond * reingested.bytes, PROCESSOR_BUFFER_BYTES),
    ),
  ]);
  add('http', [
    ...kinesis([originals]).lines,
    firehose([originals]),
    ...lambda('function URL', inflatedMbPerSecond, DOCUMENTS_TO_BULK, firehoseInvocations(R * recordBytes, HTTP_BUFFER_BYTES)),
  ]);
  add('subscription', lambda('subscription', inflatedMbPerSecond, DOCUMENTS_TO_BULK, R));
  const stream = kinesis([originals]);
  // The mapping invokes when a batch is full or its window ends, per shard.
  const consumerInvocations = Math.max(R / settings.batchSize, stream.shards / Math.max(1, settings.batchingWindowSeconds));
  add('kinesis', [...stream.lines, ...lambda('consumer', inflatedMbPerSecond, DOCUMENTS_TO_BULK, consumerInvocations)]);
  const ocus = Math.max(1, Math.ceil((R * inflatedRecord) / OCU_BYTES_PER_SECOND));
  add('osi', [
    ...stream.lines,
    line('OpenSearch Ingestion', `pipeline of ${ocus} OCU${ocus === 1 ? ' (its minimum)' : 's'}`, ocus * HOURS_PER_MONTH, 'OCU-hours', prices.osiOcuHour.usd),
  ]);

  return { volume, recordsPerSecond: R, recordBytes, gbPerDay: (e * lineBytes * 86_400) / GB, options: settings, prices, deployments };
}

function line(service: CostLine['service'], item: string, quantity: number, unit: string, unitPrice: number): CostLine {
  return { service, item, quantity, unit, usd: quantity * unitPrice };
}

function definedOnly(options: CostOptions): Partial<Required<Omit<CostOptions, 'prices'>>> {
  const { prices: _prices, ...rest } = options;
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
}
