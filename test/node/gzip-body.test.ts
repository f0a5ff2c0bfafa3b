import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createEndpointApp } from '../../core/endpoint/app.ts';
import { readEndpointConfig } from '../../core/endpoint/config.ts';
import type { Sink, SinkDocument } from '../../core/sinks/sink.ts';
import { buildSampleHttpRequest } from '../../core/samples/events.ts';
import { nodeBodyInflater, nodeCodecs } from '../../scripts/node/codecs.ts';

const stored: SinkDocument[] = [];
const sink: Sink = {
  name: 'memory',
  write: (documents) => (stored.push(...documents), Promise.resolve({ ok: true, stored: documents.length, deadLettered: 0 })),
};

/** The app as the Node server builds it: node:zlib for gzip bodies instead of DecompressionStream. */
const app = (env: Record<string, string> = {}) =>
  createEndpointApp(readEndpointConfig({ FIREWATCH_ALLOW_NO_ACCESS_KEY: 'true', ...env }), sink, { codecs: nodeCodecs, bodyInflater: nodeBodyInflater });
const post = (body: Uint8Array<ArrayBuffer>, env?: Record<string, string>) =>
  app(env).request('/', {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', 'x-amz-firehose-protocol-version': '1.0', 'x-amz-firehose-request-id': 'req-1' },
  });

describe('gzip request bodies inflated with node:zlib', () => {
  const plain: Uint8Array<ArrayBuffer> = new TextEncoder().encode(
    JSON.stringify({ ...(buildSampleHttpRequest({ records: 3, events: 4 }) as object), requestId: 'req-1' }),
  );

  it('decodes a gzip body', async () => {
    stored.length = 0;
    expect((await post(gzipSync(plain))).status).toBe(200);
    expect(stored).toHaveLength(12);
  });

  it('answers 400 for a corrupt or truncated body and 413 for a bomb, as with DecompressionStream', async () => {
    const gz = gzipSync(plain);
    const corrupt = gz.slice();
    corrupt[20]! ^= 0xff;
    expect((await post(corrupt)).status).toBe(400);
    expect((await post(gz.subarray(0, gz.length - 20))).status).toBe(400);
    const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024, 32));
    expect((await post(bomb, { FIREWATCH_MAX_BODY_BYTES: String(1024 * 1024) })).status).toBe(413);
  });
});
