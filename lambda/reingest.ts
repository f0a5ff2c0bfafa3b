/**
 * Re-ingestion I/O for the Firehose transformation Lambda: sends a {@link ReingestPlan} with Firehose
 * `PutRecordBatch` or Kinesis `PutRecords`, retries what failed, and reports which input records have
 * documents that were finally not accepted so the handler can answer them `ProcessingFailed`.
 *
 * @module
 */

import type { FirehoseClient, FirehoseClientConfig } from '@aws-sdk/client-firehose';
import type { KinesisClient, KinesisClientConfig } from '@aws-sdk/client-kinesis';
import type { ReingestPlan } from '../core/firehose/reingest-plan.ts';

/** Options of {@link reingest}. */
export interface ReingestOptions {
  /** Milliseconds left in the invocation: pass `context.getRemainingTimeInMillis` (bind it). */
  readonly remainingTimeMs: () => number;
  /** Time kept back for the handler to build and return its answer. Default 1,000 ms. */
  readonly safetyMarginMs?: number;
  /** Calls per batch, first one included. Default 8. */
  readonly maxAttempts?: number;
  /** Backoff base: the n-th retry waits `random() * min(maxDelayMs, baseDelayMs * 2^(n-1))` ("full jitter"). Default 100 ms. */
  readonly baseDelayMs?: number;
  /** Backoff cap. Default 5,000 ms. */
  readonly maxDelayMs?: number;
  /**
   * Longest wait for one call's answer before abandoning it and retrying (its records' fate is then
   * unknown, so the retry may duplicate). Keeps a stalled connection from eating the whole invocation.
   * Default 20,000 ms; the remaining time bounds every call anyway.
   */
  readonly attemptTimeoutMs?: number;
  /** Firehose client config overrides (endpoint, credentials), read when the client for a region and endpoint is first made. */
  readonly firehose?: FirehoseClientConfig;
  /** Kinesis client config overrides, likewise. */
  readonly kinesis?: KinesisClientConfig;
  /** Waits; injected by tests. Default `setTimeout`. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Uniform in [0, 1); injected by tests. Default `Math.random`. */
  readonly random?: () => number;
}

/** What {@link reingest} achieved. `recordsSent + recordsFailed` is the number of records in the plan. */
export interface ReingestOutcome {
  /** Indexes of input records with at least one re-ingested record that was finally not accepted. */
  readonly failedParents: ReadonlySet<number>;
  /** Records the service accepted. */
  readonly recordsSent: number;
  /** Records given up on (non-retryable error, attempts exhausted, or out of time). */
  readonly recordsFailed: number;
  /** API calls made, retries included. */
  readonly calls: number;
  /** Calls that were retries (of a whole call or of its failed entries). */
  readonly retries: number;
  /** Distinct reasons for giving up, `Code: message`, short, for the summary log line (at most 10). */
  readonly errors: readonly string[];
}

/** One entry's error as the service reported it; `undefined` in a result list means accepted. */
interface EntryError {
  readonly code: string;
  readonly message: string;
}

/** Sends records in one call; throws for call-level errors; returns one result per record, in order. */
type Put<R> = (records: readonly R[], abortSignal: AbortSignal) => Promise<ReadonlyArray<EntryError | undefined>>;

/**
 * Codes AWS documents as transient for these calls, at call level or per entry. Anything else that names
 * itself is permanent and fails at once (e.g. ResourceNotFoundException, InvalidArgumentException,
 * ValidationException, AccessDeniedException, KMSAccessDeniedException): retrying cannot help and only
 * spends the invocation's time.
 */
const RETRYABLE_CODES = new Set([
  'ServiceUnavailableException',
  'ServiceUnavailable',
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'LimitExceededException',
  'KMSThrottlingException',
  'InternalFailure',
  'InternalFailureException',
  'InternalServerError',
  'RequestTimeout',
  'RequestTimeoutException',
  // The HTTP handler's own connection and request timeouts.
  'TimeoutError',
]);

/** Socket-level failures worth another try: the request may never have reached the service. */
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ECONNABORTED']);

const MAX_ERRORS = 10;
const MAX_ERROR_CHARS = 200;
/** setTimeout (behind AbortSignal.timeout) fires at once for delays beyond 2^31 - 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Puts every record of `plan` into its stream, batch by batch, and reports the outcome. Never throws for
 * service or network errors: they end up in `failedParents` and `errors`.
 *
 * Batches go one after the other. The bottleneck is the stream's throughput quota (a Firehose stream
 * takes 1–5 MiB/s, a Kinesis shard 1 MiB/s), not latency, so parallel calls would mostly buy throttling;
 * sequential calls also let one throttle's backoff pace the next batch and keep the order of calls
 * predictable.
 *
 * Retries are ours, not the SDK's (the clients are made with `maxAttempts: 1`), so that each wait is
 * checked against the invocation's remaining time and only failed entries are resent, which keeps
 * duplicates (Firehose picks document ids) to what the service itself may cause.
 *
 * @example
 * ```ts
 * const outcome = await reingest(plan, { remainingTimeMs: () => context.getRemainingTimeInMillis() });
 * for (const index of outcome.failedParents) answers[index] = { ...answers[index], result: 'ProcessingFailed' };
 * ```
 */
