/**
 * The Firehose HTTP endpoint as a Hono app, runtime-neutral (Node, Deno, Bun, Workers, Lambda adapters
 * wrap it). `POST /` (and the configured extra path) takes deliveries: the body is streamed record by
 * record ({@link readRecords}), each record decoded with core (a CloudWatch Logs envelope gives one
 * document per log event, control messages are skipped and counted; plain JSON or text gives one
 * document), documents are written to the sink in batches sized in bytes, and the answer comes only
 * once every write settled: 200 when every document was stored or dead-lettered, otherwise the status
 * protocol.ts explains, so Firehose retries and finally backs the batch up to S3. Nothing is lost.
 *
 * Documents:
 * - `_id` is the CloudWatch event id, so a retried delivery overwrites instead of duplicating. Records
 *   that are not CloudWatch data get `<requestId>:<record index>` (the request id is stable across
 *   Firehose's retries); an event id that is empty or over 512 bytes gets `<requestId>:<record>:<envelope>:<event>`.
 * - the index is `FIREWATCH_INDEX` rotated by the event time (the request time for plain records).
 * - every document gets a `firehose` object: `request_id`, `source_arn` when sent, and the request's
 *   common attributes as `common_attributes` when sent.
 * - a record whose data does not decode (bad base64, corrupt gzip) is kept, not failed: it becomes a
 *   document with its base64 `raw_data` and an `error` `{type: "decode_failure", code, reason}`, so one
 *   bad record never makes Firehose retry a whole batch forever.
 *
 * @example
 * ```ts
 * const app = createEndpointApp(readEndpointConfig(env), createConsoleSink({ log: console.log }));
 * export default app; // Deno, Bun and Workers serve `app.fetch`
 * ```
 * @module
 */
import { Hono, type Context } from 'hono';
import { portableCodecs, type Codecs } from '../bytes/codecs.ts';
import { extractLines } from '../cloudwatch/extracted-lines.ts';
import { decodeRecordBase64Lazily } from '../cloudwatch/lazy-envelope.ts';
import { decodeRecordBase64 } from '../cloudwatch/record.ts';
import { isoTime, plainDocumentJson } from '../document.ts';
import { FirewatchError } from '../errors.ts';
import { auto } from '../parsers/registry.ts';
import type { Sink, SinkDocument, SinkResult } from '../sinks/sink.ts';
import { Admission, inflatedSizeOf } from './admission.ts';
import type { EndpointConfig } from './config.ts';
import { DocumentShaper } from './documents.ts';
import type { HealthReport } from './health.ts';
import { checkDeliveryHeaders, FirehoseHeader, protocolResponse, Status, type DeliveryHeaders } from './protocol.ts';
import { readRecords } from './records-stream.ts';
import { MessageType } from '../cloudwatch/envelope.ts';

