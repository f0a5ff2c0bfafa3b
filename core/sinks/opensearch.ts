/**
 * The OpenSearch sink: `_bulk` over `fetch`, so the same file runs on Node, Deno, Bun, Workers and Lambda.
 *
 * One write settles every document or gives up by its deadline:
 * - bodies are cut by bytes up front ({@link planBulk}) and sent one after the other (kind to a cluster
 *   that is already busy, and a failure stops the write before it sends more);
 * - items answered 429 or 5xx are sent again, alone, with exponential backoff and full jitter;
 * - a whole request answered 429, 5xx or 408, a timeout, a network error or a response that does not
 *   match the request is sent again the same way; 413 splits the body in halves, down to one document,
 *   which is then refused for good;
 * - bodies are capped by the cluster's `http.max_content_length` when `_cluster/settings` can be read
 *   (core/opensearch/cluster-limit.ts): before the first write when {@link OpenSearchSinkDeps.clusterLimit}
 *   says so (the servers' sinks, core/endpoint/health.ts), else on the first 413. A 413 also lowers the
 *   limit below the body refused. A configured limit above the cluster's would otherwise refuse the same
 *   document on every retry;
 * - documents refused for good (mapping conflicts, too large) are written to the dead-letter index with
 *   their error and the original document as a string, so the conflict cannot repeat there; an original
 *   too large for one body is stored whole in as many chunks as it needs. The write succeeds only when
 *   that worked too: nothing is acknowledged that is kept only in part.
 *
 * @example
 * ```ts
 * const sink = createOpenSearchSink(readOpenSearchConfig(env));
 * const result = await sink.write(documents, { deadline: Date.now() + 60_000 });
 * if (!result.ok && result.retryable) answerFirehose(500); // Firehose retries, then backs up to S3
 * ```
 * @module
 */
import { FirewatchError } from '../errors.ts';
import { utf8Length } from '../bytes/utf8.ts';
import {
  actionLine,
  BulkAction,
  type BulkBody,
  bulkBody,
  type BulkEntry,
  type BulkRejection,
  bulkText,
  parseBulkResponse,
  planBulk,
} from '../opensearch/bulk.ts';
import { readMaxContentLength } from '../opensearch/cluster-limit.ts';
import { explainFetchError, openSearchRequester, parseJsonOrUndefined, sha256Hex } from '../opensearch/requester.ts';
import type { OpenSearchConfig } from '../opensearch/config.ts';
import type { Sink, SinkDocument, SinkResult, WriteOptions } from './sink.ts';

/** What the sink needs from the configuration (index and rotation are the endpoint's business). */
export type OpenSearchSinkConfig = Omit<OpenSearchConfig, 'index' | 'rotation'>;

/** Replaceable effects, for tests and unusual runtimes. */
export interface OpenSearchSinkDeps {
  /** Default `globalThis.fetch`. */
  readonly fetch?: typeof fetch;
  /** Waits `ms`, resolving early when `signal` aborts. Default a `setTimeout`. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** In [0, 1), for jitter. Default `Math.random`. */
  readonly random?: () => number;
  /** Epoch ms. Default `Date.now`. */
  readonly now?: () => number;
  /**
   * Reads the cluster's `http.max_content_length` (undefined when it cannot say). Given, it is read before
   * the first write, so a configured limit above the cluster's never costs a refused body (the servers'
   * sinks, core/endpoint/health.ts). Without it the sink reads the setting itself, on the first 413 (so
   * tests that count the sink's requests see no extra one).
   */
  readonly clusterLimit?: () => Promise<number | undefined>;
}

/** Cap on an error reason copied into a dead-letter document or a message. */
const REASON_MAX_CHARS = 2000;

const defaultSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/** One write's limits, shared by every request it makes. */
interface Budget {
  readonly deadline: number;
  readonly signal: AbortSignal | undefined;
}

/** What sending one body came to. */
type Sent =
  | { readonly ok: true; readonly stored: number; readonly rejected: readonly BulkRejection[] }
  | { readonly ok: false; readonly error: FirewatchError; readonly retryable: boolean };

/** What one HTTP attempt came to. */
type Answer = { readonly kind: 'http'; readonly status: number; readonly text: string } | {
  readonly kind: 'failed';
  readonly reason: string;
  readonly cause: unknown;
};

const clip = (text: string, max = REASON_MAX_CHARS) => (text.length > max ? `${text.slice(0, max)}…` : text);

