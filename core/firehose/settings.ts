/**
 * The transformation Lambda's own settings (lambda/transform.ts reads them through lambda/config.ts),
 * each declared once: default, meaning, rule. The document settings it shares with the other fronts are
 * core/config/document-settings.ts's.
 *
 * @example
 * ```ts
 * transformSettings.mode.read({ FIREWATCH_MODE: "ndjson" }); // "ndjson"
 * ```
 * @module
 */
import { type Env, Front, readChoice, readInteger, readString, type Setting } from '../config/env.ts';
import { DEFAULT_RESPONSE_BUDGET_BYTES, LAMBDA_SYNC_PAYLOAD_BYTES } from '../limits.ts';
import { OutputMode } from './transform.ts';

const TRANSFORM = [Front.TRANSFORM] as const;

/**
 * The transformation Lambda's settings.
 *
 * @example
 * ```ts
 * transformSettings.reingestMaxAttempts.read({}); // 8
 * ```
 */
export const transformSettings = {
  mode: {
    name: 'FIREWATCH_MODE',
    default: OutputMode.SPLIT,
    meaning: '`split` (one document per record; OpenSearch destination) or `ndjson` (all documents of a record, one per line; S3/HTTP/Splunk)',
    fronts: TRANSFORM,
    read: (env: Env): OutputMode => readChoice(env, 'FIREWATCH_MODE', [OutputMode.SPLIT, OutputMode.NDJSON], OutputMode.SPLIT),
  },
  responseBudgetBytes: {
    name: 'FIREWATCH_RESPONSE_BUDGET_BYTES',
    default: String(DEFAULT_RESPONSE_BUDGET_BYTES),
    // Digits grouped by hand: toLocaleString would load ICU's locale data while the Lambda imports (~7 ms of its cold start).
    meaning: `budget for the serialized response, 1,000,000 – ${String(LAMBDA_SYNC_PAYLOAD_BYTES).replace(/\B(?=(\d{3})+$)/g, ',')}`,
    fronts: TRANSFORM,
    // Below ~1 MB a single large event could never be answered; above the Lambda limit the response is rejected.
    read: (env: Env): number => readInteger(env, 'FIREWATCH_RESPONSE_BUDGET_BYTES', DEFAULT_RESPONSE_BUDGET_BYTES, 1_000_000, LAMBDA_SYNC_PAYLOAD_BYTES),
  },
  reingestMaxAttempts: {
    name: 'FIREWATCH_REINGEST_MAX_ATTEMPTS',
    default: '8',
    meaning: 'calls per re-ingestion batch, first one included, 1 – 50',
    fronts: TRANSFORM,
    read: (env: Env): number => readInteger(env, 'FIREWATCH_REINGEST_MAX_ATTEMPTS', 8, 1, 50),
  },
  reingestBaseDelayMs: {
    name: 'FIREWATCH_REINGEST_BASE_DELAY_MS',
    default: '100',
    meaning: 'backoff base; the n-th retry waits a random time up to `min(max, base × 2^(n−1))`',
    fronts: TRANSFORM,
    read: (env: Env): number => readInteger(env, 'FIREWATCH_REINGEST_BASE_DELAY_MS', 100, 1, 60_000),
  },
  reingestMaxDelayMs: {
    name: 'FIREWATCH_REINGEST_MAX_DELAY_MS',
    default: '5000',
    meaning: 'backoff cap',
    fronts: TRANSFORM,
    read: (env: Env): number => readInteger(env, 'FIREWATCH_REINGEST_MAX_DELAY_MS', 5_000, 1, 300_000),
  },
  reingestSafetyMarginMs: {
    name: 'FIREWATCH_REINGEST_SAFETY_MARGIN_MS',
    default: '1000',
    meaning: "time kept back from the invocation's remaining time to answer Firehose",
    fronts: TRANSFORM,
    read: (env: Env): number => readInteger(env, 'FIREWATCH_REINGEST_SAFETY_MARGIN_MS', 1_000, 0, 300_000),
  },
  metricsNamespace: {
    name: 'FIREWATCH_METRICS_NAMESPACE',
    default: 'firewatch',
    meaning: 'CloudWatch namespace of the summary metrics',
    fronts: TRANSFORM,
    read: (env: Env): string => readString(env, 'FIREWATCH_METRICS_NAMESPACE', 'firewatch'),
  },
} as const satisfies Record<string, Setting>;
