/**
 * A local stand-in for OpenSearch's `_bulk` API, answering as OpenSearch does, with fault injection for
 * tests. The real OpenSearch of the live suites is its reference: test/live/standin-conformance.test.ts
 * sends the same requests to both and expects the same answers. Use it for what the engine cannot be
 * made to do on demand (resets, stalls, injected 429/5xx, 401/403, ISM, which the engine lacks).
 *
 * What it does, as OpenSearch does: `POST /_bulk` with `Content-Type: application/x-ndjson` (or
 * `application/json`), NDJSON that must end in `\n` (else 400 `illegal_argument_exception`), a malformed
 * action line fails the whole request (400 `json_parse_exception`; `json_e_o_f_exception` when cut off),
 * an `_id` over 512 bytes fails the whole request (400 `action_request_validation_exception`), a body over
 * `maxContentLength` answers 413 with no body, `index` (201 created / 200 updated) and
 * `create` (201, or 409 `version_conflict_engine_exception` when the id exists), a source line that is not
 * a JSON object answers that item 400 `mapper_parsing_exception`, `errors` true when any item failed.
 * `GET /` answers cluster info. Auth headers are recorded, and checked only after `requireBasicAuth`.
 *
 * Index templates and ISM policies, in the documented wire formats:
 * - `GET|HEAD|PUT|POST|DELETE _index_template/<name>`: PUT validates the body as OpenSearch does where a
 *   mistake is likely (unknown top-level or mapping parameters, unknown field types, overlapping patterns
 *   at the same priority → 400) and answers `{acknowledged: true}`; GET answers
 *   `{index_templates: [{name, index_template}]}` with settings nested and stringified and `composed_of`
 *   added, or 404 `resource_not_found_exception`.
 * - `GET|HEAD|PUT|DELETE _plugins/_ism/policies/<id>`: GET answers `{_id, _version, _seq_no,
 *   _primary_term, policy}` with what ISM adds (`policy_id`, `last_updated_time`, `schema_version`,
 *   `error_notification`, each action's `retry`, `ism_template` as an array with `last_updated_time`), or
 *   404 `status_exception` "Policy not found". PUT without `if_seq_no`/`if_primary_term` creates (201;
 *   409 `version_conflict_engine_exception` when it exists); with them it updates (200; 409 when they are
 *   not the current ones); overlapping ISM templates at the same priority → 400.
 * - When an index is first written and a template matches it (highest priority wins), the index takes
 *   the template's mappings, and every `_bulk` document is checked against them as OpenSearch's mapper
 *   would: a value that does not fit its field's type (`long`, `double`, `boolean`, `date`, `date_nanos`
 *   with its format and 1970–2262 range, an object where a value is mapped or the reverse, a keyword term
 *   over 32,766 bytes) answers that item 400 `mapper_parsing_exception` (or `illegal_argument_exception`);
 *   unmapped fields are mapped by the `dynamic_templates` (`match_mapping_type`, `match`, `unmatch`,
 *   `path_match`, `path_unmatch`) or OpenSearch's defaults (with `date_detection`), `dynamic: strict`
 *   refuses them, `dynamic: false` ignores them, metadata fields (`_id`...) are refused, and
 *   `index.mapping.total_fields.limit` (default 1000) holds. Indices no template matches are not checked.
 *
 * @example
 * ```ts
 * const os = await startOpenSearchStandIn();
 * os.rejectItems({ count: 3 }); // the next three items answer 429 rejected_execution_exception
 * os.failRequests({ count: 1 }); // the next request answers 503
 * os.mappingConflict((index, source) => source.includes('"bad"')); // 400 mapper_parsing_exception, every time
 * os.maxContentLength(10_000); // larger bodies answer 413
 * os.delay(2_000, 1); os.resetConnections(1); await os.down();
 * os.documents('logs'); // [{ id, json }] in first-write order
 * os.requireBasicAuth('firewatch', 'secret'); // other requests answer 401
 * os.forbid((method, path) => path.startsWith('/_plugins/_ism')); // 403 security_exception
 * os.template('firewatch-logs'); os.policy('firewatch-logs-retention'); os.mapping('logs-2026-11-25');
 * await os.close();
 * ```
 * @module
 */

import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo, isIP } from 'node:net';
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
  /** Default `rejected_execution_exception` (OpenSearch's name; Elasticsearch's was `es_rejected_execution_exception`). */
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
  /** Path and query as received (`/_plugins/_ism/policies/p?if_seq_no=3&if_primary_term=1`). */
  readonly url: string;
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
  /** Bodies larger than this answer 413 (OpenSearch's `http.max_content_length`). Default 100 MiB, OpenSearch's `100mb`. */
  readonly maxContentLength?: number;
}

interface Reply {
  readonly status: number;
  readonly body: string;
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A stored composable index template: the GET form and what index creation needs. */
interface StoredTemplate {
  readonly name: string;
  readonly patterns: readonly string[];
  readonly priority: number;
  /** As `GET _index_template` answers it. */
  readonly body: Record<string, unknown>;
}

/** A stored ISM policy document. */
interface StoredPolicy {
  readonly seqNo: number;
  readonly primaryTerm: number;
  readonly version: number;
  /** As `GET _plugins/_ism/policies/<id>` answers its `policy`. */
  readonly policy: Record<string, unknown>;
}

const JSON_TYPE = 'application/json; charset=UTF-8';
/** OpenSearch's default `http.max_content_length`, `100mb` (units of 1024). */
const DEFAULT_MAX_CONTENT_LENGTH = 100 * 1024 * 1024;

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
  readonly #templates = new Map<string, StoredTemplate>();
  readonly #policies = new Map<string, StoredPolicy>();
  /** Sequence numbers of ISM's config index (every policy write takes the next one). */
  #ismSeqNo = -1;
  /** Per index: its mapper when a template matched at creation, null when none did. */
  readonly #mappers = new Map<string, IndexMapper | null>();
  #basicAuth: string | undefined;
  #forbidden: Array<(method: string, path: string) => boolean> = [];

