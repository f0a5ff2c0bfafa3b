import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildDocument, buildPlainDocument, documentJson, isoTime } from '../../core/document.ts';
import { parseJsonText } from '../../core/json-text.ts';
import type { Fields, LogParser, ParseResult } from '../../core/parsers/parser.ts';
import { json } from '../../core/parsers/json.ts';
import { mysqlGeneral } from '../../core/parsers/mysql-general.ts';
import { buildEnvelope } from '../../core/samples/records.ts';

const GENERAL = '/aws/rds/instance/shop-db/general';
const fixed = (result: ParseResult): LogParser => ({ name: 'fixed', description: 'returns a fixed result', parse: () => result });

describe('documents', () => {
  it('puts the time, the parsed fields, the parser and the CloudWatch context in order', () => {
    const envelope = buildEnvelope({ lines: ['2026-11-25T11:41:00.123456Z\t   42 Init DB\tshop'], logGroup: GENERAL });
    const json = documentJson(envelope.logEvents[0]!, envelope, mysqlGeneral);
    expect(Object.keys(JSON.parse(json))).toEqual(['@timestamp', 'thread_id', 'command', 'argument', 'db', 'parser', 'cloudwatch']);
    expect(JSON.parse(json)).toEqual({
      '@timestamp': '2026-11-25T11:41:00.123456Z',
      thread_id: 42,
      command: 'Init DB',
      argument: 'shop',
      db: 'shop',
      parser: 'mysql-general',
      cloudwatch: {
        log_group: GENERAL,
        log_stream: 'shop-db',
        owner: '123456789012',
        event_id: envelope.logEvents[0]!.id,
        timestamp: isoTime(envelope.logEvents[0]!.timestamp),
      },
    });
  });

  it('keeps the raw line, with an error, when the parser does not recognise it', () => {
    const envelope = buildEnvelope({ lines: ['not a general log line'], logGroup: GENERAL, startTime: Date.UTC(2026, 0, 2, 3, 4, 5, 6) });
    const document = buildDocument(envelope.logEvents[0]!, envelope, mysqlGeneral);
    expect(document['@timestamp']).toBe('2026-01-02T03:04:05.006Z');
    expect(document.message).toBe('not a general log line');
    expect(document.error).toMatchObject({ type: 'parse_failure', parser: 'mysql-general' });
    expect(Object.keys(document).at(-1)).toBe('error');
  });

  it('keeps the raw line of a parsed line only when asked', () => {
    const envelope = buildEnvelope({ lines: ['2026-11-25T11:41:00.123456Z\t   42 Quit\t'], logGroup: GENERAL });
    expect(buildDocument(envelope.logEvents[0]!, envelope, mysqlGeneral).message).toBeUndefined();
    expect(buildDocument(envelope.logEvents[0]!, envelope, mysqlGeneral, { keepMessage: true }).message).toBe(envelope.logEvents[0]!.message);
  });

  it('takes a line time OpenSearch cannot index (before 1970, after 2262) as a field, not as @timestamp', () => {
    const envelope = buildEnvelope({
      lines: ['{"time":"0001-01-01T00:00:00Z","msg":"zero"}', '{"time":"2026-11-25T11:41:00Z"}', '{"ts":99999999999999}'],
      logGroup: '/ecs/api',
    });
    const [zero, fine, far] = envelope.logEvents.map((event) => buildDocument(event, envelope, json));
    expect(zero).toMatchObject({ '@timestamp': isoTime(envelope.logEvents[0]!.timestamp), time: '0001-01-01T00:00:00Z' });
    expect(fine!['@timestamp']).toBe('2026-11-25T11:41:00Z');
    expect(far!['@timestamp']).toBe(isoTime(envelope.logEvents[2]!.timestamp));
  });

  it('keeps a JSON line nested thousands deep as its raw text with an error, instead of overflowing the stack', () => {
    const line = `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const envelope = buildEnvelope({ lines: [line], logGroup: '/ecs/api' });
    const document = buildDocument(envelope.logEvents[0]!, envelope, json);
    expect(document.message).toBe(line);
    expect(document.error).toMatchObject({ type: 'parse_failure', parser: 'json' });
    expect(document.error?.reason).toMatch(/nested deeper than/);
    expect(buildPlainDocument(line, 0, json).message).toBe(line);
  });

  it("renames OpenSearch's metadata fields in user data: a source may not hold _id", () => {
    const envelope = buildEnvelope({ lines: ['{"_id":"abc","_index":"x","_source":1,"id":2}'], logGroup: '/ecs/api' });
    const document = buildDocument(envelope.logEvents[0]!, envelope, json) as unknown as Record<string, unknown>;
    expect(document).toMatchObject({ parsed__id: 'abc', parsed__index: 'x', parsed__source: 1, id: 2 });
    expect(Object.keys(document).filter((key) => key.startsWith('_'))).toEqual([]);
  });

  it('never lets a parser overwrite the names the document owns', () => {
    const parser = fixed({ ok: true, fields: { message: 'x', parser: 'y', cloudwatch: 'z', error: 'e', '@timestamp': 't', ok: 1 } });
    const envelope = buildEnvelope({ lines: ['line'] });
    const document = buildDocument(envelope.logEvents[0]!, envelope, parser);
    expect(document).toMatchObject({ parser: 'fixed', ok: 1 });
    expect(document.cloudwatch?.log_group).toBe(envelope.logGroup);
    expect(document.error).toBeUndefined();
  });

  it('writes valid JSON for any fields, messages and ids a parser or envelope can hold', () => {
    const json = fc.jsonValue() as fc.Arbitrary<Fields[string]>;
    fc.assert(
      fc.property(fc.dictionary(fc.string(), json), fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), fc.string(), (fields, message, id, group) => {
        const envelope = buildEnvelope({ lines: [message], logGroup: group });
        const event = { ...envelope.logEvents[0]!, id };
        // parseJsonText: under Deno, bare JSON.parse can misread the escaped keys drawn here (core/json-text.ts).
        const document = parseJsonText(documentJson(event, envelope, fixed({ ok: true, fields }))) as Record<string, unknown> & {
          cloudwatch: Record<string, unknown>;
        };
        expect(document.cloudwatch.event_id).toBe(id);
        expect(document.cloudwatch.log_group).toBe(group);
        for (const [key, value] of Object.entries(fields)) {
          if (['@timestamp', 'message', 'parser', 'cloudwatch', 'error', 'firehose', '__proto__'].includes(key)) continue;
          expect(document[key]).toEqual(parseJsonText(JSON.stringify(value) ?? 'null'));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('formats times exactly as Date.toISOString does', () => {
    fc.assert(
      fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (ms) => {
        expect(isoTime(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 2000 },
    );
    for (const ms of [0, -1, 999, 1000, 1_764_070_860_123, -62_198_755_200_000]) expect(isoTime(ms)).toBe(new Date(ms).toISOString());
  });

  it('writes extra members last', () => {
    const envelope = buildEnvelope({ lines: ['2026-11-25T11:41:00.123456Z\t   42 Quit\t'], logGroup: GENERAL });
    const document = buildDocument(envelope.logEvents[0]!, envelope, mysqlGeneral, { extraMembers: ',"firehose":{"request_id":"r1"}' });
    expect(Object.keys(document).at(-1)).toBe('firehose');
    expect(document['firehose']).toEqual({ request_id: 'r1' });
    expect(buildPlainDocument('x', 0, fixed({ ok: true, fields: {} }), { extraMembers: ',"firehose":{}' })['firehose']).toEqual({});
  });

  it('documents plain records with their arrival time', () => {
    expect(buildPlainDocument('hello', Date.UTC(2026, 0, 1), fixed({ ok: true, fields: {} }))).toEqual({
      '@timestamp': '2026-01-01T00:00:00.000Z',
      message: 'hello',
      parser: 'fixed',
    });
  });
});
