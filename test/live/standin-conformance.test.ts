/**
 * The real OpenSearch is the reference the stand-in (test/support/opensearch-standin.ts) is held
 * against: each probe sends the same requests to both and expects the same answers, after dropping what
 * legitimately differs per run (`took`, versions, sequence numbers, shard counts, uuids). A probe failing
 * here means the stand-in has drifted from the engine: fix the stand-in, not the probe. The stand-in stays
 * for what the engine cannot be made to do on demand (resets, stalls, 401/403, injected faults, ISM).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { indexTemplate } from '../../core/opensearch/index-template.ts';
import { type OpenSearchStandIn, startOpenSearchStandIn } from '../support/opensearch-standin.ts';
import {
  deleteIndices,
  describeLive,
  freshIndexName,
  LIMITED_MAX_CONTENT_BYTES,
  liveLimitedOpenSearchUrl,
  liveOpenSearchUrl,
} from '../support/live-opensearch.ts';

/** One HTTP answer, as compared. */
interface Observed {
  readonly status: number;
  readonly body: unknown;
}

async function send(url: string, method: string, path: string, body?: string, contentType = 'application/json'): Promise<Observed> {
  const init: RequestInit = { method, headers: { 'content-type': contentType, accept: 'application/json' } };
  if (body !== undefined) init.body = body;
  const response = await fetch(`${url}${path}`, init);
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: compared as text
  }
  return { status: response.status, body: normalize(parsed) };
}

/** Drops what differs between any two runs of the same engine. */
function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (['took', '_version', '_seq_no', '_primary_term', '_shards', 'index_uuid', 'shard'].includes(key)) continue;
    out[key] = normalize(member);
  }
  return out;
}

const ndjson = (...lines: unknown[]) => lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n';
const bulk = (url: string, text: string) => send(url, 'POST', '/_bulk', text, 'application/x-ndjson');

