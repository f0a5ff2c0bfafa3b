/**
 * The sink's health, so a person reading the log and a load balancer polling `GET /health` both learn at
 * once that documents are not getting through, and why:
 *
 * - {@link createSinkHealth} keeps the state (`ok`, or `degraded` with the last error and since when) and
 *   writes the log: a failure at once, then at most one line every few seconds while it goes on, and one
 *   line when writes succeed again.
 * - {@link monitorOpenSearch} wraps the OpenSearch sink for a server: it runs the start-up check
 *   (core/opensearch/probe.ts: reachable and which version, or exactly what failed), feeds every failed
 *   attempt of every write into the health, and ends a write early when the cluster cannot be reached at
 *   all (DNS, refused, TLS, connection closed) for {@link UNREACHABLE_GIVE_UP_MS}: the delivery is then
 *   answered 503 in seconds instead of at the write deadline, and Firehose retries it, so nothing is
 *   lost. 401 and 403 already end a write at once; their message gains the user or role to map.
 *
 * The sink itself stays as it is: the monitor sees its attempts through the `fetch` it hands it, and
 * stops a write through the write's abort signal.
 *
 * @example
 * ```ts
 * const opensearch = monitorOpenSearch(readOpenSearchConfig(env), { log: (line) => console.log(`firewatch: ${line}`) });
 * const app = createEndpointApp(config, opensearch.sink, { health: opensearch.health.report });
 * await opensearch.probe(); // logs "OpenSearch https://… is reachable: opensearch 2.19.0 …" or what failed
 * ```
 * @module
 */
import { FirewatchError } from '../errors.ts';
import { clusterLimitOf } from '../opensearch/cluster-limit.ts';
import {
  classifyFetchError,
  describeFetchFailure,
  explainRefusal,
  type FetchFailure,
  probeLine,
  probeOpenSearch,
  type ProbeResult,
  UNREACHABLE,
} from '../opensearch/probe.ts';
import { createOpenSearchSink, type OpenSearchSinkDeps } from '../sinks/opensearch.ts';
import type { OpenSearchConfig } from '../opensearch/config.ts';
import type { Sink, SinkResult, WriteOptions } from '../sinks/sink.ts';

/** What `GET /health` answers (200 when `ok`, 503 when `degraded`). */
export interface HealthReport {
  readonly status: 'ok' | 'degraded';
  /** The sink's name (`opensearch`, `files`, `console`). */
  readonly sink: string;
  /** The last failure, one line; only when degraded. */
  readonly error?: string;
  /** When the failures began (ISO 8601); only when degraded. */
  readonly since?: string;
}

/** The health of one sink. */
export interface SinkHealth {
  /** The current state, for `GET /health`. */
  report(): HealthReport;
  /** Something failed (a write, an attempt, the start-up check). `logged`: the caller already logged it. */
  failed(problem: string, options?: { readonly logged?: boolean }): void;
  /** A write (or a check) succeeded. */
  succeeded(): void;
}

/** Options of {@link createSinkHealth}. */
export interface SinkHealthOptions {
  readonly sink: string;
  /** One line per event, without a prefix (each server adds its own). */
  readonly log: (line: string) => void;
  /** Epoch ms. Default `Date.now`. */
  readonly now?: () => number;
  /** Least time between two "still failing" lines (default {@link REPEAT_LOG_MS}). */
  readonly repeatMs?: number;
  /** Called by `report()` while degraded, at most once per `repeatMs`: a chance to check again (the probe). */
  readonly recheck?: () => void;
}

/** "Every few seconds": often enough to see it is still going on, rarely enough to read the log. */
export const REPEAT_LOG_MS = 5_000;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * Creates the health state of one sink.
 *
 * @example
 * ```ts
 * const health = createSinkHealth({ sink: "opensearch", log: console.log });
 * health.failed("connection refused"); // logs "opensearch sink failing: connection refused"
 * health.report(); // { status: "degraded", sink: "opensearch", error: "connection refused", since: "2026-…" }
 * ```
 */
