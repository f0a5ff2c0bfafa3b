/**
 * `firewatch send URL [FILE]`: delivers records to an HTTP endpoint the way Firehose does (protocol 1.0):
 * the headers, a request id kept across that request's retries, gzip on request, and retries with
 * Firehose's backoff (1 s, doubling, ±15%) for at most `--retry-seconds` (which also bounds the wait for
 * an answer). Retried: 5xx, 429, 408, no answer in time, a dropped connection, and a 200 that is not
 * `{requestId (the same), timestamp}` JSON (Firehose counts it as a 500). Final at once, because trying
 * again cannot help a person at a terminal: the other 4xx (401 a wrong key, 404 a wrong path, 413 too
 * large), nothing listening (with a hint to start the endpoint), a host that does not resolve, and a TLS
 * mismatch (https:// against a plain-HTTP port), each said in one line. Firehose itself would retry the
 * 4xx but 413 for its whole retry duration and then back the batch up to S3.
 *
 * Records come from FILE (or a built-in sample when there is none), recognised by core's `decodeInput`
 * (the same recognition as `firewatch decode`): a Firehose HTTP endpoint request body or transformation
 * event (`records[].data`), Kinesis records, a CloudWatch Logs Lambda event (`awslogs.data`), a CloudWatch
 * Logs envelope (gzipped as a record), S3 backup lines (processing-failed/, http-endpoint-failed/,
 * OpenSearch-failed/: their `rawData`) also as the gzip objects Firehose writes them in, a Lambda
 * on-failure destination record (`requestPayload.awslogs.data`, the subscription Lambda's failures),
 * envelopes one per line, base64 records, or raw gzip (one record).
 *
 * @example
 * ```sh
 * firewatch send http://127.0.0.1:8080/                       # a built-in sample
 * firewatch send https://logs.example.com/ failed.json --access-key "$KEY" --gzip
 * ```
 * @module
 */
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { encodeBase64 } from '../../core/bytes/base64.ts';
import { isGzip } from '../../core/bytes/gzip.ts';
import { decodeInput } from '../../core/inspect/decode-input.ts';
import { type DecodedItem, InputKind } from '../../core/inspect/types.ts';
import { FIREHOSE_RECORD_BYTES, HTTP_ENDPOINT_MAX_RECORDS, HTTP_ENDPOINT_RESPONSE_WAIT_MS } from '../../core/limits.ts';
import { classifyFetchError } from '../../core/opensearch/probe.ts';
import { buildSampleHttpRequest } from '../../core/samples/events.ts';
import { nodeCodecs } from '../node/codecs.ts';
import { fileArgument, grouped, InputError, integerOption, type Output, parseOptions, readInput, UsageError } from './io.ts';
import { plural } from './plural.ts';

/** Data per request before base64, like Firehose's default 5 MiB buffer, minus room for the JSON around it. */
const REQUEST_DATA_BYTES = 4 * 1024 * 1024;
/** However short `--retry-seconds`, an attempt waits this long for its answer. */
const MIN_ANSWER_WAIT_MS = 10_000;
/** The source ARN `send` puts in its requests. */
export const SEND_SOURCE_ARN = 'arn:aws:firehose:us-east-1:123456789012:deliverystream/firewatch-send';

/** Options of {@link sendRecords}. */
export interface SendOptions {
  readonly accessKey?: string;
  readonly gzip?: boolean;
  /** Records per request (default 500, at most 10,000). */
  readonly recordsPerRequest?: number;
  /** Stop retrying a request once this much time has passed since its first attempt (default 60). */
  readonly retrySeconds?: number;
  /** First retry delay (default 1000 ms, as Firehose). */
  readonly baseDelayMs?: number;
  /** However short the retry duration, an attempt waits this long for its answer (default 10,000 ms). */
  readonly answerWaitMs?: number;
  /** `X-Amz-Firehose-Common-Attributes` values. */
  readonly commonAttributes?: Readonly<Record<string, string>>;
  readonly fetch?: typeof fetch;
  readonly random?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** One line per request. */
  readonly log?: (line: string) => void;
}

/** How one request ended. */
export interface SendResult {
  readonly requestId: string;
  readonly records: number;
  /** Bytes sent (after gzip). */
  readonly bytes: number;
  /** Final HTTP status; 0 when no answer came (network error, timeout). */
  readonly status: number;
  readonly attempts: number;
  readonly milliseconds: number;
  /** Why the last attempt was not a success. */
  readonly errorMessage?: string;
  /** The endpoint could not be reached at all (nothing listens, unknown host, TLS mismatch): the other requests are not sent. */
  readonly unreachable?: boolean;
}

