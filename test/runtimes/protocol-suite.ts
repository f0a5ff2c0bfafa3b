/**
 * One suite of Firehose HTTP endpoint protocol checks (DESIGN §4), run unchanged against every runtime:
 * Node, Deno, Bun, workerd and the Lambda adapter. Each runtime file starts its runtime once with
 * {@link protocolEnv} (documents go to a `_bulk` stand-in) and calls {@link describeProtocol} with a
 * way to send requests: real HTTP for servers, an event translation for Lambda. test/live/ runs the same
 * suite with the documents going to the real OpenSearch.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildSampleEnvelopes, buildSampleHttpRequest } from '../../core/samples/events.ts';
import type { OpenSearchStandIn } from '../support/opensearch-standin.ts';

/** Sends `init` to `path` (`/`, `/health`, ...) on the runtime under test. */
export type SendRequest = (path: string, init?: RequestInit) => Promise<Response>;

/** Where the endpoint's documents went, as the suite reads them back. */
export interface DocumentStore {
  /** The documents of one index (`[]` when it does not exist), each with its `_id` and source JSON. */
  documents(index: string): Promise<readonly { readonly id: string; readonly json: string }[]>;
}

/** The `_bulk` stand-in as a {@link DocumentStore}. */
export function standInStore(standIn: OpenSearchStandIn): DocumentStore {
  return { documents: (index) => Promise.resolve(standIn.documents(index)) };
}

/** What {@link describeProtocol} needs, available once the runtime started (in `beforeAll`). */
export interface ProtocolTarget {
  readonly send: SendRequest;
  readonly store: DocumentStore;
  /** The `FIREWATCH_INDEX` given to {@link protocolEnv}; default `rds`. */
  readonly index?: string;
}

/** Accepted keys (two, as while rotating). */
export const ACCESS_KEYS = ['key-2026-11', 'key-2026-10'] as const;
const INDEX = 'rds';
/** SAMPLE_START_MS is 2026-11-25; rotation is daily. */
const dailyIndex = (target: ProtocolTarget) => `${target.index ?? INDEX}-2026-11-25`;

/**
 * The same variables for every runtime: access keys, OpenSearch at the stand-in, quick sink retries.
 *
 * @example
 * ```ts
 * spawn(deno, ["serve", ...], { env: { ...process.env, ...protocolEnv(standIn.url) } });
 * ```
 */
export function protocolEnv(openSearchUrl: string, index = INDEX): Record<string, string> {
  return {
    FIREWATCH_ACCESS_KEYS: ACCESS_KEYS.join(','),
    FIREWATCH_INDEX: index,
    OPENSEARCH_URL: openSearchUrl,
    FIREWATCH_SINK_RETRY_BASE_MS: '5',
    FIREWATCH_SINK_RETRY_MAX_MS: '20',
    FIREWATCH_WRITE_TIMEOUT_MS: '10000',
  };
}

const sample = buildSampleHttpRequest({ format: 'mixed', records: 10, events: 5, seed: 3 });
const sampleIds = eventIds(3);
/** A different delivery, sent with a wrong key: none of its events may be stored. */
const refused = { ...buildSampleHttpRequest({ format: 'mixed', records: 10, events: 5, seed: 4 }), requestId: 'wrong-key-1' };

/** The CloudWatch event ids of the sample with this seed, sorted. */
function eventIds(seed: number): string[] {
  return buildSampleEnvelopes({ format: 'mixed', records: 10, events: 5, seed })
    .flatMap((e) => (e.messageType === 'DATA_MESSAGE' ? e.logEvents.map((ev) => ev.id) : []))
    .sort();
}

function deliveryHeaders(requestId: string, accessKey: string = ACCESS_KEYS[1]): Record<string, string> {
  return {
    'content-type': 'application/json',
    'x-amz-firehose-protocol-version': '1.0',
    'x-amz-firehose-request-id': requestId,
    'x-amz-firehose-source-arn': 'arn:aws:firehose:us-east-1:123456789012:deliverystream/firewatch-rds',
    'x-amz-firehose-access-key': accessKey,
  };
}

/** Reads a protocol answer and checks its shape: JSON, no Content-Encoding, the request id echoed. */
async function protocolAnswer(response: Response, requestId: string): Promise<{ requestId: string; timestamp: number; errorMessage?: string }> {
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  expect(response.headers.get('content-encoding')).toBeNull();
  const body = (await response.json()) as { requestId: string; timestamp: number; errorMessage?: string };
  expect(body.requestId).toBe(requestId);
  expect(Number.isSafeInteger(body.timestamp)).toBe(true);
  expect(Math.abs(body.timestamp - Date.now())).toBeLessThan(60_000);
  return body;
}

/**
 * Registers the protocol checks for one runtime. `target()` is called inside each test, so the runtime
 * may be started in the caller's `beforeAll`.
 *
 * @example
 * ```ts
 * describeProtocol('deno', () => ({ send: (path, init) => fetch(`${url}${path}`, init), store: standInStore(standIn) }));
 * ```
 */
