/**
 * A local stand-in for OpenSearch's `_bulk` API (no OpenSearch server can be installed on these
 * machines), answering as OpenSearch documents it, with fault injection for tests.
 *
 * What it does, as OpenSearch does: `POST /_bulk` with `Content-Type: application/x-ndjson` (or
 * `application/json`), NDJSON that must end in `\n` (else 400 `illegal_argument_exception`), a malformed
 * action line fails the whole request (400 `json_parse_exception`), an `_id` over 512 bytes fails the
 * whole request (400 `action_request_validation_exception`), `index` (201 created / 200 updated) and
 * `create` (201, or 409 `version_conflict_engine_exception` when the id exists), a source line that is not
 * a JSON object answers that item 400 `mapper_parsing_exception`, `errors` true when any item failed.
 * `GET /` answers cluster info. Auth headers are recorded, not checked.
 *
 * @example
 * ```ts
 * const os = await startOpenSearchStandIn();
 * os.rejectItems({ count: 3 }); // the next three items answer 429 es_rejected_execution_exception
 * os.failRequests({ count: 1 }); // the next request answers 503
 * os.mappingConflict((index, source) => source.includes('"bad"')); // 400 mapper_parsing_exception, every time
 * os.maxContentLength(10_000); // larger bodies answer 413
 * os.delay(2_000, 1); os.resetConnections(1); await os.down();
 * os.documents('logs'); // [{ id, json }] in first-write order
 * await os.close();
 * ```
 * @module
 */

import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OPENSEARCH_ID_MAX_BYTES } from '../../core/limits.ts';
// Seeded, so `fraction` faults pick the same items on every run.
import { mulberry32 } from '../../core/samples/log-lines.ts';
import { listenOnLoopback } from './listen.ts';

/** Per-item rejections: the item is not stored and answers `status` with an error of `type`. */
export interface ItemFault {
  /** Reject the next `count` items (across requests), then stop. */
  readonly count?: number;
  /** Reject each item with this probability, on every request (seeded). */
  readonly fraction?: number;
  /** Default 429. */
  readonly status?: number;
  /** Default `es_rejected_execution_exception`. */
  readonly type?: string;
}

/** Whole-request failures: the next `count` `_bulk` requests answer `status` and store nothing. */
export interface RequestFault {
  readonly count: number;
  /** Default 503. */
  readonly status?: number;
  /** Default an OpenSearch error body for the status. */
  readonly body?: string;
}

/** One request received. */
export interface OpenSearchRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** Body size in bytes (what arrived). */
  bytes: number;
  /** Bulk items in the body (0 when it was not parsed). */
  items: number;
  /** Status answered; 0 when the connection was dropped or the client went away. */
  status: number;
}

/** A stored document: `json` is the source line exactly as received. */
export interface StoredSource {
  readonly id: string;
  readonly json: string;
}

/** Options of {@link startOpenSearchStandIn}. */
export interface OpenSearchStandInOptions {
  /** Seed for `fraction` faults. Default 1. */
  readonly seed?: number;
  /** Bodies larger than this answer 413 (OpenSearch's `http.max_content_length`). Default 100 MB. */
  readonly maxContentLength?: number;
}

interface Reply {
  readonly status: number;
  readonly body: string;
  readonly contentType?: string;
}

const JSON_TYPE = 'application/json; charset=UTF-8';

/** The running stand-in; see the module example. */
export class OpenSearchStandIn {
  /** `http://127.0.0.1:<port>`, for `OPENSEARCH_URL`. */
  readonly url: string;
  /** Every request received, in order. */
  readonly requests: OpenSearchRequest[] = [];

  readonly #server: ReturnType<typeof createServer>;
  readonly #indexes = new Map<string, Map<string, string>>();
  readonly #timers = new Set<NodeJS.Timeout>();
  #random: () => number;
  #itemFaults: ItemFault[] = [];
  #itemCountLeft = 0;
  #requestFault: RequestFault | undefined;
  #requestFaultsLeft = 0;
  #conflicts: Array<(index: string, source: string) => boolean> = [];
  #maxContentLength: number;
  #delayMs = 0;
  #delaysLeft = 0;
  #resetsLeft = 0;
  #resetWhen: 'request' | 'response' = 'request';