/**
 * Creates the OpenSearch sink.
 *
 * @example
 * ```ts
 * const sink = createOpenSearchSink({ ...readOpenSearchConfig({ OPENSEARCH_URL: "http://127.0.0.1:9200" }) });
 * await sink.write([{ index: "logs-2026-11-25", id: "e1", json: '{"message":"hi"}' }], { deadline: Date.now() + 60_000 });
 * // { ok: true, stored: 1, deadLettered: 0 }
 * ```
 */
export function createOpenSearchSink(config: OpenSearchSinkConfig, deps: OpenSearchSinkDeps = {}): Sink {
  const fetchImpl = deps.fetch ?? ((input, init) => fetch(input, init));
  const sleep = deps.sleep ?? defaultSleep;
  const random = deps.random ?? Math.random;
  const now = deps.now ?? Date.now;
  const endpoint = `${config.url}/_bulk`;
  const authorized = openSearchRequester(config.auth);
  /** Below the smallest body answered 413. */
  let refusedBelow = Number.POSITIVE_INFINITY;
  /** The cluster's `http.max_content_length`, once read. */
  let clusterMax: number | undefined;
  /** The one read of it (a cluster that refused it, or could not be reached then, is taught by 413s alone). */
  let clusterRead: Promise<void> | undefined;
  /** The largest body to send: the configured limit, lowered by what the cluster has shown it takes. */
  const maxBytes = () => Math.min(config.maxBulkBytes, refusedBelow, clusterMax ?? Number.POSITIVE_INFINITY);

  /** Reads `http.max_content_length`, once. Never throws: unknown, the configured limit stands. */
  function learnClusterLimit(budget: Budget): Promise<void> {
    const read = deps.clusterLimit ??
      (() => readMaxContentLength(config, { fetch: fetchImpl, timeoutMs: Math.min(config.requestTimeoutMs, budget.deadline - now()) }));
    return (clusterRead ??= read().then(
      (max) => void (clusterMax = max),
      () => undefined,
    ));
  }

  /** What a 413 to a body of `bytes` teaches: bodies that large are refused; and what the cluster says it takes. */
  async function learnFrom413(bytes: number, budget: Budget): Promise<void> {
    refusedBelow = Math.min(refusedBelow, bytes - 1);
    await learnClusterLimit(budget);
  }

  /** A fresh request per attempt: a SigV4 signature holds its time and must not be replayed. */
  function request(text: string): Promise<Request> {
    return authorized(endpoint, { method: 'POST', headers: { 'content-type': 'application/x-ndjson', accept: 'application/json' }, body: text });
  }

  /** One POST, bounded by the request timeout, the deadline and the caller's signal; never throws. */
  async function post(text: string, budget: Budget): Promise<Answer> {
    if (budget.signal?.aborted) return { kind: 'failed', reason: 'the write was aborted', cause: budget.signal.reason };
    const remaining = budget.deadline - now();
    if (remaining <= 0) return { kind: 'failed', reason: 'the deadline passed', cause: undefined };
    const timeoutMs = Math.min(config.requestTimeoutMs, remaining);
    const controller = new AbortController();
    const onAbort = () => controller.abort(budget.signal?.reason);
    budget.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => controller.abort(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    try {
      const response = await fetchImpl(await request(text), { signal: controller.signal });
      // Reading the body stays under the same timer: a response that stalls midway is a timeout too.
      return { kind: 'http', status: response.status, text: await response.text() };
    } catch (cause) {
      const reason = controller.signal.aborted
        ? (budget.signal?.aborted ? 'the write was aborted' : `no answer within ${timeoutMs} ms`)
        : `network error: ${explainFetchError(cause)}`;
      return { kind: 'failed', reason, cause };
    } finally {
      clearTimeout(timer);
      budget.signal?.removeEventListener('abort', onAbort);
    }
  }

  /**
   * Sends one body until every document in it is stored or refused for good, resending only what
   * needs it; splits it on 413.
   */
  async function send(body: BulkBody, action: BulkAction, budget: Budget): Promise<Sent> {
    let pending: readonly BulkEntry[] = body.entries;
    let stored = 0;
    const rejected: BulkRejection[] = [];
    for (let attempt = 0;; attempt++) {
      const current = bulkBody(pending);
      const answer = await post(bulkText(current), budget);
      let problem: string;
      let cause: unknown;
      if (answer.kind === 'failed') {
        problem = answer.reason;
        cause = answer.cause;
      } else if (answer.status === 413) {
        await learnFrom413(current.bytes, budget);
        const tooLarge = (entry: BulkEntry) =>
          rejected.push({
            position: entry.position,
            document: entry.document,
            error: {
              type: 'firewatch_request_too_large',
              reason:
                `OpenSearch answered 413 to a ${current.bytes}-byte _bulk request; this document takes ${entry.bytes} bytes, more than the cluster takes (${maxBytes()} bytes)`,
              status: 413,
            },
          });
        if (pending.length === 1) {
          tooLarge(pending[0]!);
          return { ok: true, stored, rejected };
        }
        // Cut by the limit now known (the cluster's, when it told); halves when it tells nothing new: at
        // most log2(n) extra rounds, and each part can split again.
        const limit = maxBytes();
        let parts: BulkEntry[][];
        if (limit < current.bytes) {
          parts = [];
          let part: BulkEntry[] = [];
          let bytes = 0;
          for (const entry of pending) {
            if (entry.bytes > limit) {
              tooLarge(entry);
              continue;
            }
            if (bytes + entry.bytes > limit && part.length > 0) {
              parts.push(part);
              part = [];
              bytes = 0;
            }
            part.push(entry);
            bytes += entry.bytes;
          }
          if (part.length > 0) parts.push(part);
        } else {
          const middle = Math.ceil(pending.length / 2);
          parts = [pending.slice(0, middle), pending.slice(middle)];
        }
        for (const part of parts) {
          const sent = await send(bulkBody(part), action, budget);
          if (!sent.ok) return sent;
          stored += sent.stored;
          rejected.push(...sent.rejected);
        }
        return { ok: true, stored, rejected };
      } else if (answer.status >= 200 && answer.status < 300) {
        const parsed = parseBulkResponse(parseJsonOrUndefined(answer.text), current, action);
        if (parsed.ok) {
          const again: BulkEntry[] = [];
          parsed.value.forEach((outcome, i) => {
            const entry = current.entries[i]!;
            if (outcome.kind === 'stored') stored++;
            else if (outcome.kind === 'rejected') {
              rejected.push({ position: entry.position, document: entry.document, error: { ...outcome.error, reason: clip(outcome.error.reason) } });
            } else again.push(entry);
          });
          if (again.length === 0) return { ok: true, stored, rejected };
          const first = parsed.value.find((o) => o.kind === 'retry');
          problem = `${again.length} of ${pending.length} documents answered ${
            first?.kind === 'retry' ? `${first.error.status} ${first.error.type}` : 'retry'
          }`;
          pending = again;
        } else {
          problem = parsed.error.detail;
          cause = parsed.error;
        }
      } else if (answer.status === 429 || answer.status === 408 || answer.status >= 500) {
        problem = `OpenSearch answered ${answer.status}: ${clip(answer.text, 300)}`;
      } else {
        // 400 means the request itself is wrong and will be wrong again; 401/403/404 are configuration an
        // operator can fix, so a later delivery may succeed.
        return {
          ok: false,
          error: new FirewatchError('SINK_REJECTED', `opensearch sink: ${endpoint} answered ${answer.status}: ${clip(answer.text, 500)}`),
          retryable: answer.status !== 400,
        };
      }
      if (budget.signal?.aborted) return unavailable(`the write was aborted (${problem})`, cause);
      // Full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter"): clients that failed together do not retry together.
      const wait = random() * Math.min(config.retryMaxMs, config.retryBaseMs * 2 ** attempt);
      if (now() + wait >= budget.deadline) return unavailable(`gave up at the deadline after ${attempt + 1} attempts: ${problem}`, cause);
      await sleep(wait, budget.signal);
    }
  }

  async function deadLetter(rejections: readonly BulkRejection[], budget: Budget): Promise<Sent> {
    const limit = maxBytes();
    const documents = (await Promise.all(rejections.map((rejection) => deadLetterDocuments(rejection, config.deadLetterIndex, limit, now())))).flat();
    const plan = planBulk(documents, { action: BulkAction.CREATE, maxBytes: limit });
    const rejected: BulkRejection[] = [...plan.rejected];
    let stored = 0;
    for (const body of plan.bodies) {
      const sent = await send(body, BulkAction.CREATE, budget);
      if (!sent.ok) return sent;
      stored += sent.stored;
      rejected.push(...sent.rejected);
    }
    return { ok: true, stored, rejected };
  }

  return {
    name: 'opensearch',
    async write(documents: readonly SinkDocument[], options: WriteOptions): Promise<SinkResult> {
      try {
        if (documents.length === 0) return { ok: true, stored: 0, deadLettered: 0 };
        const budget: Budget = { deadline: options.deadline, signal: options.signal };
        if (deps.clusterLimit !== undefined) await learnClusterLimit(budget);
        const plan = planBulk(documents, { action: config.action, maxBytes: maxBytes() });
        const refused: BulkRejection[] = [...plan.rejected];
        let stored = 0;
        for (const body of plan.bodies) {
          const sent = await send(body, config.action, budget);
          if (!sent.ok) return sent;
          stored += sent.stored;
          refused.push(...sent.rejected);
        }
        if (refused.length === 0) return { ok: true, stored, deadLettered: 0 };
        const kept = await deadLetter(refused, budget);
        if (!kept.ok) {
          return {
            ok: false,
            error: new FirewatchError(
              'DEAD_LETTER_FAILED',
              `opensearch sink: ${refused.length} refused documents could not be written to ${config.deadLetterIndex}: ${kept.error.detail}`,
              { cause: kept.error },
            ),
            retryable: kept.retryable,
          };
        }
        if (kept.rejected.length > 0) {
          const first = kept.rejected[0]!.error;
          return {
            ok: false,
            error: new FirewatchError(
              'DEAD_LETTER_FAILED',
              `opensearch sink: ${config.deadLetterIndex} refused ${kept.rejected.length} dead-letter documents (${first.status} ${first.type}: ${first.reason})`,
            ),
            retryable: false,
          };
        }
        return { ok: true, stored, deadLettered: refused.length };
      } catch (cause) {
        // A bug or a runtime surprise must still answer, never throw: the caller answers Firehose from this.
        return {
          ok: false,
          error: new FirewatchError('SINK_UNAVAILABLE', `opensearch sink: unexpected failure: ${explainFetchError(cause)}`, { cause }),
          retryable: true,
        };
      }
    },
  };
}

function unavailable(detail: string, cause: unknown): Sent {
  return { ok: false, error: new FirewatchError('SINK_UNAVAILABLE', `opensearch sink: ${detail}`, cause === undefined ? {} : { cause }), retryable: true };
}

/**
 * The dead-letter documents for a refused one: when and why, where it was going, and the original JSON
 * as a *string* (so the dead-letter index never maps the original's fields and cannot conflict the same
 * way). Its `_id` hashes the original index and id, so dead-lettering the same document twice (a retried
 * delivery) keeps one copy. An original too large for one body is cut into chunks, each its own document
 * (`document_chunk` of `document_chunks`, ids `<hash>-<chunk>`), so its whole text stays retrievable:
 * join the `document` strings in chunk order.
 */
async function deadLetterDocuments(rejection: BulkRejection, index: string, maxBytes: number, at: number): Promise<SinkDocument[]> {
  const { document, error } = rejection;
  const id = await sha256Hex(`${document.index}\n${document.id}`);
  const bytes = utf8Length(document.json);
  const json = (text: string, chunk?: { readonly n: number; readonly of: number }) =>
    JSON.stringify({
      '@timestamp': new Date(at).toISOString(),
      error: { type: clip(error.type, 200), reason: clip(error.reason), status: error.status },
      index: clip(document.index, 300),
      id: clip(document.id, 1024),
      document: text,
      document_bytes: bytes,
      document_truncated: false,
      ...(chunk === undefined ? {} : { document_chunk: chunk.n, document_chunks: chunk.of }),
    });
  const whole = json(document.json);
  // The action line and two newlines, with the longest chunk id.
  const framing = utf8Length(actionLine(BulkAction.CREATE, { index, id: `${id}-${Number.MAX_SAFE_INTEGER}`, json: '' })) + 2;
  if (utf8Length(whole) + framing <= maxBytes) return [{ index, id, json: whole }];
  // Each UTF-16 unit takes at most 6 bytes in JSON (`\u001f`), so chunks of this many units always fit.
  const units = Math.floor((maxBytes - framing - utf8Length(json('', { n: Number.MAX_SAFE_INTEGER, of: Number.MAX_SAFE_INTEGER }))) / 6);
  // No room for even a short chunk: the one document goes to planBulk, which refuses it, and the write fails.
  if (units < 2) return [{ index, id, json: whole }];
  const texts: string[] = [];
  for (let start = 0; start < document.json.length;) {
    let end = Math.min(start + units, document.json.length);
    if (end < document.json.length && (document.json.charCodeAt(end - 1) & 0xfc00) === 0xd800) end--; // keep surrogate pairs whole
    texts.push(document.json.slice(start, end));
    start = end;
  }
  return texts.map((text, k) => ({ index, id: `${id}-${k + 1}`, json: json(text, { n: k + 1, of: texts.length }) }));
}