/**
 * The base64 records an input holds, as core's `decodeInput` recognises it (see the module comment).
 * Data is sent as the input holds it, valid or not: replaying what Firehose would deliver is the point.
 *
 * @example
 * ```ts
 * recordsOf(new TextEncoder().encode('{"records":[{"data":"aGk="}]}')); // ["aGk="]
 * ```
 */
export function recordsOf(input: Uint8Array | undefined): string[] {
  if (input === undefined) return buildSampleHttpRequest({ format: 'mixed', records: 10, events: 5 }).records.map((r) => r.data);
  const decoded = decodeInput(input, { codecs: nodeCodecs, documents: false, recordData: true, maxInflatedBytes: BACKUP_OBJECT_MAX_BYTES });
  if (decoded.error) {
    throw new InputError(
      decoded.error.code === 'FORMAT_UNKNOWN' && decoded.error.detail === 'the input is empty' ? 'firewatch: input: empty' : decoded.error.message,
    );
  }
  // A gzip input is one record (a CloudWatch Logs record, or anything else) unless it is a backup object Firehose wrote.
  if (isGzip(input) && decoded.kind !== InputKind.S3_BACKUP && decoded.kind !== InputKind.AWSLOGS_EVENT) return [encodeBase64(input)];
  switch (decoded.kind) {
    case InputKind.LOG_LINES:
      throw new InputError(
        'firewatch: input: line 1: has neither records[].data, rawData, awslogs.data nor a CloudWatch Logs envelope (it reads as log text; send replays records)',
      );
    case InputKind.TRANSFORMATION_RESPONSE:
      throw new InputError('firewatch: input: a transformation Lambda response holds answers, not records to send');
    default:
      return decoded.items.flatMap(recordsOfItem);
  }
}

/** One item's records: its data as given, or its envelopes gzipped as CloudWatch Logs sends them. */
function recordsOfItem(item: DecodedItem): string[] {
  if (item.data !== undefined) return [item.data.replace(/\s+/g, '')];
  if (item.decoded.ok && item.decoded.value.kind === 'cloudwatch') {
    return item.decoded.value.envelopes.map((envelope) => encodeBase64(gzipSync(JSON.stringify(envelope))));
  }
  throw new InputError(item.decoded.ok ? `firewatch: input: ${item.position}: holds no record data` : item.decoded.error.message);
}

/** Cap on inflating a gzip input (an S3 backup object can be large). */
const BACKUP_OBJECT_MAX_BYTES = 1024 * 1024 * 1024;

/**
 * Splits records into requests: at most `perRequest` records and about 4 MiB of data each.
 *
 * @example
 * ```ts
 * splitRequests(["a", "b", "c"], 2); // [["a", "b"], ["c"]]
 * ```
 */
export function splitRequests(records: readonly string[], perRequest: number): string[][] {
  const requests: string[][] = [];
  let current: string[] = [];
  let bytes = 0;
  for (const record of records) {
    const size = (record.length / 4) * 3;
    if (current.length > 0 && (current.length >= perRequest || bytes + size > REQUEST_DATA_BYTES)) {
      requests.push(current);
      current = [];
      bytes = 0;
    }
    current.push(record);
    bytes += size;
  }
  if (current.length > 0) requests.push(current);
  return requests;
}

const defaultSleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/**
 * Sends the records as Firehose would, one request after the other; resolves to one result per request.
 *
 * @example
 * ```ts
 * const results = await sendRecords("http://127.0.0.1:8080/", records, { gzip: true, log: console.log });
 * results.every((r) => r.status === 200);
 * ```
 */
export async function sendRecords(url: string, records: readonly string[], options: SendOptions = {}): Promise<SendResult[]> {
  const requests = splitRequests(records, options.recordsPerRequest ?? 500);
  const results: SendResult[] = [];
  for (const [i, batch] of requests.entries()) {
    const result = await sendOne(url, batch, options);
    results.push(result);
    options.log?.(summaryLine(result, i, requests.length, options.gzip === true));
    // The same URL will fail the same way: one line says it, not one per request.
    if (result.unreachable) break;
  }
  return results;
}