/** Options of {@link createEndpointApp} beyond the configuration. */
export interface EndpointOptions {
  /** Byte codecs for record decoding (default portable; a Node server may pass its native zlib ones). */
  readonly codecs?: Codecs;
  /** Makes the inflater of gzip request bodies (default `DecompressionStream`; see `readRecords`). */
  readonly bodyInflater?: () => ReadableWritablePair<Uint8Array, Uint8Array>;
  /** Called once per delivery with what happened (for logs and metrics); must not throw. */
  readonly onDelivery?: (summary: DeliverySummary) => void;
  /**
   * Accepted access keys from outside the configuration, besides `config.accessKeys` (lambda/http.ts
   * passes the Secrets Manager secret of `FIREWATCH_ACCESS_KEY_SECRET`; read the configuration with
   * `accessKeysFromProvider`). Asked on every delivery, so it caches.
   */
  readonly accessKeys?: AccessKeyProvider;
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
 * Accepted access keys from a secret store. Called with `refused: true` after the request's key matched
 * none of the keys it gave: the key may have been rotated since the provider last looked, so it may look
 * again (how often is its call). Rejects only when it has no keys at all: the delivery is then answered
 * 503 (500 for a `CONFIG_INVALID` error) with its request id, and Firehose retries. The rejection's
 * message goes to a caller whose key is not checked yet, so it must not hold what outsiders should not read.
 *
 * @example
 * ```ts
 * const app = createEndpointApp(config, sink, { accessKeys: async () => ["key-2026-11"] });
 * ```
 */
export type AccessKeyProvider = (request: { readonly refused: boolean }) => Promise<readonly string[]>;

/** What one delivery did. */
export interface DeliverySummary {
  readonly requestId: string;
  readonly status: number;
  readonly records: number;
  readonly documents: number;
  readonly controlMessages: number;
  /** Records whose data did not decode, stored as `decode_failure` documents. */
  readonly decodeFailures: number;
  readonly stored: number;
  readonly deadLettered: number;
  readonly writes: number;
  /** Bytes on the wire. */
  readonly bytes: number;
  readonly milliseconds: number;
  readonly errorMessage?: string;
  /** What the log may say beyond `errorMessage` (an internal error in full); never sent to the caller. */
  readonly detail?: string;
}

type SinkFailure = Extract<SinkResult, { ok: false }>;

/** Records inflating to more than this are decoded lazily, their events parsed as documents are made. */
const LAZY_DECODE_BYTES = 8 * 1024 * 1024;

/** Bytes a document adds to a `_bulk` body beyond its JSON: the action line's fixed part and two newlines. */
const BULK_OVERHEAD_BYTES = 40;

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
  const admitted = { ...options, admission: options.admission ?? new Admission({ maxDeliveries: config.maxDeliveries, inflatedBudgetBytes: config.inflatedBudgetBytes, ...(options.collect === undefined ? {} : { collect: options.collect }) }) };
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
    if (deliveryPaths.has(path)) return methodNotAllowed(c, 'POST', `${c.req.method} is not allowed on ${path}: Firehose deliveries are POSTed here (health checks: GET /health)`);
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
    options.onDelivery?.({ requestId, status: Status.INTERNAL, records: 0, documents: 0, controlMessages: 0, decodeFailures: 0, stored: 0, deadLettered: 0, writes: 0, bytes: 0, milliseconds: 0, errorMessage, detail });
  } catch {
    // Logging must never change the answer.
  }
  return protocolResponse(Status.INTERNAL, requestId, errorMessage);
}

function methodNotAllowed(c: Context, allow: string, message: string): Response {
  c.header('allow', allow);
  return c.json({ error: message }, 405);
}

/**
 * Handles one delivery request end to end; {@link createEndpointApp} routes `POST` here (every adapter
 * uses the app, so this is not exported). Never throws for bad input; only a bug reaches the caller.
 */
