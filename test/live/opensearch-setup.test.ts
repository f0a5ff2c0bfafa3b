/**
 * `firewatch opensearch setup` (core/opensearch/setup.ts, scripts/cli/opensearch.ts) against the real
 * OpenSearch, and then the point of it: documents of every parser, from every path that writes them
 * (the sink via the HTTP endpoint's shaper, the endpoint itself, the transformation Lambda's planner), get
 * the templates' types, checked with `_mapping` and real queries; documents that do not fit are refused by
 * the engine and dead-lettered with its own words.
 *
 * The engine has no ISM plugin (index-management is not published on Maven Central), so these runs use
 * `NoRotation`, where setup skips the retention policy; ISM stays on the stand-in
 * (test/core/opensearch/setup.test.ts), and one test shows what setup says on a cluster without ISM.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBase64 } from '../../core/bytes/base64.ts';
import { decodeUtf8 } from '../../core/bytes/utf8.ts';
import { DocumentShaper } from '../../core/endpoint/documents.ts';
import { planTransformation } from '../../core/firehose/transform.ts';
import { indexName } from '../../core/opensearch/index-name.ts';
import { indexTemplate, indexTemplateName } from '../../core/opensearch/index-template.ts';
import { setupOpenSearch } from '../../core/opensearch/setup.ts';
import { createRegexParser } from '../../core/parsers/regex.ts';
import { builtinParsers } from '../../core/parsers/registry.ts';
import { buildSampleEnvelopes, buildSampleEvent, buildSampleHttpRequest } from '../../core/samples/events.ts';
import { sampleFormats } from '../../core/samples/log-lines.ts';
import { buildEnvelope, encodeRecord } from '../../core/samples/records.ts';
import { createOpenSearchSink } from '../../core/sinks/opensearch.ts';
import { readOpenSearchConfig } from '../../core/opensearch/config.ts';
import type { SinkDocument } from '../../core/sinks/sink.ts';
import { sendRecords } from '../../scripts/cli/send.ts';
import { startServer } from '../../scripts/cli/serve.ts';
import { REPO_ROOT } from '../opensearch/engine.ts';
import { countDocuments, deleteIndices, describeLive, freshIndexName, liveOpenSearchUrl, openSearchJson, readDocuments } from '../support/live-opensearch.ts';

const BIN = join(REPO_ROOT, 'scripts', 'firewatch.mjs');
const FAST = { FIREWATCH_SINK_RETRY_BASE_MS: '10', FIREWATCH_SINK_RETRY_MAX_MS: '200' };
const soon = () => Date.now() + 100_000;

function runCli(args: readonly string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(OPENSEARCH_|FIREWATCH_|AWS_)/.test(k)));
    const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...clean, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const lines = (text: string) => text.split('\n').filter((l) => l !== '');

/** Removes an index base's templates and indices. */
async function dropBase(url: string, index: string): Promise<void> {
  await deleteIndices(url, `${index},${index}-*,deadletter-${index}`);
  for (const name of [indexTemplateName(index), indexTemplateName(`deadletter-${index}`)]) await fetch(`${url}/_index_template/${name}`, { method: 'DELETE' });
}

