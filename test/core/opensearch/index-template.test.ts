/**
 * The index templates and the retention policy, pure: every field of every document firewatch writes
 * (generated with the sample builders and core/document.ts, through each path that writes documents)
 * resolves to a mapping of a type its value fits. Runs under Deno too: describe/it/expect only.
 */
import { describe, expect, it } from 'vitest';
import { decodeBase64 } from '../../../core/bytes/base64.ts';
import { decodeUtf8 } from '../../../core/bytes/utf8.ts';
import { buildDocument, buildPlainDocument } from '../../../core/document.ts';
import { createEndpointApp } from '../../../core/endpoint/app.ts';
import { planTransformation } from '../../../core/firehose/transform.ts';
import { indexName, indexRotations } from '../../../core/opensearch/index-name.ts';
import {
  canonicalJson,
  deadLetterMappings,
  deadLetterTemplate,
  documentMappings,
  indexTemplate,
  type JsonObject,
  KEYWORD_IGNORE_ABOVE,
  retentionPolicy,
} from '../../../core/opensearch/index-template.ts';
import { covers, planOpenSearchSetup } from '../../../core/opensearch/setup.ts';
import { RESERVED_FIELD_NAMES } from '../../../core/parsers/field-names.ts';
import { NUMERIC_FIELD_NAMES, STRING_FIELD_NAMES } from '../../../core/parsers/list.ts';
import { parserForLogGroup } from '../../../core/parsers/registry.ts';
import { buildSampleEnvelopes, buildSampleEvent, buildSampleRecords } from '../../../core/samples/events.ts';
import { sampleFormats } from '../../../core/samples/log-lines.ts';
import { buildEnvelope, encodeRecord } from '../../../core/samples/records.ts';
import { createConsoleSink } from '../../../core/sinks/console.ts';
import { createOpenSearchSink } from '../../../core/sinks/opensearch.ts';
import { readOpenSearchConfig } from '../../../core/opensearch/config.ts';
import type { DataMessage } from '../../../core/cloudwatch/envelope.ts';
import { body, config, delivery } from '../endpoint/support.ts';

type Doc = Record<string, unknown>;