async function handleDelivery(request: Request, config: EndpointConfig, sink: Sink, options: EndpointOptions = {}): Promise<Response> {
  const started = Date.now();
  const deadline = started + config.writeTimeoutMs;
  const stats = { records: 0, documents: 0, controlMessages: 0, decodeFailures: 0, stored: 0, deadLettered: 0, writes: 0, bytes: 0 };
  let requestId = '';
  const answer = (status: Status, errorMessage?: string): Response => {
    try {
      options.onDelivery?.({ requestId, status, ...stats, milliseconds: Date.now() - started, ...(errorMessage === undefined ? {} : { errorMessage }) });
    } catch {
      // Logging must never change the answer.
    }
    return protocolResponse(status, requestId, errorMessage);
  };

  const checked = await checkHeaders(request.headers, config, options.accessKeys);
  if (!checked.ok) {
    requestId = checked.failure.requestId;
    return answer(checked.failure.status, checked.failure.message);
  }
  const headers = checked.value;
  requestId = headers.requestId;
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > config.maxBodyBytes) return answer(Status.TOO_LARGE, `the body is ${declared} bytes; this endpoint takes at most ${config.maxBodyBytes} (FIREWATCH_MAX_BODY_BYTES)`);
  if (request.body === null) return answer(Status.BAD_REQUEST, 'the request has no body');

  // Beyond the deliveries one process takes at once: 503 now, before the body is read (core/endpoint/admission.ts).
  const admission = options.admission;
  if (admission !== undefined && !admission.enter()) {
    return answer(Status.UNAVAILABLE, `firewatch: busy: ${admission.inFlight} deliveries in flight (FIREWATCH_MAX_DELIVERIES); Firehose retries`);
  }
  // One signal for "stop now": the deadline, or the client (Firehose) giving up on us.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), Math.max(0, deadline - Date.now()));
  const onClientGone = () => controller.abort();
  request.signal?.addEventListener('abort', onClientGone);
  try {
    const documents = new DocumentBuilder(config, headers, options.codecs ?? portableCodecs, started);
    const batch: SinkDocument[] = [];
    let batchBytes = 0;
    // One write in flight while the next batch is decoded: decoding overlaps the sink's network time,
    // and memory stays at two batches.
    let pending: Promise<SinkResult> | undefined;
    const settle = async (): Promise<SinkFailure | undefined> => {
      if (pending === undefined) return undefined;
      const result = await pending;
      pending = undefined;
      stats.writes++;
      if (!result.ok) return result;
      stats.stored += result.stored;
      stats.deadLettered += result.deadLettered;
      return undefined;
    };
    /** Sends the batch once the write before has settled. */
    const flush = async (): Promise<SinkFailure | undefined> => {
      const failed = await settle();
      if (failed !== undefined || batch.length === 0) return failed;
      pending = writeSafely(sink, batch.splice(0, batch.length), { signal: controller.signal, deadline });
      return undefined;
    };
    // Every answer waits for the write in flight: Firehose must not retry while we are still writing.
    const finish = async (status: Status, message: string): Promise<Response> => {
      await settle();
      return answer(status, message);
    };
    const reading = { gzip: headers.gzip, maxBodyBytes: config.maxBodyBytes, signal: controller.signal, ...(options.bodyInflater === undefined ? {} : { inflater: options.bodyInflater }) };
    for await (const item of readRecords(request.body, reading)) {
      if (item.type === 'error') {
        if (item.reason === 'too-large') return await finish(Status.TOO_LARGE, `${item.error.message} (FIREWATCH_MAX_BODY_BYTES=${config.maxBodyBytes})`);
        if (item.reason === 'aborted') {
          const why = Date.now() >= deadline ? `the request was not settled within ${config.writeTimeoutMs} ms (FIREWATCH_WRITE_TIMEOUT_MS)` : 'the client closed the connection';
          return await finish(Status.UNAVAILABLE, `firewatch: ${why}; documents written so far are overwritten by the retry`);
        }
        return await finish(Status.BAD_REQUEST, item.error.message);
      }
      if (item.type === 'end') {
        stats.bytes = item.wireBytes;
        if (item.requestId !== undefined && item.requestId !== requestId) {
          return await finish(Status.BAD_REQUEST, `the body's requestId ${JSON.stringify(item.requestId.slice(0, 128))} differs from X-Amz-Firehose-Request-Id`);
        }
        const failed = (await flush()) ?? (await settle());
        if (failed !== undefined) return sinkFailure(failed);
        return answer(Status.OK);
      }
      stats.records++;
      // The body's time dates plain records; one a Date cannot hold (±8.64e15 ms) is ignored, not fatal.
      if (item.timestamp !== undefined && Math.abs(item.timestamp) <= 8.64e15) documents.requestTime = item.timestamp;
      // The record's inflated size comes out of the process's budget before it is decoded, and goes back
      // once its documents are all in batches (core/endpoint/admission.ts).
      const release = admission === undefined ? undefined : await admission.reserve(Math.min(inflatedSizeOf(item.data), config.maxInflatedBytes), controller.signal);
      if (admission !== undefined && release === undefined) {
        return await finish(Status.UNAVAILABLE, `firewatch: the records in flight held the memory budget (FIREWATCH_INFLATED_BUDGET_BYTES=${config.inflatedBudgetBytes}) until the deadline; Firehose retries`);
      }
      try {
        // Documents are made one at a time and batches cut at the document that fills them: a dense record
        // never has all its documents in memory. Sized in UTF-16 units, not UTF-8 bytes: this bounds
        // memory, and the sink sizes its bodies in bytes itself.
        for (const document of documents.documents(item.index, item.data, stats)) {
          batch.push(document);
          stats.documents++;
          batchBytes += document.json.length + BULK_OVERHEAD_BYTES;
          if (batchBytes >= config.batchBytes) {
            const failed = await flush();
            if (failed !== undefined) return sinkFailure(failed);
            batchBytes = 0;
          }
        }
      } finally {
        release?.();
      }
    }
    return await finish(Status.INTERNAL, 'firewatch: the body reader ended without a result'); // unreachable: the reader always ends with end or error
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener('abort', onClientGone);
    admission?.leave();
  }

  function sinkFailure(result: SinkFailure): Response {
    const why = controller.signal.aborted && Date.now() >= deadline ? ` (deadline of ${config.writeTimeoutMs} ms passed)` : '';
    // One prefix: the sink's own ("opensearch sink: ", "files: ") gives way to this one.
    const text = typeof result.error.detail === 'string' ? result.error.detail : String(result.error.message);
    const detail = text.replace(new RegExp(`^${sink.name}(?: sink)?: `), '');
    return answer(result.retryable ? Status.UNAVAILABLE : Status.INTERNAL, `firewatch: sink ${sink.name}: ${detail}${why}`);
  }
}

