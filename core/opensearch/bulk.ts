/**
 * The OpenSearch `_bulk` protocol, pure: NDJSON bodies cut by UTF-8 size, and `_bulk` responses read
 * into one outcome per document. No I/O here; `core/sinks/opensearch.ts` sends what this builds.
 *
 * A body is an action line and a document line per document, every line ending in `\n` (the last one
 * too: OpenSearch refuses a body whose final line has none). Documents that cannot be sent at all (larger
 * than a body may be, an `_id` OpenSearch would refuse, a document that is not one line) are answered
 * up front as permanent rejections, so one bad document never fails or crashes the batch.
 *
 * @example
 * ```ts
 * const plan = planBulk(documents, { action: "create", maxBytes: DEFAULT_BULK_MAX_BYTES });
 * for (const body of plan.bodies) {
 *   const response = await fetch(`${url}/_bulk`, { method: "POST", body: bulkText(body), headers: { "content-type": "application/x-ndjson" } });
 *   const outcomes = parseBulkResponse(await response.json(), body, "create");
 * }
 * ```
 * @module
 */
import { fail, ok, type Result } from '../errors.ts';
import { utf8Length } from '../bytes/utf8.ts';
import { OPENSEARCH_ID_MAX_BYTES } from '../limits.ts';

/**
 * One document addressed to an OpenSearch index, as every sink stores it (core/sinks/sink.ts names it
 * `SinkDocument`). Declared here, in the lower folder, so sinks depend on opensearch/ and not both ways.
 */
export interface BulkDocument {
  /** Target index (already rotated, e.g. `rds-general-2026-11-25`). */
  readonly index: string;
  /** Document id, derived from the CloudWatch event id so a retried delivery overwrites instead of duplicating. */
  readonly id: string;
  /** The document's JSON text (one line). */
  readonly json: string;
}

/** The `_bulk` actions firewatch writes with. */
export const BulkAction = {
  /** Adds the document unless its id exists (409, which firewatch counts as stored): retries never overwrite. */
  CREATE: 'create',
  /** Adds or overwrites the document with that id. */
  INDEX: 'index',
} as const;
export type BulkAction = (typeof BulkAction)[keyof typeof BulkAction];

/** All actions, for configuration parsing. */
export const bulkActions: readonly BulkAction[] = Object.values(BulkAction);

/**
 * Default largest `_bulk` body: 5 MiB. Amazon OpenSearch Service caps `http.max_content_length` at
 * 10 MiB on its smallest instance types (100 MiB on larger ones; self-managed OpenSearch defaults to
 * 100 MB). Half the smallest cap leaves room for a proxy's own limit and keeps each request short enough
 * to retry within the endpoint's deadline; OpenSearch's own guidance is 5–15 MiB per bulk request.
 */
export const DEFAULT_BULK_MAX_BYTES = 5 * 1024 * 1024;

/** Smallest configurable body: a body must hold at least one ordinary document. */
export const MIN_BULK_MAX_BYTES = 1024;

/** One document ready for a body: its two NDJSON lines and their UTF-8 size. */
export interface BulkEntry {
  /** Position of the document in the write (for error paths and outcome order). */
  readonly position: number;
  readonly document: BulkDocument;
  /** Action line and document line, each ending in `\n`. */
  readonly lines: string;
  /** UTF-8 bytes of `lines`. */
  readonly bytes: number;
}

/** One `_bulk` request body: entries in write order, their total UTF-8 size at most the configured max. */
export interface BulkBody {
  readonly entries: readonly BulkEntry[];
  readonly bytes: number;
}

/** Why a document was refused; written into the dead-letter document. */
export interface BulkItemError {
  /** OpenSearch's `error.type` (e.g. `mapper_parsing_exception`) or firewatch's own (`firewatch_document_too_large`). */
  readonly type: string;
  readonly reason: string;
  /** HTTP status of the item; 0 when firewatch refused the document before sending it. */
  readonly status: number;
}

/** A document the target refused (or firewatch could not send) for good. */
export interface BulkRejection {
  readonly position: number;
  readonly document: BulkDocument;
  readonly error: BulkItemError;
}

/** What {@link planBulk} produced. */
export interface BulkPlan {
  readonly bodies: readonly BulkBody[];
  /** Documents that cannot be sent at all, in write order. */
  readonly rejected: readonly BulkRejection[];
}

/** Options of {@link planBulk}. */
export interface BulkPlanOptions {
  readonly action: BulkAction;
  /** Largest body in UTF-8 bytes. */
  readonly maxBytes: number;
}

