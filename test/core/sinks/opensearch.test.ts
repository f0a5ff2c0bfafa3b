import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bulkText, planBulk } from '../../../core/opensearch/bulk.ts';
import { createOpenSearchSink, type OpenSearchSinkDeps } from '../../../core/sinks/opensearch.ts';
import { readOpenSearchConfig } from '../../../core/opensearch/config.ts';
import type { SinkDocument } from '../../../core/sinks/sink.ts';
import { type OpenSearchStandIn, startOpenSearchStandIn } from '../../support/opensearch-standin.ts';
import { testSink } from '../../support/sink-harness.ts';

/** Fast retries so fault tests stay quick; the logic is the same at production delays. */
const FAST = { FIREWATCH_SINK_RETRY_BASE_MS: '5', FIREWATCH_SINK_RETRY_MAX_MS: '40' };
const DEAD = 'deadletter-cloudwatch-logs';

const sinkFor = (os: OpenSearchStandIn, env: Record<string, string> = {}, deps: OpenSearchSinkDeps = {}) =>
  createOpenSearchSink(readOpenSearchConfig({ OPENSEARCH_URL: os.url, ...FAST, ...env }), deps);

const docs = (count: number, index = 'logs-2026-11-25', extra = ''): SinkDocument[] =>
  Array.from({ length: count }, (_, n) => ({ index, id: `event-${n}`, json: `{"@timestamp":"2026-11-25T12:00:00Z","n":${n}${extra}}` }));

// A deadline far enough away to be only a safety net for writes expected to finish, on any machine.
const soon = (ms = 60_000) => Date.now() + ms;

testSink('opensearch', async () => {
  const os = await startOpenSearchStandIn();
  return { sink: sinkFor(os), read: () => Promise.resolve(os.all()), cleanup: () => os.close() };
});