/**
 * {@link checkDeliveryHeaders}, with the provider's keys added to the configured ones. Only what claims to
 * be a delivery (it has the protocol version header) asks the provider: health checks and stray POSTs are
 * refused before the key is checked anyway, and never wait for a secret store.
 */
async function checkHeaders(headers: Headers, config: EndpointConfig, provider: AccessKeyProvider | undefined): ReturnType<typeof checkDeliveryHeaders> {
  if (provider === undefined || !headers.has(FirehoseHeader.PROTOCOL_VERSION)) return checkDeliveryHeaders(headers, config);
  const check = async (refused: boolean) => checkDeliveryHeaders(headers, { accessKeys: [...config.accessKeys, ...(await provider({ refused }))], allowNoAccessKey: config.allowNoAccessKey });
  try {
    const checked = await check(false);
    const refusedKey = !checked.ok && checked.failure.status === Status.UNAUTHORIZED && (headers.get(FirehoseHeader.ACCESS_KEY) ?? '') !== '';
    return refusedKey ? await check(true) : checked;
  } catch (error) {
    // The configured keys still work; any other key may be one of the provider's: answer so Firehose retries.
    if (config.accessKeys.length > 0) {
      const byConfig = await checkDeliveryHeaders(headers, config);
      if (byConfig.ok || byConfig.failure.status !== Status.UNAUTHORIZED) return byConfig;
    }
    // The request id to echo, read by the same check minus the key.
    const open = await checkDeliveryHeaders(headers, { accessKeys: [], allowNoAccessKey: true });
    if (!open.ok) return open;
    const status = error instanceof FirewatchError && error.code === 'CONFIG_INVALID' ? Status.INTERNAL : Status.UNAVAILABLE;
    const why = error instanceof FirewatchError ? error.detail : error instanceof Error ? error.message : String(error);
    return { ok: false, failure: { status, requestId: open.value.requestId, message: `firewatch: the access keys could not be loaded: ${why}` } };
  }
}

/** `sink.write`, with a throw (a sink breaking its contract: a bug) turned into a failure answered 500. */
async function writeSafely(sink: Sink, documents: SinkDocument[], options: { signal: AbortSignal; deadline: number }): Promise<SinkResult> {
  try {
    return await sink.write(documents, options);
  } catch (cause) {
    return { ok: false, retryable: false, error: new FirewatchError('SINK_REJECTED', `write threw: ${cause instanceof Error ? cause.message : String(cause)}`, { cause }) };
  }
}

