/**
 * The Lambda entry of a CloudWatch Logs subscription filter targeting a function directly (no Kinesis,
 * no Firehose): lambda/subscription-handler.ts decodes the event, writes its documents to OpenSearch and
 * throws when they could not be stored, so Lambda retries and then hands the event to the on-failure
 * destination. This file only wires the configuration, read once at start-up (same names as the
 * endpoint: `OPENSEARCH_URL`, required, and the other OpenSearch variables, `FIREWATCH_INDEX`,
 * `FIREWATCH_INDEX_ROTATION`, `FIREWATCH_PARSERS`, `FIREWATCH_KEEP_MESSAGE`,
 * `FIREWATCH_MAX_INFLATED_BYTES`), to the OpenSearch sink.
 *
 * @example
 * ```ts
 * // Handler setting: index.handler, after bundling lambda/subscription.ts
 * export { handler } from "./lambda/subscription.ts";
 * ```
 * @module
 */
import type { Env } from '../core/config/env.ts';
import { clusterLimitOf } from '../core/opensearch/cluster-limit.ts';
import { createOpenSearchSink } from '../core/sinks/opensearch.ts';
import type { LambdaContext } from './config.ts';
import { createSubscriptionHandler, readSubscriptionConfig, type SubscriptionSummary } from './subscription-handler.ts';

export { createSubscriptionHandler, readSubscriptionConfig, type SubscriptionConfig, type SubscriptionSummary } from './subscription-handler.ts';

/**
 * The handler configured from `env`: OpenSearch is required (`CONFIG_INVALID` otherwise).
 *
 * @example
 * ```ts
 * const handler = createSubscriptionHandlerFromEnv(process.env);
 * ```
 */
export function createSubscriptionHandlerFromEnv(
  env: Env,
  log?: (line: string) => void,
): (event: unknown, context?: LambdaContext) => Promise<SubscriptionSummary> {
  const config = readSubscriptionConfig(env);
  // The cluster's body limit read before the first write, as the endpoint's sink does (core/opensearch/cluster-limit.ts).
  return createSubscriptionHandler(config, createOpenSearchSink(config.openSearch, { clusterLimit: clusterLimitOf(config.openSearch) }), log);
}

/** The Lambda entry point, configured from the environment at start-up. */
export const handler: (event: unknown, context?: LambdaContext) => Promise<SubscriptionSummary> = createSubscriptionHandlerFromEnv(process.env);