  constructor(server: ReturnType<typeof createServer>, options: OpenSearchStandInOptions) {
    this.#server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    this.#random = mulberry32(options.seed ?? 1);
    this.#maxContentLength = options.maxContentLength ?? DEFAULT_MAX_CONTENT_LENGTH;
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

  /** Requests without this basic `Authorization` answer 401, as the security plugin does; until {@link reset}. */
  requireBasicAuth(username: string, password: string): void {
    this.#basicAuth = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  }

  /** Requests for which `where` holds answer 403 `security_exception` (a fault: {@link clearFaults} removes it). */
  forbid(where: (method: string, path: string) => boolean): void {
    this.#forbidden.push(where);
  }

  /** A stored index template as `GET _index_template/<name>` shows it, or undefined. */
  template(name: string): Record<string, unknown> | undefined {
    const stored = this.#templates.get(name);
    return stored === undefined ? undefined : structuredClone(stored.body);
  }

  /** A stored ISM policy with its `_seq_no` and `_primary_term`, or undefined. */
  policy(id: string): { seqNo: number; primaryTerm: number; policy: Record<string, unknown> } | undefined {
    const stored = this.#policies.get(id);
    return stored === undefined ? undefined : { seqNo: stored.seqNo, primaryTerm: stored.primaryTerm, policy: structuredClone(stored.policy) };
  }

  /** The current mappings of an index created from a template (dynamic additions included), or undefined. */
  mapping(index: string): Record<string, unknown> | undefined {
    const mapper = this.#mappers.get(index);
    return mapper ? mapper.snapshot() : undefined;
  }

  /** Removes every fault and delay; keeps documents and requests. */
  clearFaults(): void {
    this.#itemFaults = [];
    this.#itemCountLeft = 0;
    this.#requestFault = undefined;
    this.#requestFaultsLeft = 0;
    this.#conflicts = [];
    this.#maxContentLength = DEFAULT_MAX_CONTENT_LENGTH;
    this.#delayMs = 0;
    this.#delaysLeft = 0;
    this.#resetsLeft = 0;
    this.#forbidden = [];
  }

  /** Clears faults, requests, documents, templates, policies and the auth requirement; the seed starts over. */
  reset(seed = 1): void {
    this.clearFaults();
    this.requests.length = 0;
    this.#indexes.clear();
    this.#templates.clear();
    this.#policies.clear();
    this.#mappers.clear();
    this.#ismSeqNo = -1;
    this.#basicAuth = undefined;
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
    const log: OpenSearchRequest = {
      method: req.method ?? '',
      path: (req.url ?? '').split('?')[0] ?? '',
      url: req.url ?? '',
      headers: req.headers,
      bytes: 0,
      items: 0,
      status: 0,
    };
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
    res.writeHead(reply.status, { 'Content-Type': reply.contentType ?? JSON_TYPE, 'Content-Length': payload.length, ...reply.headers });
    if (isBulk && this.#resetsLeft > 0 && this.#resetWhen === 'response') {
      this.#resetsLeft--;
      log.status = 0;
      res.write(payload.subarray(0, Math.floor(payload.length / 2)), () => req.socket.destroy());
      return;
    }
    res.end(payload);
  }

  #handle(req: IncomingMessage, log: OpenSearchRequest, body: Buffer): Reply {
    const method = req.method ?? '';
    if (this.#basicAuth !== undefined && req.headers.authorization !== this.#basicAuth) {
      // The security plugin's answer to missing or wrong credentials: plain text, with a challenge.
      return {
        status: 401,
        body: 'Unauthorized',
        contentType: 'text/plain; charset=UTF-8',
        headers: { 'WWW-Authenticate': 'Basic realm="OpenSearch Security"' },
      };
    }
    if (this.#forbidden.some((where) => where(method, log.path))) {
      const user = this.#basicAuth === undefined ? 'anonymous' : Buffer.from(this.#basicAuth.slice(6), 'base64').toString('utf8').split(':')[0];
      return failure(
        403,
        'security_exception',
        `no permissions for [${actionName(method, log.path)}] and User [name=${user}, backend_roles=[], requestedTenant=null]`,
      );
    }
    if (method === 'GET' && log.path === '/') return { status: 200, body: JSON.stringify(clusterInfo) };
    if (method === 'GET' && log.path === '/_cluster/settings') {
      return clusterSettings(new URL(req.url ?? '/', 'http://standin').searchParams, this.#maxContentLength);
    }
    if (method === 'HEAD' && log.path === '/') return { status: 200, body: '' };
    const query = new URL(req.url ?? '/', 'http://standin').searchParams;
    const template = /^\/_index_template\/([^/]+)$/.exec(log.path);
    if (template) return this.#indexTemplate(method, decodeURIComponent(template[1]!), query, body);
    const policy = /^\/_plugins\/_ism\/policies\/([^/]+)$/.exec(log.path);
    if (policy) return this.#ismPolicy(method, decodeURIComponent(policy[1]!), query, body);
    if (log.path !== '/_bulk') return failure(404, 'no_handler_found_exception', `no handler found for uri [${req.url}] and method [${req.method}]`);
    if (req.method !== 'POST' && req.method !== 'PUT') {
      return failure(405, 'method_not_allowed', `Incorrect HTTP method for uri [${req.url}] and method [${req.method}], allowed: [POST, PUT]`);
    }
    const type = String(req.headers['content-type'] ?? '');
    if (!/^application\/(x-ndjson|json)\b/.test(type)) return failure(406, 'content_type_not_supported', `Content-Type header [${type}] is not supported`);
    if (body.length > this.#maxContentLength) return { status: 413, body: '' }; // as OpenSearch's HTTP layer: no body at all
    if (this.#requestFaultsLeft > 0 && this.#requestFault) {
      this.#requestFaultsLeft--;
      const { status = 503, body: text } = this.#requestFault;
      return {
        status,
        body: text ?? JSON.stringify(errorBody(status === 429 ? 'rejected_execution_exception' : 'cluster_block_exception', `injected ${status}`, status)),
      };
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
      const type = fault.type ?? 'rejected_execution_exception';
      return {
        ...head,
        status,
        error: {
          type,
          reason:
            `rejected execution of coordinating operation [shard_detail=[${index}][0][C], shard_coordinating_and_primary_bytes=0, shard_operation_bytes=${source.length}] (injected)`,
        },
      };
    }
    let document: unknown;
    try {
      document = JSON.parse(source);
    } catch {
      document = undefined;
    }
    if (typeof document !== 'object' || document === null || Array.isArray(document)) {
      return {
        ...head,
        status: 400,
        error: {
          type: 'mapper_parsing_exception',
          reason: 'failed to parse',
          caused_by: { type: 'not_x_content_exception', reason: 'Compressor detection can only be called on some xcontent bytes or compressed xcontent bytes' },
        },
      };
    }
    const mapper = this.#mapperFor(index);
    const mappingError = mapper?.check(document as Record<string, unknown>, id, source);
    if (mappingError) return { ...head, status: 400, error: mappingError };
    if (this.#conflicts.some((where) => where(index, source))) {
      return {
        ...head,
        status: 400,
        error: {
          type: 'mapper_parsing_exception',
          reason: `failed to parse field [thread_id] of type [long] in document with id '${id}'. Preview of field's value: 'abc'`,
          caused_by: { type: 'illegal_argument_exception', reason: 'For input string: "abc"' },
        },
      };
    }
    let store = this.#indexes.get(index);
    if (!store) this.#indexes.set(index, store = new Map());
    const exists = store.has(id);
    if (action === 'create' && exists) {
      return {
        ...head,
        status: 409,
        error: {
          type: 'version_conflict_engine_exception',
          reason: `[${id}]: version conflict, document already exists (current version [1])`,
          index,
          shard: '0',
        },
      };
    }
    store.set(id, source);
    return {
      ...head,
      _version: 1,
      result: exists ? 'updated' : 'created',
      _shards: { total: 2, successful: 1, failed: 0 },
      _seq_no: store.size - 1,
      _primary_term: 1,
      status: exists ? 200 : 201,
    };
  }

  /** The index's mapper, created with the index from the highest-priority matching template. */
  #mapperFor(index: string): IndexMapper | undefined {
    if (!this.#mappers.has(index)) {
      // A template applies when the index is created; an index written before any template stays unchecked.
      const created = this.#indexes.has(index);
      const template = created
        ? undefined
        : [...this.#templates.values()].filter((t) => t.patterns.some((p) => globMatch(p, index))).sort((a, b) => b.priority - a.priority)[0];
      const inner = template?.body['template'] as { mappings?: Record<string, unknown>; settings?: Record<string, unknown> } | undefined;
      this.#mappers.set(index, template ? new IndexMapper(index, structuredClone(inner?.mappings ?? {}), flattenSettings(inner?.settings ?? {})) : null);
    }
    return this.#mappers.get(index) ?? undefined;
  }

  #indexTemplate(method: string, name: string, query: URLSearchParams, body: Buffer): Reply {
    if (method === 'GET' || method === 'HEAD') {
      const names = name.includes('*') ? [...this.#templates.keys()].filter((n) => globMatch(name, n)).sort() : this.#templates.has(name) ? [name] : [];
      if (names.length === 0 && !name.includes('*')) {
        return method === 'HEAD' ? { status: 404, body: '' } : failure(404, 'resource_not_found_exception', `index template matching [${name}] not found`);
      }
      if (method === 'HEAD') return { status: 200, body: '' };
      return { status: 200, body: JSON.stringify({ index_templates: names.map((n) => ({ name: n, index_template: this.#templates.get(n)!.body })) }) };
    }
    if (method === 'DELETE') {
      if (!this.#templates.delete(name)) return failure(404, 'index_template_missing_exception', `index_template [${name}] missing`);
      return { status: 200, body: JSON.stringify({ acknowledged: true }) };
    }
    if (method !== 'PUT' && method !== 'POST') {
      return failure(
        405,
        'method_not_allowed',
        `Incorrect HTTP method for uri [/_index_template/${name}] and method [${method}], allowed: [HEAD, DELETE, POST, GET, PUT]`,
      );
    }
    const parsed = parseObject(body);
    if (!parsed.ok) return failure(400, parsed.type, parsed.reason);
    const value = parsed.value;
    for (const key of Object.keys(value)) {
      if (!['index_patterns', 'template', 'priority', 'composed_of', 'version', '_meta', 'data_stream'].includes(key)) {
        return failure(400, 'x_content_parse_exception', `[1:2] [index_template] unknown field [${key}]`);
      }
    }
    const rawPatterns = value['index_patterns'];
    const patterns = typeof rawPatterns === 'string'
      ? [rawPatterns]
      : Array.isArray(rawPatterns) && rawPatterns.every((p) => typeof p === 'string')
      ? (rawPatterns as string[])
      : [];
    if (patterns.length === 0) return failure(400, 'action_request_validation_exception', 'Validation Failed: 1: index patterns are missing;');
    const priority = value['priority'] ?? 0;
    if (typeof priority !== 'number' || !Number.isInteger(priority) || priority < 0) {
      return failure(400, 'action_request_validation_exception', 'Validation Failed: 1: index template priority must be >= 0;');
    }
    if (query.get('create') === 'true' && this.#templates.has(name)) {
      return failure(400, 'illegal_argument_exception', `index template [${name}] already exists`);
    }
    const template = value['template'];
    if (template !== undefined && (typeof template !== 'object' || template === null || Array.isArray(template))) {
      return failure(400, 'x_content_parse_exception', '[1:2] [index_template] failed to parse field [template]');
    }
    const inner = (template ?? {}) as Record<string, unknown>;
    for (const key of Object.keys(inner)) {
      if (!['settings', 'mappings', 'aliases'].includes(key)) return failure(400, 'x_content_parse_exception', `[1:2] [template] unknown field [${key}]`);
    }
    if (inner['mappings'] !== undefined) {
      const problem = validateMappings(inner['mappings']);
      if (problem) return failure(400, 'mapper_parsing_exception', `Failed to parse mapping [_doc]: ${problem}`);
    }
    for (const other of this.#templates.values()) {
      if (other.name === name || other.priority !== priority) continue;
      if (patterns.some((p) => other.patterns.some((q) => globsOverlap(p, q)))) {
        return failure(
          400,
          'illegal_argument_exception',
          `index template [${name}] has index patterns [${
            patterns.join(', ')
          }] matching patterns from existing templates [${other.name}] with patterns (${other.name} => [${
            other.patterns.join(', ')
          }]) that have the same priority [${priority}], multiple index templates may not match during index creation, please use a different priority`,
        );
      }
    }
    // Stored as OpenSearch answers GET: settings nested with string values, composed_of always present.
    const stored: Record<string, unknown> = { index_patterns: patterns };
    if (template !== undefined) {
      const out: Record<string, unknown> = {};
      if (inner['settings'] !== undefined) out['settings'] = nestSettings(flattenSettings(inner['settings']));
      if (inner['mappings'] !== undefined) out['mappings'] = structuredClone(inner['mappings']);
      if (inner['aliases'] !== undefined) out['aliases'] = structuredClone(inner['aliases']);
      stored['template'] = out;
    }
    stored['composed_of'] = Array.isArray(value['composed_of']) ? value['composed_of'] : [];
    if (value['priority'] !== undefined) stored['priority'] = priority;
    if (value['version'] !== undefined) stored['version'] = value['version'];
    if (value['_meta'] !== undefined) stored['_meta'] = structuredClone(value['_meta']);
    this.#templates.set(name, { name, patterns, priority, body: stored });
    return { status: 200, body: JSON.stringify({ acknowledged: true }) };
  }

  #ismPolicy(method: string, id: string, query: URLSearchParams, body: Buffer): Reply {
    const existing = this.#policies.get(id);
    if (method === 'GET' || method === 'HEAD') {
      if (!existing) return method === 'HEAD' ? { status: 404, body: '' } : failure(404, 'status_exception', 'Policy not found');
      if (method === 'HEAD') return { status: 200, body: '' };
      return {
        status: 200,
        body: JSON.stringify({ _id: id, _version: existing.version, _seq_no: existing.seqNo, _primary_term: existing.primaryTerm, policy: existing.policy }),
      };
    }
    if (method === 'DELETE') {
      const shards = { total: 2, successful: 1, failed: 0 };
      if (!existing) {
        return {
          status: 404,
          body: JSON.stringify({
            _index: ISM_CONFIG_INDEX,
            _id: id,
            _version: 1,
            result: 'not_found',
            _shards: shards,
            _seq_no: ++this.#ismSeqNo,
            _primary_term: 1,
          }),
        };
      }
      this.#policies.delete(id);
      return {
        status: 200,
        body: JSON.stringify({
          _index: ISM_CONFIG_INDEX,
          _id: id,
          _version: existing.version + 1,
          result: 'deleted',
          forced_refresh: true,
          _shards: shards,
          _seq_no: ++this.#ismSeqNo,
          _primary_term: 1,
        }),
      };
    }
    if (method !== 'PUT' && method !== 'POST') {
      return failure(
        405,
        'method_not_allowed',
        `Incorrect HTTP method for uri [/_plugins/_ism/policies/${id}] and method [${method}], allowed: [GET, HEAD, PUT, DELETE]`,
      );
    }
    const parsed = parseObject(body);
    if (!parsed.ok) return failure(400, parsed.type, parsed.reason);
    const policy = parsed.value['policy'];
    if (Object.keys(parsed.value).some((k) => k !== 'policy') || typeof policy !== 'object' || policy === null || Array.isArray(policy)) {
      return failure(400, 'illegal_argument_exception', 'Invalid field: expected a body of {"policy": {...}}');
    }
    const normalized = normalizePolicy(id, policy as Record<string, unknown>, Date.now());
    if (typeof normalized === 'string') return failure(400, 'illegal_argument_exception', normalized);
    for (const template of ismTemplates(normalized)) {
      for (const [otherId, other] of this.#policies) {
        if (otherId === id) continue;
        const clash = ismTemplates(other.policy).some((t) =>
          t.priority === template.priority && t.index_patterns.some((q) => template.index_patterns.some((p) => globsOverlap(p, q)))
        );
        if (clash) {
          return failure(
            400,
            'illegal_argument_exception',
            `New policy ${id} has an ISM template with index pattern [${
              template.index_patterns.join(', ')
            }] matching existing policy templates, please use a different priority than ${template.priority}`,
          );
        }
      }
    }
    // ISM writes the policy document with op_type create unless both are given (TransportIndexPolicyAction).
    const seqParam = query.get('if_seq_no');
    const termParam = query.get('if_primary_term');
    if (seqParam !== null && termParam !== null) {
      const seqNo = Number(seqParam);
      const primaryTerm = Number(termParam);
      if (seqParam.trim() === '' || !Number.isInteger(seqNo)) {
        return failure(400, 'illegal_argument_exception', `Failed to parse long parameter [if_seq_no] with value [${seqParam}]`);
      }
      if (termParam.trim() === '' || !Number.isInteger(primaryTerm)) {
        return failure(400, 'illegal_argument_exception', `Failed to parse long parameter [if_primary_term] with value [${termParam}]`);
      }
      if (!existing) return versionConflict(`[${id}]: version conflict, required seqNo [${seqNo}], primary term [${primaryTerm}]. but no document was found`);
      if (existing.seqNo !== seqNo || existing.primaryTerm !== primaryTerm) {
        return versionConflict(
          `[${id}]: version conflict, required seqNo [${seqNo}], primary term [${primaryTerm}]. current document has seqNo [${existing.seqNo}] and primary term [${existing.primaryTerm}]`,
        );
      }
    } else if (existing) {
      return versionConflict(`[${id}]: version conflict, document already exists (current version [${existing.version}])`);
    }
    const stored: StoredPolicy = { seqNo: ++this.#ismSeqNo, primaryTerm: 1, version: (existing?.version ?? 0) + 1, policy: normalized };
    this.#policies.set(id, stored);
    return {
      status: existing ? 200 : 201,
      body: JSON.stringify({ _id: id, _version: stored.version, _primary_term: stored.primaryTerm, _seq_no: stored.seqNo, policy: { policy: normalized } }),
    };
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
  version: {
    distribution: 'opensearch',
    number: '2.19.0',
    build_type: 'tar',
    minimum_wire_compatibility_version: '7.10.0',
    minimum_index_compatibility_version: '7.0.0',
  },
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
    } catch (error) {
      // A cut-off line is what the engine words exactly (Jackson's end-of-input error, byte column);
      // other syntax errors keep a generic text, as Jackson's wording varies with the character.
      if (/end of (JSON|data)/i.test((error as Error).message)) {
        const column = Buffer.byteLength(lines[i]!) + 1;
        return {
          ok: false,
          type: 'json_e_o_f_exception',
          reason:
            `Unexpected end-of-input within/between Object entries\n at [Source: REDACTED (\`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION\` disabled); line: ${
              i + 1
            }, column: ${column}]`,
        };
      }
      return { ok: false, type: 'json_parse_exception', reason: `Unexpected character at line ${i + 1}` };
    }
    const keys = typeof meta === 'object' && meta !== null ? Object.keys(meta) : [];
    const action = keys[0];
    if (keys.length !== 1 || (action !== 'index' && action !== 'create')) {
      return {
        ok: false,
        type: 'illegal_argument_exception',
        reason: `Malformed action/metadata line [${i + 1}], expected START_OBJECT or END_OBJECT but found [${keys.join(',')}]`,
      };
    }
    const fields = (meta as Record<string, { _index?: unknown; _id?: unknown }>)[action]!;
    if (typeof fields._index !== 'string' || fields._index === '') {
      return { ok: false, type: 'action_request_validation_exception', reason: `Validation Failed: 1: index is missing;` };
    }
    if (fields._id !== undefined && typeof fields._id !== 'string') {
      return { ok: false, type: 'illegal_argument_exception', reason: `_id must be a string at line ${i + 1}` };
    }
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

// ---------------------------------------------------------------------------------------------------
// Index templates, ISM policies and mappings

/** ISM keeps policies as documents of this index. */
const ISM_CONFIG_INDEX = '.opendistro-ism-config';

/** The security plugin's name for what a request does, for 403 messages. */
function actionName(method: string, path: string): string {
  const write = method === 'PUT' || method === 'POST';
  if (path.endsWith('/_bulk')) return 'indices:data/write/bulk';
  if (path.startsWith('/_index_template')) return `indices:admin/index_template/${write ? 'put' : method === 'DELETE' ? 'delete' : 'get'}`;
  if (path.startsWith('/_plugins/_ism/policies')) return `cluster:admin/opendistro/ism/policy/${write ? 'write' : method === 'DELETE' ? 'delete' : 'get'}`;
  return 'cluster:monitor/main';
}

function versionConflict(reason: string): Reply {
  const cause = { type: 'version_conflict_engine_exception', reason, index: ISM_CONFIG_INDEX, shard: '0', index_uuid: 'standin-ism-config-uuid' };
  return { status: 409, body: JSON.stringify({ error: { root_cause: [cause], ...cause }, status: 409 }) };
}

type ParsedObject = { readonly ok: true; readonly value: Record<string, unknown> } | { readonly ok: false; readonly type: string; readonly reason: string };

/** A request body that must be one JSON object. */
function parseObject(body: Buffer): ParsedObject {
  if (body.length === 0) return { ok: false, type: 'parse_exception', reason: 'request body is required' };
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (error) {
    return { ok: false, type: 'json_parse_exception', reason: `Unexpected character: ${(error as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, type: 'parse_exception', reason: 'request body must be a JSON object' };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** OpenSearch's simple wildcard match (`*` any run of characters). */
function globMatch(pattern: string, text: string): boolean {
  const parts = pattern.split('*');
  if (parts.length === 1) return pattern === text;
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  if (!text.startsWith(first) || !text.endsWith(last) || text.length < first.length + last.length) return false;
  let at = first.length;
  for (const middle of parts.slice(1, -1)) {
    const found = text.indexOf(middle, at);
    if (found < 0 || found + middle.length > text.length - last.length) return false;
    at = found + middle.length;
  }
  return true;
}

/** Whether some name matches both wildcard patterns (OpenSearch intersects their automata). */
function globsOverlap(a: string, b: string): boolean {
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = i * (b.length + 1) + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (i === a.length && j === b.length) result = true;
    else if (i < a.length && a[i] === '*') result = go(i + 1, j) || (j < b.length && go(i, j + 1));
    else if (j < b.length && b[j] === '*') result = go(i, j + 1) || (i < a.length && go(i + 1, j));
    else result = i < a.length && j < b.length && a[i] === b[j] && go(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return go(0, 0);
}

/** Settings as OpenSearch keeps them: flat `index.*` keys, string values. */
function flattenSettings(settings: unknown, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isPlainObject(settings)) return out;
  for (const [key, value] of Object.entries(settings)) {
    const path = prefix === '' ? (key === 'index' || key.startsWith('index.') ? key : `index.${key}`) : `${prefix}.${key}`;
    if (isPlainObject(value)) Object.assign(out, flattenSettings(value, path));
    else out[path] = Array.isArray(value) ? value.map(String).join(',') : String(value);
  }
  return out;
}

/** Flat settings nested again, as GET answers them (`{"index": {"number_of_shards": "1"}}`). */
function nestSettings(flat: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    const parts = key.split('.');
    let node = out;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[parts[parts.length - 1]!] = value;
  }
  return out;
}

const COMMON_PARAMS = ['type', 'index', 'doc_values', 'store', 'boost', 'copy_to', 'meta', 'null_value'];
const NUMERIC_PARAMS = [...COMMON_PARAMS, 'coerce', 'ignore_malformed'];
/** The parameters each field type accepts (OpenSearch refuses others: "unknown parameter [x] on mapper [f] of type [t]"). */
const FIELD_PARAMS: Readonly<Record<string, readonly string[]>> = {
  keyword: [
    ...COMMON_PARAMS,
    'ignore_above',
    'normalizer',
    'fields',
    'eager_global_ordinals',
    'index_options',
    'norms',
    'similarity',
    'split_queries_on_whitespace',
  ],
  text: [
    'type',
    'index',
    'store',
    'boost',
    'copy_to',
    'meta',
    'fields',
    'analyzer',
    'search_analyzer',
    'search_quote_analyzer',
    'norms',
    'index_options',
    'index_prefixes',
    'index_phrases',
    'fielddata',
    'fielddata_frequency_filter',
    'eager_global_ordinals',
    'position_increment_gap',
    'similarity',
    'term_vector',
  ],
  match_only_text: [
    'type',
    'fields',
    'analyzer',
    'search_analyzer',
    'search_quote_analyzer',
    'meta',
    'index_prefixes',
    'index_phrases',
    'position_increment_gap',
  ],
  long: NUMERIC_PARAMS,
  integer: NUMERIC_PARAMS,
  short: NUMERIC_PARAMS,
  byte: NUMERIC_PARAMS,
  double: NUMERIC_PARAMS,
  float: NUMERIC_PARAMS,
  half_float: NUMERIC_PARAMS,
  unsigned_long: NUMERIC_PARAMS,
  scaled_float: [...NUMERIC_PARAMS, 'scaling_factor'],
  boolean: COMMON_PARAMS,
  date: [...COMMON_PARAMS, 'format', 'locale', 'ignore_malformed'],
  date_nanos: [...COMMON_PARAMS, 'format', 'locale', 'ignore_malformed'],
  ip: [...COMMON_PARAMS, 'ignore_malformed'],
  binary: ['type', 'doc_values', 'store', 'meta'],
  flat_object: ['type'],
  wildcard: ['type', 'doc_values', 'ignore_above', 'normalizer', 'null_value'],
  geo_point: [...COMMON_PARAMS, 'ignore_malformed', 'ignore_z_value'],
};
const OBJECT_PARAMS = ['type', 'properties', 'dynamic', 'enabled'];
const NESTED_PARAMS = [...OBJECT_PARAMS, 'include_in_parent', 'include_in_root'];
const ROOT_PARAMS = [
  'properties',
  'dynamic',
  'dynamic_templates',
  'date_detection',
  'numeric_detection',
  'dynamic_date_formats',
  '_source',
  '_meta',
  '_routing',
  'enabled',
  '_field_names',
];
const MATCH_MAPPING_TYPES = ['object', 'string', 'long', 'double', 'boolean', 'date', 'binary', '*'];
const DYNAMIC_TEMPLATE_PARAMS = ['match', 'unmatch', 'path_match', 'path_unmatch', 'match_mapping_type', 'match_pattern', 'mapping'];
/** Built-in date formats the mapper below can read; other built-in-looking names are refused as OpenSearch refuses unknown ones. */
const DATE_FORMATS = new Set([
  'strict_date_optional_time',
  'strict_date_optional_time_nanos',
  'date_optional_time',
  'epoch_millis',
  'epoch_second',
  'strict_date_time',
  'date_time',
  'strict_date_time_no_millis',
  'date_time_no_millis',
  'strict_date',
  'date',
]);

/** Why OpenSearch would refuse these mappings, or undefined. */
function validateMappings(mappings: unknown): string | undefined {
  if (!isPlainObject(mappings)) return 'mappings must be an object';
  const unsupported = Object.keys(mappings).filter((k) => !ROOT_PARAMS.includes(k));
  if (unsupported.length > 0) {
    return `Root mapping definition has unsupported parameters:  ${unsupported.map((k) => `[${k} : ${JSON.stringify(mappings[k])}]`).join(' ')}`;
  }
  const templates = mappings['dynamic_templates'];
  if (templates !== undefined) {
    if (!Array.isArray(templates)) return 'dynamic_templates must be an array';
    for (const entry of templates) {
      if (!isPlainObject(entry) || Object.keys(entry).length !== 1) {
        return `a dynamic template must be an object with one named entry, got ${JSON.stringify(entry)}`;
      }
      const [name, spec] = Object.entries(entry)[0]!;
      if (!isPlainObject(spec)) return `dynamic template [${name}] must be an object`;
      const extra = Object.keys(spec).filter((k) => !DYNAMIC_TEMPLATE_PARAMS.includes(k));
      if (extra.length > 0) return `Illegal dynamic template parameter: [${extra[0]}]`;
      const type = spec['match_mapping_type'];
      if (type !== undefined && !MATCH_MAPPING_TYPES.includes(String(type))) {
        return `No field type matched on [${String(type)}], possible values are [${MATCH_MAPPING_TYPES.filter((t) => t !== '*').join(', ')}]`;
      }
      if (!isPlainObject(spec['mapping'])) return `template [${name}] must have a mapping`;
      const problem = validateField(`{dynamic_template:${name}}`, spec['mapping'], true);
      if (problem) return problem;
    }
  }
  return validateProperties('', mappings['properties']);
}

function validateProperties(prefix: string, properties: unknown): string | undefined {
  if (properties === undefined) return undefined;
  if (!isPlainObject(properties)) return `[properties] must be an object${prefix ? ` in [${prefix}]` : ''}`;
  for (const [name, definition] of Object.entries(properties)) {
    const problem = validateField(prefix === '' ? name : `${prefix}.${name}`, definition, false);
    if (problem) return problem;
  }
  return undefined;
}

function validateField(name: string, definition: unknown, inDynamicTemplate: boolean): string | undefined {
  if (!isPlainObject(definition)) return `Expected map for property [fields] on field [${name}] but got a ${typeof definition}`;
  const type = definition['type'];
  if (type !== undefined && typeof type !== 'string') return `No type specified for field [${name}]`;
  // A dynamic template's type may be a placeholder resolved per field.
  if (inDynamicTemplate && typeof type === 'string' && type.includes('{')) return undefined;
  if (type === undefined || type === 'object' || type === 'nested') {
    const allowed = type === 'nested' ? NESTED_PARAMS : OBJECT_PARAMS;
    const extra = Object.keys(definition).filter((k) => !allowed.includes(k));
    if (extra.length > 0) return `unknown parameter [${extra[0]}] on mapper [${name}] of type [${type ?? 'object'}]`;
    return validateProperties(name, definition['properties']);
  }
  const allowed = FIELD_PARAMS[type];
  if (allowed === undefined) return `No handler for type [${type}] declared on field [${name}]`;
  const extra = Object.keys(definition).filter((k) => !allowed.includes(k));
  if (extra.length > 0) return `unknown parameter [${extra[0]}] on mapper [${name}] of type [${type}]`;
  if ((type === 'date' || type === 'date_nanos') && definition['format'] !== undefined) {
    for (const format of String(definition['format']).split('||')) {
      if (/^[a-z_]+$/.test(format) && !DATE_FORMATS.has(format)) {
        return `Invalid format: [${format}]: Unknown pattern letter: ${format.replace(/[^a-zA-Z]/g, '').charAt(0)}`;
      }
    }
  }
  if (definition['fields'] !== undefined) {
    if (!isPlainObject(definition['fields'])) return `Expected map for property [fields] on field [${name}]`;
    for (const [sub, subDefinition] of Object.entries(definition['fields'])) {
      if (isPlainObject(subDefinition) && (subDefinition['type'] === undefined || subDefinition['type'] === 'object' || subDefinition['type'] === 'nested')) {
        return `Type [${String(subDefinition['type'] ?? 'object')}] cannot be used in multi field`;
      }
      const problem = validateField(`${name}.${sub}`, subDefinition, inDynamicTemplate);
      if (problem) return problem;
    }
  }
  return undefined;
}

const ACTION_TYPES = new Set([
  'delete',
  'rollover',
  'read_only',
  'read_write',
  'replica_count',
  'force_merge',
  'close',
  'open',
  'notification',
  'snapshot',
  'index_priority',
  'allocation',
  'rollup',
  'shrink',
  'transform',
  'convert_index_to_remote',
  'alias',
]);
const CONDITION_KEYS = new Set(['min_index_age', 'min_doc_count', 'min_size', 'cron', 'min_rollover_age', 'min_state_age']);
const TIME_VALUE = /^\d+(?:d|h|m|s|ms|micros|nanos)$/;
/** ISM's current config schema version, written into every stored policy. */
const ISM_SCHEMA_VERSION = 21;

/** The stored (GET) form of a policy as ISM writes it, or why ISM refuses it. */
function normalizePolicy(id: string, policy: Record<string, unknown>, now: number): Record<string, unknown> | string {
  for (const key of Object.keys(policy)) {
    if (
      !['policy_id', 'description', 'last_updated_time', 'schema_version', 'error_notification', 'default_state', 'states', 'ism_template', 'user'].includes(
        key,
      )
    ) return `Invalid field: [${key}] found in Policy.`;
  }
  if (typeof policy['description'] !== 'string') return 'description is null';
  if (typeof policy['default_state'] !== 'string') return 'default_state is null';
  const states = policy['states'];
  if (!Array.isArray(states) || states.length === 0) return 'Policy must contain at least one State';
  const names: string[] = [];
  const normalizedStates: Record<string, unknown>[] = [];
  for (const state of states) {
    if (!isPlainObject(state)) return 'Invalid state: expected an object';
    for (const key of Object.keys(state)) if (!['name', 'actions', 'transitions'].includes(key)) return `Invalid field: [${key}] found in State.`;
    if (typeof state['name'] !== 'string') return 'name is null';
    names.push(state['name']);
    const actions: Record<string, unknown>[] = [];
    for (const action of (state['actions'] as unknown[] | undefined) ?? []) {
      if (!isPlainObject(action)) return 'Invalid action: expected an object';
      const types = Object.keys(action).filter((k) => k !== 'retry' && k !== 'timeout' && k !== 'custom');
      if (types.length !== 1 || !ACTION_TYPES.has(types[0]!)) return `Invalid field: [${types.join(', ')}] found in Actions.`;
      // ISM writes every action with its retry settings, the defaults when none were given.
      actions.push({ retry: { count: 3, backoff: 'exponential', delay: '1m' }, ...structuredClone(action) });
    }
    const transitions: Record<string, unknown>[] = [];
    for (const transition of (state['transitions'] as unknown[] | undefined) ?? []) {
      if (!isPlainObject(transition) || typeof transition['state_name'] !== 'string') return 'state_name is null';
      const conditions = transition['conditions'];
      if (conditions !== undefined) {
        if (!isPlainObject(conditions)) return 'Invalid transition conditions';
        for (const [key, value] of Object.entries(conditions)) {
          if (!CONDITION_KEYS.has(key)) return `Invalid field: [${key}] found in Conditions.`;
          if ((key === 'min_index_age' || key === 'min_rollover_age' || key === 'min_state_age') && !TIME_VALUE.test(String(value))) {
            return `failed to parse setting [${key}] with value [${String(value)}] as a time value: unit is missing or unrecognized`;
          }
        }
      }
      transitions.push(structuredClone(transition));
    }
    normalizedStates.push({ name: state['name'], actions, transitions });
  }
  if (new Set(names).size !== names.length) return 'Policy cannot have duplicate state names';
  for (const state of normalizedStates) {
    for (const transition of state['transitions'] as Array<{ state_name: string }>) {
      if (!names.includes(transition.state_name)) {
        return `Policy contains a transition in state=${String(state['name'])} pointing to a nonexistent state=${transition.state_name}`;
      }
    }
  }
  if (!names.includes(policy['default_state'])) return 'Policy must have a valid default state';
  let ismTemplate: Record<string, unknown>[] | null = null;
  const rawTemplates = policy['ism_template'];
  if (rawTemplates !== undefined && rawTemplates !== null) {
    ismTemplate = [];
    for (const template of Array.isArray(rawTemplates) ? rawTemplates : [rawTemplates]) {
      if (!isPlainObject(template)) return 'Invalid ism_template: expected an object';
      for (const key of Object.keys(template)) {
        if (!['index_patterns', 'priority', 'last_updated_time'].includes(key)) return `Invalid field: [${key}] found in ISMTemplate.`;
      }
      const patterns = template['index_patterns'];
      if (!Array.isArray(patterns) || patterns.length === 0 || !patterns.every((p) => typeof p === 'string')) return 'Requires at least one index pattern';
      const priority = template['priority'] ?? 0;
      if (typeof priority !== 'number' || !Number.isInteger(priority) || priority < 0) return 'Requires priority to be >= 0';
      ismTemplate.push({ index_patterns: patterns, priority, last_updated_time: now });
    }
  }
  return {
    policy_id: id,
    description: policy['description'],
    last_updated_time: now,
    schema_version: ISM_SCHEMA_VERSION,
    error_notification: policy['error_notification'] ?? null,
    default_state: policy['default_state'],
    states: normalizedStates,
    ism_template: ismTemplate,
  };
}

function ismTemplates(policy: Record<string, unknown>): Array<{ index_patterns: string[]; priority: number }> {
  return (policy['ism_template'] as Array<{ index_patterns: string[]; priority: number }> | null) ?? [];
}

/** A `_bulk` item's error. */
interface ItemError {
  readonly type: string;
  readonly reason: string;
  readonly caused_by?: { readonly type: string; readonly reason: string; readonly caused_by?: { readonly type: string; readonly reason: string } };
}

type MappingNode = Record<string, unknown>;

const METADATA_FIELDS = new Set([
  '_id',
  '_index',
  '_source',
  '_routing',
  '_type',
  '_version',
  '_seq_no',
  '_primary_term',
  '_ignored',
  '_field_names',
  '_doc_count',
  '_size',
  '_nested_path',
  '_data_stream_timestamp',
]);
/** Lucene's longest indexed term, in UTF-8 bytes. */
const MAX_TERM_BYTES = 32_766;
const DEFAULT_DATE_DETECTION_FORMATS = ['strict_date_optional_time', 'yyyy/MM/dd HH:mm:ss Z||yyyy/MM/dd Z'];
/** Numeric types Java parses with parseDouble/parseFloat, whose failure is a NumberFormatException. */
const FLOATING_TYPES: ReadonlySet<string> = new Set(['double', 'float', 'half_float', 'scaled_float']);

const LEAF_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  long: [-(2 ** 63), 2 ** 63 - 1],
  integer: [-(2 ** 31), 2 ** 31 - 1],
  short: [-32768, 32767],
  byte: [-128, 127],
  unsigned_long: [0, 2 ** 64 - 1],
};
/**
 * The last moment date_nanos can hold, in epoch seconds (2262-04-11T23:47:16.854775807Z, which the engine
 * takes). A double cannot tell the next nanosecond from it, so that one is taken too.
 */
const MAX_NANOS_EPOCH_SECONDS = 9_223_372_036.854_775_807;

/**
 * One index's mappings, checking documents as OpenSearch's document parser would and growing by dynamic
 * mapping. A document's new fields are kept only when the whole document is accepted.
 */
class IndexMapper {
  readonly #index: string;
  readonly #root: MappingNode;
  readonly #templates: Array<{ readonly name: string; readonly spec: Record<string, unknown> }>;
  readonly #dateDetection: boolean;
  readonly #numericDetection: boolean;
  readonly #dateFormats: readonly string[];
  readonly #limit: number;
  #fields: number;
  // State of the document being checked.
  #id = '';
  #source = '';
  #pending: Array<{ parent: MappingNode; name: string; mapping: MappingNode }> = [];
  #pendingByParent = new Map<MappingNode, Map<string, MappingNode>>();
  #fresh = new WeakSet<MappingNode>();
  #added = 0;

  constructor(index: string, mappings: MappingNode, settings: Record<string, string>) {
    this.#index = index;
    this.#root = mappings;
    if (!isPlainObject(mappings['properties'])) mappings['properties'] = {};
    this.#templates = ((mappings['dynamic_templates'] as unknown[] | undefined) ?? []).flatMap((entry) =>
      isPlainObject(entry) ? Object.entries(entry).map(([name, spec]) => ({ name, spec: spec as Record<string, unknown> })) : []
    );
    this.#dateDetection = mappings['date_detection'] !== false && mappings['date_detection'] !== 'false';
    this.#numericDetection = mappings['numeric_detection'] === true || mappings['numeric_detection'] === 'true';
    this.#dateFormats = (mappings['dynamic_date_formats'] as string[] | undefined) ?? DEFAULT_DATE_DETECTION_FORMATS;
    this.#limit = Number(settings['index.mapping.total_fields.limit'] ?? 1000);
    this.#fields = countFields(mappings['properties']);
  }

  snapshot(): Record<string, unknown> {
    return structuredClone(this.#root);
  }

  /** The error OpenSearch would answer for this document, or undefined when it fits (its new fields then join the mapping). */
  check(document: Record<string, unknown>, id: string, source: string): ItemError | undefined {
    this.#id = id;
    this.#source = source;
    this.#pending = [];
    this.#pendingByParent = new Map();
    this.#fresh = new WeakSet();
    this.#added = 0;
    const error = this.#object(this.#root, document, '', this.#root['dynamic'] ?? true, true);
    if (error) return error;
    if (this.#fields + this.#added > this.#limit) {
      return { type: 'illegal_argument_exception', reason: `Limit of total fields [${this.#limit}] in index [${this.#index}] has been exceeded` };
    }
    for (const { parent, name, mapping } of this.#pending) ((parent['properties'] ??= {}) as Record<string, unknown>)[name] = mapping;
    this.#fields += this.#added;
    return undefined;
  }

  #object(node: MappingNode, value: Record<string, unknown>, path: string, dynamic: unknown, root: boolean): ItemError | undefined {
    for (const [rawKey, rawValue] of Object.entries(value)) {
      if (root && METADATA_FIELDS.has(rawKey)) {
        return this.#refused(rawKey, rawKey, rawValue, {
          type: 'mapper_parsing_exception',
          reason: `Field [${rawKey}] is a metadata field and cannot be added inside a document. Use the index API request parameters.`,
        });
      }
      if (rawKey.trim() === '') {
        return {
          type: 'mapper_parsing_exception',
          reason: 'failed to parse',
          caused_by: {
            type: 'illegal_argument_exception',
            reason: rawKey === '' ? 'field name cannot be an empty string' : 'field name cannot contain only whitespace',
          },
        };
      }
      let key = rawKey;
      let fieldValue = rawValue;
      if (rawKey.includes('.')) {
        // A dotted name is a path of objects, as OpenSearch reads it.
        const parts = rawKey.split('.');
        if (parts.some((p) => p === '')) {
          return {
            type: 'mapper_parsing_exception',
            reason: 'failed to parse',
            caused_by: {
              type: 'illegal_argument_exception',
              reason: `object field starting or ending with a [.] makes object resolution ambiguous: [${rawKey}]`,
            },
          };
        }
        key = parts[0]!;
        fieldValue = parts.slice(1).reduceRight<unknown>((inner, part) => ({ [part]: inner }), rawValue);
      }
      const error = this.#field(node, key, fieldValue, path === '' ? key : `${path}.${key}`, dynamic);
      if (error) return error;
    }
    return undefined;
  }

  #field(parent: MappingNode, name: string, value: unknown, path: string, dynamic: unknown): ItemError | undefined {
    if (value === null || value === undefined) return undefined;
    if (Array.isArray(value)) {
      for (const element of value) {
        const error = this.#field(parent, name, element, path, dynamic);
        if (error) return error;
      }
      return undefined;
    }
    let mapping = ((parent['properties'] as Record<string, MappingNode> | undefined)?.[name]) ?? this.#pendingByParent.get(parent)?.get(name);
    if (mapping === undefined) {
      const mode = String(dynamic);
      if (mode === 'strict') {
        const within = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '_doc';
        return {
          type: 'strict_dynamic_mapping_exception',
          reason: `mapping set to strict, dynamic introduction of [${name}] within [${within}] is not allowed`,
        };
      }
      if (mode === 'false') return undefined;
      mapping = this.#dynamicMapping(name, path, value);
      this.#attach(parent, name, mapping);
    }
    return this.#check(mapping, name, path, value, dynamic);
  }

  #attach(parent: MappingNode, name: string, mapping: MappingNode): void {
    this.#fresh.add(mapping);
    this.#added += countFields({ [name]: mapping });
    if (this.#fresh.has(parent)) {
      ((parent['properties'] ??= {}) as Record<string, unknown>)[name] = mapping;
      return;
    }
    this.#pending.push({ parent, name, mapping });
    let byName = this.#pendingByParent.get(parent);
    if (!byName) this.#pendingByParent.set(parent, byName = new Map());
    byName.set(name, mapping);
  }

  /** The mapping a new field gets: the first matching dynamic template, else OpenSearch's default for its JSON type. */
  #dynamicMapping(name: string, path: string, value: unknown): MappingNode {
    let type: string;
    if (typeof value === 'string') {
      if (this.#dateDetection && this.#dateFormats.some((f) => f.split('||').some((one) => parseDate(value, one) !== undefined))) type = 'date';
      else if (this.#numericDetection && value.trim() !== '' && Number.isFinite(Number(value))) type = Number.isInteger(Number(value)) ? 'long' : 'double';
      else type = 'string';
    } else if (typeof value === 'number') type = Number.isInteger(value) ? 'long' : 'double';
    else if (typeof value === 'boolean') type = 'boolean';
    else type = 'object';
    for (const { spec } of this.#templates) {
      const matchType = spec['match_mapping_type'];
      if (matchType !== undefined && matchType !== '*' && matchType !== type) continue;
      const regex = spec['match_pattern'] === 'regex';
      const test = (pattern: unknown, text: string) => (regex ? new RegExp(String(pattern)).test(text) : globMatch(String(pattern), text));
      if (spec['match'] !== undefined && !test(spec['match'], name)) continue;
      if (spec['unmatch'] !== undefined && test(spec['unmatch'], name)) continue;
      if (spec['path_match'] !== undefined && !test(spec['path_match'], path)) continue;
      if (spec['path_unmatch'] !== undefined && test(spec['path_unmatch'], path)) continue;
      const mapping = substitute(structuredClone(spec['mapping']), name, type) as MappingNode;
      if (type === 'object' && mapping['type'] === undefined) mapping['properties'] ??= {};
      return mapping;
    }
    switch (type) {
      case 'string':
        return { type: 'text', fields: { keyword: { type: 'keyword', ignore_above: 256 } } };
      case 'long':
        return { type: 'long' };
      case 'double':
        return { type: 'float' };
      case 'boolean':
        return { type: 'boolean' };
      case 'date':
        return { type: 'date' };
      default:
        return { properties: {} };
    }
  }

  #check(mapping: MappingNode, name: string, path: string, value: unknown, dynamic: unknown): ItemError | undefined {
    const type = typeof mapping['type'] === 'string' ? mapping['type'] : 'object';
    if (type === 'object' || type === 'nested') {
      if (mapping['enabled'] === false) return undefined;
      if (!isPlainObject(value)) {
        return {
          type: 'mapper_parsing_exception',
          reason: `object mapping for [${path}] tried to parse field [${name}] as object, but found a concrete value`,
        };
      }
      return this.#object(mapping, value, path, mapping['dynamic'] ?? dynamic, false);
    }
    if (type === 'flat_object') return undefined;
    if (isPlainObject(value)) {
      return this.#refused(path, type, value, { type: 'illegal_state_exception', reason: `Can't get text on a START_OBJECT at 1:${this.#objectColumn(name)}` });
    }
    return this.#leaf(mapping, type, path, value as string | number | boolean);
  }

  /** Jackson's 1-based byte column of the `{` after `"name":` in the source line (the first such key: exact for top-level fields). */
  #objectColumn(name: string): number {
    const match = new RegExp(`${JSON.stringify(name).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*:\\s*\\{`).exec(this.#source);
    return match === null ? 1 : Buffer.byteLength(this.#source.slice(0, match.index + match[0].length - 1)) + 1;
  }

  #refused(path: string, type: string, value: unknown, cause: { type: string; reason: string; caused_by?: { type: string; reason: string } }): ItemError {
    return {
      type: 'mapper_parsing_exception',
      reason: `failed to parse field [${path}] of type [${type}] in document with id '${this.#id}'. Preview of field's value: '${preview(value)}'`,
      caused_by: cause,
    };
  }

  /** Checks a scalar against a leaf field (and its multi-fields). */
  #leaf(mapping: MappingNode, type: string, path: string, value: string | number | boolean): ItemError | undefined {
    switch (type) {
      case 'keyword': {
        const text = String(value);
        const ignoreAbove = typeof mapping['ignore_above'] === 'number' ? mapping['ignore_above'] : Number.POSITIVE_INFINITY;
        const indexed = mapping['index'] !== false || mapping['doc_values'] !== false;
        if (indexed && text.length <= ignoreAbove && Buffer.byteLength(text) > MAX_TERM_BYTES) {
          return {
            type: 'illegal_argument_exception',
            reason:
              `Document contains at least one immense term in field="${path}" (whose UTF8 encoding is longer than the max length ${MAX_TERM_BYTES}), all of which were skipped.  Please correct the analyzer to not produce such terms.  The prefix of the first immense term is: '${
                text.slice(0, 30)
              }...', original message: bytes can be at most ${MAX_TERM_BYTES} in length; got ${Buffer.byteLength(text)}`,
            caused_by: {
              type: 'max_bytes_length_exceeded_exception',
              reason: `bytes can be at most ${MAX_TERM_BYTES} in length; got ${Buffer.byteLength(text)}`,
            },
          };
        }
        break;
      }
      case 'text':
      case 'match_only_text':
      case 'wildcard':
        break;
      case 'long':
      case 'integer':
      case 'short':
      case 'byte':
      case 'unsigned_long':
      case 'double':
      case 'float':
      case 'half_float':
      case 'scaled_float': {
        if (typeof value === 'boolean') {
          return this.#refused(path, type, value, {
            type: 'json_parse_exception',
            reason: `Current token (VALUE_${String(value).toUpperCase()}) not numeric, can not use numeric value accessors`,
          });
        }
        if (typeof value === 'string' && value.trim() === '' && mapping['coerce'] !== false) break; // an empty string is null
        const number = typeof value === 'number' ? value : Number(value.trim());
        if (typeof value === 'string' && (mapping['coerce'] === false || !Number.isFinite(number))) {
          // Integer types parse with OpenSearch's own code (IllegalArgumentException); floating ones with Java's parseDouble/parseFloat.
          return this.#refused(path, type, value, {
            type: FLOATING_TYPES.has(type) ? 'number_format_exception' : 'illegal_argument_exception',
            reason: `For input string: "${value}"`,
          });
        }
        const range = LEAF_RANGES[type];
        if (range !== undefined) {
          if (!Number.isInteger(number) && mapping['coerce'] === false) {
            return this.#refused(path, type, value, { type: 'illegal_argument_exception', reason: `Value [${value}] has a decimal part` });
          }
          if (number < range[0] || number > range[1]) {
            return this.#refused(path, type, value, { type: 'illegal_argument_exception', reason: `Value [${value}] is out of range for a ${type}` });
          }
        }
        break;
      }
      case 'boolean':
        if (!(value === true || value === false || value === 'true' || value === 'false' || value === '')) {
          return this.#refused(path, type, value, {
            type: 'illegal_argument_exception',
            reason: `Failed to parse value [${String(value)}] as only [true] or [false] are allowed.`,
          });
        }
        break;
      case 'date':
      case 'date_nanos': {
        const format = typeof mapping['format'] === 'string' ? mapping['format'] : 'strict_date_optional_time||epoch_millis';
        const formats = format.split('||');
        const seconds = formats.map((f) => parseDate(value, f)).find((s) => s !== undefined);
        if (seconds === undefined) {
          // java.time's exception is nested under it: a full date followed by something other than `T` stops
          // at index 10 ("unparsed text found"); anything else the engine reports at index 0 (an
          // approximation: its composite parser words other near-misses differently).
          const text = String(value);
          const reason = /^\d{4}-\d{2}-\d{2}[^T]/.test(text)
            ? `Text '${text}' could not be parsed, unparsed text found at index 10`
            : `Text '${text}' could not be parsed at index 0`;
          const nested = { caused_by: { type: 'date_time_parse_exception', reason } };
          return this.#refused(path, type, value, {
            type: 'illegal_argument_exception',
            reason: `failed to parse date field [${String(value)}] with format [${format}]`,
            ...nested,
          });
        }
        if (type === 'date_nanos' && seconds < 0) {
          return this.#refused(path, type, value, {
            type: 'illegal_argument_exception',
            reason: `date[${String(value)}] is before the epoch in 1970 and cannot be stored in nanosecond resolution`,
          });
        }
        if (type === 'date_nanos' && seconds > MAX_NANOS_EPOCH_SECONDS) {
          return this.#refused(path, type, value, {
            type: 'illegal_argument_exception',
            reason: `date[${String(value)}] is after 2262-04-11T23:47:16.854775807 and cannot be stored in nanosecond resolution`,
          });
        }
        break;
      }
      case 'ip':
        if (isIP(String(value)) === 0) {
          return this.#refused(path, type, value, { type: 'illegal_argument_exception', reason: `'${String(value)}' is not an IP string literal.` });
        }
        break;
      default:
        break;
    }
    const fields = mapping['fields'];
    if (isPlainObject(fields)) {
      for (const [sub, subMapping] of Object.entries(fields)) {
        if (!isPlainObject(subMapping)) continue;
        const error = this.#leaf(subMapping, String(subMapping['type']), `${path}.${sub}`, value);
        if (error) return error;
      }
    }
    return undefined;
  }
}

