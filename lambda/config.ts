/**
 * The Lambdas' own configuration: environment variables, read once at start-up. A bad value fails the
 * function's initialisation with a message naming the variable, rather than every invocation. The
 * README's configuration table lists the same variables: the transformation Lambda's below, and
 * {@link httpLambdaVariables}, which the HTTP endpoint Lambda reads besides the endpoint's own.
 *
 * @module
 */
import { readChoice, readInteger, readString, type Env } from '../core/config/env.ts';
import type { VariableDoc } from '../core/endpoint/config.ts';
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

/**
 * Variables only the HTTP endpoint Lambda (lambda/http.ts) reads, beyond `endpointVariables` and
 * `openSearchVariables`, for the README table.
 *
 * @example
 * ```ts
 * for (const v of httpLambdaVariables) console.log(`| ${v.name} | ${v.default} | ${v.meaning} |`);
 * ```
 */
export const httpLambdaVariables: readonly VariableDoc[] = [
  {
    name: 'FIREWATCH_ACCESS_KEY_SECRET',
    default: '(none)',
    meaning:
      'HTTP endpoint on Lambda: ARN or name of the Secrets Manager secret holding the access key, in the format a Firehose HTTP endpoint destination reads it from (`{"api_key":"<key>"}`; a plain-text secret is the key itself). Its AWSCURRENT and AWSPREVIOUS versions are both accepted (rotation), read at the first delivery and again every 5 minutes; FIREWATCH_ACCESS_KEYS may then be empty (its keys are accepted too). The role needs secretsmanager:GetSecretValue on the secret.',
  },
];

/** Secrets Manager takes a `SecretId` of 1 to 2,048 characters (GetSecretValue API reference). */
const SECRET_ID_MAX_CHARS = 2048;

/**
 * The HTTP endpoint Lambda's `FIREWATCH_ACCESS_KEY_SECRET`: a secret ARN or name, or undefined when unset.
 * Throws `CONFIG_INVALID` naming the variable.
 *
 * @example
 * ```ts
 * readAccessKeySecretId({ FIREWATCH_ACCESS_KEY_SECRET: "firewatch/endpoint-key" }); // "firewatch/endpoint-key"
 * ```
 */
export function readAccessKeySecretId(env: Env): string | undefined {
  const secretId = readString(env, 'FIREWATCH_ACCESS_KEY_SECRET', '');
  if (secretId === '') return undefined;
  if (secretId.length > SECRET_ID_MAX_CHARS) throw new FirewatchError('CONFIG_INVALID', `FIREWATCH_ACCESS_KEY_SECRET is ${secretId.length} characters; a secret ARN or name has at most ${SECRET_ID_MAX_CHARS}`);
  return secretId;
}