export function createSinkHealth(options: SinkHealthOptions): SinkHealth {
  const now = options.now ?? Date.now;
  const repeatMs = options.repeatMs ?? REPEAT_LOG_MS;
  let failing: { since: number; count: number; last: string; loggedAt: number; loggedCount: number } | undefined;
  let checkedAt = Number.NEGATIVE_INFINITY;
  return {
    report() {
      if (failing === undefined) return { status: 'ok', sink: options.sink };
      if (options.recheck !== undefined && now() - checkedAt >= repeatMs) {
        checkedAt = now();
        options.recheck();
      }
      return { status: 'degraded', sink: options.sink, error: failing.last, since: new Date(failing.since).toISOString() };
    },
    failed(problem, { logged = false } = {}) {
      const at = now();
      if (failing === undefined) {
        failing = { since: at, count: 1, last: problem, loggedAt: at, loggedCount: 1 };
        if (!logged) options.log(`${options.sink} sink failing: ${problem}`);
        return;
      }
      failing.count++;
      failing.last = problem;
      if (at - failing.loggedAt >= repeatMs) {
        if (!logged) {
          options.log(
            `${options.sink} sink still failing (${failing.count - failing.loggedCount} more failures in ${seconds(at - failing.loggedAt)}, since ${
              new Date(failing.since).toISOString()
            }): ${problem}`,
          );
        }
        failing.loggedAt = at;
        failing.loggedCount = failing.count;
      }
    },
    succeeded() {
      if (failing === undefined) return;
      options.log(`${options.sink} sink ok again after ${failing.count} failure${failing.count === 1 ? '' : 's'} over ${seconds(now() - failing.since)}`);
      failing = undefined;
    },
  };
}

/**
 * How long a write keeps retrying while every attempt fails without any answer from the cluster (DNS,
 * refused, TLS, connection closed) before it gives up. Firehose retries the delivery anyway, and a
 * person or a load balancer waiting on the answer learns within seconds; a cluster that is merely slow
 * or busy (timeouts, 429, 5xx) is still retried until the write deadline.
 */
export const UNREACHABLE_GIVE_UP_MS = 2_500;

/** Options of {@link monitorOpenSearch}. */
export interface MonitorOptions extends OpenSearchSinkDeps {
  /** Log lines without a prefix (the probe's, and the health's). */
  readonly log: (line: string) => void;
  /** Start-up check timeout (default the probe's, 4 s). */
  readonly probeTimeoutMs?: number;
  /** Default {@link UNREACHABLE_GIVE_UP_MS}. */
  readonly unreachableGiveUpMs?: number;
  /** Default {@link REPEAT_LOG_MS}. */
  readonly repeatMs?: number;
}

/** The monitored sink, its health and its start-up check. */
export interface MonitoredOpenSearch {
  readonly sink: Sink;
  readonly health: SinkHealth;
  /** Reaches the cluster once (`GET /` with the configured auth), logs one line, updates the health. Never throws. */
  probe(): Promise<ProbeResult>;
}

/**
 * The OpenSearch sink with its health, for a server. See the module comment.
 *
 * @example
 * ```ts
 * const { sink, health, probe } = monitorOpenSearch(readOpenSearchConfig(env), { log: console.log });
 * ```
 */