describe('opensearch sink against the stand-in', () => {
  let os: OpenSearchStandIn;
  beforeAll(async () => {
    os = await startOpenSearchStandIn();
  });
  afterAll(() => os.close());
  beforeEach(() => os.reset());

  /** The original documents the dead-letter index holds, put back together from their chunks. */
  const deadLettered = (): Map<string, string> => {
    const chunks = os.documents(DEAD).map((d) =>
      JSON.parse(d.json) as { id: string; document: string; document_chunk?: number; document_chunks?: number; document_bytes: number }
    );
    const whole = new Map<string, string>();
    for (const id of new Set(chunks.map((c) => c.id))) {
      const parts = chunks.filter((c) => c.id === id).sort((a, b) => (a.document_chunk ?? 1) - (b.document_chunk ?? 1));
      expect(parts.length).toBe(parts[0]!.document_chunks ?? 1);
      whole.set(id, parts.map((p) => p.document).join(''));
    }
    return whole;
  };

  it('stores documents across several byte-sized bodies, as NDJSON', async () => {
    const documents = [...docs(60, 'a'), ...docs(40, 'b')];
    const result = await sinkFor(os, { FIREWATCH_BULK_MAX_BYTES: '2048' }).write(documents, { deadline: soon() });
    expect(result).toEqual({ ok: true, stored: 100, deadLettered: 0 });
    expect(os.documents('a')).toHaveLength(60);
    expect(os.documents('b').map((d) => d.json)).toEqual(documents.slice(60).map((d) => d.json));
    const bulks = os.bulkRequests();
    expect(bulks.length).toBeGreaterThan(4);
    for (const request of bulks) {
      expect(request.bytes).toBeLessThanOrEqual(2048);
      expect(request.headers['content-type']).toBe('application/x-ndjson');
    }
  });

  it('keeps one document per id when a delivery is repeated (create: 409 counts as stored)', async () => {
    const sink = sinkFor(os);
    const documents = docs(20);
    await sink.write(documents, { deadline: soon() });
    expect(await sink.write(documents, { deadline: soon() })).toEqual({ ok: true, stored: 20, deadLettered: 0 });
    expect(os.documents('logs-2026-11-25')).toHaveLength(20);
  });

  it('overwrites on a repeated delivery with FIREWATCH_BULK_ACTION=index', async () => {
    const sink = sinkFor(os, { FIREWATCH_BULK_ACTION: 'index' });
    await sink.write(docs(5), { deadline: soon() });
    expect(await sink.write(docs(5, 'logs-2026-11-25', ',"v":2'), { deadline: soon() })).toEqual({ ok: true, stored: 5, deadLettered: 0 });
    expect(os.documents('logs-2026-11-25').map((d) => JSON.parse(d.json).v)).toEqual([2, 2, 2, 2, 2]);
  });

  it('resends only the items answered 429 until they are stored', async () => {
    os.rejectItems({ count: 35 });
    const result = await sinkFor(os).write(docs(50), { deadline: soon() });
    expect(result).toEqual({ ok: true, stored: 50, deadLettered: 0 });
    expect(os.documents('logs-2026-11-25')).toHaveLength(50);
    const items = os.bulkRequests().map((r) => r.items);
    expect(items[0]).toBe(50);
    expect(items.slice(1).every((n) => n < 50)).toBe(true);
  });

  it('gets through a steady fraction of 429s and 503 items', async () => {
    os.rejectItems({ fraction: 0.3 });
    os.rejectItems({ fraction: 0.1, status: 503, type: 'unavailable_shards_exception' });
    expect(await sinkFor(os).write(docs(200), { deadline: soon() })).toEqual({ ok: true, stored: 200, deadLettered: 0 });
    expect(os.documents('logs-2026-11-25')).toHaveLength(200);
  });

  it('retries whole requests answered 5xx or 429', async () => {
    os.failRequests({ count: 3, status: 503 });
    expect(await sinkFor(os).write(docs(10), { deadline: soon() })).toEqual({ ok: true, stored: 10, deadLettered: 0 });
    os.failRequests({ count: 2, status: 429 });
    expect(await sinkFor(os).write(docs(3, 'other'), { deadline: soon() })).toEqual({ ok: true, stored: 3, deadLettered: 0 });
    expect(os.bulkRequests().map((r) => r.status)).toEqual([503, 503, 503, 200, 429, 429, 200]);
  });

  it('retries a 200 whose items do not match the request', async () => {
    os.failRequests({ count: 1, status: 200, body: '{"took":1,"errors":false,"items":[]}' });
    expect(await sinkFor(os).write(docs(4), { deadline: soon() })).toEqual({ ok: true, stored: 4, deadLettered: 0 });
    expect(os.bulkRequests()).toHaveLength(2);
  });

  it('keeps mapping conflicts in the dead-letter index with the reason, dropping nothing', async () => {
    os.mappingConflict((index, source) => index !== DEAD && source.includes('"bad"'));
    const documents = docs(10);
    const bad = [{ index: 'logs-2026-11-25', id: 'bad-1', json: '{"thread_id":"abc","bad":true}' }, {
      index: 'logs-2026-11-26',
      id: 'bad-2',
      json: '{"bad":"ü"}',
    }];
    const result = await sinkFor(os).write([...documents, ...bad], { deadline: soon() });
    expect(result).toEqual({ ok: true, stored: 10, deadLettered: 2 });
    const kept = os.documents(DEAD).map((d) => JSON.parse(d.json));
    expect(kept.map((k) => [k.index, k.id, k.document, k.error.type, k.error.status, k.document_truncated])).toEqual([
      ['logs-2026-11-25', 'bad-1', bad[0]!.json, 'mapper_parsing_exception', 400, false],
      ['logs-2026-11-26', 'bad-2', bad[1]!.json, 'mapper_parsing_exception', 400, false],
    ]);
    expect(kept[0].error.reason).toContain('failed to parse field [thread_id]');
    expect(kept[0]['@timestamp']).toMatch(/^\d{4}-\d\d-\d\dT/);
    // A repeated delivery dead-letters the same documents again without copies: the dead-letter id is derived.
    await sinkFor(os).write(bad, { deadline: soon() });
    expect(os.documents(DEAD)).toHaveLength(2);
  });

  it('answers ok:false when the dead-letter index refuses too', async () => {
    os.mappingConflict((_index, source) => source.includes('bad'));
    const result = await sinkFor(os).write([...docs(3), { index: 'logs', id: 'b', json: '{"bad":1}' }], { deadline: soon() });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('DEAD_LETTER_FAILED');
    expect(result.error.message).toContain('mapper_parsing_exception');
    expect(result.retryable).toBe(false);
  });

  it('answers ok:false, retryable, when the dead-letter write cannot get through', async () => {
    os.mappingConflict((index) => index !== DEAD);
    let calls = 0;
    const fetch: typeof globalThis.fetch = (input, init) => (++calls > 1 ? Promise.reject(new TypeError('fetch failed')) : globalThis.fetch(input, init));
    // A virtual clock only the waits advance: the first (real) request keeps a minute of timeout.
    let clock = 0;
    const sleep = (ms: number) => {
      clock += ms;
      return Promise.resolve();
    };
    const slowRetries = { FIREWATCH_SINK_RETRY_BASE_MS: '10000', FIREWATCH_SINK_RETRY_MAX_MS: '10000' };
    const result = await sinkFor(os, slowRetries, { fetch, now: () => clock, sleep, random: () => 0.5 }).write(docs(2), { deadline: 60_000 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect([result.error.code, result.retryable]).toEqual(['DEAD_LETTER_FAILED', true]);
  });

  it('splits bodies answered 413 until they fit, and refuses a document too large alone', async () => {
    // A cluster whose settings this user may not read: the sink learns the limit from the 413s alone.
    os.forbid((_method, path) => path === '/_cluster/settings');
    os.maxContentLength(1500);
    const documents = docs(24, 'logs', `,"pad":"${'x'.repeat(150)}"`);
    expect(await sinkFor(os).write(documents, { deadline: soon() })).toEqual({ ok: true, stored: 24, deadLettered: 0 });
    expect(os.documents('logs').map((d) => d.id)).toEqual(documents.map((d) => d.id));
    expect(os.bulkRequests().filter((r) => r.status === 413).length).toBeGreaterThan(2);

    // Alone over the limit: refused for good, and dead-lettered whole in chunks that fit.
    const huge = { index: 'logs', id: 'huge', json: `{"m":"${'y'.repeat(2000)}"}` };
    expect(await sinkFor(os).write([huge], { deadline: soon() })).toEqual({ ok: true, stored: 0, deadLettered: 1 });
    expect(deadLettered().get('huge')).toBe(huge.json);
    expect(JSON.parse(os.documents(DEAD)[0]!.json).error.type).toBe('firewatch_request_too_large');
  });

  it('dead-letters a document larger than the body limit whole, in chunks, instead of truncating it', async () => {
    const big = { index: 'logs', id: 'big', json: `{"m":"${'z'.repeat(150_000)}\\u00e9${'é😀'.repeat(30_000)}"}` };
    const sink = sinkFor(os, { FIREWATCH_BULK_MAX_BYTES: String(100 * 1024) });
    const result = await sink.write([...docs(2, 'logs'), big], { deadline: soon() });
    expect(result).toEqual({ ok: true, stored: 2, deadLettered: 1 });
    expect(deadLettered().get('big')).toBe(big.json);
    const [first] = os.documents(DEAD).map((d) => JSON.parse(d.json));
    expect([first.error.type, first.document_truncated, first.document_bytes]).toEqual([
      'firewatch_document_too_large',
      false,
      new TextEncoder().encode(big.json).length,
    ]);
    for (const request of os.bulkRequests()) expect(request.bytes).toBeLessThanOrEqual(100 * 1024);
    // A retried delivery overwrites the same chunks.
    await sink.write([big], { deadline: soon() });
    expect(deadLettered().get('big')).toBe(big.json);
  });

  it("caps its bodies by the cluster's http.max_content_length, so a large document is dead-lettered whole rather than failing every retry", async () => {
    os.maxContentLength(64 * 1024);
    const big = { index: 'logs', id: 'big', json: `{"m":"${'q'.repeat(200_000)}"}` };
    const result = await sinkFor(os, { FIREWATCH_BULK_MAX_BYTES: String(5 * 1024 * 1024) }).write([...docs(3, 'logs'), big], { deadline: soon() });
    expect(result).toEqual({ ok: true, stored: 3, deadLettered: 1 });
    expect(deadLettered().get('big')).toBe(big.json);
    // Once the cluster's limit is known, nothing larger is sent.
    const requests = os.bulkRequests();
    const firstRefused = requests.findIndex((r) => r.status === 413);
    for (const request of requests.slice(firstRefused + 1)) expect(request.bytes).toBeLessThanOrEqual(64 * 1024);
  });

  it('learns the limit from a 413 when the settings cannot be read, and still keeps the document whole', async () => {
    os.forbid((_method, path) => path === '/_cluster/settings');
    os.maxContentLength(64 * 1024);
    const big = { index: 'logs', id: 'big', json: `{"m":"${'q'.repeat(200_000)}"}` };
    const result = await sinkFor(os, { FIREWATCH_BULK_MAX_BYTES: String(5 * 1024 * 1024) }).write([big], { deadline: soon() });
    expect(result).toEqual({ ok: true, stored: 0, deadLettered: 1 });
    expect(deadLettered().get('big')).toBe(big.json);
  });

  it('survives connections reset mid-request and mid-response without duplicates', async () => {
    os.resetConnections(2, 'request');
    expect(await sinkFor(os).write(docs(10), { deadline: soon() })).toEqual({ ok: true, stored: 10, deadLettered: 0 });
    os.resetConnections(1, 'response');
    expect(await sinkFor(os).write(docs(15), { deadline: soon() })).toEqual({ ok: true, stored: 15, deadLettered: 0 });
    expect(os.documents('logs-2026-11-25')).toHaveLength(15);
  });

  // No elapsed-time assertions here (they fail on a busy machine): each case checks what the sink did
  // instead, which differs from what it would have done had it waited for the slow answer.
  it('retries a request slower than the request timeout', async () => {
    os.delay(600_000, 1);
    // A timeout of 2 s: the stalled request reaches it, the prompt second one does not, however busy the machine.
    const result = await sinkFor(os, { FIREWATCH_OPENSEARCH_TIMEOUT_MS: '2000' }).write(docs(5), { deadline: soon() });
    expect(result).toEqual({ ok: true, stored: 5, deadLettered: 0 });
    // The slow first request was abandoned and sent again; waiting it out would have made one request.
    expect(os.bulkRequests()).toHaveLength(2);
  });

  it('gives up at the deadline when every answer is too slow', async () => {
    os.delay(600_000);
    const result = await sinkFor(os).write(docs(5), { deadline: soon(600) });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect([result.error.code, result.retryable]).toEqual(['SINK_UNAVAILABLE', true]);
    // Each attempt's timer is cut to what is left of the deadline (the request timeout is 30 s): a sink
    // that waited for the ten-minute answer would have stored the documents instead.
    const waited = /no answer within (\d+) ms/.exec(result.error.message)?.[1];
    expect(Number(waited)).toBeLessThanOrEqual(600);
  });

  it('stops when the caller aborts', async () => {
    os.delay(600_000);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    // The answer would take ten minutes and the deadline is a minute away: only the abort can make this write fail.
    const result = await sinkFor(os).write(docs(2), { deadline: soon(), signal: controller.signal });
    expect(result.ok ? 'ok' : result.error.message).toContain('aborted');
  });

  it('answers a whole-request 400 as not retryable and 403 as retryable, at once', async () => {
    os.failRequests({ count: 1, status: 400, body: '{"error":"bad","status":400}' });
    const refused = await sinkFor(os).write(docs(2), { deadline: soon() });
    expect(refused.ok ? 'ok' : [refused.error.code, refused.retryable]).toEqual(['SINK_REJECTED', false]);
    os.failRequests({ count: 1, status: 403, body: '{"message":"forbidden"}' });
    const forbidden = await sinkFor(os).write(docs(2), { deadline: soon() });
    expect(forbidden.ok ? 'ok' : [forbidden.error.code, forbidden.retryable]).toEqual(['SINK_REJECTED', true]);
    expect(os.bulkRequests()).toHaveLength(2);
  });

  it('signs requests with SigV4 for Amazon OpenSearch Service (es)', async () => {
    const sink = sinkFor(os, {
      FIREWATCH_OPENSEARCH_AUTH: 'sigv4',
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_SESSION_TOKEN: 'token-1',
    });
    expect((await sink.write(docs(2), { deadline: soon() })).ok).toBe(true);
    const headers = os.bulkRequests()[0]!.headers;
    expect(headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/es\/aws4_request, SignedHeaders=[^,]*host[^,]*x-amz-date[^,]*, Signature=[0-9a-f]{64}$/,
    );
    expect(headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
    expect(headers['x-amz-security-token']).toBe('token-1');
  });

  it('signs requests with SigV4 and the payload hash for OpenSearch Serverless (aoss)', async () => {
    const documents = docs(3);
    const sink = sinkFor(os, {
      FIREWATCH_OPENSEARCH_AUTH: 'sigv4',
      FIREWATCH_OPENSEARCH_SERVICE: 'aoss',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'secret',
    });
    expect((await sink.write(documents, { deadline: soon() })).ok).toBe(true);
    const headers = os.bulkRequests()[0]!.headers;
    expect(headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/aoss\/aws4_request, SignedHeaders=.*x-amz-content-sha256/,
    );
    expect(headers['x-amz-date']).toBeDefined();
    const body = bulkText(planBulk(documents, { action: 'create', maxBytes: 1 << 20 }).bodies[0]!);
    expect(headers['x-amz-content-sha256']).toBe(createHash('sha256').update(body).digest('hex'));
  });

  it('sends basic auth', async () => {
    const sink = sinkFor(os, { FIREWATCH_OPENSEARCH_AUTH: 'basic', OPENSEARCH_USERNAME: 'firewatch', OPENSEARCH_PASSWORD: 'pässword' });
    expect((await sink.write(docs(1), { deadline: soon() })).ok).toBe(true);
    expect(os.bulkRequests()[0]!.headers.authorization).toBe(`Basic ${Buffer.from('firewatch:pässword').toString('base64')}`);
  });

  it('answers GET / with cluster info (health checks)', async () => {
    const info = (await (await fetch(`${os.url}/`)).json()) as { version: { distribution: string } };
    expect(info.version.distribution).toBe('opensearch');
  });
});

describe('opensearch sink with OpenSearch down', () => {
  it('answers ok:false, retryable, by the deadline', async () => {
    const os = await startOpenSearchStandIn();
    // A virtual clock only the waits advance: each (real) refused connection has a timeout of at least 15 s
    // left, so a busy machine cannot turn the network error into a timeout.
    let clock = 0;
    const sleep = (ms: number) => {
      clock += ms;
      return Promise.resolve();
    };
    const sink = sinkFor(os, { FIREWATCH_SINK_RETRY_BASE_MS: '30000', FIREWATCH_SINK_RETRY_MAX_MS: '30000' }, { now: () => clock, sleep, random: () => 0.5 });
    await os.down();
    const result = await sink.write(docs(3), { deadline: 45_000 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect([result.error.code, result.retryable]).toEqual(['SINK_UNAVAILABLE', true]);
    // Attempts at 0, 15 and 30 s; the next wait would reach the deadline.
    expect(result.error.message).toMatch(/opensearch sink: gave up at the deadline after 3 attempts: network error/);
    expect(clock).toBe(30_000);
  });
});
