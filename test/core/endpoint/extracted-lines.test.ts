/**
 * The HTTP endpoint and Firehose's message extraction: a record of log lines without log group becomes
 * one document per entry, `_id` `<requestId>:<record>:<entry>`, parsed with FIREWATCH_DEFAULT_PARSER or
 * the parser detected from the text.
 */
import { describe, expect, it } from 'vitest';
import { readParser } from '../../../core/config/env.ts';
import { createEndpointApp } from '../../../core/endpoint/app.ts';
import { FirewatchError } from '../../../core/errors.ts';
import { loadTransformConfig } from '../../../lambda/config.ts';
import { body, config, delivery, MemorySink, REQUEST_ID } from './support.ts';

const LINES = [
  '2026-11-25 11:41:00 UTC:10.0.1.23(39742):app@billing:[17940]:LOG:  statement: SELECT 1',
  '\tFROM t',
  '2026-11-25 11:41:01 UTC:10.0.1.23(39742):app@billing:[17940]:LOG:  disconnection: session time: 0:00:01.000',
].join('\n');

const post = (app: ReturnType<typeof createEndpointApp>, request: Request) => app.fetch(request);

describe('endpoint: message-extraction records', () => {
  it('makes one document per entry with ids from the request, record and entry, parser detected', async () => {
    const sink = new MemorySink();
    const response = await post(createEndpointApp(config(), sink), delivery(body(['{"level":"info"}', LINES])));
    expect(response.status).toBe(200);
    expect(sink.documents.map((d) => d.id)).toEqual([`${REQUEST_ID}:0`, `${REQUEST_ID}:1:0`, `${REQUEST_ID}:1:1`]);
    const [, first, second] = sink.documents.map((d) => JSON.parse(d.json));
    expect(first).toMatchObject({
      parser: 'postgresql',
      pid: 17940,
      statement: 'SELECT 1\n\tFROM t',
      cloudwatch: { log_group: '', event_id: `${REQUEST_ID}:1:0` },
    });
    expect(second).toMatchObject({ parser: 'postgresql', '@timestamp': '2026-11-25T11:41:01Z' });
    expect(first.error).toBeUndefined();
  });

  it('parses with FIREWATCH_DEFAULT_PARSER when it is set, and the same delivery again gives the same ids', async () => {
    const sink = new MemorySink();
    const app = createEndpointApp(config({ FIREWATCH_DEFAULT_PARSER: 'text' }), sink);
    for (let i = 0; i < 2; i++) expect((await post(app, delivery(body([LINES])))).status).toBe(200);
    expect(sink.documents.map((d) => d.id)).toEqual([0, 1, 2, 0, 1, 2].map((k) => `${REQUEST_ID}:0:${k}`));
    expect(sink.documents.every((d) => JSON.parse(d.json).parser === 'text')).toBe(true);
  });
});

describe('FIREWATCH_DEFAULT_PARSER', () => {
  it('names a built-in parser; anything else fails the start-up naming the variable', () => {
    expect(readParser({}, 'FIREWATCH_DEFAULT_PARSER')).toBeUndefined();
    expect(readParser({ FIREWATCH_DEFAULT_PARSER: ' mysql-slow ' }, 'FIREWATCH_DEFAULT_PARSER')?.name).toBe('mysql-slow');
    expect(() => readParser({ FIREWATCH_DEFAULT_PARSER: 'klingon' }, 'FIREWATCH_DEFAULT_PARSER')).toThrow(FirewatchError);
    expect(() => config({ FIREWATCH_DEFAULT_PARSER: 'klingon' })).toThrow(/FIREWATCH_DEFAULT_PARSER="klingon" must be one of mysql-general, /);
    expect(loadTransformConfig({ FIREWATCH_DEFAULT_PARSER: 'postgresql' }).defaultParser?.name).toBe('postgresql');
    expect(loadTransformConfig({}).defaultParser).toBeUndefined();
  });
});
