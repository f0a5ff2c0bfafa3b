/**
 * The Lambdas' own configuration: environment variables, read once at start-up. A bad value fails the
 * function's initialisation with a message naming the variable, rather than every invocation. The
 * README's configuration table lists the same variables: the transformation Lambda's below, and
 * {@link httpLambdaVariables}, which the HTTP endpoint Lambda reads besides the endpoint's own.
 *
 * @module
 */
import { readChoice, readInteger, readParser, readString, type Env } from '../core/config/env.ts';
import type { VariableDoc } from '../core/endpoint/config.ts';
import type { DocumentSettings } from '../core/endpoint/documents.ts';
import { FirewatchError } from '../core/errors.ts';
import { OutputMode } from '../core/firehose/transform.ts';
import { DEFAULT_MAX_INFLATED_BYTES, DEFAULT_RESPONSE_BUDGET_BYTES, LAMBDA_SYNC_PAYLOAD_BYTES } from '../core/limits.ts';
import type { LogParser } from '../core/parsers/parser.ts';
import { parseParserOverrides, type ParserOverride } from '../core/parsers/registry.ts';
import { readOpenSearchConfig, type OpenSearchConfig } from '../core/opensearch/config.ts';

/** Parsed configuration of the transformation handler. */
export interface TransformConfig {
  readonly mode: OutputMode;
  readonly responseBudgetBytes: number;
  readonly maxInflatedBytes: number;
  readonly parserOverrides: readonly ParserOverride[];
  /** The parser for records Firehose wrote with message extraction (no log group); absent: detected from the text. */
  readonly defaultParser?: LogParser;
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
  const defaultParser = readParser(env, 'FIREWATCH_DEFAULT_PARSER');
  return {
    mode: readChoice(env, 'FIREWATCH_MODE', [OutputMode.SPLIT, OutputMode.NDJSON], OutputMode.SPLIT),
    // Below ~1 MB a single large event could never be answered; above the Lambda limit the response is rejected.
    responseBudgetBytes: readInteger(env, 'FIREWATCH_RESPONSE_BUDGET_BYTES', DEFAULT_RESPONSE_BUDGET_BYTES, 1_000_000, LAMBDA_SYNC_PAYLOAD_BYTES),
    maxInflatedBytes: readInteger(env, 'FIREWATCH_MAX_INFLATED_BYTES', DEFAULT_MAX_INFLATED_BYTES, 1024 * 1024, 1024 * 1024 * 1024),
    parserOverrides: overrides.value,
    ...(defaultParser ? { defaultParser } : {}),
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

/** The part of the Lambda context the handlers use. */
export interface LambdaContext {
  getRemainingTimeInMillis(): number;
}

/** Time kept back from the invocation's remaining time, to answer (and be retried) before Lambda kills us. */
export const LAMBDA_SAFETY_MARGIN_MS = 2_000;
/** Without a Lambda context (tests, scripts), a write gets this long. */
const NO_CONTEXT_TIME_MS = 60_000;

/**
 * The epoch ms by which a handler's OpenSearch writes must be settled: the invocation's remaining time
 * less {@link LAMBDA_SAFETY_MARGIN_MS}.
 *
 * @example
 * ```ts
 * await sink.write(documents, { deadline: writeDeadline(context) });
 * ```
 */
export function writeDeadline(context: LambdaContext | undefined, now = Date.now()): number {
  const remaining = context?.getRemainingTimeInMillis() ?? NO_CONTEXT_TIME_MS;
  return now + Math.max(0, remaining - LAMBDA_SAFETY_MARGIN_MS);
}

/** Settings of the Lambdas that write to OpenSearch themselves (the subscription Lambda, the Kinesis consumer). */
export interface OpenSearchLambdaConfig extends DocumentSettings {
  readonly maxInflatedBytes: number;
  /** The sink's settings (required: the handler writes to OpenSearch). */
  readonly openSearch: OpenSearchConfig;
}

/**
 * Reads the configuration of a Lambda that writes to OpenSearch (same names as the endpoint); throws
 * `CONFIG_INVALID` naming the variable (`OPENSEARCH_URL` is required). `who` names the Lambda in that error.
 *
 * @example
 * ```ts
 * readOpenSearchLambdaConfig({ OPENSEARCH_URL: "https://search.example.com", FIREWATCH_INDEX: "rds" }, "the Kinesis consumer").index; // "rds"
 * ```
 */
export function readOpenSearchLambdaConfig(env: Env, who: string): OpenSearchLambdaConfig {
  if ((env['OPENSEARCH_URL'] ?? '').trim() === '') throw new FirewatchError('CONFIG_INVALID', `OPENSEARCH_URL is required: ${who} writes to OpenSearch`);
  const overrides = parseParserOverrides(readString(env, 'FIREWATCH_PARSERS', ''));
  if (!overrides.ok) throw new FirewatchError('CONFIG_INVALID', `FIREWATCH_PARSERS: ${overrides.error.path ? `${overrides.error.path}: ` : ''}${overrides.error.detail}`);
  // Index and rotation are read by the OpenSearch reader, so documents and sink agree on the rules.
  const openSearch = readOpenSearchConfig(env);
  return {
    openSearch,
    index: openSearch.index,
    indexRotation: openSearch.rotation,
    parserOverrides: overrides.value,
    keepMessage: readChoice(env, 'FIREWATCH_KEEP_MESSAGE', ['false', 'true'], 'false') === 'true',
    maxInflatedBytes: readInteger(env, 'FIREWATCH_MAX_INFLATED_BYTES', DEFAULT_MAX_INFLATED_BYTES, 1024 * 1024, 1024 * 1024 * 1024),
  };
}