/** Where a leaf of a document is mapped: explicitly, by a dynamic template, or not at all. */
interface Resolved {
  readonly path: string;
  readonly type: string;
  readonly via: 'explicit' | `dynamic:${string}`;
  readonly value: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** OpenSearch's `*` wildcard. */
const glob = (pattern: string, text: string): boolean =>
  new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(text);

/** The JSON type OpenSearch's dynamic mapping sees (date_detection is off in our mappings, so strings stay strings). */
const jsonType = (
  v: unknown,
): string => (typeof v === 'string'
  ? 'string'
  : typeof v === 'number'
  ? (Number.isInteger(v) ? 'long' : 'double')
  : typeof v === 'boolean'
  ? 'boolean'
  : 'object');

/** Resolves every leaf of `document` against `mappings` as OpenSearch would (explicit properties, then dynamic templates in order). */
function resolveLeaves(mappings: JsonObject, document: Doc): Resolved[] {
  const templates = ((mappings['dynamic_templates'] as JsonObject[] | undefined) ?? []).map((entry) => Object.entries(entry)[0]! as [string, JsonObject]);
  const out: Resolved[] = [];
  const visit = (properties: JsonObject | undefined, value: unknown, path: string, name: string, inherited: string | undefined): void => {
    if (value === null) return;
    if (Array.isArray(value)) {
      for (const element of value) visit(properties, element, path, name, inherited);
      return;
    }
    const explicit = properties?.[name] as JsonObject | undefined;
    if (explicit !== undefined && (explicit['type'] === undefined || explicit['type'] === 'object')) {
      expect([path, isObject(value)]).toEqual([path, true]);
      for (const [key, inner] of Object.entries(value as Doc)) visit(explicit['properties'] as JsonObject | undefined, inner, `${path}.${key}`, key, inherited);
      return;
    }
    if (explicit !== undefined) {
      out.push({ path, type: String(explicit['type']), via: inherited === undefined ? 'explicit' : (inherited as `dynamic:${string}`), value });
      return;
    }
    const type = jsonType(value);
    const template = templates.find(([, spec]) => {
      if (spec['match_mapping_type'] !== undefined && spec['match_mapping_type'] !== '*' && spec['match_mapping_type'] !== type) return false;
      if (spec['match'] !== undefined && !glob(String(spec['match']), name)) return false;
      if (spec['path_match'] !== undefined && !glob(String(spec['path_match']), path)) return false;
      return true;
    });
    if (type === 'object') {
      // An unmapped object becomes an object mapping; its own fields are mapped dynamically in turn.
      for (const [key, inner] of Object.entries(value as Doc)) visit(undefined, inner, `${path}.${key}`, key, inherited ?? 'dynamic:object');
      return;
    }
    out.push({
      path,
      type: template === undefined ? `default:${type}` : String(template[1]['mapping'] && (template[1]['mapping'] as JsonObject)['type']),
      via: `dynamic:${template?.[0] ?? 'none'}`,
      value,
    });
  };
  for (const [key, value] of Object.entries(document)) visit(mappings['properties'] as JsonObject, value, key, key, undefined);
  return out;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/;

/** Whether a value fits a mapped type the way OpenSearch would accept it. */
function fits(type: string, value: unknown): boolean {
  switch (type) {
    case 'default:boolean':
      return typeof value === 'boolean';
    case 'long':
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value);
    case 'double':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'keyword':
    case 'text':
      return typeof value === 'string';
    case 'date':
      return typeof value === 'string' && ISO.test(value);
    case 'date_nanos':
      return typeof value === 'string' && ISO.test(value) && value >= '1970' && value < '2262';
    default:
      return false;
  }
}

/** Resolves and checks every leaf; returns them for further assertions. */
function check(mappings: JsonObject, document: Doc, where: string): Resolved[] {
  const leaves = resolveLeaves(mappings, document);
  // One assertion per document, naming every misfit (an expect per leaf would cost seconds over the samples).
  expect(leaves.filter((leaf) => !fits(leaf.type, leaf.value)).map((leaf) => `${where}: ${leaf.path} (${leaf.type}) = ${JSON.stringify(leaf.value)}`)).toEqual(
    [],
  );
  return leaves;
}

/** Documents of every sample format, several seeds, through core/document.ts (the message kept, so it is checked too). */
function sampleDocuments(format: (typeof sampleFormats)[number]): Doc[] {
  const documents: Doc[] = [];
  for (const seed of [1, 2, 3, 7]) {
    for (const envelope of buildSampleEnvelopes({ format, records: 6, events: 40, seed }) as DataMessage[]) {
      const parser = parserForLogGroup(envelope.logGroup);
      for (const event of envelope.logEvents) documents.push(buildDocument(event, envelope, parser, { keepMessage: seed === 7 }));
    }
  }
  return documents;
}

/** Documents of hand-written lines for the shapes the samples do not produce. */
function edgeDocuments(): Doc[] {
  const lines: Array<[string, string]> = [
    // mysqld's banner (mysql-header.ts) in the general and slow logs.
    [
      '/aws/rds/instance/db/general',
      '/rdsdbbin/mysql/bin/mysqld, Version: 8.0.35 (Source distribution). started with:\nTcp port: 3306  Unix socket: /tmp/mysql.sock\nTime                 Id Command    Argument',
    ],
    ['/aws/rds/instance/db/slowquery', 'Tcp port: 3306  Unix socket: /tmp/mysql.sock'],
    // Logins: proxy user, refused login, 5.6 layout and same-second lines.
    ['/aws/rds/instance/db/general', '2026-11-25T11:41:00.123456Z\t   42 Connect\tapp@10.0.0.7 as proxied on shop using SSL/TLS'],
    ['/aws/rds/instance/db/general', "251125  1:41:00\t   43 Connect\tAccess denied for user 'app'@'10.0.0.7' (using password: YES)"],
    ['/aws/rds/instance/db/general', '\t\t   44 Init DB\tshop'],
    // The slow log's open-ended keys: MariaDB's and 8.0's log_slow_extra (Start/End are fixed strings).
    [
      '/aws/rds/instance/db/slowquery',
      '# Time: 251125 11:41:00\n# User@Host: app[app] @ localhost []\n# Thread_id: 42  Schema: shop  QC_hit: No\n# Query_time: 1.500000  Lock_time: 0.000101  Rows_sent: 1  Rows_examined: 2\n# Rows_affected: 0  Bytes_sent: 123\nSELECT 1;',
    ],
    [
      '/aws/rds/instance/db/slowquery',
      '# Query_time: 1.0  Lock_time: 0.0 Rows_sent: 0  Rows_examined: 0 Thread_id: 42 Errno: 0 Killed: 0 Bytes_received: 0 Bytes_sent: 56 Start: 2026-11-25T11:41:00.123456Z End: 2026-11-25T11:41:01.123456Z\nSET timestamp=1764070860;\nDO SLEEP(1);',
    ],
    // Error log layouts, PostgreSQL with a zone it cannot convert and a STATEMENT line, Aurora audit.
    ['/aws/rds/instance/db/error', '251125 11:41:00 server_audit: STOPPED'],
    ['/aws/rds/instance/db/error', '2026-11-25 11:41:00 0 [Note] InnoDB: Buffer pool(s) load completed'],
    ['/aws/rds/instance/db/postgresql', '2026-11-25 11:41:00 EST:[local]:rdsadmin@rdsadmin:[77]:FATAL:  terminating connection'],
    ['/aws/rds/instance/db/postgresql', '2026-11-25 11:41:00 UTC:10.0.0.7(5432):app@shop:[12]:STATEMENT:  SELECT 1'],
    ['/aws/rds/instance/db/audit', '1764070860123456,ip-10-0-0-1,app,10.0.0.7,42,1001,READ,shop,orders,'],
    // Lines the parsers do not recognise: message and error {type, parser, reason}.
    ['/aws/rds/instance/db/general', 'garbage that is no general-log line'],
    ['/aws/rds/instance/db/slowquery', 'SELECT without a header'],
    // JSON logs: reserved names renamed, nested objects, arrays, an epoch time; plain text.
    [
      '/ecs/api',
      '{"message":"hi","error":{"code":"E1"},"cloudwatch":1,"parser":"x","@timestamp":"2026-11-25T11:41:00.5Z","firehose":"y","ctx":{"ids":[1,2],"ok":true},"ts":1764070860123}',
    ],
    // Times OpenSearch cannot index and metadata field names: the CloudWatch time and parsed__id instead.
    ['/ecs/api', '{"time":"0001-01-01T00:00:00Z","_id":"abc","_routing":"r","level":"warn"}'],
    ['/ecs/api', 'plain text line'],
    ['/ecs/api', '{"broken json'],
  ];
  return lines.map(([logGroup, line], i) => {
    const envelope = buildEnvelope({ logGroup, lines: [line], idSeed: i });
    return buildDocument(envelope.logEvents[0]!, envelope, parserForLogGroup(logGroup));
  });
}

describe('index template: mappings fit the documents', () => {
  const mappings = documentMappings();
  const properties = mappings['properties'] as Record<string, JsonObject>;

  it('maps every field of every RDS sample format explicitly, with a type its values fit', () => {
    for (const format of sampleFormats) {
      if (format === 'json') continue;
      const seen = new Set<string>();
      for (const document of sampleDocuments(format)) {
        const leaves = check(mappings, document, format);
        expect(leaves.filter((leaf) => leaf.via !== 'explicit').map((leaf) => `${format}: ${leaf.path} ${leaf.via}`)).toEqual([]);
        for (const leaf of leaves) seen.add(leaf.path);
      }
      // The samples are varied enough to matter: each format yields its parser's typical fields. (A parser
      // added later is held to the rule above, every field mapped explicitly; this table pins the first five.)
      const expected: Record<string, string[]> = {
        'mysql-general': ['thread_id', 'command', 'argument', 'user', 'host', 'db', 'auth_method', 'access_denied'],
        'mysql-slow': ['query_time', 'lock_time', 'rows_sent', 'rows_examined', 'thread_id', 'user', 'host', 'ip', 'db', 'statement'],
        'mysql-error': ['thread_id', 'level', 'error_code', 'subsystem', 'text'],
        'mariadb-audit': ['server_host', 'user', 'host', 'connection_id', 'query_id', 'operation', 'db', 'object', 'retcode'],
        postgresql: ['client_host', 'client_port', 'user', 'db', 'pid', 'severity', 'text', 'statement', 'duration_ms'],
      };
      for (
        const name of [
          ...(expected[format] ?? []),
          '@timestamp',
          'message',
          'parser',
          'cloudwatch.log_group',
          'cloudwatch.log_stream',
          'cloudwatch.owner',
          'cloudwatch.event_id',
          'cloudwatch.timestamp',
        ]
      ) {
        expect([format, name, seen.has(name)]).toEqual([format, name, true]);
      }
    }
  });

  it('maps JSON logs: document members and fixed names explicitly, their own keys by the dynamic templates', () => {
    const seen = new Map<string, string>();
    for (const document of sampleDocuments('json')) for (const leaf of check(mappings, document, 'json')) seen.set(leaf.path, `${leaf.type} ${leaf.via}`);
    expect(Object.fromEntries(seen)).toEqual({
      '@timestamp': 'date_nanos explicit',
      message: 'text explicit',
      parser: 'keyword explicit',
      'cloudwatch.log_group': 'keyword explicit',
      'cloudwatch.log_stream': 'keyword explicit',
      'cloudwatch.owner': 'keyword explicit',
      'cloudwatch.event_id': 'keyword explicit',
      'cloudwatch.timestamp': 'date explicit',
      level: 'keyword explicit',
      duration_ms: 'double explicit',
      time: 'text dynamic:strings_as_text_and_keyword',
      route: 'text dynamic:strings_as_text_and_keyword',
      request_id: 'text dynamic:strings_as_text_and_keyword',
      parsed_message: 'text dynamic:strings_as_text_and_keyword',
      status: 'double dynamic:integers_as_double',
    });
  });

  it("fits banners, logins, the slow log's extra keys, parse failures, renamed reserved keys and plain text", () => {
    const leaves = edgeDocuments().flatMap((document, i) => check(mappings, document, `edge ${i}`));
    const byPath = new Map(leaves.map((l) => [l.path, `${l.type} ${l.via}`]));
    expect(
      Object.fromEntries([...byPath].filter(([path]) =>
        [
          'header',
          'program',
          'version',
          'version_comment',
          'port',
          'socket',
          'authenticated_as',
          'access_denied',
          'start',
          'end',
          'qc_hit',
          'bytes_sent',
          'error.type',
          'error.parser',
          'error.reason',
          'parsed_cloudwatch',
          'parsed_error.code',
          'ctx.ids',
          'ctx.ok',
          'ts',
        ].includes(path)
      )),
    ).toEqual({
      header: 'keyword explicit',
      program: 'keyword explicit',
      version: 'keyword explicit',
      version_comment: 'keyword explicit',
      port: 'long explicit',
      socket: 'keyword explicit',
      authenticated_as: 'keyword explicit',
      access_denied: 'boolean explicit',
      start: 'keyword explicit',
      end: 'keyword explicit',
      qc_hit: 'text dynamic:strings_as_text_and_keyword',
      bytes_sent: 'double dynamic:integers_as_double',
      'error.type': 'keyword explicit',
      'error.parser': 'keyword explicit',
      'error.reason': 'text explicit',
      parsed_cloudwatch: 'double dynamic:integers_as_double',
      'parsed_error.code': 'text dynamic:strings_as_text_and_keyword',
      'ctx.ids': 'double dynamic:integers_as_double',
      'ctx.ok': 'default:boolean dynamic:none',
      ts: 'double dynamic:integers_as_double',
    });
  });

  it("fits the HTTP endpoint's documents: the firehose object with common attributes, plain records, decode_failure", async () => {
    const lines: string[] = [];
    const app = createEndpointApp(config(), createConsoleSink({ log: (line) => lines.push(line) }));
    const records = [
      ...buildSampleRecords({ format: 'mixed', records: 12, events: 5, seed: 5 }),
      '{"level":"info","latency":2.5}',
      'a text record',
      encodeRecord(buildEnvelope({ lines: ['x'] })).slice(0, 12),
    ];
    const response = await app.fetch(
      delivery(body(records), { headers: { 'x-amz-firehose-common-attributes': JSON.stringify({ commonAttributes: { env: 'prod', team: 'db' } }) } }),
    );
    expect(response.status).toBe(200);
    const documents = lines.map((line) => (JSON.parse(line) as { _source: Doc })._source);
    expect(documents.length).toBeGreaterThan(40);
    const paths = new Map<string, string>();
    for (const document of documents) for (const leaf of check(mappings, document, 'endpoint')) paths.set(leaf.path, `${leaf.type} ${leaf.via}`);
    expect(Object.fromEntries([...paths].filter(([path]) => path.startsWith('firehose.') || path.startsWith('error.') || path === 'raw_data'))).toEqual({
      'firehose.request_id': 'keyword explicit',
      'firehose.source_arn': 'keyword explicit',
      'firehose.common_attributes.env': 'keyword dynamic:firehose_common_attributes',
      'firehose.common_attributes.team': 'keyword dynamic:firehose_common_attributes',
      'error.type': 'keyword explicit',
      'error.code': 'keyword explicit',
      'error.reason': 'text explicit',
      raw_data: 'keyword explicit',
    });
  });

  it("fits the transformation Lambda's documents (the Firehose OpenSearch destination path), split and ndjson", () => {
    let count = 0;
    for (const mode of ['split', 'ndjson'] as const) {
      const plan = planTransformation(buildSampleEvent({ format: 'mixed', records: 20, events: 4, seed: 8 }), { mode });
      for (const record of plan.response.records) {
        if (record.result !== 'Ok') continue;
        const bytes = decodeBase64(record.data);
        const text = bytes.ok ? decodeUtf8(bytes.value) : bytes;
        if (!text.ok) throw text.error;
        for (const line of text.value.split('\n').filter((l) => l !== '')) {
          check(mappings, JSON.parse(line) as Doc, `transform ${mode}`);
          count++;
        }
      }
    }
    expect(count).toBeGreaterThan(60);
  });

  it('fits a plain document (a record that was not CloudWatch Logs data)', () => {
    const parser = parserForLogGroup('/x');
    check(mappings, buildPlainDocument('{"a":{"b":"c"},"n":1.5}', Date.UTC(2026, 10, 25), parser), 'plain json');
    check(mappings, buildPlainDocument('text', Date.UTC(2026, 10, 25), parser), 'plain text');
  });

  it('gives every name of the field-name rules its fixed type, and owns the reserved names', () => {
    for (const name of NUMERIC_FIELD_NAMES) expect([name, ['long', 'double'].includes(String(properties[name]?.['type']))]).toEqual([name, true]);
    for (const name of STRING_FIELD_NAMES) expect([name, ['keyword', 'text'].includes(String(properties[name]?.['type']))]).toEqual([name, true]);
    for (const name of ['query_time', 'lock_time', 'duration_ms']) expect(properties[name]).toEqual({ type: 'double' });
    // The document's own members are mapped; OpenSearch's metadata fields (_id, ...) never reach a source.
    for (const name of RESERVED_FIELD_NAMES) if (!name.startsWith('_')) expect([name, properties[name] !== undefined]).toEqual([name, true]);
    expect(properties['@timestamp']).toEqual({ type: 'date_nanos', format: 'strict_date_optional_time_nanos' });
    expect(mappings['date_detection']).toBe(false);
  });

  it("keeps every indexed keyword under Lucene's 32,766-byte term limit (ignore_above × 4 bytes)", () => {
    const keywords: Array<[string, JsonObject]> = [];
    const walk = (node: unknown, path: string): void => {
      if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${path}[${i}]`));
      else if (isObject(node)) {
        if (node['type'] === 'keyword') keywords.push([path, node as JsonObject]);
        for (const [key, value] of Object.entries(node)) walk(value, `${path}.${key}`);
      }
    };
    walk(documentMappings(), 'mappings');
    walk(deadLetterMappings(), 'deadletter');
    expect(keywords.length).toBeGreaterThan(30);
    for (const [path, keyword] of keywords) {
      const safe = keyword['index'] === false && keyword['doc_values'] === false
        ? true
        : typeof keyword['ignore_above'] === 'number' && keyword['ignore_above'] * 4 <= 32_766;
      expect([path, safe]).toEqual([path, true]);
    }
    expect(KEYWORD_IGNORE_ABOVE).toBeLessThanOrEqual(8191);
  });
});

describe('index template: patterns, dead-letter template, retention policy', () => {
  const at = Date.UTC(2026, 10, 25, 11, 41);

  it('matches the index and every rotation of it, never the dead-letter index', () => {
    const { index_patterns: patterns } = indexTemplate({ index: 'cloudwatch-logs' });
    for (const rotation of indexRotations) {
      expect([rotation, patterns.some((p) => glob(p, indexName('cloudwatch-logs', rotation, at)))]).toEqual([rotation, true]);
    }
    expect(patterns.some((p) => glob(p, 'deadletter-cloudwatch-logs'))).toBe(false);
    const dead = deadLetterTemplate({ index: 'cloudwatch-logs' });
    expect(dead.index_patterns.some((p) => glob(p, 'deadletter-cloudwatch-logs'))).toBe(true);
    expect(dead.index_patterns.some((p) => glob(p, 'cloudwatch-logs-2026-11-25'))).toBe(false);
    expect(dead.priority).toBe(indexTemplate({ index: 'cloudwatch-logs' }).priority + 1);
    expect(deadLetterTemplate({ index: 'x', deadLetterIndex: 'x-refused', priority: 7 })).toMatchObject({
      index_patterns: ['x-refused', 'x-refused-*'],
      priority: 8,
    });
  });

  it('maps the dead-letter documents the sink writes, and maps nothing else (dynamic: false)', async () => {
    // The sink, with a fetch that refuses the document for good and then captures the dead-letter write.
    const bodies: string[] = [];
    const fakeFetch: typeof fetch = async (input) => {
      const text = await (input as Request).text();
      bodies.push(text);
      const meta = (JSON.parse(text.split('\n')[0]!) as { create: { _index: string; _id: string } }).create;
      const refuse = bodies.length === 1;
      const item = {
        create: {
          _index: meta._index,
          _id: meta._id,
          status: refuse ? 400 : 201,
          ...(refuse ? { error: { type: 'mapper_parsing_exception', reason: 'failed to parse field [thread_id]' } } : {}),
        },
      };
      return new Response(JSON.stringify({ took: 1, errors: refuse, items: [item] }), { status: 200 });
    };
    const sink = createOpenSearchSink(readOpenSearchConfig({ OPENSEARCH_URL: 'http://opensearch.test', FIREWATCH_INDEX: 'logs' }), { fetch: fakeFetch });
    const result = await sink.write([{ index: 'logs-2026-11-25', id: 'e1', json: '{"@timestamp":"2026-11-25T11:41:00Z","thread_id":"abc"}' }], {
      deadline: Date.now() + 5_000,
    });
    expect(result).toEqual({ ok: true, stored: 0, deadLettered: 1 });
    const [action, source] = bodies[1]!.split('\n');
    expect(JSON.parse(action!)).toMatchObject({ create: { _index: 'deadletter-logs' } });
    const mappings = deadLetterMappings();
    const leaves = check(mappings, JSON.parse(source!) as Doc, 'dead letter');
    expect(leaves.map((l) => `${l.path} ${l.type}`).sort()).toEqual([
      '@timestamp date',
      'document text',
      'document_bytes long',
      'document_truncated boolean',
      'error.reason text',
      'error.status integer',
      'error.type keyword',
      'id keyword',
      'index keyword',
    ]);
    expect(mappings['dynamic']).toBe(false);
  });

  it('builds a hot → delete policy attached to rotated indices only', () => {
    const { policy } = retentionPolicy({ index: 'rds', retentionDays: 14 });
    expect(policy).toEqual({
      description: 'firewatch: deletes rds-* indices 14 days after their creation',
      default_state: 'hot',
      states: [
        { name: 'hot', actions: [], transitions: [{ state_name: 'delete', conditions: { min_index_age: '14d' } }] },
        { name: 'delete', actions: [{ delete: {} }], transitions: [] },
      ],
      ism_template: [{ index_patterns: ['rds-*'], priority: 100 }],
    });
    const patterns = (policy['ism_template'] as Array<{ index_patterns: string[] }>)[0]!.index_patterns;
    for (const rotation of indexRotations.filter((r) => r !== 'NoRotation')) {
      expect([rotation, patterns.some((p) => glob(p, indexName('rds', rotation, at)))]).toEqual([rotation, true]);
    }
    // Deleting the un-rotated index would delete everything; deleting the dead letters would lose them.
    expect(patterns.some((p) => glob(p, 'rds') || glob(p, 'deadletter-rds'))).toBe(false);
    expect(retentionPolicy({ index: 'rds' }).policy['states']).toMatchObject([{ transitions: [{ conditions: { min_index_age: '30d' } }] }, {}]);
    expect(() => retentionPolicy({ index: 'rds', retentionDays: 0 })).toThrow(RangeError);
  });

  it('fingerprints the template: the same options give the same body, any change another fingerprint', () => {
    const a = indexTemplate({ index: 'rds' });
    expect(canonicalJson(a)).toBe(canonicalJson(indexTemplate({ index: 'rds' })));
    expect(a._meta['fingerprint']).toMatch(/^[0-9a-f]{8}$/);
    expect(indexTemplate({ index: 'rds', priority: 5 })._meta['fingerprint']).not.toBe(a._meta['fingerprint']);
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
  });

  it('plans the three requests, and compares what OpenSearch stores by what firewatch sends', () => {
    expect(planOpenSearchSetup({ index: 'rds', rotation: 'OneDay' }).map((s) => s.path)).toEqual([
      '_index_template/firewatch-rds',
      '_index_template/firewatch-deadletter-rds',
      '_plugins/_ism/policies/firewatch-rds-retention',
    ]);
    expect(covers({ a: 1, retry: { count: 3 } }, { a: 1 })).toBe(true);
    expect(covers({ a: '1' }, { a: 1 })).toBe(true);
    expect(covers([{ a: 1 }, { b: 2 }], [{ a: 1 }])).toBe(false);
    expect(covers({ a: { b: 2 } }, { a: { b: 3 } })).toBe(false);
    expect(covers(undefined, {})).toBe(false);
  });
});