describeLive('the stand-in answers as the real OpenSearch does', () => {
  let standIn: OpenSearchStandIn;
  beforeAll(async () => {
    standIn = await startOpenSearchStandIn({ maxContentLength: LIMITED_MAX_CONTENT_BYTES });
  });
  afterAll(() => standIn.close());

  /** Runs `probe` against the engine and the stand-in with the same fresh index name, and compares. */
  async function same(probe: (url: string, index: string) => Promise<unknown>, engineUrl = liveOpenSearchUrl()): Promise<unknown> {
    const index = freshIndexName('conformance');
    try {
      const engine = await probe(engineUrl, index);
      const stand = await probe(standIn.url, index);
      expect(stand).toEqual(engine);
      return engine;
    } finally {
      await deleteIndices(engineUrl, `${index}*`);
      await fetch(`${engineUrl}/_index_template/${index}`, { method: 'DELETE' });
    }
  }

  it('_bulk create: 201 created, then 409 version_conflict_engine_exception per item', async () => {
    const observed = await same(async (url, index) => {
      const text = ndjson({ create: { _index: index, _id: 'a' } }, { n: 1 }, { create: { _index: index, _id: 'b' } }, { n: 2 });
      return [await bulk(url, text), await bulk(url, text)];
    });
    expect(JSON.stringify(observed)).toContain('version_conflict_engine_exception');
  });

  it('_bulk index: 201 created, then 200 updated', () =>
    same(async (url, index) => {
      const text = ndjson({ index: { _index: index, _id: 'a' } }, { n: 1 });
      return [await bulk(url, text), await bulk(url, text)];
    }));

  it('_bulk request errors: no final newline, a malformed action line, an _id over 512 bytes, a source that is not an object', () =>
    same(async (url, index) => [
      await bulk(url, `${JSON.stringify({ create: { _index: index, _id: 'a' } })}\n{"n":1}`),
      await bulk(url, ndjson('{"create":{"_index":', '{"n":1}')),
      await bulk(url, ndjson({ create: { _index: index, _id: 'x'.repeat(513) } }, { n: 1 })),
      await bulk(url, ndjson({ create: { _index: index, _id: 'a' } }, '"just a string"')),
    ]));

  it('413 for a body over http.max_content_length', () =>
    same((url, index) => {
      const lines: unknown[] = [];
      for (let n = 0; n < 100; n++) lines.push({ create: { _index: index, _id: String(n) } }, { m: 'x'.repeat(300) });
      return bulk(url, ndjson(...lines));
    }, liveLimitedOpenSearchUrl()));

  it('_cluster/settings names the node http.max_content_length under defaults (set, and by default)', async () => {
    const limit = async (url: string) => {
      const answer = await send(url, 'GET', '/_cluster/settings?include_defaults=true&flat_settings=true');
      const defaults = (answer.body as { defaults: Record<string, unknown> }).defaults;
      return { status: answer.status, max: defaults['http.max_content_length'] };
    };
    expect(await same(limit, liveLimitedOpenSearchUrl())).toEqual({ status: 200, max: `${LIMITED_MAX_CONTENT_BYTES}b` });
    const fresh = await startOpenSearchStandIn();
    try {
      expect(await limit(fresh.url)).toEqual(await limit(liveOpenSearchUrl()));
    } finally {
      await fresh.close();
    }
  });

  it('index templates: PUT acknowledged, GET in the stored form, 404 when missing', () =>
    same(async (url, index) => [
      await send(url, 'GET', `/_index_template/${index}`),
      await send(url, 'PUT', `/_index_template/${index}`, JSON.stringify({ ...indexTemplate({ index }), priority: 7 })),
      await send(url, 'GET', `/_index_template/${index}`),
    ]));

  it('date_nanos under the template: which @timestamp values are taken and which refused', () =>
    same(async (url, index) => {
      await send(url, 'PUT', `/_index_template/${index}`, JSON.stringify({ ...indexTemplate({ index }), priority: 7 }));
      const values = [
        '2026-11-25T12:00:00.123456789Z',
        '2026-11-25T12:00:00.123456Z',
        '2026-11-25T12:00:00Z',
        '2026-11-25T12:00:00+01:00',
        '2026-11-25',
        '2026-11-25T12:00:00.123456',
        '2026-11-25 12:00:00',
        1764072000000,
        '1764072000000',
        '2262-04-11T23:47:16.854775807Z',
        '1970-01-01T00:00:00Z',
      ];
      return bulk(url, ndjson(...values.flatMap((value, n) => [{ create: { _index: `${index}-2026-11-25`, _id: String(n) } }, { '@timestamp': value }])));
    }));

  it("mapping refusals after setup's template: the engine's types and reasons, word for word", () =>
    same(async (url, index) => {
      await send(url, 'PUT', `/_index_template/${index}`, JSON.stringify({ ...indexTemplate({ index }), priority: 7 }));
      const day = `${index}-2026-11-25`;
      const docs: [string, string][] = [
        ['ok', '{"@timestamp":"2026-11-25T12:00:00.123456Z","thread_id":42,"command":"Init DB","argument":"shop"}'],
        ['bad-thread', '{"@timestamp":"2026-11-25T12:00:00.123456Z","thread_id":"abc"}'],
        ['bad-time', '{"@timestamp":"25/Nov/2026"}'],
        ['before-1970', '{"@timestamp":"1969-12-31T23:59:59Z"}'],
        ['after-2262', '{"@timestamp":"2262-04-12T00:00:00Z"}'],
        ['object-user', '{"@timestamp":"2026-11-25T12:00:00Z","user":{"id":7}}'],
        ['value-for-object', '{"@timestamp":"2026-11-25T12:00:00Z","cloudwatch":"x"}'],
        ['meta-field', '{"@timestamp":"2026-11-25T12:00:00Z","_id":"x"}'],
        ['bad-boolean', '{"@timestamp":"2026-11-25T12:00:00Z","access_denied":"maybe"}'],
        ['bad-double', '{"@timestamp":"2026-11-25T12:00:00Z","query_time":"slow"}'],
      ];
      return bulk(url, ndjson(...docs.flatMap(([id, json]) => [{ create: { _index: day, _id: id } }, json])));
    }));
});