/**
 * The action line for a document, e.g. `{"create":{"_index":"logs","_id":"42"}}` (no newline).
 *
 * @example
 * ```ts
 * actionLine("create", { index: "logs", id: "42", json: "{}" }); // '{"create":{"_index":"logs","_id":"42"}}'
 * ```
 */
export function actionLine(action: BulkAction, document: BulkDocument): string {
  return `{"${action}":{"_index":${JSON.stringify(document.index)},"_id":${JSON.stringify(document.id)}}}`;
}

/** Why a document cannot be sent, or undefined when it can. Checked here because OpenSearch answers these with a 400 for the whole request, failing every other document with it. */
function unsendable(document: BulkDocument, bytes: number, maxBytes: number): BulkItemError | undefined {
  if (document.id === '' || utf8Length(document.id) > OPENSEARCH_ID_MAX_BYTES) {
    return { type: 'firewatch_id_invalid', reason: `_id must be 1 to ${OPENSEARCH_ID_MAX_BYTES} bytes, is ${utf8Length(document.id)}`, status: 0 };
  }
  if (document.index === '') return { type: 'firewatch_index_invalid', reason: '_index is empty', status: 0 };
  // A raw line break would end the document line early and desynchronise every line after it.
  if (document.json.includes('\n') || document.json.includes('\r')) {
    return { type: 'firewatch_document_invalid', reason: 'the document JSON contains a line break; _bulk needs one line per document', status: 0 };
  }
  if (bytes > maxBytes) {
    return {
      type: 'firewatch_document_too_large',
      reason: `the document takes ${bytes} bytes in a _bulk body, more than the ${maxBytes}-byte maximum`,
      status: 0,
    };
  }
  return undefined;
}

/**
 * Cuts documents into `_bulk` bodies of at most `maxBytes` UTF-8 bytes, keeping write order; documents
 * that cannot be sent become {@link BulkRejection}s instead.
 *
 * @example
 * ```ts
 * const { bodies, rejected } = planBulk(documents, { action: "create", maxBytes: 5 * 1024 * 1024 });
 * ```
 */
export function planBulk(documents: readonly BulkDocument[], options: BulkPlanOptions): BulkPlan {
  const bodies: BulkBody[] = [];
  const rejected: BulkRejection[] = [];
  let entries: BulkEntry[] = [];
  let bytes = 0;
  documents.forEach((document, position) => {
    const lines = `${actionLine(options.action, document)}\n${document.json}\n`;
    const size = utf8Length(lines);
    const error = unsendable(document, size, options.maxBytes);
    if (error) {
      rejected.push({ position, document, error });
      return;
    }
    if (bytes + size > options.maxBytes && entries.length > 0) {
      bodies.push({ entries, bytes });
      entries = [];
      bytes = 0;
    }
    entries.push({ position, document, lines, bytes: size });
    bytes += size;
  });
  if (entries.length > 0) bodies.push({ entries, bytes });
  return { bodies, rejected };
}

/** A body from some entries (after a split, or to resend the retryable ones). */
export function bulkBody(entries: readonly BulkEntry[]): BulkBody {
  return { entries, bytes: entries.reduce((sum, entry) => sum + entry.bytes, 0) };
}

/**
 * The NDJSON text of a body.
 *
 * @example
 * ```ts
 * await fetch(`${url}/_bulk`, { method: "POST", body: bulkText(body) });
 * ```
 */
export function bulkText(body: BulkBody): string {
  return body.entries.map((entry) => entry.lines).join('');
}

/** What became of one document of a body. */
export type BulkOutcome =
  /** Stored; `created: false` for a `create` that found the id already there. */
  | { readonly kind: 'stored'; readonly status: number; readonly created: boolean }
  /** Throttled (429) or a server fault (5xx): send it again later. */
  | { readonly kind: 'retry'; readonly error: BulkItemError }
  /** Refused for good (mapping conflict, bad document): dead-letter it. */
  | { readonly kind: 'rejected'; readonly error: BulkItemError };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The item error as OpenSearch gives it: `{type, reason, caused_by?}` (older versions: a plain string). */