/** Fields a `properties` object counts toward `index.mapping.total_fields.limit`: objects, leaves and multi-fields. */
function countFields(properties: unknown): number {
  if (!isPlainObject(properties)) return 0;
  let count = 0;
  for (const definition of Object.values(properties)) {
    if (!isPlainObject(definition)) continue;
    count += 1 + (isPlainObject(definition['fields']) ? Object.keys(definition['fields']).length : 0) + countFields(definition['properties']);
  }
  return count;
}

/** `{name}` and `{dynamic_type}` in a dynamic template's mapping. */
function substitute(value: unknown, name: string, type: string): unknown {
  if (typeof value === 'string') return value.replaceAll('{name}', name).replaceAll('{dynamic_type}', type);
  if (Array.isArray(value)) return value.map((v) => substitute(v, name, type));
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, name, type)]));
  return value;
}

/** A field value as OpenSearch previews it in errors (Java's toString of the parsed value). */
function preview(value: unknown): string {
  if (isPlainObject(value)) return `{${Object.entries(value).map(([k, v]) => `${k}=${preview(v)}`).join(', ')}}`;
  if (Array.isArray(value)) return `[${value.map(preview).join(', ')}]`;
  return String(value);
}

const ISO_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;
const LOOSE_ISO_DATE = /^(\d{1,9})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:T(\d{1,2})(?::(\d{1,2})(?::(\d{1,2})(?:[.,](\d{1,9}))?)?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;
const SLASH_DATE = /^(\d{4})\/(\d{2})\/(\d{2})(?: (\d{2}):(\d{2}):(\d{2}))? ([+-]\d{4})$/;

/**
 * Epoch seconds (with fraction) of a value read with one date format, or undefined when that format
 * does not read it. Formats the stand-in cannot read (custom patterns) accept any string.
 */
function parseDate(value: unknown, format: string): number | undefined {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : undefined;
  if (text === undefined) return undefined;
  switch (format) {
    case 'epoch_millis':
    case 'epoch_second': {
      if (!/^-?\d+(?:\.\d+)?$/.test(text)) return undefined;
      return format === 'epoch_millis' ? Number(text) / 1000 : Number(text);
    }
    case 'strict_date_optional_time':
    case 'strict_date_optional_time_nanos':
      return isoSeconds(ISO_DATE.exec(text));
    case 'date_optional_time':
      return isoSeconds(LOOSE_ISO_DATE.exec(text));
    case 'strict_date_time':
    case 'date_time':
      return /T\d{2}:\d{2}:\d{2}\.\d{1,9}(Z|[+-])/.test(text) ? isoSeconds(ISO_DATE.exec(text)) : undefined;
    case 'strict_date_time_no_millis':
    case 'date_time_no_millis':
      return /T\d{2}:\d{2}:\d{2}(Z|[+-])/.test(text) ? isoSeconds(ISO_DATE.exec(text)) : undefined;
    case 'strict_date':
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(text) ? isoSeconds(ISO_DATE.exec(text)) : undefined;
    case 'yyyy/MM/dd HH:mm:ss Z':
    case 'yyyy/MM/dd Z': {
      const match = SLASH_DATE.exec(text);
      if (!match || (format === 'yyyy/MM/dd Z') !== (match[4] === undefined)) return undefined;
      return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), Number(match[4] ?? 0), Number(match[5] ?? 0), Number(match[6] ?? 0)) / 1000;
    }
    default:
      // A custom pattern: not read here, so not refused here either.
      return typeof value === 'string' ? 0 : undefined;
  }
}