async function sendOne(url: string, records: readonly string[], options: SendOptions): Promise<SendResult> {
  const fetchImpl = options.fetch ?? fetch;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? defaultSleep;
  const retryMs = (options.retrySeconds ?? 60) * 1000;
  const baseDelay = options.baseDelayMs ?? 1000;
  const requestId = randomUUID();
  // Built once: a retry sends the very same request, as Firehose does.
  const json = JSON.stringify({ requestId, timestamp: Date.now(), records: records.map((data) => ({ data })) });
  const body = options.gzip ? gzipSync(json) : Buffer.from(json);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-amz-firehose-protocol-version': '1.0',
    'x-amz-firehose-request-id': requestId,
    'x-amz-firehose-source-arn': SEND_SOURCE_ARN,
  };
  if (options.accessKey !== undefined) headers['x-amz-firehose-access-key'] = options.accessKey;
  if (options.gzip) headers['content-encoding'] = 'gzip';
  if (options.commonAttributes !== undefined) headers['x-amz-firehose-common-attributes'] = JSON.stringify({ commonAttributes: options.commonAttributes });

  const started = Date.now();
  let attempts = 0;
  // Once the endpoint has answered, a refused connection means it is restarting, not that nothing is there: retried.
  let answered = false;
  for (;;) {
    attempts++;
    // --retry-seconds bounds the whole request, waiting included, so a server that hangs cannot hold it longer.
    const waitMs = Math.min(HTTP_ENDPOINT_RESPONSE_WAIT_MS, Math.max(options.answerWaitMs ?? MIN_ANSWER_WAIT_MS, retryMs - (Date.now() - started)));
    const { status, errorMessage, final } = await attempt(fetchImpl, url, headers, body, requestId, waitMs);
    const result = {
      requestId,
      records: records.length,
      bytes: body.length,
      status,
      attempts,
      milliseconds: Date.now() - started,
      ...(errorMessage === undefined ? {} : { errorMessage }),
    };
    if (status === 200) return result;
    if (final && status !== 0) return result;
    if (final && !answered) return { ...result, unreachable: true };
    if (status !== 0) answered = true;
    // Firehose's backoff: 1 s, doubling, ±15% jitter, within the retry duration.
    const delay = baseDelay * 2 ** (attempts - 1) * (0.85 + 0.3 * random());
    if (Date.now() + delay - started > retryMs) return result;
    options.log?.(
      `firewatch send: ${requestId}: ${status || 'no answer'}${errorMessage ? ` (${errorMessage.slice(0, 300)})` : ''}; retrying in ${
        grouped(Math.round(delay))
      } ms`,
    );
    await sleep(delay);
  }
}

/** What one attempt came to: a status (0: no answer), why it failed, and whether trying again is pointless. */
interface Attempt {
  readonly status: number;
  readonly errorMessage?: string;
  readonly final: boolean;
}

/** Statuses worth another attempt: the server may answer differently later. */
const retryable = (status: number) => status === 408 || status === 429 || status >= 500;

/** Says what a failed connection means for someone sending to `url`; final unless it may pass on a retry. */
export function connectionFailure(url: string, error: unknown, waitedMs: number, timedOut: boolean): Attempt {
  const { origin, protocol } = new URL(url);
  if (timedOut) return { status: 0, errorMessage: `no answer from ${origin} within ${grouped(waitedMs)} ms`, final: false };
  const failure = classifyFetchError(error);
  const words = `(${failure.detail.slice(0, 200)})`;
  switch (failure.kind) {
    case 'refused':
      return {
        status: 0,
        errorMessage:
          `nothing listens at ${origin} ${words}: start the endpoint with \`npm start\` (or \`npx firewatch serve\`) in another terminal, or check the URL's port`,
        final: true,
      };
    case 'dns':
      return { status: 0, errorMessage: `${new URL(url).hostname} does not resolve ${words}: check the URL's host name`, final: true };
    case 'tls':
      return {
        status: 0,
        errorMessage: /use http:\/\//.test(failure.hint) && protocol === 'https:'
          ? `${origin} speaks plain HTTP, not TLS: use ${url.replace(/^https:/, 'http:')}`
          : `TLS failed with ${origin} ${words}: ${failure.hint}`,
        final: true,
      };
    case 'reset':
      return {
        status: 0,
        errorMessage: `${origin} closed the connection without an answer ${words}${
          protocol === 'http:' ? `; if it serves HTTPS, use ${url.replace(/^http:/, 'https:')}` : ''
        }`,
        final: false,
      };
    default:
      return { status: 0, errorMessage: `no answer from ${origin} ${words}`, final: false };
  }
}

