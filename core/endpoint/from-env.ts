/**
 * The endpoint built from an environment (variables, or a Worker's bindings), as the runtimes that host it
 * themselves build it: Cloudflare Workers through {@link fetchWithEnv} (their entry, core/endpoint/worker.ts,
 * passes `env` and `ctx`); Deno and Bun listen themselves, so their thin entries under scripts/runtimes/
 * read their environment and call {@link startEndpoint} with it before listening. This module reads no
 * environment itself: core stays free of runtime globals.
 *
 * Sink: OpenSearch when `OPENSEARCH_URL` is set; else the entry's fallback (Deno and Bun pass the NDJSON
 * files sink under `FIREWATCH_DATA_DIR`, as `firewatch serve` does on Node), and on Workers, which have no
 * disk, the console sink (one NDJSON line per document in Workers Logs / `wrangler tail`). The variables are the same as everywhere (core/endpoint/config.ts,
 * core/opensearch/config.ts). On Workers, `FIREWATCH_ACCESS_KEYS` is required unless
 * `FIREWATCH_ALLOW_NO_ACCESS_KEY=true`; Deno and Bun start through {@link startEndpoint}, which knows the
 * address they bind and, as `firewatch serve` does, allows requests without a key on loopback only.
 *
 * With OpenSearch, the sink is monitored (core/endpoint/health.ts): the cluster is reached once when the
 * app is built (on Workers, at the first request; Deno and Bun, at start-up) and one line says whether it
 * answered, and `GET /health` reports the sink `ok` or `degraded` with its last error.
 *
 * @example
 * ```ts
 * // Cloudflare Workers (core/endpoint/worker.ts)
 * const response = await fetchWithEnv(request, env, undefined, ctx);
 * // Deno / Bun: scripts/runtimes/serve-runtime.ts
 * const endpoint = startEndpoint(Deno.env.toObject(), { host: "127.0.0.1" });
 * Deno.serve({ hostname: "127.0.0.1", port: 8080 }, endpoint.fetch);
 * ```
 * @module
 */
import type { Hono } from 'hono';
import type { Env } from '../config/env.ts';
import { createConsoleSink } from '../sinks/console.ts';
import { readOpenSearchConfig } from '../opensearch/config.ts';
import type { Sink } from '../sinks/sink.ts';
import { createEndpointApp, type EndpointOptions } from './app.ts';
import { readEndpointConfig } from './config.ts';
import { monitorOpenSearch } from './health.ts';
import { CONFIGURATION_ERROR_MESSAGE, logFailedDeliveries } from './log.ts';
import { protocolResponse, Status } from './protocol.ts';
import { accessForHost } from './startup.ts';

/** Runtime bindings: strings are variables; anything else (KV, secrets store objects) is ignored here. */
export type WorkerBindings = Readonly<Record<string, unknown>>;

/** An app with what its start-up began. */
interface BuiltEndpoint {
  readonly app: Hono;
  /** Where documents go, for a start-up line. */
  readonly destination: string;
  /** The OpenSearch start-up check, running (it logs its own line); resolved at once without OpenSearch. */
  readonly checked: Promise<void>;
}

/**
 * Apps by the env object they were built from. Workers hand the same `env` object to every request of
 * an isolate, and the Deno and Bun entries read theirs once, so the app, its configuration and the
 * sink's connections are built once, not per request.
 */
const apps = new WeakMap<object, BuiltEndpoint>();

/** Log lines of this module: one prefix, on stdout (Workers Logs, `wrangler tail`, the terminal). */
const consoleLog = (line: string) => console.log(`firewatch: ${line}`);

/**
 * Builds the app from `env`: the configuration (throws `CONFIG_INVALID` naming the variable), the sink
 * (OpenSearch when `OPENSEARCH_URL` is set, monitored and checked once; else the entry's fallback; else
 * one log line per document), and starts the OpenSearch check.
 */
function buildEndpoint(env: Env, fallbackSink: ((env: Env) => Sink) | undefined, log: (line: string) => void, options: EndpointOptions = {}): BuiltEndpoint {
  const config = readEndpointConfig(env);
  if ((env['OPENSEARCH_URL'] ?? '').trim() !== '') {
    const openSearch = readOpenSearchConfig(env);
    const monitored = monitorOpenSearch(openSearch, { log });
    const app = createEndpointApp(config, monitored.sink, { ...options, health: monitored.health.report });
    return {
      app,
      destination: `OpenSearch ${openSearch.url} (indices ${config.index}-…, rotation ${config.indexRotation})`,
      checked: monitored.probe().then(() => undefined),
    };
  }
  const fallback = fallbackSink?.(env);
  const sink = fallback ?? createConsoleSink({ log: (line) => console.log(line) });
  const destination = fallback === undefined
    ? 'the console, one NDJSON line per document (set OPENSEARCH_URL to index into OpenSearch)'
    : `the ${sink.name} sink (set OPENSEARCH_URL to index into OpenSearch)`;
  return { app: createEndpointApp(config, sink, options), destination, checked: Promise.resolve() };
}

