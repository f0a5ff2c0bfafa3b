/**
 * The Lambda entry of the Kinesis consumer: an event source mapping on the data stream a CloudWatch Logs
 * subscription filter writes to invokes it, and lambda/kinesis-handler.ts writes the documents to
 * OpenSearch and answers a partial batch response (how failures are named and retried is explained
 * there). This file only wires the configuration, read once at start-up (the same variables as the
 * subscription Lambda, lambda/config.ts; `OPENSEARCH_URL` is required), to the OpenSearch sink.
 *
 * @example
 * ```ts
 * // Handler setting: index.handler, after bundling lambda/kinesis.ts
 * export { handler } from "./lambda/kinesis.ts";
 * ```
 * @module
 */
import type { Env } from '../core/config/env.ts';
import { clusterLimitOf } from '../core/opensearch/cluster-limit.ts';
import { createOpenSearchSink } from '../core/sinks/opensearch.ts';
import { type LambdaContext, readOpenSearchLambdaConfig } from './config.ts';
import { createKinesisHandler, type KinesisBatchResponse } from './kinesis-handler.ts';

export { createKinesisHandler, type KinesisBatchResponse, type KinesisStreamRecord, type KinesisSummary } from './kinesis-handler.ts';

/**
 * The handler configured from `env`: OpenSearch is required (`CONFIG_INVALID` otherwise).
 *
 * @example
 * ```ts
 * const handler = createKinesisHandlerFromEnv(process.env);
 * ```
 */
export function createKinesisHandlerFromEnv(
  env: Env,
  log?: (line: string) => void,
): (event: unknown, context?: LambdaContext) => Promise<KinesisBatchResponse> {
  const config = readOpenSearchLambdaConfig(env, 'the Kinesis consumer');
  // The cluster's body limit read before the first write, as the endpoint's sink does (core/opensearch/cluster-limit.ts).
  return createKinesisHandler(config, createOpenSearchSink(config.openSearch, { clusterLimit: clusterLimitOf(config.openSearch) }), log);
}

/** The Lambda entry point, configured from the environment at start-up. */
export const handler: (event: unknown, context?: LambdaContext) => Promise<KinesisBatchResponse> = createKinesisHandlerFromEnv(process.env);