/** Turns records into sink documents for one request. */
class DocumentBuilder {
  /** The body's `timestamp` once read (the arrival time until then): the time of plain records. */
  requestTime: number;
  readonly #config: EndpointConfig;
  readonly #requestId: string;
  readonly #codecs: Codecs;
  readonly #shaper: DocumentShaper;
  /** `,"firehose":{…}`: the same for every document of the request, so built once. */
  readonly #firehose: string;

  constructor(config: EndpointConfig, headers: DeliveryHeaders, codecs: Codecs, arrival: number) {
    this.#config = config;
    this.#requestId = headers.requestId;
    this.#codecs = codecs;
    this.requestTime = arrival;
    const source = headers.sourceArn === undefined ? '' : `,"source_arn":${JSON.stringify(headers.sourceArn)}`;
    const common = headers.commonAttributes === undefined ? '' : `,"common_attributes":${JSON.stringify(headers.commonAttributes)}`;
    this.#firehose = `,"firehose":{"request_id":${JSON.stringify(headers.requestId)}${source}${common}}`;
    this.#shaper = new DocumentShaper(config, this.#firehose);
  }

  /** The documents of record `index`, made one at a time as they are taken; counts control messages and decode failures into `stats`. */
  *documents(index: number, data: string, stats: { controlMessages: number; decodeFailures: number }): Generator<SinkDocument, void, undefined> {
    // A dense record's events are parsed as its documents are made, not all at once (core/cloudwatch/lazy-envelope.ts);
    // a small one is cheaper to parse whole.
    const decode = inflatedSizeOf(data) > LAZY_DECODE_BYTES ? decodeRecordBase64Lazily : decodeRecordBase64;
    const decoded = decode(data, { maxInflatedBytes: this.#config.maxInflatedBytes, codecs: this.#codecs });
    if (!decoded.ok) {
      stats.decodeFailures++;
      yield this.#failureDocument(index, data, decoded.error.at(`records[${index}].data`));
      return;
    }
    let payload = decoded.value;
    const fallbackId = `${this.#requestId}:${index}`;
    if (payload.kind === 'text') {
      // Firehose's message extraction: log lines only, one event each, ids from the request and record (core/cloudwatch/extracted-lines.ts).
      const extracted = extractLines(payload.text, { key: fallbackId, arrival: this.requestTime, ...(this.#config.defaultParser ? { parser: this.#config.defaultParser } : {}) });
      if (extracted.envelope.logEvents.length > 0) payload = { kind: 'cloudwatch', envelopes: [extracted.envelope], gzipped: false, inflatedBytes: payload.text.length };
    }
    if (payload.kind === 'cloudwatch') {
      const events = payload.envelopes.reduce((n, envelope) => n + envelope.logEvents.length, 0);
      if (events > this.#config.maxEventsPerRecord) {
        stats.decodeFailures++;
        const detail = `the record holds ${events} log events; this endpoint takes at most ${this.#config.maxEventsPerRecord} per record (FIREWATCH_MAX_EVENTS_PER_RECORD)`;
        yield this.#failureDocument(index, data, new FirewatchError('INPUT_TOO_LARGE', detail, { path: `records[${index}].data` }));
        return;
      }
      stats.controlMessages += payload.envelopes.filter((envelope) => envelope.messageType !== MessageType.DATA).length;
      yield* this.#shaper.documents(payload.envelopes, fallbackId, this.requestTime);
      return;
    }
    const json = plainDocumentJson(payload.text, this.requestTime, auto, this.#shaper.options);
    yield { index: this.#shaper.indexOf(this.requestTime), id: fallbackId, json };
  }

  #failureDocument(index: number, data: string, error: FirewatchError): SinkDocument {
    const time = this.requestTime;
    const reason = JSON.stringify(error.message);
    const json = `{"@timestamp":"${isoTime(time)}","raw_data":${JSON.stringify(data)},"parser":"none","error":{"type":"decode_failure","code":"${error.code}","reason":${reason}}${this.#firehose}}`;
    return { index: this.#shaper.indexOf(time), id: `${this.#requestId}:${index}`, json };
  }
}