export async function reingest(plan: ReingestPlan, options: ReingestOptions): Promise<ReingestOutcome> {
  const safetyMarginMs = options.safetyMarginMs ?? 1000;
  const run: Run = {
    maxAttempts: Math.max(1, options.maxAttempts ?? 8),
    baseDelayMs: options.baseDelayMs ?? 100,
    maxDelayMs: options.maxDelayMs ?? 5000,
    attemptTimeoutMs: options.attemptTimeoutMs ?? 20_000,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    random: options.random ?? Math.random,
    budgetMs: () => options.remainingTimeMs() - safetyMarginMs,
    failedParents: new Set(),
    errors: new Set(),
    recordsSent: 0,
    recordsFailed: 0,
    calls: 0,
    retries: 0,
  };
  if (plan.service === 'firehose') await sendAll(plan.batches, () => firehosePut(plan.region, plan.deliveryStreamName, options.firehose), run);
  else await sendAll(plan.batches, () => kinesisPut(plan.region, plan.streamName, options.kinesis), run);
  return {
    failedParents: run.failedParents,
    recordsSent: run.recordsSent,
    recordsFailed: run.recordsFailed,
    calls: run.calls,
    retries: run.retries,
    errors: [...run.errors],
  };
}

/** Settings and running totals of one {@link reingest} call. */
interface Run {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly attemptTimeoutMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  /** Time left for calls and waits (remaining time minus the safety margin). */
  readonly budgetMs: () => number;
  readonly failedParents: Set<number>;
  readonly errors: Set<string>;
  recordsSent: number;
  recordsFailed: number;
  calls: number;
  retries: number;
}

/** Sends the batches one by one. No records, no SDK: the client is only loaded and made when needed. */
async function sendAll<R extends { readonly parent: number }>(
  batches: readonly { readonly records: readonly R[] }[],
  makePut: () => Promise<Put<R>>,
  run: Run,
): Promise<void> {
  const nonEmpty = batches.filter((batch) => batch.records.length > 0);
  if (nonEmpty.length === 0) return;
  let put: Put<R>;
  try {
    put = await makePut();
  } catch (thrown) {
    // A broken deployment (SDK missing, bad client config): report it like any failure rather than throw.
    const error = describeError(thrown);
    for (const batch of nonEmpty) giveUp(run, batch.records, error.code, error.message);
    return;
  }
  for (const batch of nonEmpty) await sendBatch(batch.records, put, run);
}

/** Sends one batch: whole-call retries for transient errors, entry retries for transient entry errors. */
async function sendBatch<R extends { readonly parent: number }>(records: readonly R[], put: Put<R>, run: Run): Promise<void> {
  let pending = records;
  for (let attempt = 1;; attempt++) {
    const budget = Math.floor(run.budgetMs());
    if (budget <= 0) return giveUp(run, pending, 'Deadline', `out of time with ${pending.length} record(s) unsent`);
    run.calls++;
    if (attempt > 1) run.retries++;
    const retry: R[] = [];
    let last: EntryError | undefined;
    const timeout = Math.min(budget, Math.max(1, Math.floor(run.attemptTimeoutMs)), MAX_TIMER_MS);
    const abort = AbortSignal.timeout(timeout);
    try {
      const results = await put(pending, abort);
      pending.forEach((record, i) => {
        // A missing entry is a malformed answer: unknown fate, so treat it as transient.
        const error = i < results.length ? results[i] : { code: 'InternalFailure', message: 'no response entry for this record' };
        if (error === undefined) {
          run.recordsSent++;
        } else if (RETRYABLE_CODES.has(error.code)) {
          retry.push(record);
          last = error;
        } else {
          giveUp(run, [record], error.code, error.message);
        }
      });
    } catch (thrown) {
      if (abort.aborted && timeout === budget) {
        return giveUp(run, pending, 'Deadline', `no answer in time; ${pending.length} record(s) may or may not have been accepted`);
      }
      const error = abort.aborted ? { code: 'TimeoutError', message: `no answer within ${timeout} ms` } : describeError(thrown);
      if (!isRetryable(thrown, error)) return giveUp(run, pending, error.code, error.message);
      retry.push(...pending);
      last = error;
    }
    if (retry.length === 0 || last === undefined) return;
    const attempts = `${attempt} attempt${attempt === 1 ? '' : 's'}`;
    if (attempt >= run.maxAttempts) return giveUp(run, retry, last.code, `${last.message} (after ${attempts})`);
    const delay = run.random() * Math.min(run.maxDelayMs, run.baseDelayMs * 2 ** (attempt - 1));
    // Waiting past the deadline would leave no time for the call after it.
    if (delay >= run.budgetMs()) return giveUp(run, retry, last.code, `${last.message} (out of time after ${attempts})`);
    await run.sleep(delay);
    pending = retry;
  }
}

