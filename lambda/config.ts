/**
 * The Lambdas' own configuration: environment variables, read once at start-up. A bad value fails the
 * function's initialisation with a message naming the variable, rather than every invocation. Every
 * variable is declared once in core (core/settings.ts lists them, and the README's tables are generated
 * from that list); this module only assembles what each handler needs.
 *
 * @module
 */
import { documentSettings } from '../core/config/document-settings.ts';
import type { Env } from '../core/config/env.ts';
import { endpointSettings } from '../core/endpoint/config.ts';
import type { DocumentSettings } from '../core/endpoint/documents.ts';
import { FirewatchError } from '../core/errors.ts';
import { transformSettings } from '../core/firehose/settings.ts';
import type { OutputMode } from '../core/firehose/transform.ts';
import type { LogParser } from '../core/parsers/parser.ts';
import type { ParserOverride } from '../core/parsers/registry.ts';
import { type OpenSearchConfig, readOpenSearchConfig } from '../core/opensearch/config.ts';

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
  const t = transformSettings;
  const parserOverrides = documentSettings.parsers.read(env);
  const defaultParser = documentSettings.defaultParser.read(env);
  return {
    mode: t.mode.read(env),
    responseBudgetBytes: t.responseBudgetBytes.read(env),
    maxInflatedBytes: documentSettings.maxInflatedBytes.read(env),
    parserOverrides,
    ...(defaultParser ? { defaultParser } : {}),
    keepMessage: documentSettings.keepMessage.read(env),
    reingest: {
      maxAttempts: t.reingestMaxAttempts.read(env),
      baseDelayMs: t.reingestBaseDelayMs.read(env),
      maxDelayMs: t.reingestMaxDelayMs.read(env),
      safetyMarginMs: t.reingestSafetyMarginMs.read(env),
    },
    metricsNamespace: t.metricsNamespace.read(env),
  };
}

/**
 * The HTTP endpoint Lambda's `FIREWATCH_ACCESS_KEY_SECRET`: a secret ARN or name, or undefined when unset.
 * Throws `CONFIG_INVALID` naming the variable.
 *
 * @example
 * ```ts
 * readAccessKeySecretId({ FIREWATCH_ACCESS_KEY_SECRET: "firewatch/endpoint-key" }); // "firewatch/endpoint-key"
 * ```
 */
export const readAccessKeySecretId = (env: Env): string | undefined => endpointSettings.accessKeySecret.read(env);

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
  const parserOverrides = documentSettings.parsers.read(env);
  // Index and rotation are read by the OpenSearch reader, so documents and sink agree on the rules.
  const openSearch = readOpenSearchConfig(env);
  return {
    openSearch,
    index: openSearch.index,
    indexRotation: openSearch.rotation,
    parserOverrides,
    keepMessage: documentSettings.keepMessage.read(env),
    maxInflatedBytes: documentSettings.maxInflatedBytes.read(env),
  };
}
