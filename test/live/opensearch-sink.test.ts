/**
 * The `_bulk` sink (core/sinks/opensearch.ts, core/opensearch/bulk.ts) against the real OpenSearch: the
 * shared sink harness, redelivery (409 per item, nothing twice), the `index` action, a real 413 from a
 * small `http.max_content_length`, real 429s from a tiny write pool under concurrent writers, and a real
 * mapping conflict dead-lettered with the engine's own words. Faults the engine cannot be made to produce
 * on demand (resets, stalls, proxies' answers) stay on the stand-in (test/core/sinks/opensearch.test.ts).
 */
import { afterAll, expect, it } from 'vitest';
import { monitorOpenSearch } from '../../core/endpoint/health.ts';
import { createOpenSearchSink, type OpenSearchSinkDeps } from '../../core/sinks/opensearch.ts';
import { readOpenSearchConfig } from '../../core/opensearch/config.ts';
import type { SinkDocument } from '../../core/sinks/sink.ts';
import { testSink } from '../support/sink-harness.ts';
import {
  countDocuments,
  deleteIndices,
  describeLive,
  freshIndexName,
  LIMITED_MAX_CONTENT_BYTES,
  liveLimitedOpenSearchUrl,
  liveOpenSearchUrl,
  openSearchJson,
  readDocuments,
} from '../support/live-opensearch.ts';

const FAST = { FIREWATCH_SINK_RETRY_BASE_MS: '10', FIREWATCH_SINK_RETRY_MAX_MS: '200' };
const soon = () => Date.now() + 100_000;

/** A bulk item as the engine answered it. */
interface Item {
  readonly status: number;
  readonly _id?: string;
  readonly result?: string;
  readonly error?: { type: string; reason: string; caused_by?: { type: string; reason: string } };
}

/** A fetch that keeps what the engine answered to each `_bulk` (status, body bytes sent, items). */
function recordingFetch() {
  const bulks: { status: number; bytes: number; items: Item[] }[] = [];
  const paths: string[] = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const path = new URL(request.url).pathname;
    paths.push(path);
    const bytes = path === '/_bulk' ? (await request.clone().arrayBuffer()).byteLength : 0;
    const response = await fetch(request, init);
    if (path === '/_bulk') {
      const text = await response.clone().text();
      let items: Item[] = [];
      try {
        items = (JSON.parse(text) as { items: Record<string, Item>[] }).items.map((item) => Object.values(item)[0]!);
      } catch {
        // 413 and the like answer no JSON
      }
      bulks.push({ status: response.status, bytes, items });
    }
    return response;
  };
  return { fetch: fetchImpl, bulks, paths };
}

const sinkFor = (url: string, env: Record<string, string> = {}, deps: OpenSearchSinkDeps = {}) =>
  createOpenSearchSink(readOpenSearchConfig({ OPENSEARCH_URL: url, ...FAST, ...env }), deps);

/** Documents shaped as the endpoint writes them: one per CloudWatch event, `_id` the 56-digit event id. */
function events(index: string, count: number, extra: Record<string, unknown> = {}): SinkDocument[] {
  return Array.from({ length: count }, (_, n) => ({
    index,
    id: `3${String(n).padStart(55, '0')}`,
    json: JSON.stringify({ '@timestamp': `2026-11-25T12:00:00.${String(n).padStart(6, '0')}Z`, message: `event ${n} ü 🔥`, n, ...extra }),
  }));
}

/** The raw `_source` of every document of `index`, as the engine returns it (byte-exact). */
async function rawSources(url: string, index: string): Promise<{ index: string; id: string; json: string }[]> {
  const ids = (await readDocuments(url, index)).map((d) => d.id);
  return Promise.all(
    ids.map(async (id) => {
      const response = await fetch(`${url}/${index}/_source/${encodeURIComponent(id)}`);
      return { index, id, json: await response.text() };
    }),
  );
}

