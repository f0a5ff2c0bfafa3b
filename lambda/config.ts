/**
 * The transformation Lambda's configuration: environment variables, read once at start-up. A bad value
 * fails the function's initialisation with a message naming the variable, rather than every invocation.
 * The README's configuration table lists the same variables.
 *
 * @module
 */
import { readChoice, readInteger, readString, type Env } from '../core/config/env.ts';
import { FirewatchError } from '../core/errors.ts';
import { OutputMode } from '../core/firehose/transform.ts';
import { DEFAULT_MAX_INFLATED_BYTES, DEFAULT_RESPONSE_BUDGET_BYTES, LAMBDA_SYNC_PAYLOAD_BYTES } from '../core/limits.ts';
import { parseParserOverrides, type ParserOverride } from '../core/parsers/registry.ts';

/** Parsed configuration of the transformation handler. */
export interface TransformConfig {
  readonly mode: OutputMode;
  readonly responseBudgetBytes: number;
  readonly maxInflatedBytes: number;
  readonly parserOverrides: readonly ParserOverride[];
  readonly keepMessage: boolean;
  readonly reingest: {
    readonly maxAttempts: number;
    readonly baseDelayMs: number;
    readonly maxDelayMs: number;
    readonly safetyMarginMs: number;
  };
  readonly metricsNamespace: string;
}

/** Reads the configuration; throws `CONFIG_INVALID` naming the variable. */
export function loadTransformConfig(env: Env): TransformConfig {
  const overrides = parseParserOverrides(readString(env, 'FIREWATCH_PARSERS', ''));
  if (!overrides.ok) throw new FirewatchError('CONFIG_INVALID', `FIREWATCH_PARSERS: ${overrides.error.detail}`);
  return {
    mode: readChoice(env, 'FIREWATCH_MODE', [OutputMode.SPLIT, OutputMode.NDJSON], OutputMode.SPLIT),
    // Below ~1 MB a single large event could never be answered; above the Lambda limit the response is rejected.
    responseBudgetBytes: readInteger(env, 'FIREWATCH_RESPONSE_BUDGET_BYTES', DEFAULT_RESPONSE_BUDGET_BYTES, 1_000_000, LAMBDA_SYNC_PAYLOAD_BYTES),
    maxInflatedBytes: readInteger(env, 'FIREWATCH_MAX_INFLATED_BYTES', DEFAULT_MAX_INFLATED_BYTES, 1024 * 1024, 1024 * 1024 * 1024),
    parserOverrides: overrides.value,
    keepMessage: readChoice(env, 'FIREWATCH_KEEP_MESSAGE', ['false', 'true'], 'false') === 'true',
    reingest: {
      maxAttempts: readInteger(env, 'FIREWATCH_REINGEST_MAX_ATTEMPTS', 8, 1, 50),
      baseDelayMs: readInteger(env, 'FIREWATCH_REINGEST_BASE_DELAY_MS', 100, 1, 60_000),
      maxDelayMs: readInteger(env, 'FIREWATCH_REINGEST_MAX_DELAY_MS', 5_000, 1, 300_000),
      safetyMarginMs: readInteger(env, 'FIREWATCH_REINGEST_SAFETY_MARGIN_MS', 1_000, 0, 300_000),
    },
    metricsNamespace: readString(env, 'FIREWATCH_METRICS_NAMESPACE', 'firewatch'),
  };
}
