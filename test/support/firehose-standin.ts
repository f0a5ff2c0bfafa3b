/**
 * A local stand-in for Amazon Data Firehose's `PutRecordBatch`, speaking the AWS JSON 1.1 protocol the
 * way the real `@aws-sdk/client-firehose` sends and reads it, with fault injection for tests.
 *
 * What it checks, as the service does: POST `/`, `Content-Type: application/x-amz-json-1.1`,
 * `X-Amz-Target: Firehose_20150804.PutRecordBatch`, a SigV4 `Authorization` header (present, not
 * verified), a known stream, 1–500 records, each ≤ 1,024,000 bytes decoded, ≤ 4 MiB in all.
 *
 * @example
 * ```ts
 * const firehose = await startFirehoseStandIn({ streams: ['logs'] });
 * const client = new FirehoseClient({ endpoint: firehose.endpoint, region: 'us-east-1', credentials: DUMMY_CREDENTIALS });
 * firehose.failEntries({ count: 2 }); // the next two entries answer ServiceUnavailableException
 * firehose.delay(500, 1); // the next request waits 500 ms
 * // ... put records ...
 * firehose.texts('logs'); // what was accepted, in arrival order
 * await firehose.close();
 * ```
 * @module
 */

import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FIREHOSE_BATCH_BYTES, FIREHOSE_BATCH_RECORDS, FIREHOSE_RECORD_BYTES } from '../../core/limits.ts';
// Seeded, so `fraction` faults pick the same entries on every run.
import { mulberry32 } from '../../core/samples/log-lines.ts';
import { listenOnLoopback } from './listen.ts';

/** Credentials for clients pointed at local stand-ins; nothing verifies them. */
export const DUMMY_CREDENTIALS = { accessKeyId: 'AKIDLOCALSTANDIN', secretAccessKey: 'local-stand-in-secret' } as const;

const ACCOUNT = '123456789012';
const TARGET_PREFIX = 'Firehose_20150804.';
const JSON_11 = 'application/x-amz-json-1.1';

/** Per-entry failures to inject. Entries that fail are not stored. */
export interface EntryFault {
  /** Fail the next `count` entries (across calls), then stop. */
  readonly count?: number;
  /** Fail each entry with this probability, on every call (seeded, so runs repeat). */
  readonly fraction?: number;
  /** Fail every entry whose data matches, on every call: a persistent failure. */
  readonly where?: (data: Uint8Array) => boolean;
  /** Default `ServiceUnavailableException` (the other documented entry code is `InternalFailure`). */
  readonly code?: string;
  /** Default `Slow down.` (what the service says when throttling). */
  readonly message?: string;
}

/** Whole-call failures to inject: the next `count` calls answer this error. */
export interface CallFault {
  readonly count: number;
  /** Default 503 (the SDK models ServiceUnavailableException as a 503 server fault). */
  readonly status?: number;
  /** Default `ServiceUnavailableException`. */
  readonly code?: string;
  /** Default `Slow down.` */
  readonly message?: string;
}

/** One request the stand-in received, for asserting what was (re)sent. */
export interface StandInCall {
  readonly target: string;
  readonly stream: string;
  /** Records in the request. */
  readonly records: number;
  /** Decoded record data, in request order. */
  readonly data: readonly Uint8Array[];
  /** HTTP status answered; 0 when the connection was dropped or the client went away. */
  readonly status: number;
  /** Entries answered with an error (FailedPutCount). */
  readonly failedEntries: number;
}

/** Options of {@link startFirehoseStandIn}. */
export interface FirehoseStandInOptions {
  /** Delivery streams that exist from the start. */
  readonly streams?: readonly string[];
  /** Seed for `fraction` faults. Default 1. */
  readonly seed?: number;
}

interface Reply {
  readonly status: number;
  readonly body: unknown;
}

/** What one request carried, filled in while it is handled. */
interface Call {
  readonly target: string;
  stream: string;
  data: Uint8Array[];
  failedEntries: number;
}

/** The running stand-in; see the module example. */
export class FirehoseStandIn {
  /** `http://127.0.0.1:<port>`, for the client's `endpoint`. */
  readonly endpoint: string;
  /** Every request received, in order. */
  readonly calls: StandInCall[] = [];
  /** TCP connections accepted (a keep-alive client opens one). */
  connections = 0;

  readonly #server: ReturnType<typeof createServer>;
  readonly #streams = new Map<string, Uint8Array[]>();
  readonly #timers = new Set<NodeJS.Timeout>();
  #random: () => number;
  #entryFaults: EntryFault[] = [];
  #entryCountLeft = 0;
  #callFault: CallFault | undefined;
  #callFaultsLeft = 0;
  #dropsLeft = 0;
  #delayMs = 0;
  #delaysLeft = 0;