function isoSeconds(match: RegExpExecArray | null): number | undefined {
  if (!match) return undefined;
  const [, y, mo = '1', d = '1', h = '0', mi = '0', s = '0', fraction = '', zone = 'Z'] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  const days = [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (days === undefined || day < 1 || day > days || hour > 23 || minute > 59 || second > 59) return undefined;
  let offset = 0;
  if (zone !== 'Z') {
    const digits = zone.replace(':', '');
    offset = (zone.startsWith('-') ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || 0));
  }
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute - offset, second, 0);
  return utc.getTime() / 1000 + (fraction === '' ? 0 : Number(`0.${fraction}`));
}

/**
 * `GET _cluster/settings?include_defaults=true`, holding only the setting firewatch reads (the node's value
 * is under `defaults`): flat with `flat_settings=true`, else nested; with a `filter_path`, the empty
 * `persistent` and `transient` objects are left out, as OpenSearch leaves out what the filter does not keep.
 */
function clusterSettings(query: URLSearchParams, maxContentLength: number): Reply {
  const value = maxContentLength === DEFAULT_MAX_CONTENT_LENGTH ? '100mb' : `${maxContentLength}b`;
  const defaults = query.get('flat_settings') === 'true' ? { 'http.max_content_length': value } : { http: { max_content_length: value } };
  return { status: 200, body: JSON.stringify(query.has('filter_path') ? { defaults } : { persistent: {}, transient: {}, defaults }) };
}