/** One attempt; a malformed 200 counts as 500, as Firehose counts it; no answer is status 0. */
async function attempt(
  fetchImpl: typeof fetch,
  url: string,
  headers: Record<string, string>,
  body: Uint8Array,
  requestId: string,
  waitMs: number,
): Promise<Attempt> {
  let response: Response;
  const timeout = AbortSignal.timeout(waitMs);
  try {
    response = await fetchImpl(url, { method: 'POST', headers, body: body as Uint8Array<ArrayBuffer>, signal: timeout });
  } catch (error) {
    return connectionFailure(url, error, waitMs, timeout.aborted);
  }
  const text = await response.text().catch(() => '');
  let answer: { requestId?: unknown; timestamp?: unknown; errorMessage?: unknown } | undefined;
  try {
    answer = JSON.parse(text) as typeof answer;
  } catch {
    answer = undefined;
  }
  const final = response.status !== 200 && !retryable(response.status);
  if (answer === undefined || typeof answer !== 'object' || answer === null || answer.requestId !== requestId || typeof answer.timestamp !== 'number') {
    if (response.status === 200) {
      return { status: 500, errorMessage: `a 200 that is not a Firehose answer (Firehose counts it as 500): ${text.slice(0, 200)}`, final: false };
    }
    // Not the endpoint's protocol answer: a proxy, another server, or a path nothing serves.
    const where = response.status === 404 ? ': no Firehose endpoint at this path (firewatch takes deliveries at / and FIREWATCH_PATH)' : '';
    return {
      status: response.status,
      errorMessage: `HTTP ${response.status}${where}${text.trim() === '' ? '' : `: ${text.trim().replace(/\s+/g, ' ').slice(0, 200)}`}`,
      final,
    };
  }
  return typeof answer.errorMessage === 'string' ? { status: response.status, errorMessage: answer.errorMessage, final } : { status: response.status, final };
}

function summaryLine(r: SendResult, index: number, total: number, gzip: boolean): string {
  const what = `${plural(r.records, 'record')}, ${plural(r.bytes, 'byte')}${gzip ? ' gzip' : ''}`;
  const outcome = r.status === 200 ? '200 OK' : r.status === 0 ? 'no answer' : String(r.status);
  const why = r.status === 200 || r.errorMessage === undefined ? '' : `: ${r.errorMessage.replace(/^firewatch: /, '').replace(/\r?\n/g, '\\n').slice(0, 500)}`;
  return `firewatch send: request ${index + 1}/${total} ${r.requestId}: ${outcome} after ${plural(r.attempts, 'attempt')} in ${
    grouped(r.milliseconds)
  } ms (${what})${why}`;
}

/** Runs the command; resolves to the exit code (0 when every request got 200). */
export async function sendCommand(args: readonly string[], out: Output): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    'access-key': { type: 'string' },
    gzip: { type: 'boolean' },
    'records-per-request': { type: 'string' },
    'retry-seconds': { type: 'string' },
  });
  const [url, ...rest] = positionals;
  if (url === undefined) throw new UsageError('send needs the endpoint URL, e.g. firewatch send http://127.0.0.1:8080/');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`not a URL: ${JSON.stringify(url)}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new UsageError(`the URL must be http or https, not ${parsed.protocol}`);
  const file = fileArgument(rest);
  const records = recordsOf(file === undefined ? undefined : await readInput(file));
  if (records.length === 0) throw new InputError('firewatch: input: no records');
  for (const [i, record] of records.entries()) {
    if ((record.length / 4) * 3 > FIREHOSE_RECORD_BYTES + 2) {
      throw new InputError(`firewatch: input: record ${i}: larger than Firehose's ${FIREHOSE_RECORD_BYTES} bytes`);
    }
  }
  // Locally the server's own key variable is a convenient default.
  const accessKey = values['access-key'] ?? process.env['FIREWATCH_ACCESS_KEYS']?.split(',')[0]?.trim();
  const log = (line: string) => void out.write(`${line}\n`).then(() => out.flush());
  const results = await sendRecords(url, records, {
    ...(accessKey ? { accessKey } : {}),
    gzip: values.gzip === true,
    recordsPerRequest: integerOption('--records-per-request', values['records-per-request'], 1, HTTP_ENDPOINT_MAX_RECORDS) ?? 500,
    retrySeconds: integerOption('--retry-seconds', values['retry-seconds'], 0, 7200) ?? 60,
    log,
  });
  const failed = results.filter((r) => r.status !== 200).length;
  const unsent = splitRequests(records, integerOption('--records-per-request', values['records-per-request'], 1, HTTP_ENDPOINT_MAX_RECORDS) ?? 500).length -
    results.length;
  if (unsent > 0) await out.write(`firewatch send: ${plural(unsent, 'more request')} not sent: the endpoint cannot be reached\n`);
  await out.write(
    `firewatch send: ${plural(records.length, 'record')} in ${plural(results.length, 'request')}: ${grouped(results.length - failed)} answered 200${
      failed ? `, ${grouped(failed)} failed` : ''
    }\n`,
  );
  return failed === 0 ? 0 : 1;
}
