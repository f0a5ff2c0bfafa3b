/**
 * The cluster's `http.max_content_length`: the largest HTTP body it takes (413 beyond). The OpenSearch
 * sink caps its `_bulk` bodies by it, so a configured `FIREWATCH_BULK_MAX_BYTES` above the cluster's limit
 * never costs a refused first write. Read with `GET _cluster/settings?include_defaults=true`, filtered to
 * the one setting (the unfiltered answer lists every default, tens of KB). Amazon OpenSearch Service may
 * refuse the call (it needs `cluster:monitor/settings`-style access); then the limit is unknown and the
 * sink keeps its configured one, learning from 413s instead.
 *
 * @example
 * ```ts
 * const max = await readMaxContentLength({ url: "http://127.0.0.1:9200", auth: { type: "none" } }, { timeoutMs: 4000 });
 * // 104857600 (OpenSearch's default, 100mb), or undefined when the cluster does not say
 * ```
 * @module
 */
import type { OpenSearchAuth } from './config.ts';
import { maxContentLengthOf } from './bulk.ts';
import { PROBE_TIMEOUT_MS } from './probe.ts';
import { openSearchRequester, parseJsonOrUndefined } from './requester.ts';

/** The request path, relative to the cluster's URL. */
export const MAX_CONTENT_LENGTH_PATH = '/_cluster/settings?include_defaults=true&filter_path=**.http.max_content_length';

/** Options of {@link readMaxContentLength}. */
export interface MaxContentLengthOptions {
  /** Default `globalThis.fetch`. */
  readonly fetch?: typeof fetch;
  /** Gives up after this long (the answer is then unknown). */
  readonly timeoutMs: number;
}

/**
 * The cluster's `http.max_content_length` in bytes, or undefined when it cannot be read (refused, not
 * found, unreachable, an answer without it). Never throws: the caller's configured limit stands.
 */
export async function readMaxContentLength(
  target: { readonly url: string; readonly auth: OpenSearchAuth },
  options: MaxContentLengthOptions,
): Promise<number | undefined> {
  if (options.timeoutMs <= 0) return undefined;
  const fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  try {
    const request = await openSearchRequester(target.auth)(`${target.url}${MAX_CONTENT_LENGTH_PATH}`, {
      method: 'GET',
      headers: { accept: 'application/json' },
    });
    const response = await fetchImpl(request, { signal: controller.signal });
    const text = await response.text();
    return response.ok ? maxContentLengthOf(parseJsonOrUndefined(text)) : undefined;
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The sink's `clusterLimit` for a front (core/sinks/opensearch.ts): reads the limit before the first write,
 * as briefly as the start-up probe (default {@link PROBE_TIMEOUT_MS}), so an unreachable cluster delays that
 * write by seconds at most.
 *
 * @example
 * ```ts
 * const sink = createOpenSearchSink(config, { clusterLimit: clusterLimitOf(config) });
 * ```
 */
export function clusterLimitOf(
  target: { readonly url: string; readonly auth: OpenSearchAuth },
  options: Partial<MaxContentLengthOptions> = {},
): () => Promise<number | undefined> {
  return () => readMaxContentLength(target, { ...options, timeoutMs: options.timeoutMs ?? PROBE_TIMEOUT_MS });
}