describeLive('firewatch opensearch setup against the real engine', () => {
  const bases: string[] = [];
  afterAll(async () => {
    for (const base of bases) await dropBase(liveOpenSearchUrl(), base);
  });
  const freshBase = (prefix: string) => {
    const base = freshIndexName(prefix);
    bases.push(base);
    return base;
  };

  it('creates the templates, then reports unchanged, then updates a template changed on the cluster', async () => {
    const url = liveOpenSearchUrl();
    const index = freshBase('setup-cli');
    const env = { OPENSEARCH_URL: url, FIREWATCH_INDEX_ROTATION: 'NoRotation' };
    const first = await runCli(['opensearch', 'setup', '--index', index], env);
    expect([first.code, first.stderr]).toEqual([0, '']);
    expect(lines(first.stdout)).toEqual([
      `firewatch opensearch setup: index template firewatch-${index}: created`,
      `firewatch opensearch setup: index template firewatch-deadletter-${index}: created`,
      expect.stringMatching(
        new RegExp(`^firewatch opensearch setup: ISM policy firewatch-${index}-retention: skipped \\(FIREWATCH_INDEX_ROTATION is NoRotation`),
      ),
      `firewatch opensearch setup: ${url}: 2 created, 1 skipped`,
    ]);

    // The engine stores what setup sent in its own form; setup must still see it as unchanged.
    const second = await runCli(['opensearch', 'setup', '--index', index], env);
    expect([second.code, second.stderr]).toEqual([0, '']);
    expect(lines(second.stdout).at(-1)).toBe(`firewatch opensearch setup: ${url}: 2 unchanged, 1 skipped`);

    // Someone changes the main template on the cluster (drops a field's mapping): setup puts it back.
    const changed = structuredClone(indexTemplate({ index })) as unknown as { template: { mappings: { properties: Record<string, unknown> } } };
    delete changed.template.mappings.properties['thread_id'];
    await openSearchJson(url, 'PUT', `/_index_template/firewatch-${index}`, changed);
    const third = await runCli(['opensearch', 'setup', '--index', index], env);
    expect([third.code, third.stderr]).toEqual([0, '']);
    expect(lines(third.stdout)).toEqual([
      `firewatch opensearch setup: index template firewatch-${index}: updated`,
      `firewatch opensearch setup: index template firewatch-deadletter-${index}: unchanged`,
      expect.stringContaining('skipped'),
      `firewatch opensearch setup: ${url}: 1 updated, 1 unchanged, 1 skipped`,
    ]);
    const stored = await openSearchJson<{ index_templates: { index_template: { template: { mappings: { properties: Record<string, unknown> } } } }[] }>(
      url,
      'GET',
      `/_index_template/firewatch-${index}`,
    );
    expect(stored.index_templates[0]!.index_template.template.mappings.properties['thread_id']).toEqual({ type: 'long' });

    // A new priority is a change too (both templates).
    const fourth = await runCli(['opensearch', 'setup', '--index', index, '--priority', '150'], env);
    expect(lines(fourth.stdout).at(-1)).toBe(`firewatch opensearch setup: ${url}: 2 updated, 1 skipped`);
  });

  it('with rotation, on a cluster without ISM: creates the templates, then fails naming the missing plugin', async () => {
    const url = liveOpenSearchUrl();
    const index = freshBase('setup-no-ism');
    const result = await setupOpenSearch({ url, auth: { type: 'none' }, requestTimeoutMs: 30_000 }, { index, rotation: 'OneDay' });
    expect(result.ok).toBe(false);
    expect(result.items.map((i) => `${i.name} ${i.status}`)).toEqual([`firewatch-${index} created`, `firewatch-deadletter-${index} created`]);
    if (result.ok) return;
    expect(result.error.code).toBe('SINK_REJECTED');
    expect(result.error.detail).toBe(
      `opensearch setup: ISM policy firewatch-${index}-retention: GET ${url}/_plugins/_ism/policies/firewatch-${index}-retention answered 400 (no handler found for uri [/_plugins/_ism/policies/firewatch-${index}-retention] and method [GET]): this cluster has no Index State Management plugin at _plugins/_ism (OpenSearch 1.0 or later, or Amazon OpenSearch Service, has it)`,
    );
  });

  describeDocuments(freshBase);
});

/** Documents of every parser after setup, on one index base set up once. */
function describeDocuments(freshBase: (prefix: string) => string): void {
  describe('documents after setup', () => documentTests(freshBase));
}