export function describeProtocol(runtime: string, target: () => ProtocolTarget): void {
  describe(`Firehose HTTP endpoint protocol on ${runtime}`, () => {
    it('stores one document per log event of a delivery, ids the CloudWatch event ids, and answers 200 echoing the request id', async () => {
      const { send, store } = target();
      const response = await send('/', { method: 'POST', headers: deliveryHeaders(sample.requestId), body: JSON.stringify(sample) });
      const body = await protocolAnswer(response, sample.requestId);
      expect({ status: response.status, errorMessage: body.errorMessage }).toEqual({ status: 200, errorMessage: undefined });
      const stored = await store.documents(dailyIndex(target()));
      expect(stored.map((d) => d.id).sort()).toEqual(sampleIds);
      const first = JSON.parse(stored[0]!.json) as { firehose?: { request_id?: string } };
      expect(first.firehose?.request_id).toBe(sample.requestId);
    });

    it('adds no duplicates when the delivery is repeated, gzip-encoded as Firehose sends it when GZIP is configured', async () => {
      const { send, store } = target();
      const gzipped = gzipSync(JSON.stringify(sample));
      const response = await send('/', {
        method: 'POST',
        headers: { ...deliveryHeaders(sample.requestId, ACCESS_KEYS[0]), 'content-encoding': 'gzip' },
        body: gzipped,
      });
      await protocolAnswer(response, sample.requestId);
      expect(response.status).toBe(200);
      // Every event of the sample is dated the same day: this index holds them all, each once.
      expect((await store.documents(dailyIndex(target()))).map((d) => d.id).sort()).toEqual(sampleIds);
    });

    it("keeps an escaped JSON key as written, after a line that poisons V8's key cache (Deno, workerd)", async () => {
      const { send, store } = target();
      // Plain JSON.parse reads the second key as `\` once the first line was parsed (core/json-text.ts).
      const messages = ['{"h":[],"\\\\":0}', '{"h":1,"\\"":2}'];
      const time = Date.UTC(2026, 10, 24, 8, 0);
      const envelope = {
        messageType: 'DATA_MESSAGE',
        owner: '123456789012',
        logGroup: '/ecs/checkout-api',
        logStream: 'web/1',
        subscriptionFilters: ['firewatch'],
        logEvents: messages.map((message, i) => ({ id: `3925831063850600000000000000000000000000000000000${i}`, timestamp: time, message })),
      };
      const request = { requestId: 'escaped-key-1', timestamp: time, records: [{ data: gzipSync(JSON.stringify(envelope)).toString('base64') }] };
      const response = await send('/', { method: 'POST', headers: deliveryHeaders(request.requestId), body: JSON.stringify(request) });
      expect(response.status).toBe(200);
      const stored = await store.documents(`${target().index ?? INDEX}-2026-11-24`);
      const second = stored.find((d) => d.id.endsWith('1'));
      expect(second && (JSON.parse(second.json) as Record<string, unknown>)['"']).toBe(2);
      expect(second?.json).not.toContain('"\\\\":2');
    });

    it('answers 401 to a wrong access key, echoing the request id, and stores nothing', async () => {
      const { send, store } = target();
      const response = await send('/', { method: 'POST', headers: deliveryHeaders(refused.requestId, 'not-a-key'), body: JSON.stringify(refused) });
      const body = await protocolAnswer(response, refused.requestId);
      expect(response.status).toBe(401);
      expect(body.errorMessage).toBe('X-Amz-Firehose-Access-Key is not accepted');
      const refusedIds = new Set(eventIds(4));
      expect(refusedIds.size).toBeGreaterThan(0);
      expect((await store.documents(dailyIndex(target()))).filter((d) => refusedIds.has(d.id))).toEqual([]);
    });

    it('answers 400 to a POST without the Firehose headers (a load balancer health check), not a crash', async () => {
      const { send } = target();
      const response = await send('/', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      const body = await protocolAnswer(response, '');
      expect(response.status).toBe(400);
      expect(body.errorMessage).toMatch(/X-Amz-Firehose-Protocol-Version is missing/);
    });

    it('answers GET /health with 200 naming the sink', async () => {
      const { send } = target();
      const response = await send('/health');
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok', sink: 'opensearch' });
    });

    it('answers an unknown path with a JSON 404', async () => {
      const { send } = target();
      const response = await send('/no/such/path');
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ error: 'no such path: /no/such/path' });
    });
  });
}

/**
 * Polls `GET /health` until it answers (a spawned runtime is starting), or throws with `describe()`
 * (the runtime's output so far) after `timeoutMs`.
 */
export async function waitForHealth(baseUrl: string, describe: () => string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(`${baseUrl}/health`);
      await response.body?.cancel();
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > until) throw new Error(`${baseUrl} did not answer GET /health within ${timeoutMs} ms:\n${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
