/**
 * The Firehose HTTP endpoint as a Hono app, runtime-neutral (Node, Deno, Bun, Workers, Lambda adapters
 * wrap it): the routes. `POST /` (and the configured extra path) takes deliveries, handled by
 * core/endpoint/delivery.ts (access keys: access-keys.ts; documents: documents.ts); `GET /health`
 * reports the sink's health; anything else is a JSON 404 or 405, and an error nothing caught a 500 in
 * the protocol's shape. Dependencies run one way: app → delivery → access keys, documents.
 *
 * @example
 * ```ts
 * const app = createEndpointApp(readEndpointConfig(env), createConsoleSink({ log: console.log }));
 * export default app; // Deno, Bun and Workers serve `app.fetch`
 * ```
 * @module
 */
import { type Context, Hono } from 'hono';
import { Admission } from './admission.ts';
import type { EndpointConfig } from './config.ts';
import { type DeliveryOptions, handleDelivery } from './delivery.ts';
import type { HealthReport } from './health.ts';
import { FirehoseHeader, protocolResponse, Status } from './protocol.ts';
import type { Sink } from '../sinks/sink.ts';

export type { AccessKeyProvider } from './access-keys.ts';
export type { DeliveryOptions, DeliverySummary } from './delivery.ts';

/** Options of {@link createEndpointApp} beyond the configuration: the delivery's, and the app's own. */
export interface EndpointOptions extends DeliveryOptions {
  /**
   * Admission control and the memory budget (core/endpoint/admission.ts). {@link createEndpointApp} makes
   * one per app from the configuration; pass one to share it, or to watch it in tests.
   */
  readonly admission?: Admission;
  /** Collects garbage on demand, after a dense record (see `AdmissionLimits.collect`); Node servers pass V8's. */
  readonly collect?: () => void;
  /**
   * The sink's health for `GET /health` (core/endpoint/health.ts): 200 when `ok`, 503 with the last error
   * when `degraded`, so a load balancer and a person both see it. Default: always ok.
   */
  readonly health?: () => HealthReport;
}

/**
 * The endpoint app: `POST /` (and `config.path`), `GET /health`, JSON 404/405 elsewhere, and every
 * uncaught error answered 500 in the protocol's shape (Firehose retries it) instead of a crash.
 *
 * @example
 * ```ts
 * const app = createEndpointApp(config, sink);
 * const response = await app.request("/", { method: "POST", headers, body });
 * response.status; // 200 once every document is stored
 * ```
 */
export function createEndpointApp(config: EndpointConfig, sink: Sink, options: EndpointOptions = {}): Hono {
  const app = new Hono();
  const deliveryPaths = new Set(['/', config.path]);
  app.get('/health', (c) => {
    const report = options.health?.() ?? { status: 'ok', sink: sink.name };
    return c.json(report, report.status === 'ok' ? 200 : 503);
  });
  const admitted = {
    ...options,
    admission: options.admission ??
      new Admission({
        maxDeliveries: config.maxDeliveries,
        inflatedBudgetBytes: config.inflatedBudgetBytes,
        ...(options.collect === undefined ? {} : { collect: options.collect }),
      }),
  };
  const deliver = async (c: Context) => {
    try {
      return await handleDelivery(c.req.raw, config, sink, admitted);
    } catch (error) {
      return internalError(c.req.raw, error, options);
    }
  };
  for (const path of deliveryPaths) app.post(path, deliver);
  app.all('*', (c) => {
    const path = c.req.path;
    if (deliveryPaths.has(path)) {
      return methodNotAllowed(c, 'POST', `${c.req.method} is not allowed on ${path}: Firehose deliveries are POSTed here (health checks: GET /health)`);
    }
    if (path === '/health') return methodNotAllowed(c, 'GET, HEAD', `${c.req.method} is not allowed on /health`);
    return c.json({ error: `no such path: ${path.slice(0, 200)}` }, 404);
  });
  app.onError((error, c) => internalError(c.req.raw, error, options));
  return app;
}

/**
 * A 500 for an error nothing else caught (a bug): reported to `onDelivery` in full, so it is logged like
 * every other failed delivery, and answered without its text, which may hold paths or values.
 */
function internalError(request: Request, error: unknown, options: EndpointOptions): Response {
  const requestId = (request.headers.get(FirehoseHeader.REQUEST_ID) ?? '').slice(0, 128);
  const errorMessage = 'firewatch: internal error; the endpoint logged it with this request id';
  const detail = `firewatch: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
  try {
    options.onDelivery?.({
      requestId,
      status: Status.INTERNAL,
      records: 0,
      documents: 0,
      controlMessages: 0,
      decodeFailures: 0,
      stored: 0,
      deadLettered: 0,
      writes: 0,
      bytes: 0,
      milliseconds: 0,
      errorMessage,
      detail,
    });
  } catch {
    // Logging must never change the answer.
  }
  return protocolResponse(Status.INTERNAL, requestId, errorMessage);
}

function methodNotAllowed(c: Context, allow: string, message: string): Response {
  c.header('allow', allow);
  return c.json({ error: message }, 405);
}
