/**
 * Shared fixtures of the endpoint tests: requests as Firehose sends them, byte streams cut into chunks,
 * and an in-memory sink that can be told to fail.
 */
import { encodeBase64 } from '../../../core/bytes/base64.ts';
import { gzip } from '../../../core/bytes/gzip.ts';
import { encodeUtf8 } from '../../../core/bytes/utf8.ts';
import { type EndpointConfig, readEndpointConfig } from '../../../core/endpoint/config.ts';
import type { Env } from '../../../core/config/env.ts';
import { FirewatchError } from '../../../core/errors.ts';
import type { Sink, SinkDocument, SinkResult } from '../../../core/sinks/sink.ts';

export const KEY = 'test-key-0123456789';
export const REQUEST_ID = 'ed4a5d0e-8f4b-4a6e-9b4c-0d1f2e3a4b5c';

export const config = (env: Env = {}): EndpointConfig => readEndpointConfig({ FIREWATCH_ACCESS_KEYS: `old-key,${KEY}`, FIREWATCH_INDEX: 'logs', ...env });

/** A stream delivering `bytes` in chunks of `size` (chunk boundaries fall everywhere). */
export function chunked(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

export const body = (records: readonly (Uint8Array | string)[], requestId = REQUEST_ID, timestamp = Date.UTC(2026, 10, 25, 12, 0)): string =>
  JSON.stringify({ requestId, timestamp, records: records.map((r) => ({ data: typeof r === 'string' ? encodeBase64(encodeUtf8(r)) : encodeBase64(r) })) });

export interface RequestOptions {
  readonly headers?: Record<string, string | undefined>;
  readonly gzip?: boolean;
  readonly path?: string;
}

/** A delivery request as Firehose makes it. */
export function delivery(text: string | Uint8Array, options: RequestOptions = {}): Request {
  const bytes = typeof text === 'string' ? encodeUtf8(text) : text;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-amz-firehose-protocol-version': '1.0',
    'x-amz-firehose-request-id': REQUEST_ID,
    'x-amz-firehose-access-key': KEY,
    'x-amz-firehose-source-arn': 'arn:aws:firehose:us-east-1:123456789012:deliverystream/rds',
  };
  if (options.gzip) headers['content-encoding'] = 'gzip';
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (value === undefined) delete headers[name];
    else headers[name] = value;
  }
  const payload = options.gzip ? gzip(bytes) : bytes;
  return new Request(`http://firewatch.test${options.path ?? '/'}`, { method: 'POST', headers, body: payload as Uint8Array<ArrayBuffer> });
}

/** An in-memory sink; `fail` makes the next writes fail. */
export class MemorySink implements Sink {
  readonly name = 'memory';
  readonly writes: SinkDocument[][] = [];
  readonly stored = new Map<string, SinkDocument>();
  fail: { retryable: boolean } | undefined;
  throws = false;

  write(documents: readonly SinkDocument[]): Promise<SinkResult> {
    if (this.throws) return Promise.reject(new Error('sink exploded'));
    if (this.fail) return Promise.resolve({ ok: false, retryable: this.fail.retryable, error: new FirewatchError('SINK_UNAVAILABLE', 'memory: told to fail') });
    this.writes.push([...documents]);
    for (const d of documents) this.stored.set(`${d.index}/${d.id}`, d);
    return Promise.resolve({ ok: true, stored: documents.length, deadLettered: 0 });
  }

  get documents(): SinkDocument[] {
    return this.writes.flat();
  }
}

export const json = async (response: Response): Promise<Record<string, unknown>> => (await response.json()) as Record<string, unknown>;