function documentTests(freshBase: (prefix: string) => string): void {
  let index: string;
  const day = () => `${index}-2026-11-25`;
  const url = () => liveOpenSearchUrl();
  const sink = () => createOpenSearchSink(readOpenSearchConfig({ OPENSEARCH_URL: url(), FIREWATCH_INDEX: index, ...FAST }));
  const search = (target: string, body: unknown) =>
    openSearchJson<{ hits: { total: { value: number }; hits: { _id: string; _source: Record<string, unknown>; fields?: Record<string, unknown[]> }[] } }>(
      url(),
      'POST',
      `/${target}/_search`,
      body,
    );

  beforeAll(async () => {
    index = freshBase('setup-docs');
    const setup = await setupOpenSearch({ url: url(), auth: { type: 'none' }, requestTimeoutMs: 30_000 }, { index, rotation: 'NoRotation' });
    expect(setup.ok).toBe(true);
  });

  it("stores every parser's documents over several days with the template's types, and real queries find them", async () => {
    const documents: SinkDocument[] = [];
    const regex = createRegexParser('^(?<level>[A-Z]+) (?<thread_id>\\d+) (?<text>.*)$');
    if (!regex.ok) throw regex.error;
    const shaper = new DocumentShaper(
      {
        index,
        indexRotation: 'OneDay',
        parserOverrides: [
          { pattern: '/custom/regex', parser: regex.value },
          { pattern: '/custom/json', parser: 'json' },
          { pattern: '/custom/text', parser: 'text' },
        ],
        keepMessage: true,
      },
      ',"firehose":{"request_id":"r-1","source_arn":"arn:aws:firehose:us-east-1:123456789012:deliverystream/x","common_attributes":{"env":"prod","team":"db"}}',
    );
    for (const [f, format] of sampleFormats.entries()) {
      for (const start of [0, 86_400_000]) {
        // Sample event ids derive from the time and position only, so formats would share them, which real
        // CloudWatch events never do: the format and the day go into the id.
        const envelopes = buildSampleEnvelopes({ format, records: 4, events: 25, seed: 3 }).map((e) => ({
          ...e,
          logEvents: e.logEvents.map((ev) => ({ ...ev, id: `${f}${start === 0 ? 0 : 1}${ev.id.slice(2)}`, timestamp: ev.timestamp + start })),
        }));
        shaper.appendEnvelopes(documents, envelopes, `${format}-${start}`);
      }
    }
    const at = Date.UTC(2026, 10, 25, 11, 41);
    // The parsers no RDS group picks (json, text, a regex override; auto already took the json sample),
    // and three general-log statements one microsecond apart within one millisecond.
    shaper.appendEnvelopes(documents, [
      buildEnvelope({ lines: ['{"route":"/cart","status":200,"latency":1.5}'], logGroup: '/custom/json', startTime: at, idSeed: 11 }),
    ], 'json');
    shaper.appendEnvelopes(documents, [buildEnvelope({ lines: ['plain words from an app'], logGroup: '/custom/text', startTime: at, idSeed: 12 })], 'text');
    shaper.appendEnvelopes(documents, [buildEnvelope({ lines: ['WARN 77 disk almost full'], logGroup: '/custom/regex', startTime: at, idSeed: 13 })], 'regex');
    const micro = ['2026-11-25T11:41:00.123455Z', '2026-11-25T11:41:00.123456Z', '2026-11-25T11:41:00.123457Z'].map((t, i) =>
      `${t}\t   42 Query\tSELECT ${i} FROM micro_probe`
    );
    shaper.appendEnvelopes(documents, [buildEnvelope({ lines: micro, startTime: at, idSeed: 14 })], 'micro');

    const parsers = new Set(documents.map((d) => (JSON.parse(d.json) as { parser: string }).parser));
    for (const parser of [...Object.keys(builtinParsers), 'regex']) expect(parsers).toContain(parser);

    expect(await sink().write(documents, { deadline: soon() })).toEqual({ ok: true, stored: documents.length, deadLettered: 0 });
    const indices = [...new Set(documents.map((d) => d.index))].sort();
    expect(indices).toEqual([`${index}-2026-11-25`, `${index}-2026-11-26`]);
    let total = 0;
    for (const name of indices) total += await countDocuments(url(), name);
    expect(total).toBe(documents.length);

    const mapping = await openSearchJson<Record<string, { mappings: { properties: Record<string, unknown> } }>>(url(), 'GET', `/${day()}/_mapping`);
    const properties = mapping[day()]!.mappings.properties;
    expect(properties).toMatchObject({
      '@timestamp': { type: 'date_nanos', format: 'strict_date_optional_time_nanos' },
      thread_id: { type: 'long' },
      command: { type: 'keyword' },
      statement: { type: 'text', fields: { keyword: { type: 'keyword', ignore_above: 8191 } } },
      argument: { type: 'text', fields: { keyword: { type: 'keyword' } } },
      firehose: { properties: { common_attributes: { properties: { env: { type: 'keyword' } } } } },
      // The json sample's own keys, mapped by the dynamic templates.
      route: { type: 'text', fields: { keyword: { type: 'keyword' } } },
      status: { type: 'double' },
    });

    const all = `${index}-*`;
    const initDb = documents.filter((d) => (JSON.parse(d.json) as { command?: string }).command === 'Init DB').length;
    expect(initDb).toBeGreaterThan(0);
    expect((await search(all, { size: 0, track_total_hits: true, query: { term: { command: 'Init DB' } } })).hits.total.value).toBe(initDb);

    // date_nanos keeps the microseconds: a range one microsecond wide finds exactly one of the three.
    const exact = await search(day(), {
      query: { range: { '@timestamp': { gte: '2026-11-25T11:41:00.123456Z', lte: '2026-11-25T11:41:00.123456Z' } } },
      docvalue_fields: [{ field: '@timestamp', format: 'strict_date_optional_time_nanos' }],
    });
    expect(exact.hits.hits.map((h) => h._source['argument'])).toEqual(['SELECT 1 FROM micro_probe']);
    expect(exact.hits.hits[0]!.fields!['@timestamp']).toEqual(['2026-11-25T11:41:00.123456Z']);
    const wider = await search(day(), {
      size: 10,
      query: { range: { '@timestamp': { gt: '2026-11-25T11:41:00.123455Z', lte: '2026-11-25T11:41:00.123457Z' } } },
    });
    expect(wider.hits.hits.map((h) => h._source['argument']).filter((a) => String(a).endsWith('micro_probe')).sort()).toEqual([
      'SELECT 1 FROM micro_probe',
      'SELECT 2 FROM micro_probe',
    ]);

    // Statements are text (matched by word) with an exact keyword.
    const slow = documents.map((d) => JSON.parse(d.json) as { statement?: string }).filter((d) => typeof d.statement === 'string');
    expect(slow.length).toBeGreaterThan(0);
    const statement = slow[0]!.statement!;
    const word = statement.match(/[a-z_]{4,}/i)![0]!;
    const matched = await search(all, { size: 100, query: { match: { statement: word } } });
    expect(matched.hits.total.value).toBeGreaterThan(0);
    for (const hit of matched.hits.hits) expect(String(hit._source['statement']).toLowerCase()).toContain(word.toLowerCase());
    const keyword = await search(all, { size: 0, track_total_hits: true, query: { term: { 'statement.keyword': statement } } });
    expect(keyword.hits.total.value).toBe(slow.filter((d) => d.statement === statement).length);
  });

  it('refuses documents that do not fit, in its own words, and the sink dead-letters each of them', async () => {
    const wrong: SinkDocument[] = [
      { index: day(), id: 'bad-thread', json: '{"@timestamp":"2026-11-25T12:00:00.123456Z","thread_id":"abc","parser":"regex"}' },
      { index: day(), id: 'bad-time', json: '{"@timestamp":"25/Nov/2026","parser":"json"}' },
      { index: day(), id: 'before-1970', json: '{"@timestamp":"1969-12-31T23:59:59Z","parser":"json"}' },
      { index: day(), id: 'object-user', json: '{"@timestamp":"2026-11-25T12:00:00Z","user":{"id":7},"parser":"json"}' },
      { index: day(), id: 'meta-field', json: '{"@timestamp":"2026-11-25T12:00:00Z","_id":"x","parser":"json"}' },
    ];
    expect(await sink().write(wrong, { deadline: soon() })).toEqual({ ok: true, stored: 0, deadLettered: wrong.length });
    const kept = await readDocuments(url(), `deadletter-${index}`);
    const reasons: Record<string, { type: string; reason: string }> = Object.fromEntries(kept.map((d) => [d.source['id'], d.source['error']]));
    expect(Object.keys(reasons).sort()).toEqual(wrong.map((w) => w.id).sort());
    for (const error of Object.values(reasons)) expect(error.type).toBe('mapper_parsing_exception');
    expect(reasons['bad-thread']!.reason).toBe(
      `failed to parse field [thread_id] of type [long] in document with id 'bad-thread'. Preview of field's value: 'abc' (caused by illegal_argument_exception: For input string: "abc")`,
    );
    expect(reasons['bad-time']!.reason).toMatch(
      /^failed to parse field \[@timestamp\] of type \[date_nanos\] in document with id 'bad-time'\. Preview of field's value: '25\/Nov\/2026' \(caused by illegal_argument_exception: failed to parse date field \[25\/Nov\/2026\] with format \[strict_date_optional_time_nanos\]/,
    );
    expect(reasons['before-1970']!.reason).toContain('is before the epoch in 1970 and cannot be stored in nanosecond resolution');
    expect(reasons['object-user']!.reason).toBe(
      `failed to parse field [user] of type [keyword] in document with id 'object-user'. Preview of field's value: '{id=7}' (caused by illegal_state_exception: Can't get text on a START_OBJECT at 1:45)`,
    );
    expect(reasons['meta-field']!.reason).toBe(
      "failed to parse field [_id] of type [_id] in document with id 'meta-field'. Preview of field's value: 'x' (caused by mapper_parsing_exception: Field [_id] is a metadata field and cannot be added inside a document. Use the index API request parameters.)",
    );
    // The dead-letter index took its own template and accepted every refused document.
    const deadMapping = await openSearchJson<Record<string, { mappings: Record<string, unknown> }>>(url(), 'GET', `/deadletter-${index}/_mapping`);
    expect(deadMapping[`deadletter-${index}`]!.mappings).toMatchObject({ dynamic: 'false', properties: { document: { type: 'text' } } });
  });

  it('keeps a huge argument in _source without an immense keyword term (ignore_above), and refuses one without it', async () => {
    const argument = `SELECT '${'é'.repeat(20_000)}'`; // 40 KB of UTF-8: over Lucene's term limit
    const line = `2026-11-25T11:41:00.123456Z\t   42 Query\t${argument}`;
    const documents: SinkDocument[] = [];
    new DocumentShaper({ index, indexRotation: 'OneDay', parserOverrides: [], keepMessage: false }).appendEnvelopes(documents, [
      buildEnvelope({ lines: [line], startTime: Date.UTC(2026, 10, 25, 11, 41), idSeed: 21 }),
    ], 'huge');
    expect(await sink().write(documents, { deadline: soon() })).toEqual({ ok: true, stored: 1, deadLettered: 0 });
    const plainIndex = freshBase('plain-keyword');
    await openSearchJson(url(), 'PUT', `/${plainIndex}`, { mappings: { properties: { argument: { type: 'keyword' } } } });
    const plainSink = createOpenSearchSink(readOpenSearchConfig({ OPENSEARCH_URL: url(), FIREWATCH_DEAD_LETTER_INDEX: `deadletter-${plainIndex}`, ...FAST }));
    expect(await plainSink.write([{ index: plainIndex, id: 'x', json: JSON.stringify({ argument }) }], { deadline: soon() })).toEqual({
      ok: true,
      stored: 0,
      deadLettered: 1,
    });
    const [dead] = await readDocuments(url(), `deadletter-${plainIndex}`);
    expect((dead!.source['error'] as { reason: string }).reason).toContain('Document contains at least one immense term in field="argument"');
  });

  it("the transformation Lambda's split and ndjson answers, one document per Ok record line, all fit", async () => {
    const documents: SinkDocument[] = [];
    for (const mode of ['split', 'ndjson'] as const) {
      const plan = planTransformation(buildSampleEvent({ format: 'mixed', records: 40, events: 6, seed: 9 }), { mode });
      for (const [r, record] of plan.response.records.entries()) {
        if (record.result !== 'Ok') continue;
        const bytes = decodeBase64(record.data);
        const text = bytes.ok ? decodeUtf8(bytes.value) : bytes;
        if (!text.ok) throw text.error;
        for (const [n, json] of text.value.split('\n').filter((l) => l !== '').entries()) {
          const time = Date.parse((JSON.parse(json) as { '@timestamp': string })['@timestamp']);
          documents.push({ index: indexName(index, 'OneDay', time), id: `${mode}-${r}-${n}`, json });
        }
      }
    }
    expect(documents.length).toBeGreaterThan(100);
    expect(await sink().write(documents, { deadline: soon() })).toEqual({ ok: true, stored: documents.length, deadLettered: 0 });
  });

  it("the HTTP endpoint's documents fit: every format, plain JSON and text records, and decode_failure documents", async () => {
    const endpointIndex = freshBase('setup-endpoint');
    expect(
      (await setupOpenSearch({ url: url(), auth: { type: 'none' }, requestTimeoutMs: 30_000 }, { index: endpointIndex, rotation: 'NoRotation', priority: 120 }))
        .ok,
    ).toBe(true);
    const server = await startServer({ env: { OPENSEARCH_URL: url(), FIREWATCH_INDEX: endpointIndex, ...FAST }, port: 0, log: () => {} });
    try {
      const sample = buildSampleHttpRequest({ format: 'mixed', records: 30, events: 8, seed: 4 }).records.map((r) => r.data);
      const extra = [
        Buffer.from('{"level":"warn","msg":"plain JSON record","latency":1.5}').toString('base64'),
        Buffer.from('just a line of text').toString('base64'),
        'not base64 at all!',
        Buffer.from([0x1f, 0x8b, 8, 0, 1, 2]).toString('base64'), // gzip that ends early
        Buffer.from(
          encodeRecord(
            buildEnvelope({
              lines: ['# Query_time: 1.5  Lock_time: 0.0 Rows_sent: 1  Rows_examined: 2\nSELECT 1;'],
              logGroup: '/aws/rds/instance/db/slowquery',
            }),
          ),
        ).toString('base64'),
      ];
      const results = await sendRecords(`${server.url}/`, [...sample, ...extra], { commonAttributes: { env: 'test' }, retrySeconds: 0 });
      expect(results.map((r) => r.status)).toEqual([200]);
      await openSearchJson(url(), 'POST', `/${endpointIndex}-*/_refresh`);
      const failures = await search(`${endpointIndex}-*`, { size: 0, track_total_hits: true, query: { term: { 'error.type': 'decode_failure' } } });
      expect(failures.hits.total.value).toBe(2);
      const dead = await fetch(`${url()}/deadletter-${endpointIndex}/_count`);
      expect(dead.status === 404 || ((await dead.json()) as { count: number }).count === 0).toBe(true);
    } finally {
      await server.close();
    }
  });
}
