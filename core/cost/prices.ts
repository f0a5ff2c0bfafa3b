/**
 * List prices the cost model uses, as data: each with its unit, the page it comes from and the date it
 * was read, so a figure can be checked and replaced (`firewatch cost --prices FILE` or `--price KEY=USD`).
 * One region's prices, US East (N. Virginia), on-demand, without free tiers or volume discounts beyond the
 * first tier.
 *
 * @example
 * ```ts
 * const prices = withPriceOverrides(US_EAST_1_PRICES, { osiOcuHour: 0.26 });
 * prices.osiOcuHour.usd; // 0.26
 * ```
 * @module
 */
import { FirewatchError } from '../errors.ts';

/** One price: USD per `unit`, where it was read, and how sure we are of it. */
export interface Price {
  readonly usd: number;
  readonly unit: string;
  readonly source: string;
  /** Day the figure was taken (YYYY-MM-DD). */
  readonly retrieved: string;
  /** What was (or could not be) confirmed. */
  readonly note?: string;
}

/** Every price the model needs. */
export interface PriceSheet {
  readonly region: string;
  readonly kinesisShardHour: Price;
  readonly kinesisPutPayloadUnitsMillion: Price;
  readonly kinesisOnDemandStreamHour: Price;
  readonly kinesisOnDemandIngestGb: Price;
  readonly kinesisOnDemandRetrievalGb: Price;
  readonly firehoseIngestGb: Price;
  readonly lambdaGbSecondArm64: Price;
  readonly lambdaGbSecondX86: Price;
  readonly lambdaRequestsMillion: Price;
  readonly osiOcuHour: Price;
}

/** The keys of the prices (what `--price KEY=USD` accepts). */
export type PriceKey = Exclude<keyof PriceSheet, 'region'>;

const KINESIS = 'https://aws.amazon.com/kinesis/data-streams/pricing/';
const FIREHOSE = 'https://aws.amazon.com/firehose/pricing/';
const LAMBDA = 'https://aws.amazon.com/lambda/pricing/';
const OSI = 'https://aws.amazon.com/opensearch-service/pricing/';
const DAY = '2026-11-29';
const NOT_SHOWN = 'the stored copy of the page describes this charge but not the figure; AWS list price as published for us-east-1, check before relying on it';

/**
 * US East (N. Virginia) list prices read on 2026-11-29 (`search` over stored copies of the pricing pages;
 * where a stored copy did not show the figure, the note says so).
 */
export const US_EAST_1_PRICES: PriceSheet = {
  region: 'us-east-1',
  kinesisShardHour: { usd: 0.015, unit: 'shard-hour (provisioned: 1 MB/s or 1,000 records/s of writes)', source: KINESIS, retrieved: DAY, note: NOT_SHOWN },
  kinesisPutPayloadUnitsMillion: {
    usd: 0.014,
    unit: 'million PUT payload units (25 KB chunks of a record)',
    source: KINESIS,
    retrieved: DAY,
    note: `25 KB unit confirmed on the page; ${NOT_SHOWN}`,
  },
  kinesisOnDemandStreamHour: { usd: 0.04, unit: 'stream-hour (on-demand)', source: KINESIS, retrieved: DAY, note: NOT_SHOWN },
  kinesisOnDemandIngestGb: {
    usd: 0.08,
    unit: 'GB written (on-demand; each record rounded up to 1 KB)',
    source: KINESIS,
    retrieved: DAY,
    note: `1 KB rounding confirmed on the page; ${NOT_SHOWN}`,
  },
  kinesisOnDemandRetrievalGb: { usd: 0.04, unit: 'GB read (on-demand)', source: KINESIS, retrieved: DAY, note: NOT_SHOWN },
  firehoseIngestGb: {
    usd: 0.029,
    unit: 'GB ingested, first 500 TB a month (Direct PUT and Kinesis Data Streams as source; each record rounded up to 5 KB)',
    source: FIREHOSE,
    retrieved: DAY,
    note: `5 KB (5,120-byte) rounding per record confirmed on the page; ${NOT_SHOWN}`,
  },
  lambdaGbSecondArm64: { usd: 0.0000133334, unit: 'GB-second (arm64, first 7.5 billion a month)', source: LAMBDA, retrieved: DAY, note: NOT_SHOWN },
  lambdaGbSecondX86: { usd: 0.0000166667, unit: 'GB-second (x86_64, first 6 billion a month)', source: LAMBDA, retrieved: DAY, note: NOT_SHOWN },
  lambdaRequestsMillion: { usd: 0.2, unit: 'million requests', source: LAMBDA, retrieved: DAY, note: NOT_SHOWN },
  osiOcuHour: {
    usd: 0.24,
    unit: 'OCU-hour (OpenSearch Ingestion; a pipeline runs at least 1 OCU, about 2 MiB/s of a simple log pipeline each)',
    source: OSI,
    retrieved: DAY,
    note:
      'the minimum of 1 OCU and 2 MiB/s per OCU are confirmed by the OpenSearch Ingestion docs (ingestion-scaling); stored pages give 0.24 USD per OCU-hour for OpenSearch Serverless (third-party summaries of the official page, 2026), the Ingestion figure is the list price as published: check before relying on it',
  },
};

/** The price keys, in the sheet's order. */
export const PRICE_KEYS = Object.keys(US_EAST_1_PRICES).filter((k): k is PriceKey => k !== 'region');

/**
 * The sheet with some prices replaced: `overrides` maps keys to USD numbers or to whole {@link Price}
 * objects (a JSON file of either form). Throws `CONFIG_INVALID` for an unknown key or a bad number.
 *
 * @example
 * ```ts
 * withPriceOverrides(US_EAST_1_PRICES, JSON.parse('{"region":"eu-west-1","firehoseIngestGb":{"usd":0.031}}'));
 * ```
 */
export function withPriceOverrides(sheet: PriceSheet, overrides: unknown): PriceSheet {
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) {
    throw new FirewatchError('CONFIG_INVALID', 'prices: expected a JSON object of price keys to USD numbers or {"usd": n, ...}');
  }
  const result: Record<string, unknown> = { ...sheet };
  for (const [key, value] of Object.entries(overrides)) {
    if (key === 'region') {
      if (typeof value !== 'string' || value === '') throw new FirewatchError('CONFIG_INVALID', 'prices: region must be a non-empty string');
      result['region'] = value;
      continue;
    }
    if (!(PRICE_KEYS as readonly string[]).includes(key)) {
      throw new FirewatchError('CONFIG_INVALID', `prices: unknown price ${JSON.stringify(key)}; known: ${PRICE_KEYS.join(', ')}`);
    }
    const base = sheet[key as PriceKey];
    const usd = typeof value === 'number' ? value : (value as { usd?: unknown } | null)?.usd;
    if (typeof usd !== 'number' || !Number.isFinite(usd) || usd < 0) {
      throw new FirewatchError('CONFIG_INVALID', `prices: ${key} must be a USD amount ≥ 0 (a number, or {"usd": n})`);
    }
    const given = typeof value === 'object' && value !== null ? (value as Partial<Price>) : {};
    result[key] = { ...base, source: 'override', retrieved: '', ...given, usd, note: given.note ?? 'given by the user' };
  }
  return result as unknown as PriceSheet;
}
