/**
 * What a live suite (test/live/**) needs to talk to the real OpenSearch the `live` project's global
 * setup (test/setup/opensearch.ts) starts once per run: `describeLive` instead of `describe`, the
 * clusters' URLs, fresh index names, and a few small requests the suites share.
 *
 * Without Java/Maven a live suite skips with one line saying why; under `CI=true` it fails instead, so CI
 * never passes by skipping. When the engine should have started and did not, it fails everywhere.
 *
 * @example
 * ```ts
 * describeLive('sink against the real engine', () => {
 *   it('stores', async () => {
 *     const index = freshIndexName('sink');
 *     const sink = createOpenSearchSink(readOpenSearchConfig({ OPENSEARCH_URL: liveOpenSearchUrl() }));
 *     ...
 *     expect(await countDocuments(liveOpenSearchUrl(), index)).toBe(5);
 *   });
 * });
 * ```
 * @module
 */
import { describe, inject, it } from 'vitest';

export { LIMITED_MAX_CONTENT_BYTES, LIMITED_WRITE_QUEUE, LIMITED_WRITE_THREADS } from '../opensearch/nodes.ts';

function notRunning(): string | undefined {
  return inject('opensearchFailure') ?? inject('opensearchSkip');
}

/**
 * `describe(name, fn)` when the real OpenSearch runs. Otherwise one test that skips saying why, or fails
 * under `CI=true` or when the engine failed to start.
 */
export function describeLive(name: string, fn: () => void): void {
  const failure = inject('opensearchFailure');
  const skip = inject('opensearchSkip');
  if (failure === undefined && skip === undefined) return void describe(name, fn);
  describe(name, () => {
    it('needs the real OpenSearch', (context) => {
      if (failure !== undefined) throw new Error(`the real OpenSearch did not start: ${failure}`);
      if (process.env['CI'] === 'true') throw new Error(`live suite skipped under CI=true: ${skip}`);
      context.skip(skip);
    });
  });
}

/** Base URL of the real OpenSearch (the `main` cluster, default settings), e.g. `http://127.0.0.1:40123`. Throws when none runs. */
export function liveOpenSearchUrl(): string {
  const url = inject('opensearchUrl');
  if (url === undefined) throw new Error(`no live OpenSearch: ${notRunning() ?? 'the live global setup did not run (is this file under test/live/?)'}`);
  return url;
}

/**
 * Base URL of the `limited` cluster: `http.max_content_length` {@link LIMITED_MAX_CONTENT_BYTES} bytes
 * (larger bodies answered 413), write pool of {@link LIMITED_WRITE_THREADS} thread and queue
 * {@link LIMITED_WRITE_QUEUE} (concurrent shard writes beyond that answered 429). Throws when none runs.
 */
export function liveLimitedOpenSearchUrl(): string {
  const url = inject('opensearchLimitedUrl');
  if (url === undefined) throw new Error(`no live OpenSearch: ${notRunning() ?? 'the live global setup did not run (is this file under test/live/?)'}`);
  return url;
}

let counter = 0;

/**
 * An index name no other test of this run uses: lowercase `<prefix>-<pid>-<n>-<random>` (OpenSearch
 * index names must be lowercase and must not start with `_`, `-` or `+`).
 */
export function freshIndexName(prefix: string): string {
  counter += 1;
  const safe = prefix.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[-_+]+/, '') || 'live';
  return `${safe}-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

/** A JSON request to the engine; throws with the answer when the status is not 2xx. */
export async function openSearchJson<T = unknown>(url: string, method: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, headers: { 'content-type': 'application/json', accept: 'application/json' } };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(`${url}${path}`, init);
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 2000)}`);
  return JSON.parse(text) as T;
}

/** Makes everything written to `index` searchable (`_refresh`), then counts its documents. */
export async function countDocuments(url: string, index: string): Promise<number> {
  await openSearchJson(url, 'POST', `/${encodeURIComponent(index)}/_refresh`);
  return (await openSearchJson<{ count: number }>(url, 'GET', `/${encodeURIComponent(index)}/_count`)).count;
}

/** Every document of `index` (after a refresh), as `{ id, source }`, sorted by id; for indices of at most 10,000 documents. */
export async function readDocuments(url: string, index: string): Promise<{ id: string; source: Record<string, unknown> }[]> {
  await openSearchJson(url, 'POST', `/${encodeURIComponent(index)}/_refresh`);
  const answer = await openSearchJson<{ hits: { hits: { _id: string; _source: Record<string, unknown> }[] } }>(
    url,
    'POST',
    `/${encodeURIComponent(index)}/_search`,
    {
      size: 10_000,
      query: { match_all: {} },
    },
  );
  return answer.hits.hits.map((hit) => ({ id: hit._id, source: hit._source })).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Deletes indices matching `pattern` (cleanup after a suite; a missing index is fine). */
export async function deleteIndices(url: string, pattern: string): Promise<void> {
  await fetch(`${url}/${encodeURIComponent(pattern)}?expand_wildcards=all&ignore_unavailable=true`, { method: 'DELETE' });
}