function itemError(raw: unknown, status: number): BulkItemError {
  if (isObject(raw)) {
    const type = typeof raw['type'] === 'string' ? raw['type'] : 'unknown';
    let reason = typeof raw['reason'] === 'string' ? raw['reason'] : JSON.stringify(raw);
    // The useful part of a mapper_parsing_exception is often in caused_by ("failed to parse field [x] of type [long]": "For input string").
    const cause = raw['caused_by'];
    if (isObject(cause) && typeof cause['reason'] === 'string') reason = `${reason} (caused by ${String(cause['type'])}: ${cause['reason']})`;
    return { type, reason, status };
  }
  return { type: 'unknown', reason: typeof raw === 'string' ? raw : `status ${status}`, status };
}

/**
 * Reads a `_bulk` response (already JSON-parsed) into one outcome per entry of `body`, in order:
 * 200/201 stored; 409 on `create` stored (already there); 429 and 5xx retry; other statuses rejected.
 * A response that does not match the request (not an object, item count, action or `_id` differs)
 * fails with `BULK_RESPONSE_INVALID`, and the caller retries the whole body.
 *
 * @example
 * ```ts
 * const result = parseBulkResponse(await response.json(), body, "create");
 * if (result.ok) result.value.filter((o) => o.kind === "retry");
 * ```
 */
export function parseBulkResponse(response: unknown, body: BulkBody, action: BulkAction): Result<BulkOutcome[]> {
  const invalid = (detail: string) => fail<BulkOutcome[]>('BULK_RESPONSE_INVALID', `opensearch sink: _bulk response ${detail}`);
  if (!isObject(response)) return invalid('is not a JSON object');
  const items = response['items'];
  if (!Array.isArray(items)) return invalid('has no items array');
  if (items.length !== body.entries.length) return invalid(`has ${items.length} items for ${body.entries.length} documents`);
  const outcomes: BulkOutcome[] = [];
  for (let i = 0; i < items.length; i++) {
    const item: unknown = items[i];
    const entry = body.entries[i]!;
    const result = isObject(item) ? item[action] : undefined;
    if (!isObject(result)) return invalid(`items[${i}] is not a "${action}" result`);
    const status = result['status'];
    if (typeof status !== 'number' || !Number.isInteger(status)) return invalid(`items[${i}].status is not a number`);
    // Ids are compared so a response for another request (a confused proxy) can never count as stored.
    if (result['_id'] !== undefined && result['_id'] !== entry.document.id) return invalid(`items[${i}]._id does not match the request`);
    outcomes.push(outcome(status, result['error'], action));
  }
  return ok(outcomes);
}

function outcome(status: number, error: unknown, action: BulkAction): BulkOutcome {
  if (status >= 200 && status < 300) return { kind: 'stored', status, created: status === 201 };
  if (status === 409 && action === BulkAction.CREATE) return { kind: 'stored', status, created: false };
  // 409 on `index` is a concurrent write to the same id: retrying settles it.
  if (status === 429 || status === 409 || status >= 500) return { kind: 'retry', error: itemError(error, status) };
  return { kind: 'rejected', error: itemError(error, status) };
}

const BYTE_UNITS: Readonly<Record<string, number>> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3, tb: 1024 ** 4, pb: 1024 ** 5 };

/**
 * The cluster's `http.max_content_length` in bytes, from a `GET _cluster/settings?include_defaults=true`
 * answer, nested or with `flat_settings=true` (persistent, then transient, then the node's value under
 * `defaults`), or undefined when the answer holds none. OpenSearch writes sizes as `100mb`, `10485760b`;
 * units are powers of 1024.
 *
 * @example
 * ```ts
 * maxContentLengthOf({ persistent: {}, transient: {}, defaults: { "http.max_content_length": "100mb" } }); // 104857600
 * maxContentLengthOf({ defaults: { http: { max_content_length: "16kb" } } }); // 16384
 * ```
 */
export function maxContentLengthOf(settings: unknown): number | undefined {
  if (typeof settings !== 'object' || settings === null) return undefined;
  const field = (
    object: unknown,
    key: string,
  ): unknown => (typeof object === 'object' && object !== null ? (object as Record<string, unknown>)[key] : undefined);
  for (const scope of ['persistent', 'transient', 'defaults']) {
    const values = field(settings, scope);
    const value = field(values, 'http.max_content_length') ?? field(field(values, 'http'), 'max_content_length');
    if (typeof value !== 'string') continue;
    const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgtp]?b)?\s*$/i.exec(value);
    if (!match) continue;
    const bytes = Math.floor(Number(match[1]) * BYTE_UNITS[(match[2] ?? 'b').toLowerCase()]!);
    if (bytes > 0) return bytes;
  }
  return undefined;
}
