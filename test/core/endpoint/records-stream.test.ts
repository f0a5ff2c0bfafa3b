import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gzip } from '../../../core/bytes/gzip.ts';
import { encodeUtf8 } from '../../../core/bytes/utf8.ts';
import { type BodyItem, readRecords, type ReadRecordsOptions } from '../../../core/endpoint/records-stream.ts';
import { chunked } from './support.ts';

const read = async (text: string | Uint8Array, options: ReadRecordsOptions = {}, chunkSize = 1 << 16): Promise<BodyItem[]> => {
  const items: BodyItem[] = [];
  for await (const item of readRecords(chunked(typeof text === 'string' ? encodeUtf8(text) : text, chunkSize), options)) items.push(item);
  return items;
};
const last = (items: BodyItem[]) => items.at(-1)!;
const errorOf = async (text: string | Uint8Array, options: ReadRecordsOptions = {}) => {
  const item = last(await read(text, options));
  if (item.type !== 'error') throw new Error(`expected an error, got ${JSON.stringify(item)}`);
  return item;
};

const BODY = '{"requestId":"r-1","timestamp":1764072000000,"records":[{"data":"aGVsbG8="},{"data":"d29ybGQ="},{"data":""}]}';

describe('readRecords', () => {
  it('yields each record with the request id and time, then the end', async () => {
    const items = await read(BODY);
    expect(items).toEqual([
      { type: 'record', index: 0, data: 'aGVsbG8=', requestId: 'r-1', timestamp: 1764072000000 },
      { type: 'record', index: 1, data: 'd29ybGQ=', requestId: 'r-1', timestamp: 1764072000000 },
      { type: 'record', index: 2, data: '', requestId: 'r-1', timestamp: 1764072000000 },
      { type: 'end', requestId: 'r-1', timestamp: 1764072000000, records: 3, bytes: BODY.length, wireBytes: BODY.length },
    ]);
  });

  it('gives the same items whatever the chunk boundaries', async () => {
    const spaced =
      ` \n{ "requestId" : "r-1" ,"note":"say \\"hi\\" \\\\","x\\\\":"\\\\",\t"timestamp":1764072000000, "records" : [ {"data":"aGVsbG8="} , { "data" : "d29y\\/bGQ=", "n": "\\"}]" } ] }\r\n`;
    const whole = await read(spaced);
    for (const size of [1, 2, 3, 5, 7, 13]) expect((await read(spaced, {}, size)).slice(0, -1)).toEqual(whole.slice(0, -1));
    expect(whole[1]).toMatchObject({ data: 'd29y/bGQ=' }); // `\/` is a valid JSON escape
  });

  it('agrees with JSON.parse on any body of the right shape, whatever the chunking', async () => {
    const record = fc.record({ data: fc.string({ unit: 'binary', maxLength: 30 }), extra: fc.option(fc.jsonValue({ maxDepth: 3 }), { nil: undefined }) });
    const shape = fc.record({
      requestId: fc.string({ unit: 'binary', maxLength: 40 }),
      timestamp: fc.integer(),
      records: fc.array(record, { maxLength: 8 }),
      other: fc.jsonValue({ maxDepth: 3 }),
    });
    await fc.assert(
      fc.asyncProperty(shape, fc.integer({ min: 1, max: 40 }), fc.boolean(), async (value, chunk, spaced) => {
        const text = JSON.stringify(value, null, spaced ? 1 : undefined);
        const items = await read(text, {}, chunk);
        const parsed = JSON.parse(text) as typeof value;
        expect(items.slice(0, -1).map((i) => i.type === 'record' && i.data)).toEqual(parsed.records.map((r) => r.data));
        expect(last(items)).toMatchObject({ type: 'end', requestId: parsed.requestId, timestamp: parsed.timestamp, records: parsed.records.length });
      }),
      { numRuns: 200 },
    );
  });

  it('reads the record shape Firehose sends, and any departure from it, alike within one chunk and across chunks', async () => {
    const records = [
      '{"data":"aGVsbG8="}',
      ' { "data" : "aGk=" } ',
      '{"data":"d29y\\/bGQ="}',
      '{"data":"eA==","n":1}',
      '{"n":{},"data":"eQ=="}',
      '{"data":"4pyT"}',
    ];
    const text = `{"records":[${records.join(',')}]}`;
    const datas = ['aGVsbG8=', 'aGk=', 'd29y/bGQ=', 'eA==', 'eQ==', '4pyT'];
    for (const size of [1 << 16, 1, 9, 17]) {
      const items = await read(text, {}, size);
      expect(items.slice(0, -1).map((i) => i.type === 'record' && i.data)).toEqual(datas);
    }
    // Data that is not UTF-8 or over the cap is refused whichever way it was read.
    const notUtf8 = new Uint8Array([...encodeUtf8('{"records":[{"data":"'), 0xff, ...encodeUtf8('"}]}')]);
    expect(await errorOf(notUtf8)).toMatchObject({ error: { code: 'UTF8_INVALID' } });
    expect((await errorOf(`{"records":[{"data":"${'A'.repeat(20)}"}]}`, { maxRecordBytes: 12 })).error.message).toMatch(/longer than 16 base64/);
  });

  it('skips keys it does not know, whatever their value, and takes any key order', async () => {
    const items = await read('{"extra":{"a":[1,{"b":"}]"}],"c":null},"records":[{"meta":[true,false],"data":"eA=="}],"timestamp":5,"requestId":"late"}');
    expect(items).toEqual([
      { type: 'record', index: 0, data: 'eA==', requestId: undefined, timestamp: undefined },
      { type: 'end', requestId: 'late', timestamp: 5, records: 1, bytes: expect.any(Number), wireBytes: expect.any(Number) },
    ]);
  });

  it('inflates a gzip body, counting wire and inflated bytes', async () => {
    const items = await read(gzip(encodeUtf8(BODY)), { gzip: true }, 5);
    expect(items.filter((i) => i.type === 'record')).toHaveLength(3);
    const end = last(items);
    expect(end).toMatchObject({ type: 'end', bytes: BODY.length });
    expect(end.type === 'end' && end.wireBytes).toBeLessThan(BODY.length);
  });

  it('reports corrupt gzip as malformed', async () => {
    const bytes = gzip(encodeUtf8(BODY));
    bytes[20] = bytes[20]! ^ 0xff;
    const error = await errorOf(bytes, { gzip: true });
    expect(error.reason).toBe('malformed');
    expect((await errorOf(encodeUtf8('not gzip at all'), { gzip: true })).reason).toBe('malformed');
  });

  it('stops a gzip bomb at the inflated cap', async () => {
    const bomb = gzip(encodeUtf8(`{"records":[{"data":"${'A'.repeat(4_000_000)}"}]}`));
    expect(bomb.length).toBeLessThan(20_000);
    const error = await errorOf(bomb, { gzip: true, maxBodyBytes: 1_000_000, maxRecordBytes: 10_000_000 });
    expect(error).toMatchObject({ reason: 'too-large', error: { code: 'INPUT_TOO_LARGE' } });
  });

  it('stops a body over the cap, compressed or not', async () => {
    expect(await errorOf(BODY, { maxBodyBytes: 50 })).toMatchObject({ reason: 'too-large' });
    const random = new Uint8Array(5000).map((_, i) => (i * 7919) % 251);
    expect(await errorOf(gzip(random, 0), { gzip: true, maxBodyBytes: 1024 })).toMatchObject({ reason: 'too-large' });
  });

  it('refuses more records than allowed and records larger than allowed', async () => {
    const many = `{"records":[${Array.from({ length: 4 }, () => '{"data":"eA=="}').join(',')}]}`;
    const error = await errorOf(many, { maxRecords: 3 });
    expect(error).toMatchObject({ reason: 'malformed', error: { path: 'records[3]' } });
    const big = await errorOf(`{"records":[{"data":"${'A'.repeat(20)}"}]}`, { maxRecordBytes: 12 });
    expect(big).toMatchObject({ reason: 'malformed', error: { path: 'records[0].data' } });
    // 1,024,000 bytes is 1,365,336 base64 characters: that many are fine
    expect(last(await read(`{"records":[{"data":"${'A'.repeat(1_365_336)}"}]}`)).type).toBe('end');
  });

  it('reports malformed bodies with where, never throwing', async () => {
    const cases: [string, RegExp][] = [
      ['', /must be a JSON object/],
      ['[]', /must be a JSON object/],
      ['{"records":[{"data":"eA=="}', /expected ',' or ']'/],
      ['{"records":[{"data":"eA==', /ends inside a string/],
      ['{"records":[{"data":1}]}', /records\[0\]\.data: must be a base64 string/],
      ['{"records":[{"dat":"x"}]}', /records\[0\]: has no data/],
      ['{"records":{}}', /records must be an array/],
      ['{"records":[]} x', /the end of the body/],
      ['{"records":[],"records":[]}', /appears twice/],
      ['{"requestId":1,"records":[]}', /requestId: must be a string/],
      ['{"timestamp":"x","records":[]}', /value for timestamp/],
      ['{"timestamp":1e999,"records":[]}', /timestamp: must be a number/],
      ['{"requestId":"r"}', /no records array/],
      ['{"a":[1,2}', /expected a value/],
      ['{"a":' + '['.repeat(100) + ']'.repeat(100) + ',"records":[]}', /nested deeper/],
      ['{"records":[{"data":"\\x"}]}', /invalid escape/],
    ];
    for (const [text, message] of cases) {
      const error = await errorOf(text);
      expect(error.reason).toBe('malformed');
      expect(error.error.message).toMatch(message);
    }
    expect((await errorOf(new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]))).error.message).toBeDefined();
  });

  it('takes an empty records array and an empty object with no records as an error only for the latter', async () => {
    expect(last(await read('{"requestId":"r","timestamp":1,"records":[]}'))).toMatchObject({ type: 'end', records: 0 });
    expect(last(await read('{}')).type).toBe('error');
  });

  it('stops reading when the consumer stops', async () => {
    let pulled = 0;
    const source = encodeUtf8(`{"records":[${Array.from({ length: 1000 }, () => '{"data":"eA=="}').join(',')}]}`);
    let at = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        if (at >= source.length) return controller.close();
        controller.enqueue(source.slice(at, at + 100));
        at += 100;
      },
    });
    for await (const item of readRecords(stream)) if (item.type === 'record' && item.index === 2) break;
    expect(pulled).toBeLessThan(10);
  });

  it('ends with "aborted" once the signal fires', async () => {
    const controller = new AbortController();
    controller.abort();
    expect(await errorOf(BODY, { signal: controller.signal })).toMatchObject({ reason: 'aborted' });
  });
});