describeLive('opensearch sink against the real engine', () => {
  const url = () => liveOpenSearchUrl();

  // The shared harness writes to harness-0 and harness-1; each test starts from none.
  testSink('opensearch (real engine)', async () => {
    await deleteIndices(url(), 'harness-*,deadletter-cloudwatch-logs');
    return {
      sink: sinkFor(url()),
      read: async () => [...(await rawSources(url(), 'harness-0').catch(() => [])), ...(await rawSources(url(), 'harness-1').catch(() => []))],
      cleanup: () => deleteIndices(url(), 'harness-*,deadletter-cloudwatch-logs'),
    };
  });

  const created: string[] = [];
  afterAll(async () => {
    for (const index of created) await deleteIndices(liveOpenSearchUrl(), index);
  });
  const fresh = (prefix: string) => {
    const index = freshIndexName(prefix);
    created.push(index, `deadletter-${index}`);
    return index;
  };

  it('stores one document per event, and a redelivered batch answers 409 per item and stores nothing twice', async () => {
    const index = fresh('sink-redeliver');
    const documents = events(index, 120);
    const recorder = recordingFetch();
    const sink = sinkFor(url(), { FIREWATCH_DEAD_LETTER_INDEX: `deadletter-${index}` }, { fetch: recorder.fetch });
    expect(await sink.write(documents, { deadline: soon() })).toEqual({ ok: true, stored: 120, deadLettered: 0 });
    expect(recorder.bulks.flatMap((b) => b.items.map((i) => i.status))).toEqual(Array(120).fill(201));

    recorder.bulks.length = 0;
    expect(await sink.write(documents, { deadline: soon() })).toEqual({ ok: true, stored: 120, deadLettered: 0 });
    const again = recorder.bulks.flatMap((b) => b.items);
    expect(again).toHaveLength(120);
    for (const item of again) {
      expect(item.status).toBe(409);
      expect(item.error?.type).toBe('version_conflict_engine_exception');
      expect(item.error?.reason).toMatch(/^\[\d{56}\]: version conflict, document already exists \(current version \[1\]\)$/);
    }
    expect(await countDocuments(url(), index)).toBe(120);
    const stored = await readDocuments(url(), index);
    expect(stored.map((d) => d.id)).toEqual(documents.map((d) => d.id));
    expect(stored.map((d) => d.source)).toEqual(documents.map((d) => JSON.parse(d.json)));
  });

  it('overwrites with FIREWATCH_BULK_ACTION=index (200 updated), keeping one document per id', async () => {
    const index = fresh('sink-index-action');
    const recorder = recordingFetch();
    const sink = sinkFor(url(), { FIREWATCH_BULK_ACTION: 'index', FIREWATCH_DEAD_LETTER_INDEX: `deadletter-${index}` }, { fetch: recorder.fetch });
    expect(await sink.write(events(index, 10), { deadline: soon() })).toEqual({ ok: true, stored: 10, deadLettered: 0 });
    recorder.bulks.length = 0;
    const changed = events(index, 10, { revised: true });
    expect(await sink.write(changed, { deadline: soon() })).toEqual({ ok: true, stored: 10, deadLettered: 0 });
    expect(recorder.bulks.flatMap((b) => b.items.map((i) => `${i.status} ${i.result}`))).toEqual(Array(10).fill('200 updated'));
    const stored = await readDocuments(url(), index);
    expect(stored).toHaveLength(10);
    expect(stored.every((d) => d.source['revised'] === true)).toBe(true);
  });

  it("dead-letters a mapping conflict with the engine's own error, storing the rest", async () => {
    const index = fresh('sink-conflict');
    await openSearchJson(url(), 'PUT', `/${index}`, { mappings: { properties: { thread_id: { type: 'long' } } } });
    const recorder = recordingFetch();
    const sink = sinkFor(url(), { FIREWATCH_DEAD_LETTER_INDEX: `deadletter-${index}` }, { fetch: recorder.fetch });
    const good = events(index, 3, { thread_id: 42 });
    const bad: SinkDocument = { index, id: 'bad-thread', json: '{"@timestamp":"2026-11-25T12:00:00Z","thread_id":"abc"}' };
    expect(await sink.write([...good, bad], { deadline: soon() })).toEqual({ ok: true, stored: 3, deadLettered: 1 });

    const refused = recorder.bulks[0]!.items.find((i) => i._id === 'bad-thread')!;
    expect(refused.status).toBe(400);
    expect(refused.error?.type).toBe('mapper_parsing_exception');
    expect(refused.error?.reason).toBe("failed to parse field [thread_id] of type [long] in document with id 'bad-thread'. Preview of field's value: 'abc'");
    expect(refused.error?.caused_by).toMatchObject({ type: 'illegal_argument_exception', reason: 'For input string: "abc"' });

    expect(await countDocuments(url(), index)).toBe(3);
    const [dead] = await readDocuments(url(), `deadletter-${index}`);
    expect(dead?.source).toMatchObject({
      index,
      id: 'bad-thread',
      document: bad.json,
      error: {
        type: 'mapper_parsing_exception',
        status: 400,
        reason: `${refused.error!.reason} (caused by illegal_argument_exception: For input string: "abc")`,
      },
    });
  });

  it("the servers' sink reads the engine's http.max_content_length first: its first write already fits, no 413", async () => {
    const limited = liveLimitedOpenSearchUrl();
    const index = freshIndexName('sink-limit-first');
    const recorder = recordingFetch();
    // The configured limit (5 MiB) is far above the cluster's; monitorOpenSearch is what every server front uses.
    const config = readOpenSearchConfig({
      OPENSEARCH_URL: limited,
      FIREWATCH_INDEX: index,
      FIREWATCH_DEAD_LETTER_INDEX: `deadletter-${index}`,
      FIREWATCH_BULK_MAX_BYTES: String(5 * 1024 * 1024),
      ...FAST,
    });
    const { sink } = monitorOpenSearch(config, { log: () => undefined, fetch: recorder.fetch });
    const documents = events(index, 200, { statement: 'SELECT '.padEnd(300, 'x') });
    try {
      expect(await sink.write(documents, { deadline: soon() })).toEqual({ ok: true, stored: 200, deadLettered: 0 });
      expect(recorder.paths[0]).toBe('/_cluster/settings');
      expect(recorder.bulks.length).toBeGreaterThan(1);
      for (const bulk of recorder.bulks) {
        expect(bulk.status).toBe(200);
        expect(bulk.bytes).toBeLessThanOrEqual(LIMITED_MAX_CONTENT_BYTES);
      }
      expect(await countDocuments(limited, index)).toBe(200);
    } finally {
      await deleteIndices(limited, `${index},deadletter-${index}`);
    }
  });

  it('splits a body the engine answers 413 (small http.max_content_length) until everything lands', async () => {
    const limited = liveLimitedOpenSearchUrl();
    const index = freshIndexName('sink-413');
    const recorder = recordingFetch();
    const sink = sinkFor(limited, { FIREWATCH_DEAD_LETTER_INDEX: `deadletter-${index}` }, { fetch: recorder.fetch });
    // ~400 bytes a document: 200 of them are ~80 KB, five times the limit.
    const documents = events(index, 200, { statement: 'SELECT '.padEnd(300, 'x') });
    try {
      expect(await sink.write(documents, { deadline: soon() })).toEqual({ ok: true, stored: 200, deadLettered: 0 });
      const first = recorder.bulks[0]!;
      expect(first.status).toBe(413);
      expect(first.bytes).toBeGreaterThan(LIMITED_MAX_CONTENT_BYTES);
      // Everything accepted was no larger than the limit, and the engine was asked what its limit is.
      for (const bulk of recorder.bulks.filter((b) => b.status === 200)) expect(bulk.bytes).toBeLessThanOrEqual(LIMITED_MAX_CONTENT_BYTES);
      expect(recorder.paths).toContain('/_cluster/settings');
      expect(await countDocuments(limited, index)).toBe(200);
      expect((await readDocuments(limited, index)).map((d) => d.id)).toEqual(documents.map((d) => d.id));
    } finally {
      await deleteIndices(limited, `${index},deadletter-${index}`);
    }
  });

  it('retries the items a tiny write pool rejects (429) while several writers push at once, losing nothing', async () => {
    const limited = liveLimitedOpenSearchUrl();
    const index = freshIndexName('sink-429');
    // Every _bulk request fans out to one write task per shard: with eight shards, one write thread and
    // a queue of one, most of a request's shard tasks are rejected the moment they are queued.
    await openSearchJson(limited, 'PUT', `/${index}`, { settings: { number_of_shards: 8, number_of_replicas: 0 } });
    const recorder = recordingFetch();
    const writers = 6;
    const perWriter = 60;
    try {
      const results = await Promise.all(
        Array.from({ length: writers }, (_, w) => {
          const documents = events(index, perWriter, { writer: w }).map((d) => ({ ...d, id: `${w}-${d.id}` }));
          // Small bodies (under the 16 KiB limit) so only the write pool pushes back.
          return sinkFor(limited, { FIREWATCH_DEAD_LETTER_INDEX: `deadletter-${index}`, FIREWATCH_BULK_MAX_BYTES: '8192' }, { fetch: recorder.fetch }).write(
            documents,
            { deadline: soon() },
          );
        }),
      );
      for (const result of results) expect(result).toEqual({ ok: true, stored: perWriter, deadLettered: 0 });
      const rejected = recorder.bulks.flatMap((b) => b.items).filter((i) => i.status === 429);
      expect(rejected.length).toBeGreaterThan(0);
      expect(rejected[0]!.error?.type).toBe('rejected_execution_exception');
      expect(await countDocuments(limited, index)).toBe(writers * perWriter);
      const ids = (await readDocuments(limited, index)).map((d) => d.id);
      expect(new Set(ids).size).toBe(writers * perWriter);
    } finally {
      await deleteIndices(limited, `${index},deadletter-${index}`);
    }
  });
});