  constructor(server: ReturnType<typeof createServer>, options: OpenSearchStandInOptions) {
    this.#server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    this.#random = mulberry32(options.seed ?? 1);
    this.#maxContentLength = options.maxContentLength ?? 100_000_000;
    server.on('request', (req, res) => void this.#serve(req, res));
  }

  /** Documents of `index`, in first-write order. */
  documents(index: string): StoredSource[] {
    return [...(this.#indexes.get(index) ?? new Map<string, string>()).entries()].map(([id, json]) => ({ id, json }));
  }

  /** Every stored document of every index. */
  all(): Array<StoredSource & { readonly index: string }> {
    return [...this.#indexes.keys()].flatMap((index) => this.documents(index).map((doc) => ({ index, ...doc })));
  }

  /** `_bulk` requests only. */
  bulkRequests(): OpenSearchRequest[] {
    return this.requests.filter((request) => request.path.endsWith('/_bulk'));
  }

  /** Adds a per-item fault (an item fails when any fault picks it). */
  rejectItems(fault: ItemFault): void {
    this.#itemFaults.push(fault);
    this.#itemCountLeft += fault.count ?? 0;
  }

  /** Makes the next `fault.count` `_bulk` requests fail as a whole. */
  failRequests(fault: RequestFault): void {
    this.#requestFault = fault;
    this.#requestFaultsLeft = fault.count;
  }

  /** Items whose index and source line match answer 400 `mapper_parsing_exception`, every time. */
  mappingConflict(where: (index: string, source: string) => boolean): void {
    this.#conflicts.push(where);
  }

  /** Bodies larger than `bytes` answer 413. */
  maxContentLength(bytes: number): void {
    this.#maxContentLength = bytes;
  }

  /** Waits `ms` before answering each of the next `count` requests; a request whose client left meanwhile stores nothing. */
  delay(ms: number, count = Number.POSITIVE_INFINITY): void {
    this.#delayMs = ms;
    this.#delaysLeft = count;
  }

  /**
   * Resets the connection of the next `count` `_bulk` requests: `request` as the body arrives (nothing
   * stored), `response` after storing, halfway through the answer (stored, but the client cannot know).
   */
  resetConnections(count: number, when: 'request' | 'response' = 'request'): void {
    this.#resetsLeft = count;
    this.#resetWhen = when;
  }

  /** Removes every fault and delay; keeps documents and requests. */
  clearFaults(): void {
    this.#itemFaults = [];
    this.#itemCountLeft = 0;
    this.#requestFault = undefined;
    this.#requestFaultsLeft = 0;
    this.#conflicts = [];
    this.#maxContentLength = 100_000_000;
    this.#delayMs = 0;
    this.#delaysLeft = 0;
    this.#resetsLeft = 0;
  }

  /** Clears faults, requests and documents; the seed starts over. */
  reset(seed = 1): void {
    this.clearFaults();
    this.requests.length = 0;
    this.#indexes.clear();
    this.#random = mulberry32(seed);
  }

  /** Stops listening and drops every connection: clients then get "connection refused". */
  async down(): Promise<void> {
    if (!this.#server.listening) return;
    for (const timer of this.#timers) clearTimeout(timer);
    const closed = new Promise<void>((resolve, reject) => this.#server.close((error) => (error ? reject(error) : resolve())));
    this.#server.closeAllConnections();
    await closed;
  }

  /** Same as {@link down}; for `afterAll`. */
  close(): Promise<void> {
    return this.down();
  }

  async #serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const log: OpenSearchRequest = { method: req.method ?? '', path: (req.url ?? '').split('?')[0] ?? '', headers: req.headers, bytes: 0, items: 0, status: 0 };
    this.requests.push(log);
    const isBulk = log.path.endsWith('/_bulk');
    if (isBulk && this.#resetsLeft > 0 && this.#resetWhen === 'request') {
      this.#resetsLeft--;
      // Mid-request: the client has started sending; the reset arrives before any answer.
      req.once('data', () => req.socket.destroy());
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    log.bytes = body.length;

    if (this.#delaysLeft > 0 && this.#delayMs > 0) {
      this.#delaysLeft--;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.#timers.delete(timer);
          resolve();
        }, this.#delayMs);
        this.#timers.add(timer);
      });
      if (res.destroyed || req.socket.destroyed) return;
    }

    const reply = this.#handle(req, log, body);
    log.status = reply.status;
    const payload = Buffer.from(reply.body, 'utf8');
    res.writeHead(reply.status, { 'Content-Type': reply.contentType ?? JSON_TYPE, 'Content-Length': payload.length });
    if (isBulk && this.#resetsLeft > 0 && this.#resetWhen === 'response') {
      this.#resetsLeft--;
      log.status = 0;
      res.write(payload.subarray(0, Math.floor(payload.length / 2)), () => req.socket.destroy());
      return;
    }
    res.end(payload);
  }

  #handle(req: IncomingMessage, log: OpenSearchRequest, body: Buffer): Reply {
    if (req.method === 'GET' && log.path === '/') return { status: 200, body: JSON.stringify(clusterInfo) };
    if (req.method === 'HEAD' && log.path === '/') return { status: 200, body: '' };
    if (log.path !== '/_bulk') return failure(404, 'no_handler_found_exception', `no handler found for uri [${req.url}] and method [${req.method}]`);
    if (req.method !== 'POST' && req.method !== 'PUT') return failure(405, 'method_not_allowed', `Incorrect HTTP method for uri [${req.url}] and method [${req.method}], allowed: [POST, PUT]`);
    const type = String(req.headers['content-type'] ?? '');
    if (!/^application\/(x-ndjson|json)\b/.test(type)) return failure(406, 'content_type_not_supported', `Content-Type header [${type}] is not supported`);
    if (body.length > this.#maxContentLength) return { status: 413, body: '413 Request Entity Too Large', contentType: 'text/plain' };
    if (this.#requestFaultsLeft > 0 && this.#requestFault) {
      this.#requestFaultsLeft--;
      const { status = 503, body: text } = this.#requestFault;
      return { status, body: text ?? JSON.stringify(errorBody(status === 429 ? 'es_rejected_execution_exception' : 'cluster_block_exception', `injected ${status}`, status)) };
    }
    const parsed = parseBulk(body.toString('utf8'));
    if (!parsed.ok) return failure(400, parsed.type, parsed.reason);
    log.items = parsed.items.length;

    const started = Date.now();
    let errors = false;
    const items = parsed.items.map(({ action, index, id, source }) => {
      const result = this.#apply(action, index, id ?? randomUUID(), source);
      if (result.status >= 300) errors = true;
      return { [action]: result };
    });
    return { status: 200, body: JSON.stringify({ took: Date.now() - started, errors, items }) };
  }

  #apply(action: 'index' | 'create', index: string, id: string, source: string): { status: number } & Record<string, unknown> {
    const head = { _index: index, _id: id };
    const fault = this.#pickFault();
    if (fault) {
      const status = fault.status ?? 429;
      const type = fault.type ?? 'es_rejected_execution_exception';
      return { ...head, status, error: { type, reason: `rejected execution of coordinating operation [shard_detail=[${index}][0][C], shard_coordinating_and_primary_bytes=0, shard_operation_bytes=${source.length}] (injected)` } };
    }
    let document: unknown;
    try {
      document = JSON.parse(source);
    } catch {
      document = undefined;
    }
    if (typeof document !== 'object' || document === null || Array.isArray(document)) {
      return { ...head, status: 400, error: { type: 'mapper_parsing_exception', reason: 'failed to parse', caused_by: { type: 'not_x_content_exception', reason: 'Compressor detection can only be called on some xcontent bytes or compressed xcontent bytes' } } };
    }
    if (this.#conflicts.some((where) => where(index, source))) {
      return { ...head, status: 400, error: { type: 'mapper_parsing_exception', reason: `failed to parse field [thread_id] of type [long] in document with id '${id}'. Preview of field's value: 'abc'`, caused_by: { type: 'illegal_argument_exception', reason: 'For input string: "abc"' } } };
    }
    let store = this.#indexes.get(index);
    if (!store) this.#indexes.set(index, (store = new Map()));
    const exists = store.has(id);
    if (action === 'create' && exists) {
      return { ...head, status: 409, error: { type: 'version_conflict_engine_exception', reason: `[${id}]: version conflict, document already exists (current version [1])`, index, shard: '0' } };
    }
    store.set(id, source);
    return { ...head, _version: 1, result: exists ? 'updated' : 'created', _shards: { total: 2, successful: 1, failed: 0 }, _seq_no: store.size - 1, _primary_term: 1, status: exists ? 200 : 201 };
  }

  #pickFault(): ItemFault | undefined {
    if (this.#itemCountLeft > 0) {
      this.#itemCountLeft--;
      return this.#itemFaults.find((fault) => (fault.count ?? 0) > 0);
    }
    for (const fault of this.#itemFaults) {
      if (fault.fraction !== undefined && this.#random() < fault.fraction) return fault;
    }
    return undefined;
  }
}

/** Starts a stand-in on 127.0.0.1 and a free port. */
export async function startOpenSearchStandIn(options: OpenSearchStandInOptions = {}): Promise<OpenSearchStandIn> {
  const server = await listenOnLoopback(createServer({ keepAlive: true }));
  return new OpenSearchStandIn(server, options);
}

const clusterInfo = {
  name: 'standin-node',
  cluster_name: 'firewatch-standin',
  cluster_uuid: 'firewatch-standin-0000',
  version: { distribution: 'opensearch', number: '2.19.0', build_type: 'tar', minimum_wire_compatibility_version: '7.10.0', minimum_index_compatibility_version: '7.0.0' },
  tagline: 'The OpenSearch Project: https://opensearch.org/',
};

function errorBody(type: string, reason: string, status: number) {
  return { error: { root_cause: [{ type, reason }], type, reason }, status };
}

function failure(status: number, type: string, reason: string): Reply {
  return { status, body: JSON.stringify(errorBody(type, reason, status)) };
}

type ParsedBulk =
  | { readonly ok: true; readonly items: Array<{ action: 'index' | 'create'; index: string; id: string | undefined; source: string }> }
  | { readonly ok: false; readonly type: string; readonly reason: string };

/** Parses an NDJSON `_bulk` body as OpenSearch does: whole-request errors for anything but a bad source line. */
function parseBulk(text: string): ParsedBulk {
  if (text.length === 0) return { ok: false, type: 'action_request_validation_exception', reason: 'Validation Failed: 1: no requests added;' };
  if (!text.endsWith('\n')) return { ok: false, type: 'illegal_argument_exception', reason: 'The bulk request must be terminated by a newline [\\n]' };
  const lines = text.slice(0, -1).split('\n');
  const items: Array<{ action: 'index' | 'create'; index: string; id: string | undefined; source: string }> = [];
  const invalid: string[] = [];
  for (let i = 0; i < lines.length; i += 2) {
    let meta: unknown;
    try {
      meta = JSON.parse(lines[i]!);
    } catch {
      return { ok: false, type: 'json_parse_exception', reason: `Unexpected character at line ${i + 1}` };
    }
    const keys = typeof meta === 'object' && meta !== null ? Object.keys(meta) : [];
    const action = keys[0];
    if (keys.length !== 1 || (action !== 'index' && action !== 'create')) {
      return { ok: false, type: 'illegal_argument_exception', reason: `Malformed action/metadata line [${i + 1}], expected START_OBJECT or END_OBJECT but found [${keys.join(',')}]` };
    }
    const fields = (meta as Record<string, { _index?: unknown; _id?: unknown }>)[action]!;
    if (typeof fields._index !== 'string' || fields._index === '') return { ok: false, type: 'action_request_validation_exception', reason: `Validation Failed: 1: index is missing;` };
    if (fields._id !== undefined && typeof fields._id !== 'string') return { ok: false, type: 'illegal_argument_exception', reason: `_id must be a string at line ${i + 1}` };
    const source = lines[i + 1];
    if (source === undefined) return { ok: false, type: 'illegal_argument_exception', reason: `The bulk request must be terminated by a newline [\\n]` };
    if (typeof fields._id === 'string' && Buffer.byteLength(fields._id) > OPENSEARCH_ID_MAX_BYTES) {
      invalid.push(`${invalid.length + 1}: id [${fields._id}] is too long, must be no longer than 512 bytes but was: ${Buffer.byteLength(fields._id)};`);
    }
    items.push({ action, index: fields._index, id: fields._id, source });
  }
  if (invalid.length > 0) return { ok: false, type: 'action_request_validation_exception', reason: `Validation Failed: ${invalid.join(' ')}` };
  return { ok: true, items };
}
