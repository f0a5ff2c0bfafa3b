/**
 * One Firehose delivery, end to end: the access key checked (core/endpoint/access-keys.ts), the body
 * streamed record by record ({@link readRecords}), each record shaped into documents
 * (core/endpoint/documents.ts: a CloudWatch Logs envelope gives one per log event, control messages are
 * skipped and counted, plain JSON or text gives one, data that does not decode one `decode_failure`
 * document), the documents written to the sink in batches sized in bytes with one write in flight, and
 * the answer given only once every write settled: 200 when every document was stored or dead-lettered,
 * otherwise the status protocol.ts explains, so Firehose retries and finally backs the batch up to S3.
 * Admission and the memory budget (core/endpoint/admission.ts) bound what is in flight.
 *
 * @example
 * ```ts
 * const response = await handleDelivery(request, config, sink, { onDelivery: (summary) => console.log(summary) });
 * ```
 * @module
 */
import { type Codecs, portableCodecs } from '../bytes/codecs.ts';
import { FirewatchError } from '../errors.ts';
import type { Sink, SinkDocument, SinkResult } from '../sinks/sink.ts';
import { type AccessKeyProvider, checkDeliveryAccess } from './access-keys.ts';
import { type Admission, inflatedSizeOf } from './admission.ts';
import type { EndpointConfig } from './config.ts';
import { DocumentShaper, firehoseMembers, type RecordContext } from './documents.ts';
import { protocolResponse, Status } from './protocol.ts';
import { readRecords } from './records-stream.ts';

/** How a delivery is read, checked and reported (core/endpoint/app.ts's options pass through). */
export interface DeliveryOptions {
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
  /** Admission control and the memory budget (core/endpoint/admission.ts); none: every delivery enters. */
  readonly admission?: Admission;
}

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

/** Bytes a document adds to a `_bulk` body beyond its JSON: the action line's fixed part and two newlines. */
const BULK_OVERHEAD_BYTES = 40;

/**
 * Handles one delivery request end to end; core/endpoint/app.ts routes `POST` here (every adapter uses
 * the app, so only the app calls this). Never throws for bad input; only a bug reaches the caller.
 */
export async function handleDelivery(request: Request, config: EndpointConfig, sink: Sink, options: DeliveryOptions = {}): Promise<Response> {
  const started = Date.now();
  const deadline = started + config.writeTimeoutMs;
  const stats = { records: 0, documents: 0, controlMessages: 0, decodeFailures: 0, stored: 0, deadLettered: 0, writes: 0, bytes: 0 };
  let requestId = '';
  const answer = (status: Status, errorMessage?: string, detail?: string): Response => {
    try {
      options.onDelivery?.({
        requestId,
        status,
        ...stats,
        milliseconds: Date.now() - started,
        ...(errorMessage === undefined ? {} : { errorMessage }),
        ...(detail === undefined ? {} : { detail }),
      });
    } catch {
      // Logging must never change the answer.
    }
    return protocolResponse(status, requestId, errorMessage);
  };

  const checked = await checkDeliveryAccess(request.headers, config, options.accessKeys);
  if (!checked.ok) {
    requestId = checked.failure.requestId;
    return answer(checked.failure.status, checked.failure.message, 'detail' in checked.failure ? checked.failure.detail : undefined);
  }
  const headers = checked.value;
  requestId = headers.requestId;
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > config.maxBodyBytes) {
    return answer(Status.TOO_LARGE, `the body is ${declared} bytes; this endpoint takes at most ${config.maxBodyBytes} (FIREWATCH_MAX_BODY_BYTES)`);
  }
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
    const shaper = new DocumentShaper(config, firehoseMembers(headers));
    const record: RecordContext = {
      requestId,
      requestTime: started,
      codecs: options.codecs ?? portableCodecs,
      maxInflatedBytes: config.maxInflatedBytes,
      maxEventsPerRecord: config.maxEventsPerRecord,
    };
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
    const reading = {
      gzip: headers.gzip,
      maxBodyBytes: config.maxBodyBytes,
      signal: controller.signal,
      ...(options.bodyInflater === undefined ? {} : { inflater: options.bodyInflater }),
    };
    for await (const item of readRecords(request.body, reading)) {
      if (item.type === 'error') {
        if (item.reason === 'too-large') return await finish(Status.TOO_LARGE, `${item.error.message} (FIREWATCH_MAX_BODY_BYTES=${config.maxBodyBytes})`);
        if (item.reason === 'aborted') {
          const why = Date.now() >= deadline
            ? `the request was not settled within ${config.writeTimeoutMs} ms (FIREWATCH_WRITE_TIMEOUT_MS)`
            : 'the client closed the connection';
          return await finish(Status.UNAVAILABLE, `firewatch: ${why}; documents written so far are overwritten by the retry`);
        }
        return await finish(Status.BAD_REQUEST, item.error.message);
      }
      if (item.type === 'end') {
        stats.bytes = item.wireBytes;
        if (item.requestId !== undefined && item.requestId !== requestId) {
          return await finish(
            Status.BAD_REQUEST,
            `the body's requestId ${JSON.stringify(item.requestId.slice(0, 128))} differs from X-Amz-Firehose-Request-Id`,
          );
        }
        const failed = (await flush()) ?? (await settle());
        if (failed !== undefined) return sinkFailure(failed);
        return answer(Status.OK);
      }
      stats.records++;
      // The body's time dates plain records; one a Date cannot hold (±8.64e15 ms) is ignored, not fatal.
      if (item.timestamp !== undefined && Math.abs(item.timestamp) <= 8.64e15) record.requestTime = item.timestamp;
      // The record's inflated size comes out of the process's budget before it is decoded, and goes back
      // once its documents are all in batches (core/endpoint/admission.ts).
      const inflatedSize = inflatedSizeOf(item.data);
      const reservation = Math.min(inflatedSize, config.maxInflatedBytes);
      const release = admission === undefined ? undefined : (admission.tryReserve(reservation) ?? await admission.reserve(reservation, controller.signal));
      if (admission !== undefined && release === undefined) {
        return await finish(
          Status.UNAVAILABLE,
          `firewatch: the records in flight held the memory budget (FIREWATCH_INFLATED_BUDGET_BYTES=${config.inflatedBudgetBytes}) until the deadline; Firehose retries`,
        );
      }
      try {
        // Batches are cut at the document that fills them, and a dense record's documents come a chunk at a
        // time (core/endpoint/documents.ts), so it never has all of them in memory. Sized in UTF-16 units,
        // not UTF-8 bytes: this bounds memory, and the sink sizes its bodies in bytes itself.
        for (const chunk of shaper.recordDocumentChunks(item.index, item.data, record, stats, inflatedSize)) {
          for (let d = 0; d < chunk.length; d++) {
            const document = chunk[d]!;
            batch.push(document);
            stats.documents++;
            batchBytes += document.json.length + BULK_OVERHEAD_BYTES;
            if (batchBytes >= config.batchBytes) {
              const failed = await flush();
              if (failed !== undefined) return sinkFailure(failed);
              batchBytes = 0;
            }
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

/** `sink.write`, with a throw (a sink breaking its contract: a bug) turned into a failure answered 500. */
async function writeSafely(sink: Sink, documents: SinkDocument[], options: { signal: AbortSignal; deadline: number }): Promise<SinkResult> {
  try {
    return await sink.write(documents, options);
  } catch (cause) {
    return {
      ok: false,
      retryable: false,
      error: new FirewatchError('SINK_REJECTED', `write threw: ${cause instanceof Error ? cause.message : String(cause)}`, { cause }),
    };
  }
}
