/**
 * The Firehose HTTP endpoint on AWS Lambda, behind a function URL or an API Gateway HTTP API (payload
 * 2.0; REST APIs and ALB work too, through the same `handle`). Hono's adapter translates the event to a
 * `Request` (base64 bodies, such as gzip deliveries, decoded) and the `Response` back. Configuration is
 * read from the environment once, at start-up: a bad value fails the function's initialisation with a
 * `CONFIG_INVALID` message naming the variable, instead of failing every delivery.
 *
 * The access key comes from `FIREWATCH_ACCESS_KEYS`, or from the Secrets Manager secret that
 * `FIREWATCH_ACCESS_KEY_SECRET` names (the one Firehose reads it from; lambda/access-key-secret.ts), or
 * both. The secret is read on the first delivery, not here: start-up stays fast and never calls AWS, and
 * a delivery that finds Secrets Manager unreachable is answered 503, which Firehose retries.
 *
 * Documents go to OpenSearch only (`OPENSEARCH_URL` is required): a Lambda has no lasting disk, and a
 * console sink would acknowledge deliveries that are then only in CloudWatch Logs. Lambda's 6 MB request
 * payload caps deliveries: set Firehose's buffer size well under it (DESIGN §5).
 *
 * @example
 * ```ts
 * // Handler setting: index.handler, after bundling lambda/http.ts
 * export { handler } from "./lambda/http.ts";
 * ```
 * @module
 */
import type { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import type { Env } from '../core/config/env.ts';
import { createEndpointApp } from '../core/endpoint/app.ts';
import { readEndpointConfig } from '../core/endpoint/config.ts';
import { monitorOpenSearch } from '../core/endpoint/health.ts';
import { logFailedDeliveries } from '../core/endpoint/log.ts';
import { FirewatchError } from '../core/errors.ts';
import { readOpenSearchConfig } from '../core/opensearch/config.ts';
import { type AccessKeySecretOptions, createAccessKeySecret } from './access-key-secret.ts';
import { readAccessKeySecretId } from './config.ts';
import { nodeCodecs } from '../scripts/node/codecs.ts';

/** Options of {@link createLambdaApp} and {@link createHttpHandler}. */
export interface LambdaAppOptions {
  /** Receives the log lines (one per unsuccessful delivery, one per failed secret read). Default `console.log`. */
  readonly log?: (line: string) => void;
  /** Settings of the `FIREWATCH_ACCESS_KEY_SECRET` reader (cache time, clock, client config); for tests. */
  readonly accessKeySecret?: Omit<AccessKeySecretOptions, 'secretId' | 'log'>;
}

/**
 * The endpoint app configured from `env`, with the OpenSearch sink. Throws `CONFIG_INVALID` naming the
 * variable, `OPENSEARCH_URL` included. Makes no network call: the access-key secret is read on the first
 * delivery.
 *
 * @example
 * ```ts
 * const app = createLambdaApp({ FIREWATCH_ACCESS_KEYS: "k1", OPENSEARCH_URL: "https://search.example.com" });
 * ```
 */
export function createLambdaApp(env: Env, options: LambdaAppOptions = {}): Hono {
  const log = options.log ?? ((line: string) => console.log(line));
  if ((env['OPENSEARCH_URL'] ?? '').trim() === '') {
    throw new FirewatchError(
      'CONFIG_INVALID',
      'OPENSEARCH_URL is required on Lambda: documents go to OpenSearch (a Lambda has no lasting disk for the files sink)',
    );
  }
  const secretId = readAccessKeySecretId(env);
  const config = readEndpointConfig(env, { accessKeysFromProvider: secretId !== undefined });
  // Reached once at init, not awaited: one line in the function's log says whether the cluster answers
  // (and as whom), and GET /health reports the sink; a delivery never waits for this check.
  const openSearch = monitorOpenSearch(readOpenSearchConfig(env), { log: (line) => log(JSON.stringify({ firewatch: 'opensearch', message: line })) });
  void openSearch.probe();
  return createEndpointApp(config, openSearch.sink, {
    health: openSearch.health.report,
    codecs: nodeCodecs,
    ...(secretId === undefined ? {} : { accessKeys: createAccessKeySecret({ ...options.accessKeySecret, secretId, log }) }),
    // One line per delivery that did not succeed, for CloudWatch Logs; successes stay quiet (Firehose's own metrics count them).
    onDelivery: logFailedDeliveries(log),
  });
}

/**
 * A Lambda handler for `env` (function URL, API Gateway v1/v2 and ALB events).
 *
 * @example
 * ```ts
 * const handler = createHttpHandler(process.env);
 * const result = await handler(functionUrlEvent); // { statusCode: 200, body: '{"requestId":…}', … }
 * ```
 */
export function createHttpHandler(env: Env, options: LambdaAppOptions = {}) {
  return handle(createLambdaApp(env, options));
}

/** The Lambda entry point, configured from the environment at start-up. */
export const handler = createHttpHandler(process.env);
