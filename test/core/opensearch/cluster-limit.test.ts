import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { monitorOpenSearch } from '../../../core/endpoint/health.ts';
import { clusterLimitOf, readMaxContentLength } from '../../../core/opensearch/cluster-limit.ts';
import { readOpenSearchConfig } from '../../../core/opensearch/config.ts';
import type { SinkDocument } from '../../../core/sinks/sink.ts';
import { type OpenSearchStandIn, startOpenSearchStandIn } from '../../support/opensearch-standin.ts';

const none = { type: 'none' } as const;

/** `count` documents of ~`bytes` each in index `logs`. */
const documentsOf = (count: number, bytes: number): SinkDocument[] =>
  Array.from({ length: count }, (_, i) => ({ index: 'logs', id: `d${i}`, json: JSON.stringify({ message: 'x'.repeat(bytes), n: i }) }));

describe('readMaxContentLength', () => {
  let os: OpenSearchStandIn;
  beforeAll(async () => {
    os = await startOpenSearchStandIn();
  });
  beforeEach(() => os.reset());
  afterAll(() => os.close());

  it("reads the cluster's http.max_content_length, asking for that one setting", async () => {
    expect(await readMaxContentLength({ url: os.url, auth: none }, { timeoutMs: 4000 })).toBe(100 * 1024 * 1024);
    os.maxContentLength(16 * 1024);
    expect(await readMaxContentLength({ url: os.url, auth: none }, { timeoutMs: 4000 })).toBe(16 * 1024);
    expect(os.requests.map((r) => r.url)).toEqual(Array(2).fill('/_cluster/settings?include_defaults=true&filter_path=**.http.max_content_length'));
  });

  it("clusterLimitOf gives a sink the same read, with the probe's timeout unless told", async () => {
    os.maxContentLength(32 * 1024);
    expect(await clusterLimitOf({ url: os.url, auth: none })()).toBe(32 * 1024);
    expect(await clusterLimitOf({ url: 'http://127.0.0.1:1', auth: none }, { timeoutMs: 500 })()).toBeUndefined();
  });

  it('is unknown, never an error, when the call is refused, not found, or the cluster cannot be reached', async () => {
    os.forbid((_method, path) => path === '/_cluster/settings');
    expect(await readMaxContentLength({ url: os.url, auth: none }, { timeoutMs: 4000 })).toBeUndefined();
    const notFound = () => Promise.resolve(new Response('{"error":"no handler"}', { status: 404 }));
    expect(await readMaxContentLength({ url: os.url, auth: none }, { timeoutMs: 4000, fetch: notFound })).toBeUndefined();
    expect(await readMaxContentLength({ url: 'http://127.0.0.1:1', auth: none }, { timeoutMs: 4000 })).toBeUndefined();
  });
});

describe("the servers' OpenSearch sink and the cluster's body limit", () => {
  let os: OpenSearchStandIn;
  beforeAll(async () => {
    os = await startOpenSearchStandIn();
  });
  beforeEach(() => os.reset());
  afterAll(() => os.close());

  const monitored = (lines: string[]) =>
    // The configured limit (5 MiB) is far above the cluster's.
    monitorOpenSearch(
      readOpenSearchConfig({
        OPENSEARCH_URL: os.url,
        FIREWATCH_BULK_MAX_BYTES: String(5 * 1024 * 1024),
        FIREWATCH_SINK_RETRY_BASE_MS: '1',
        FIREWATCH_SINK_RETRY_MAX_MS: '2',
      }),
      { log: (line) => lines.push(line) },
    );

  it('reads the limit before the first write, so the first write already fits: no 413', async () => {
    os.maxContentLength(16 * 1024);
    const { sink } = monitored([]);
    const documents = documentsOf(40, 1000);
    expect(await sink.write(documents, { deadline: Date.now() + 30_000 })).toEqual({ ok: true, stored: 40, deadLettered: 0 });
    expect(os.requests[0]!.path).toBe('/_cluster/settings');
    const bulks = os.bulkRequests();
    expect(bulks.length).toBeGreaterThan(2);
    expect(bulks.map((r) => r.status)).toEqual(bulks.map(() => 200));
    expect(Math.max(...bulks.map((r) => r.bytes))).toBeLessThanOrEqual(16 * 1024);
    // Once: the next write asks nothing more.
    expect(await sink.write(documentsOf(2, 10), { deadline: Date.now() + 30_000 })).toMatchObject({ ok: true });
    expect(os.requests.filter((r) => r.path === '/_cluster/settings')).toHaveLength(1);
  });

  it('keeps the configured limit and learns from 413s where the settings call is refused, and the health stays ok', async () => {
    os.maxContentLength(16 * 1024);
    os.forbid((_method, path) => path === '/_cluster/settings');
    const lines: string[] = [];
    const { sink, health } = monitored(lines);
    expect(await sink.write(documentsOf(40, 1000), { deadline: Date.now() + 30_000 })).toEqual({ ok: true, stored: 40, deadLettered: 0 });
    expect(os.bulkRequests().some((r) => r.status === 413)).toBe(true);
    expect(os.documents('logs')).toHaveLength(40);
    expect(health.report()).toMatchObject({ status: 'ok' });
    expect(lines).toEqual([]);
  });
});
