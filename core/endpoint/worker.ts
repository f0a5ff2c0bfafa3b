/**
 * The endpoint as a `worker.ts`-style default export, `{ fetch(request, env, ctx) }`: Cloudflare Workers
 * call it as is (`env` holds the variables from wrangler.jsonc `vars` and secrets); Deno (`deno serve`)
 * and Bun (`bun run`) pass other things as the second argument, so their thin entries under
 * scripts/runtimes/ read their environment and call {@link fetchWithEnv} with it. This file reads
 * no environment itself: core stays free of runtime globals.
 *
 * Sink: OpenSearch when `OPENSEARCH_URL` is set; else the entry's fallback (Deno and Bun pass the NDJSON
 * files sink under `FIREWATCH_DATA_DIR`, as `firewatch serve` does on Node), and on Workers, which have no
 * disk, the console sink (one NDJSON line per document in Workers Logs / `wrangler tail`). The variables are the same as everywhere (core/endpoint/config.ts,
 * core/sinks/opensearch-config.ts); `FIREWATCH_ACCESS_KEYS` is required unless
 * `FIREWATCH_ALLOW_NO_ACCESS_KEY=true` (there is no loopback check on these runtimes).
 *
 * @example
 * ```ts
 * // Cloudflare Workers: wrangler.jsonc "main" points here (or at the bundle of it).
 * export { default } from "./core/endpoint/worker.ts";
 * // Deno / Bun: scripts/runtimes/deno.ts
 * export default { fetch: (request: Request) => fetchWithEnv(request, Deno.env.toObject()) };
 * ```
 * @module
 */
import type { Hono } from 'hono';
import type { Env } from '../config/env.ts';
import { createConsoleSink } from '../sinks/console.ts';
import { createOpenSearchSink } from '../sinks/opensearch.ts';
import { readOpenSearchConfig } from '../sinks/opensearch-config.ts';
import type { Sink } from '../sinks/sink.ts';
import { createEndpointApp } from './app.ts';
import { readEndpointConfig } from './config.ts';
import { logFailedDeliveries } from './log.ts';
import { protocolResponse, Status } from './protocol.ts';

/** Runtime bindings: strings are variables; anything else (KV, secrets store objects) is ignored here. */
export type WorkerBindings = Readonly<Record<string, unknown>>;

/**
 * Apps by the env object they were built from. Workers hand the same `env` object to every request of
 * an isolate, and the Deno and Bun entries read theirs once, so the app, its configuration and the
 * sink's connections are built once, not per request.
 */
const apps = new WeakMap<object, Hono>();

/**
 * The app for `bindings`, built on first use and cached. Throws `CONFIG_INVALID` naming the variable.
 *
 * @example
 * ```ts
 * const app = appForBindings({ FIREWATCH_ALLOW_NO_ACCESS_KEY: "true" });
 * (await app.request("/health")).status; // 200
 * ```
 */
export function appForBindings(bindings: WorkerBindings, fallbackSink?: (env: Env) => Sink): Hono {
  let app = apps.get(bindings);
  if (app === undefined) {
    const env = stringsOf(bindings);
    const config = readEndpointConfig(env);
    app = createEndpointApp(config, sinkFor(env, fallbackSink), { onDelivery: logFailedDeliveries((line) => console.log(line)) });
    apps.set(bindings, app);
  }
  return app;
}

/** OpenSearch when `OPENSEARCH_URL` is set, else the entry's fallback, else one log line per document. */
function sinkFor(env: Env, fallbackSink: ((env: Env) => Sink) | undefined): Sink {
  if ((env['OPENSEARCH_URL'] ?? '').trim() !== '') return createOpenSearchSink(readOpenSearchConfig(env));
  return fallbackSink?.(env) ?? createConsoleSink({ log: (line) => console.log(line) });
}

function stringsOf(bindings: WorkerBindings): Env {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(bindings)) if (typeof value === 'string') env[name] = value;
  return env;
}

/**
 * Answers one request with the app configured from `bindings`. A bad configuration is answered 500 in
 * the protocol's shape (Firehose retries, then backs the batch up to S3: nothing is lost while the
 * configuration is fixed) with {@link CONFIGURATION_ERROR_MESSAGE}, and logged in full naming the
 * variable, instead of an opaque runtime error page. Deliveries not answered 200 are logged as one JSON
 * line each (core/endpoint/log.ts).
 *
 * @example
 * ```ts
 * const response = await fetchWithEnv(request, { FIREWATCH_ACCESS_KEYS: "k1", OPENSEARCH_URL: "https://search.example.com" });
 * ```
 */
export async function fetchWithEnv(request: Request, bindings: WorkerBindings, fallbackSink?: (env: Env) => Sink): Promise<Response> {
  let app: Hono;
  try {
    app = appForBindings(bindings, fallbackSink);
  } catch (error) {
    // In full in the log; the caller, not yet authenticated, learns only that it is the configuration.
    console.error(`firewatch: configuration: ${(error instanceof Error ? error.message : String(error)).replace(/^firewatch: /, '')}`);
    const requestId = (request.headers.get('x-amz-firehose-request-id') ?? '').slice(0, 128);
    return noTransform(protocolResponse(Status.INTERNAL, requestId, CONFIGURATION_ERROR_MESSAGE));
  }
  return noTransform(await app.fetch(request));
}

/**
 * What a caller is told of a configuration error: that it is one, nothing of the values (a credential
 * may sit in a variable such as `OPENSEARCH_URL`). The log holds the message naming the variable.
 */
export const CONFIGURATION_ERROR_MESSAGE = 'firewatch: configuration: the endpoint configuration is invalid; its log names the variable';

/**
 * Marks a response `Cache-Control: no-transform`. Firehose requires answers without `Content-Encoding`,
 * but Cloudflare's edge gzips `application/json` answers with status 200 for clients that accept gzip
 * (miniflare emulates this); `no-transform` is the directive Cloudflare documents for leaving a response
 * as the origin made it. Harmless on Deno and Bun, which never compress.
 */
function noTransform(response: Response): Response {
  const headers = new Headers(response.headers);
  headers.set('cache-control', 'no-transform');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/**
 * The Workers module default export. `env` is the Workers bindings object; when absent (a runtime that
 * passes none), the configuration is empty, which asks for `FIREWATCH_ACCESS_KEYS` in the 500 answer.
 *
 * @example
 * ```ts
 * const response = await worker.fetch(request, { FIREWATCH_ALLOW_NO_ACCESS_KEY: "true" });
 * ```
 */
const worker = {
  fetch(request: Request, env?: WorkerBindings, _ctx?: unknown): Promise<Response> {
    return fetchWithEnv(request, env ?? NO_BINDINGS);
  },
};
const NO_BINDINGS: WorkerBindings = Object.freeze({});

export default worker;