export function monitorOpenSearch(config: OpenSearchConfig, options: MonitorOptions): MonitoredOpenSearch {
  const fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  const now = options.now ?? Date.now;
  const giveUpMs = options.unreachableGiveUpMs ?? UNREACHABLE_GIVE_UP_MS;
  /** Attempts failing without an answer since this time; reset by any answer. */
  let streak: { since: number; attempts: number; failure: FetchFailure; timer: ReturnType<typeof setTimeout> } | undefined;
  /** The last 401/403, explained, to add to the sink's message. */
  let refusal: { status: number; hint: string } | undefined;
  /** Writes in progress, each with its own controller, so an unreachable cluster ends all of them. */
  const active = new Set<AbortController>();
  const unreachableReason = Symbol('unreachable');
  let probing: Promise<ProbeResult> | undefined;

  const probe = (): Promise<ProbeResult> => (probing ??= (async () => {
    const result = await probeOpenSearch({ url: config.url, auth: config.auth, index: config.index }, {
      fetch: fetchImpl,
      ...(options.probeTimeoutMs === undefined ? {} : { timeoutMs: options.probeTimeoutMs }),
    });
    probing = undefined;
    const logged = wasLogged(result);
    if (result.ok) health.succeeded();
    else health.failed(result.message, { logged });
    return result;
  })());
  // The start-up line is logged by the first probe; later ones (from /health) only when the state changes.
  let probeLogged = false;
  const wasLogged = (result: ProbeResult) => {
    if (probeLogged) return false;
    probeLogged = true;
    options.log(probeLine(result));
    return true;
  };
  const health = createSinkHealth({
    sink: 'opensearch',
    log: options.log,
    now,
    ...(options.repeatMs === undefined ? {} : { repeatMs: options.repeatMs }),
    recheck: () => void probe(),
  });

  const giveUp = () => {
    for (const controller of active) controller.abort(unreachableReason);
  };
  const endStreak = () => {
    if (streak !== undefined) clearTimeout(streak.timer);
    streak = undefined;
  };

  /** The sink's fetch, watched: every answer and every failure is seen here. */
  const watchedFetch: typeof fetch = async (input, init) => {
    const started = now();
    let response: Response;
    try {
      response = await fetchImpl(input, init);
    } catch (error) {
      const signal = (init?.signal ?? (input instanceof Request ? input.signal : undefined)) as AbortSignal | undefined;
      if (signal?.aborted) {
        // The sink's own request timeout says so in its reason; an abort from the caller is not the cluster's fault.
        const reason: unknown = signal.reason;
        if (reason instanceof Error && /no answer within/.test(reason.message)) health.failed(`OpenSearch ${config.url}: ${reason.message}`);
        throw error;
      }
      const failure = classifyFetchError(error);
      if (UNREACHABLE.has(failure.kind)) {
        // A timer, not only a check at the next failure: the sink's backoff may sleep past the moment.
        streak ??= { since: started, attempts: 0, failure, timer: setTimeout(giveUp, Math.max(0, giveUpMs - (now() - started))) };
        streak.attempts++;
        streak.failure = failure;
        health.failed(`OpenSearch ${config.url} cannot be reached: ${describeFetchFailure(failure)}`);
        // A write begun after the cluster was found unreachable gives up at its first failure.
        if (now() - streak.since >= giveUpMs) giveUp();
      } else {
        health.failed(`OpenSearch ${config.url}: ${describeFetchFailure(failure)}`);
      }
      throw error;
    }
    endStreak();
    if (response.status === 401 || response.status === 403) {
      refusal = { status: response.status, hint: explainRefusal(response.status, await response.clone().text(), config.auth, config.index) };
      health.failed(`OpenSearch ${config.url} answered ${response.status}: ${refusal.hint}`);
    } else if (response.status === 429 || response.status === 408 || response.status >= 500) {
      health.failed(`OpenSearch ${config.url} answered ${response.status} (busy or failing); retrying`);
    }
    return response;
  };

  // The cluster's body limit is read before the first write, unwatched and as briefly as the probe: a cluster
  // that refuses the settings call (Amazon OpenSearch Service may) still takes _bulk, so that is not the sink's health.
  const clusterLimit = clusterLimitOf(config, { fetch: fetchImpl, ...(options.probeTimeoutMs === undefined ? {} : { timeoutMs: options.probeTimeoutMs }) });
  const inner = createOpenSearchSink(config, { ...options, fetch: watchedFetch, clusterLimit });

  const sink: Sink = {
    name: inner.name,
    async write(documents, writeOptions: WriteOptions): Promise<SinkResult> {
      const controller = new AbortController();
      const outer = writeOptions.signal;
      const forward = () => controller.abort(outer?.reason);
      if (outer?.aborted) forward();
      outer?.addEventListener('abort', forward, { once: true });
      active.add(controller);
      try {
        const result = await inner.write(documents, { ...writeOptions, signal: controller.signal });
        if (result.ok) {
          health.succeeded();
          return result;
        }
        if (controller.signal.reason === unreachableReason && streak !== undefined) {
          const error = new FirewatchError(
            'SINK_UNAVAILABLE',
            `opensearch sink: cannot reach ${config.url}: ${describeFetchFailure(streak.failure)} (${streak.attempts} attempt${
              streak.attempts === 1 ? '' : 's'
            } in ${seconds(now() - streak.since)}; Firehose retries the delivery)`,
            { cause: result.error },
          );
          return { ok: false, error, retryable: true };
        }
        if (result.error.code === 'SINK_REJECTED' && refusal !== undefined && result.error.detail.includes(`answered ${refusal.status}`)) {
          const where = result.error.detail.slice(0, result.error.detail.indexOf(` answered ${refusal.status}`));
          const error = new FirewatchError(result.error.code, `${where} answered ${refusal.status}: ${refusal.hint}`, { cause: result.error });
          return { ...result, error };
        }
        health.failed(result.error.detail);
        return result;
      } finally {
        active.delete(controller);
        outer?.removeEventListener('abort', forward);
      }
    },
    ...(inner.close === undefined ? {} : { close: () => inner.close!() }),
  };
  return { sink, health, probe };
}