  constructor(server: ReturnType<typeof createServer>, options: FirehoseStandInOptions) {
    this.#server = server;
    this.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    this.#random = mulberry32(options.seed ?? 1);
    for (const name of options.streams ?? []) this.createStream(name);
    server.on('connection', () => this.connections++);
    server.on('request', (req, res) => void this.#serve(req, res));
  }

  /** Makes a delivery stream exist (idempotent). */
  createStream(name: string): void {
    if (!this.#streams.has(name)) this.#streams.set(name, []);
  }

  /** Accepted records of `stream`, decoded, in arrival order. */
  records(stream: string): Uint8Array[] {
    return [...(this.#streams.get(stream) ?? [])];
  }

  /** Accepted records of `stream` as UTF-8 text. */
  texts(stream: string): string[] {
    const decoder = new TextDecoder();
    return this.records(stream).map((data) => decoder.decode(data));
  }

  /** Adds a per-entry fault (they combine: an entry fails if any fault picks it). */
  failEntries(fault: EntryFault): void {
    this.#entryFaults.push(fault);
    this.#entryCountLeft += fault.count ?? 0;
  }

  /** Makes the next `fault.count` calls fail as a whole (throttling by default). */
  failCalls(fault: CallFault): void {
    this.#callFault = fault;
    this.#callFaultsLeft = fault.count;
  }

  /** Destroys the connection of the next `count` requests without answering (a network error). */
  dropConnections(count: number): void {
    this.#dropsLeft = count;
  }

  /**
   * Waits `ms` before handling each of the next `calls` requests (all of them by default). A request whose
   * client gives up meanwhile is not processed: nothing is stored.
   */
  delay(ms: number, calls = Number.POSITIVE_INFINITY): void {
    this.#delayMs = ms;
    this.#delaysLeft = calls;
  }

  /** Removes faults and delay; keeps streams, records and calls. */
  clearFaults(): void {
    this.#entryFaults = [];
    this.#entryCountLeft = 0;
    this.#callFault = undefined;
    this.#callFaultsLeft = 0;
    this.#dropsLeft = 0;
    this.#delayMs = 0;
    this.#delaysLeft = 0;
  }

  /** Clears faults, calls and every stream's records (streams keep existing); the seed starts over. */
  reset(seed = 1): void {
    this.clearFaults();
    this.calls.length = 0;
    this.connections = 0;
    this.#random = mulberry32(seed);
    for (const records of this.#streams.values()) records.length = 0;
  }

  /** Stops the server, closing kept-alive connections and dropping pending delayed requests. */
  async close(): Promise<void> {
    for (const timer of this.#timers) clearTimeout(timer);
    const closed = new Promise<void>((resolve, reject) => this.#server.close((error) => (error ? reject(error) : resolve())));
    this.#server.closeAllConnections();
    await closed;
  }

  async #serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const call: Call = { target: String(req.headers['x-amz-target'] ?? ''), stream: '', data: [], failedEntries: 0 };
    const input = parseInput(Buffer.concat(chunks).toString('utf8'), call);
    const log = (status: number) => this.calls.push({ ...call, records: call.data.length, status });

    if (this.#dropsLeft > 0) {
      this.#dropsLeft--;
      log(0);
      req.socket.destroy();
      return;
    }
    if (this.#delaysLeft > 0 && this.#delayMs > 0) {
      this.#delaysLeft--;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.#timers.delete(timer);
          resolve();
        }, this.#delayMs);
        this.#timers.add(timer);
      });
      // The client gave up (its deadline) meanwhile: like a request that never got through, nothing is stored.
      if (res.destroyed || req.socket.destroyed) return void log(0);
    }
    const reply = this.#handle(req, input, call);
    log(reply.status);
    const payload = JSON.stringify(reply.body);
    res.writeHead(reply.status, { 'Content-Type': JSON_11, 'Content-Length': Buffer.byteLength(payload), 'x-amzn-RequestId': randomUUID() });
    res.end(payload);
  }

  /** Answers one request; fills in `call.failedEntries`. */
  #handle(req: IncomingMessage, input: unknown, call: Call): Reply {
    if (req.method !== 'POST' || req.url !== '/') return error(404, 'UnknownOperationException', `${req.method} ${req.url}`);
    if (!String(req.headers['content-type'] ?? '').startsWith(JSON_11)) return error(400, 'SerializationException', `expected Content-Type ${JSON_11}`);
    if (!String(req.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 ')) {
      return error(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
    }
    if (call.target !== `${TARGET_PREFIX}PutRecordBatch`) return error(400, 'UnknownOperationException', `unsupported target ${call.target}`);
    if (input === undefined) return error(400, 'SerializationException', 'body is not a JSON object');
    if (this.#callFaultsLeft > 0 && this.#callFault) {
      this.#callFaultsLeft--;
      const { status = 503, code = 'ServiceUnavailableException', message = 'Slow down.' } = this.#callFault;
      return error(status, code, message);
    }
    const invalid = validate(call.stream, call.data);
    if (invalid) return invalid;
    const stored = this.#streams.get(call.stream);
    if (stored === undefined) return error(400, 'ResourceNotFoundException', `Firehose stream ${call.stream} under account ${ACCOUNT} not found.`);

    const responses = call.data.map((record) => {
      const fault = this.#pickFault(record);
      if (fault) return { ErrorCode: fault.code ?? 'ServiceUnavailableException', ErrorMessage: fault.message ?? 'Slow down.' };
      stored.push(record);
      return { RecordId: randomBytes(48).toString('base64') };
    });
    call.failedEntries = responses.filter((response) => 'ErrorCode' in response).length;
    return { status: 200, body: { Encrypted: false, FailedPutCount: call.failedEntries, RequestResponses: responses } };
  }

  #pickFault(record: Uint8Array): EntryFault | undefined {
    for (const fault of this.#entryFaults) {
      if (fault.where?.(record)) return fault;
    }
    if (this.#entryCountLeft > 0) {
      this.#entryCountLeft--;
      return this.#entryFaults.find((fault) => (fault.count ?? 0) > 0);
    }
    for (const fault of this.#entryFaults) {
      if (fault.fraction !== undefined && this.#random() < fault.fraction) return fault;
    }
    return undefined;
  }
}

/** Starts a stand-in on 127.0.0.1 and a free port. */
export async function startFirehoseStandIn(options: FirehoseStandInOptions = {}): Promise<FirehoseStandIn> {
  const server = await listenOnLoopback(createServer({ keepAlive: true }));
  return new FirehoseStandIn(server, options);
}

/** An AWS JSON 1.1 error: `__type` names it, `message` explains. */
function error(status: number, type: string, message: string): Reply {
  return { status, body: { __type: type, message } };
}

/**
 * The limits the service enforces. Constraint violations on members (count, record size) come back as
 * `ValidationException` with the service framework's wording; the total size is checked by Firehose
 * itself and answers `InvalidArgumentException` ("Records size exceeds 4 MB limit"), as seen in the wild.
 */
function validate(stream: string, data: readonly Uint8Array[]): Reply | undefined {
  const violations: string[] = [];
  if (stream.length < 1 || stream.length > 64) {
    violations.push(`Value '${stream}' at 'deliveryStreamName' failed to satisfy constraint: Member must have length between 1 and 64`);
  }
  if (data.length < 1) violations.push(`Value '[]' at 'records' failed to satisfy constraint: Member must have length greater than or equal to 1`);
  if (data.length > FIREHOSE_BATCH_RECORDS) {
    violations.push(`Value at 'records' failed to satisfy constraint: Member must have length less than or equal to ${FIREHOSE_BATCH_RECORDS}`);
  }
  data.forEach((record, i) => {
    if (record.length > FIREHOSE_RECORD_BYTES) {
      violations.push(
        `Value 'java.nio.HeapByteBuffer[pos=0 lim=${record.length} cap=${record.length}]' at 'records.${
          i + 1
        }.member.data' failed to satisfy constraint: Member must have length less than or equal to ${FIREHOSE_RECORD_BYTES}`,
      );
    }
  });
  if (violations.length > 0) {
    const n = violations.length;
    return error(400, 'ValidationException', `${n} validation error${n === 1 ? '' : 's'} detected: ${violations.join('; ')}`);
  }
  const bytes = data.reduce((sum, record) => sum + record.length, 0);
  if (bytes > FIREHOSE_BATCH_BYTES) return error(400, 'InvalidArgumentException', 'Records size exceeds 4 MB limit');
  return undefined;
}

/** Parses the body; fills in the stream name and decoded records. `undefined` when it is not a JSON object. */
function parseInput(body: string, call: Call): object | undefined {
  let input: unknown;
  try {
    input = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof input !== 'object' || input === null) return undefined;
  const { DeliveryStreamName: name, Records: records } = input as { DeliveryStreamName?: unknown; Records?: unknown };
  call.stream = typeof name === 'string' ? name : '';
  const entries: unknown[] = Array.isArray(records) ? records : [];
  call.data = entries.map((entry) => {
    const data = (entry as { Data?: unknown } | null)?.Data;
    return new Uint8Array(Buffer.from(typeof data === 'string' ? data : '', 'base64'));
  });
  return input;
}