function builtFor(bindings: WorkerBindings, fallbackSink?: (env: Env) => Sink): { built: BuiltEndpoint; fresh: boolean } {
  const cached = apps.get(bindings);
  if (cached !== undefined) return { built: cached, fresh: false };
  const built = buildEndpoint(stringsOf(bindings), fallbackSink, consoleLog, { onDelivery: logFailedDeliveries((line) => console.log(line)) });
  apps.set(bindings, built);
  return { built, fresh: true };
}

/**
 * The app for `bindings`, built on first use and cached; with OpenSearch, building it starts the
 * start-up check. Throws `CONFIG_INVALID` naming the variable.
 *
 * @example
 * ```ts
 * const app = appForBindings({ FIREWATCH_ALLOW_NO_ACCESS_KEY: "true" });
 * (await app.request("/health")).status; // 200
 * ```
 */
export function appForBindings(bindings: WorkerBindings, fallbackSink?: (env: Env) => Sink): Hono {
  return builtFor(bindings, fallbackSink).built.app;
}

/** Options of {@link startEndpoint}. */
export interface StartEndpointOptions {
  /** The address the server binds: without `FIREWATCH_ACCESS_KEYS`, only loopback runs open. */
  readonly host: string;
  /** The sink without OpenSearch (Deno and Bun: NDJSON files). */
  readonly fallbackSink?: (env: Env) => Sink;
  /** Log lines without a prefix. Default: `console.log` with `firewatch: `. */
  readonly log?: (line: string) => void;
  /** Passed to the app (codecs, delivery logging). */
  readonly app?: EndpointOptions;
}

/** A built endpoint for a server that listens itself (Deno, Bun). */
export interface StartedEndpoint {
  /** Answers one request (`Cache-Control: no-transform` added, as on Workers). */
  readonly fetch: (request: Request) => Promise<Response>;
  /** Start-up lines without a prefix: where documents go, and whether requests need a key. */
  readonly notices: readonly string[];
  /** Resolves once the OpenSearch check has logged its line (at once without OpenSearch). */
  readonly checked: Promise<void>;
}

/**
 * Builds the endpoint for a server binding `host`, before it listens: configuration errors throw here
 * (`CONFIG_INVALID` naming the variable), at start-up, not at the first request; the OpenSearch check
 * starts. Deno's and Bun's entries call it; Node's `firewatch serve` does the same with its own sink.
 *
 * @example
 * ```ts
 * const endpoint = startEndpoint(Deno.env.toObject(), { host: "127.0.0.1" });
 * Deno.serve({ hostname: "127.0.0.1", port: 8080 }, endpoint.fetch);
 * ```
 */
export function startEndpoint(env: Env, options: StartEndpointOptions): StartedEndpoint {
  const access = accessForHost(env, options.host);
  const built = buildEndpoint(access.env, options.fallbackSink, options.log ?? consoleLog, {
    onDelivery: logFailedDeliveries((line) => console.log(line)),
    ...options.app,
  });
  return {
    fetch: async (request) => noTransform(await built.app.fetch(request)),
    notices: [`documents go to ${built.destination}`, ...(access.notice === undefined ? [] : [access.notice])],
    checked: built.checked,
  };
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
export async function fetchWithEnv(
  request: Request,
  bindings: WorkerBindings,
  fallbackSink?: (env: Env) => Sink,
  ctx?: ExecutionContextLike,
): Promise<Response> {
  let app: Hono;
  try {
    const { built, fresh } = builtFor(bindings, fallbackSink);
    app = built.app;
    // Workers end an isolate's work when the response is sent unless told to wait: the start-up check must finish to log its line.
    if (fresh) ctx?.waitUntil?.(built.checked);
  } catch (error) {
    // In full in the log; the caller, not yet authenticated, learns only that it is the configuration.
    console.error(`firewatch: configuration: ${(error instanceof Error ? error.message : String(error)).replace(/^firewatch: /, '')}`);
    const requestId = (request.headers.get('x-amz-firehose-request-id') ?? '').slice(0, 128);
    return noTransform(protocolResponse(Status.INTERNAL, requestId, CONFIGURATION_ERROR_MESSAGE));
  }
  return noTransform(await app.fetch(request));
}

/** The part of the Workers `ExecutionContext` used here. */
export interface ExecutionContextLike {
  waitUntil?(promise: Promise<unknown>): void;
}

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