function giveUp(run: Run, records: readonly { readonly parent: number }[], code: string, message: string): void {
  for (const record of records) run.failedParents.add(record.parent);
  run.recordsFailed += records.length;
  if (run.errors.size < MAX_ERRORS) run.errors.add(`${code}: ${message}`.slice(0, MAX_ERROR_CHARS));
}

/** Code and message of anything thrown by an SDK call. */
function describeError(thrown: unknown): EntryError {
  if (!(thrown instanceof Error)) return { code: 'Error', message: String(thrown) };
  const code = (thrown as { code?: unknown }).code;
  return { code: typeof code === 'string' && NETWORK_CODES.has(code) ? code : thrown.name, message: thrown.message };
}

/**
 * Transient: a documented transient code, any 5xx or 429 (the SDK names unmodelled errors from the body,
 * which a proxy may not provide), or a socket failure before any answer.
 */
function isRetryable(thrown: unknown, error: EntryError): boolean {
  if (RETRYABLE_CODES.has(error.code) || NETWORK_CODES.has(error.code)) return true;
  const status = (thrown as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
  return status !== undefined && (status >= 500 || status === 429);
}

const firehoseClients = new Map<string, FirehoseClient>();
const kinesisClients = new Map<string, KinesisClient>();

/**
 * Destroys the cached clients (closing their keep-alive sockets), so the next call makes new ones.
 * For tests, and for anything that must change a client's configuration.
 */
export function resetReingestClients(): void {
  for (const client of [...firehoseClients.values(), ...kinesisClients.values()]) client.destroy();
  firehoseClients.clear();
  kinesisClients.clear();
}

/** Clients are cached per region and endpoint: one per warm Lambda container, reusing its connections. */
function cacheKey(region: string, endpoint: unknown): string {
  return `${region} ${typeof endpoint === 'string' ? endpoint : ''}`;
}

/** Client settings both services share. */
async function baseConfig(region: string) {
  const { NodeHttpHandler } = await import('@smithy/node-http-handler');
  return {
    region,
    // Our loop retries (see reingest); SDK retries would wait without knowing the deadline.
    maxAttempts: 1,
    // HTTP/1.1 with keep-alive: the Kinesis client's default HTTP/2 handler fails against local endpoints,
    // and one handler for both services keeps behaviour the same.
    requestHandler: new NodeHttpHandler({ httpAgent: { keepAlive: true }, httpsAgent: { keepAlive: true } }),
  };
}

async function firehosePut(region: string, deliveryStreamName: string, overrides: FirehoseClientConfig = {}): Promise<Put<{ readonly data: Uint8Array }>> {
  // Imported here, not at the top: invocations with nothing to re-ingest never load the SDK.
  const { FirehoseClient, PutRecordBatchCommand } = await import('@aws-sdk/client-firehose');
  const key = cacheKey(region, overrides.endpoint);
  let client = firehoseClients.get(key);
  if (client === undefined) {
    client = new FirehoseClient({ ...(await baseConfig(region)), ...overrides });
    firehoseClients.set(key, client);
  }
  const firehose = client;
  return async (records, abortSignal) => {
    const command = new PutRecordBatchCommand({ DeliveryStreamName: deliveryStreamName, Records: records.map((record) => ({ Data: record.data })) });
    const response = await firehose.send(command, { abortSignal });
    return (response.RequestResponses ?? []).map(entryError);
  };
}

async function kinesisPut(
  region: string,
  streamName: string,
  overrides: KinesisClientConfig = {},
): Promise<Put<{ readonly data: Uint8Array; readonly partitionKey: string }>> {
  const { KinesisClient, PutRecordsCommand } = await import('@aws-sdk/client-kinesis');
  const key = cacheKey(region, overrides.endpoint);
  let client = kinesisClients.get(key);
  if (client === undefined) {
    client = new KinesisClient({ ...(await baseConfig(region)), ...overrides });
    kinesisClients.set(key, client);
  }
  const kinesis = client;
  return async (records, abortSignal) => {
    // StreamName, not StreamARN: same-account streams need no more, and local Kinesis (kinesalite) predates StreamARN.
    const command = new PutRecordsCommand({
      StreamName: streamName,
      Records: records.map((record) => ({ Data: record.data, PartitionKey: record.partitionKey })),
    });
    const response = await kinesis.send(command, { abortSignal });
    return (response.Records ?? []).map(entryError);
  };
}

function entryError(entry: { ErrorCode?: string | undefined; ErrorMessage?: string | undefined }): EntryError | undefined {
  return entry.ErrorCode ? { code: entry.ErrorCode, message: entry.ErrorMessage ?? '' } : undefined;
}
