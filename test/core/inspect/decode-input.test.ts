import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeBase64 } from '../../../core/bytes/base64.ts';
import { gzip } from '../../../core/bytes/gzip.ts';
import { planTransformation } from '../../../core/firehose/transform.ts';
import { type DecodedInput, type DecodedItem, type DecodedPayload, decodeInput, InputKind } from '../../../core/inspect/mod.ts';
import { buildSampleEnvelopes, buildSampleEvent, buildSampleHttpRequest, buildSampleRecords } from '../../../core/samples/events.ts';
import { buildControlMessage, buildEnvelope, buildTransformationEvent, encodeRecord, SAMPLE_KINESIS_STREAM_ARN } from '../../../core/samples/records.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) (out.set(p, o), (o += p.length));
  return out;
};

const GENERAL = '/aws/rds/instance/shop-db/general';
const QUERY = '2026-11-25T11:41:00.123456Z\t   42 Query\tSELECT 1';
const INIT_DB = '2026-11-25T11:41:00.223456Z\t   42 Init DB\tshop';
const goodRecord = () => encodeRecord(buildEnvelope({ lines: [QUERY, INIT_DB], logGroup: GENERAL }));

/** The payload of an item that must have decoded. */
function payloadOf(item: DecodedItem | undefined): DecodedPayload {
  if (!item) throw new Error('no such item');
  if (!item.decoded.ok) throw new Error(`item ${item.position} failed: ${item.decoded.error.message}`);
  return item.decoded.value;
}

/** `[position, error code or "ok"]` for every item: the shape most assertions care about. */
const outcomes = (decoded: DecodedInput) => decoded.items.map((i) => [i.position, i.decoded.ok ? 'ok' : i.decoded.error.code]);
const errorMessages = (decoded: DecodedInput) => decoded.items.flatMap((i) => (i.decoded.ok ? [] : [i.decoded.error.message]));

describe('decodeInput: Firehose transformation events', () => {
  it('decodes every record, keeps bad ones as errors beside the good ones, and says which byte failed', () => {
    // Prepare: good data, a truncated gzip, a control message, plain text, bad base64 and a missing data field.
    const event = buildTransformationEvent([goodRecord(), goodRecord().subarray(0, 40), encodeRecord(buildControlMessage()), utf8('a plain line')]);
    const records = [...event.records, { recordId: 'bad-base64', data: 'H4sI!!!!' }, { recordId: 'no-data' }];

    // Act
    const decoded = decodeInput(JSON.stringify({ ...event, records }));

    // Assess
    expect(decoded.kind).toBe(InputKind.TRANSFORMATION_EVENT);
    expect(decoded.description).toContain('6 records');
    expect(outcomes(decoded)).toEqual([
      ['records[0]', 'ok'],
      ['records[1]', 'GZIP_TRUNCATED'],
      ['records[2]', 'ok'],
      ['records[3]', 'ok'],
      ['records[4]', 'BASE64_INVALID'],
      ['records[5]', 'EVENT_SHAPE_INVALID'],
    ]);
    expect(errorMessages(decoded)).toEqual([
      'firewatch: records[1].data: compressed data ends before the deflate stream does',
      'firewatch: records[4].data: invalid base64 character "!" at offset 4',
      'firewatch: records[5].data: is missing or not a string of base64',
    ]);
    // The plain-text record is what Firehose's message extraction writes: its line is one event.
    expect(decoded.summary).toMatchObject({ records: 6, envelopes: 2, events: 3, controlMessages: 1, documents: 3, errors: 3 });
    expect(payloadOf(decoded.items[3])).toMatchObject({ kind: 'lines', events: [{ line: 1, message: 'a plain line', id: `${event.records[3]!.recordId}:0` }] });
    expect(decoded.items[0]?.record?.recordId).toBe(event.records[0]?.recordId);
    expect(decoded.context).toMatchObject({ invocationId: event.invocationId, deliveryStreamArn: event.deliveryStreamArn });
  });

  it("builds each event's document with the parser its log group names", () => {
    const decoded = decodeInput(JSON.stringify(buildTransformationEvent([goodRecord()])));
    const payload = payloadOf(decoded.items[0]);
    expect(payload.kind).toBe('cloudwatch');
    expect(payload.documents).toEqual([
      expect.objectContaining({ '@timestamp': '2026-11-25T11:41:00.123456Z', parser: 'mysql-general', thread_id: 42, command: 'Query', argument: 'SELECT 1' }),
      expect.objectContaining({ parser: 'mysql-general', command: 'Init DB', db: 'shop' }),
    ]);
    expect(payload.documents[0]?.['cloudwatch']).toMatchObject({ log_group: GENERAL, log_stream: 'shop-db' });
  });

  it('honours a forced parser, overrides, and documents: false', () => {
    const input = JSON.stringify(buildTransformationEvent([goodRecord()]));
    expect(payloadOf(decodeInput(input, { parser: 'text' }).items[0]).documents.map((d) => d['parser'])).toEqual(['text', 'text']);
    expect(payloadOf(decodeInput(input, { parserOverrides: [{ pattern: '/aws/rds/*', parser: 'json' }] }).items[0]).documents[0]?.['parser']).toBe('json');
    const quick = decodeInput(input, { documents: false });
    expect(payloadOf(quick.items[0]).documents).toEqual([]);
    expect(quick.summary.events).toBe(2);
    expect(decodeInput(input, { parser: 'nope' as 'text' }).error?.code).toBe('CONFIG_INVALID');
  });

  it('reads Kinesis metadata and warns about an event Firehose would never send', () => {
    const event = buildSampleEvent({ records: 2, source: 'kinesis' });
    const first = event.records[0]!;
    const decoded = decodeInput(JSON.stringify({ ...event, records: [first, first] }));
    expect(decoded.context?.['sourceKinesisStreamArn']).toBe(SAMPLE_KINESIS_STREAM_ARN);
    expect(decoded.description).toContain('from Kinesis stream firewatch-rds');
    expect(decoded.items[0]?.record).toMatchObject({ partitionKey: 'partition-0', shardId: 'shardId-000000000000' });
    expect(decoded.warnings.map((w) => w.code)).toEqual(['EVENT_SHAPE_INVALID']);
    expect(decoded.warnings[0]?.message).toContain('appears twice');
  });
});

describe('decodeInput: transformation responses', () => {
  it('decodes the documents of Ok answers, split and NDJSON alike', () => {
    const event = buildTransformationEvent([goodRecord(), encodeRecord(buildControlMessage()), goodRecord().subarray(0, 30)]);
    for (const mode of ['split', 'ndjson'] as const) {
      const { response } = planTransformation(event, { mode });
      const decoded = decodeInput(JSON.stringify(response));
      expect(decoded.kind).toBe(InputKind.TRANSFORMATION_RESPONSE);
      expect(decoded.description).toContain('3 answers (1 Ok, 1 Dropped, 1 ProcessingFailed)');
      expect(decoded.items.map((i) => i.record?.result)).toEqual(['Ok', 'Dropped', 'ProcessingFailed']);
      const documents = payloadOf(decoded.items[0]).documents;
      expect(documents.length).toBe(mode === 'split' ? 1 : 2);
      expect(documents[0]).toMatchObject({ parser: 'mysql-general', thread_id: 42 });
      expect(payloadOf(decoded.items[1])).toEqual({ kind: 'none', documents: [] });
      expect(decoded.summary.documents).toBe(documents.length);
    }
  });

  it('reports answers Firehose would reject', () => {
    const response = {
      records: [
        { recordId: 'a', result: 'Ok', data: encodeBase64(utf8('{"message":"fine"}\n{"message":"also fine"}\n')) },
        { recordId: 'b', result: 'OK', data: '' },
        { recordId: 'c', result: 'Ok' },
        { recordId: 'd', result: 'Ok', data: encodeBase64(utf8('{"message":"fine"}\n[1,2]\n')) },
        { recordId: 'e', result: 'Ok', data: encodeBase64(utf8('plain text answer')) },
      ],
    };
    const decoded = decodeInput(JSON.stringify(response));
    expect(outcomes(decoded)).toEqual([
      ['records[0]', 'ok'],
      ['records[1]', 'EVENT_SHAPE_INVALID'],
      ['records[2]', 'EVENT_SHAPE_INVALID'],
      ['records[3]', 'JSON_INVALID'],
      ['records[4]', 'ok'],
    ]);
    expect(payloadOf(decoded.items[0]).documents).toEqual([{ message: 'fine' }, { message: 'also fine' }]);
    expect(errorMessages(decoded)[2]).toBe('firewatch: records[3].data: line 2: is not a JSON object (OpenSearch indexes objects only)');
    expect(payloadOf(decoded.items[4])).toEqual({ kind: 'text', text: 'plain text answer', documents: [] });
  });
});

describe('decodeInput: other JSON envelopes of records', () => {
  it('decodes a Firehose HTTP endpoint request body', () => {
    const body = buildSampleHttpRequest({ format: 'postgresql', records: 2, events: 3 });
    const decoded = decodeInput(JSON.stringify(body));
    expect(decoded.kind).toBe(InputKind.HTTP_ENDPOINT_REQUEST);
    expect(decoded.context).toEqual({ requestId: body.requestId, timestamp: body.timestamp });
    expect(decoded.summary).toMatchObject({ records: 2, events: 6, documents: 6, errors: 0 });
    expect(payloadOf(decoded.items[1]).documents[0]).toMatchObject({ parser: 'postgresql' });
  });

  it('decodes a CloudWatch Logs Lambda subscription event', () => {
    const decoded = decodeInput(JSON.stringify({ awslogs: { data: encodeBase64(goodRecord()) } }));
    expect(decoded.kind).toBe(InputKind.AWSLOGS_EVENT);
    expect(outcomes(decoded)).toEqual([['awslogs.data', 'ok']]);
    expect(decoded.summary).toMatchObject({ events: 2, documents: 2 });
    const broken = decodeInput(JSON.stringify({ awslogs: { data: encodeBase64(goodRecord().subarray(0, 50)) } }));
    expect(errorMessages(broken)).toEqual(['firewatch: awslogs.data: compressed data ends before the deflate stream does']);
  });

  it('decodes a Lambda on-failure record of the subscription Lambda (the event is its requestPayload)', () => {
    const record = {
      version: '1.0',
      timestamp: '2026-11-25T11:41:00.000Z',
      requestContext: { condition: 'RetriesExhausted', approximateInvokeCount: 3 },
      requestPayload: { awslogs: { data: encodeBase64(goodRecord()) } },
      responseContext: { statusCode: 200, functionError: 'Unhandled' },
    };
    const decoded = decodeInput(JSON.stringify(record));
    expect(decoded.kind).toBe(InputKind.AWSLOGS_EVENT);
    expect(decoded.description).toContain('on-failure record (RetriesExhausted)');
    expect(outcomes(decoded)).toEqual([['requestPayload.awslogs.data', 'ok']]);
    expect(decoded.summary).toMatchObject({ events: 2, documents: 2 });
  });

  it('decodes a Kinesis Lambda event and `aws kinesis get-records` output', () => {
    const data = encodeBase64(goodRecord());
    const lambda = decodeInput(
      JSON.stringify({
        Records: [{ kinesis: { partitionKey: 'p', sequenceNumber: '1', data, approximateArrivalTimestamp: 1795606865.5 }, eventSource: 'aws:kinesis' }],
      }),
    );
    expect(lambda.kind).toBe(InputKind.KINESIS_RECORDS);
    expect(lambda.items[0]?.record).toEqual({ partitionKey: 'p', sequenceNumber: '1', approximateArrivalTimestamp: 1795606865500 });
    const cli = decodeInput(JSON.stringify({ Records: [{ Data: data, PartitionKey: 'p', SequenceNumber: '1' }, { Data: '!!' }], NextShardIterator: 'x' }));
    expect(outcomes(cli)).toEqual([
      ['Records[0]', 'ok'],
      ['Records[1]', 'BASE64_INVALID'],
    ]);
    expect(errorMessages(cli)[0]).toMatch(/^firewatch: Records\[1\]\.Data: /);
  });

  it('decodes a plain CloudWatch Logs envelope, and envelopes one per line', () => {
    const envelope = buildEnvelope({ lines: [QUERY], logGroup: GENERAL });
    const one = decodeInput(JSON.stringify(envelope, null, 2));
    expect(one.kind).toBe(InputKind.ENVELOPE);
    expect(payloadOf(one.items[0])).toMatchObject({ kind: 'cloudwatch', gzipped: false, envelopes: [envelope] });

    const lines = [JSON.stringify(envelope), JSON.stringify(buildControlMessage()), '{"messageType":"DATA_MESSAGE","logEvents":7}'].join('\n');
    const many = decodeInput(lines);
    expect(many.kind).toBe(InputKind.ENVELOPE);
    expect(outcomes(many)).toEqual([
      ['line 1', 'ok'],
      ['line 2', 'ok'],
      ['line 3', 'ENVELOPE_INVALID'],
    ]);
    expect(many.summary).toMatchObject({ events: 1, controlMessages: 1, errors: 1 });
  });
});

describe('decodeInput: S3 backup lines', () => {
  const base = { attemptsMade: 4, arrivalTimestamp: 1795606865000, attemptEndingTimestamp: 1795606925000 };
  const document = { '@timestamp': '2026-11-25T11:41:00.123456Z', message: 'x', parser: 'text' };
  const lines = [
    {
      ...base,
      errorCode: 'Lambda.ProcessingFailedStatus',
      errorMessage: 'ProcessingFailed status set for record',
      rawData: encodeBase64(goodRecord()),
      lambdaArn: 'arn:aws:lambda:us-east-1:123456789012:function:firewatch:$LATEST',
    },
    {
      ...base,
      errorCode: 'Lambda.FunctionError',
      errorMessage: 'The Lambda function was successfully invoked but it returned an error result.',
      rawData: encodeBase64(goodRecord()),
      lambdaARN: 'arn:aws:lambda:us-east-1:123456789012:function:firewatch',
    },
    {
      ...base,
      errorCode: '400',
      errorMessage: '{"type":"mapper_parsing_exception"}',
      rawData: encodeBase64(utf8(JSON.stringify(document))),
      esDocumentId: 'doc-1',
      esIndexName: 'rds-logs',
      esTypeName: '',
    },
    {
      ...base,
      errorCode: 'OS.MapperParsingException',
      errorMessage: 'failed to parse',
      rawData: encodeBase64(utf8(JSON.stringify(document))),
      osDocumentId: 'doc-2',
      osIndexName: 'rds-logs-serverless',
    },
    {
      ...base,
      errorCode: 'HttpEndpoint.InvalidResponseFromDestination',
      errorMessage: 'The response received from the endpoint is invalid.',
      rawData: encodeBase64(goodRecord().subarray(0, 60)),
    },
  ];

  it("keeps each line's error code, message, index and document id beside its decoded rawData", () => {
    const decoded = decodeInput(`${lines.map((l) => JSON.stringify(l)).join('\n')}\n{"attemptsMade": 1, "rawData": \n\n`);
    expect(decoded.kind).toBe(InputKind.S3_BACKUP);
    expect(decoded.description).toContain('5 S3 backup lines (2 processing-failed (Lambda), 2 OpenSearch-failed, 1 HTTP-endpoint-failed), and 1 other line');
    expect(outcomes(decoded)).toEqual([
      ['line 1', 'ok'],
      ['line 2', 'ok'],
      ['line 3', 'ok'],
      ['line 4', 'ok'],
      ['line 5', 'GZIP_TRUNCATED'],
      ['line 6', 'JSON_INVALID'],
    ]);
    expect(decoded.items.map((i) => i.backup?.type)).toEqual([
      'processing-failed',
      'processing-failed',
      'opensearch-failed',
      'opensearch-failed',
      'http-endpoint-failed',
      undefined,
    ]);
    expect(decoded.items[0]?.backup).toEqual({
      type: 'processing-failed',
      errorCode: 'Lambda.ProcessingFailedStatus',
      errorMessage: 'ProcessingFailed status set for record',
      attemptsMade: 4,
      arrivalTimestamp: 1795606865000,
      attemptEndingTimestamp: 1795606925000,
      lambdaArn: (lines[0] as { lambdaArn: string }).lambdaArn,
    });
    expect(decoded.items[1]?.backup?.lambdaArn).toBe((lines[1] as { lambdaARN: string }).lambdaARN);
    expect(decoded.items[2]?.backup).toMatchObject({ errorCode: '400', indexName: 'rds-logs', documentId: 'doc-1', typeName: '' });
    expect(decoded.items[3]?.backup).toMatchObject({ indexName: 'rds-logs-serverless', documentId: 'doc-2' });
    expect(payloadOf(decoded.items[2])).toEqual({ kind: 'documents', documents: [document] });
    expect(payloadOf(decoded.items[0])).toMatchObject({ kind: 'cloudwatch', documents: [{ command: 'Query' }, { command: 'Init DB' }] });
    expect(errorMessages(decoded)[0]).toBe('firewatch: line 5: rawData: compressed data ends before the deflate stream does');
    expect(errorMessages(decoded)[1]).toMatch(/^firewatch: line 6: not valid JSON/);
  });

  it('reads objects written back to back without newlines, and a gzip-compressed backup object', () => {
    const joined = lines.slice(0, 3).map((l) => JSON.stringify(l)).join('');
    const decoded = decodeInput(joined);
    expect(decoded.kind).toBe(InputKind.S3_BACKUP);
    expect(decoded.items.map((i) => i.position)).toEqual(['line 1, object 1', 'line 1, object 2', 'line 1, object 3']);

    const compressed = decodeInput(gzip(utf8(lines.map((l) => JSON.stringify(l)).join('\n'))));
    expect(compressed.kind).toBe(InputKind.S3_BACKUP);
    expect(compressed.description).toMatch(/^gzip data \(\d+ bytes, \d+ inflated\) holding: 5 S3 backup lines/);
    expect(compressed.summary.records).toBe(5);
  });

  it('decodes a single backup line', () => {
    const decoded = decodeInput(JSON.stringify(lines[0]));
    expect(decoded.kind).toBe(InputKind.S3_BACKUP);
    expect(outcomes(decoded)).toEqual([['input', 'ok']]);
  });
});

describe('decodeInput: raw gzip', () => {
  it('decodes one record', () => {
    const decoded = decodeInput(goodRecord());
    expect(decoded.kind).toBe(InputKind.GZIP);
    expect(decoded.description).toContain('2 log events of /aws/rds/instance/shop-db/general');
    expect(payloadOf(decoded.items[0])).toMatchObject({ kind: 'cloudwatch', gzipped: true });
  });

  it('decodes every member of an S3 object, and one damaged member hides none of the others', () => {
    const records = buildSampleRecords({ format: 'mixed', records: 5, events: 4, seed: 9 });
    const whole = decodeInput(concat(...records));
    expect(whole.kind).toBe(InputKind.GZIP);
    expect(whole.summary.records).toBe(5);
    expect(whole.summary.errors).toBe(0);
    expect(whole.summary.compressedBytes).toBe(records.reduce((n, r) => n + r.length, 0));
    expect(whole.items[1]?.position).toBe(`gzip member 2 at offset ${records[0]!.length}`);

    const damaged = records.map((r) => r.slice());
    const third = damaged[2]!;
    third[40] = third[40]! ^ 0xff;
    third[41] = third[41]! ^ 0xff;
    const decoded = decodeInput(concat(...damaged, utf8('junk')));
    const codes = outcomes(decoded).map(([, code]) => code);
    expect(codes.slice(0, 2)).toEqual(['ok', 'ok']);
    expect(codes[2]).toMatch(/^GZIP_/);
    expect(codes.slice(-3)).toEqual(['ok', 'ok', 'GZIP_CORRUPT']);
    expect(errorMessages(decoded).at(-1)).toMatch(/: 4 bytes of trailing data after the last gzip member$/);
  });

  it('reports a truncated member by position', () => {
    const records = buildSampleRecords({ records: 2 });
    const decoded = decodeInput(concat(records[0]!, records[1]!.subarray(0, records[1]!.length - 5)));
    expect(outcomes(decoded)).toEqual([
      ['gzip member 1 at offset 0', 'ok'],
      [`gzip member 2 at offset ${records[0]!.length}`, 'GZIP_TRUNCATED'],
    ]);
    expect(errorMessages(decoded)[0]).toBe(`firewatch: gzip member 2 at offset ${records[0]!.length}: gzip data ends before its 8-byte trailer`);
  });

  it('stops at the inflation cap', () => {
    const decoded = decodeInput(gzip(utf8(JSON.stringify(buildEnvelope({ lines: ['x'.repeat(200_000)] })))), { maxInflatedBytes: 10_000 });
    expect(outcomes(decoded)).toEqual([['input', 'GZIP_TOO_LARGE']]);
  });
});

describe('decodeInput: base64', () => {
  it('decodes a bare record, with or without CRLF line breaks', () => {
    const text = encodeBase64(goodRecord());
    const wrapped = (text.match(/.{1,76}/g) ?? []).join('\r\n') + '\r\n';
    for (const input of [text, wrapped]) {
      const decoded = decodeInput(input);
      expect(decoded.kind).toBe(InputKind.BASE64);
      expect(decoded.summary).toMatchObject({ records: 1, events: 2, errors: 0 });
    }
    expect(decodeInput(wrapped).description).toContain('line breaks ignored');
  });

  it('decodes several records one per line', () => {
    const text = buildSampleRecords({ records: 3 }).map(encodeBase64).join('\n') + '\nH4sIAAAA\n';
    const decoded = decodeInput(text);
    expect(decoded.kind).toBe(InputKind.BASE64);
    expect(outcomes(decoded).map(([p, c]) => `${p} ${c}`)).toEqual(['line 1 ok', 'line 2 ok', 'line 3 ok', 'line 4 GZIP_TRUNCATED']);
  });

  it('reads a record copied with its quotes', () => {
    const decoded = decodeInput(JSON.stringify(encodeBase64(goodRecord())));
    expect(decoded.kind).toBe(InputKind.BASE64);
    expect(decoded.description).toMatch(/^A JSON string holding a base64 record/);
    expect(decoded.summary.events).toBe(2);
  });

  it('reads bytes of base64 text too (a file as the CLI reads it)', () => {
    expect(decodeInput(utf8(encodeBase64(goodRecord()))).kind).toBe(InputKind.BASE64);
  });
});

describe('decodeInput: unknown input', () => {
  it('says what it tried', () => {
    const cases: [string | Uint8Array, string, RegExp][] = [
      ['', 'FORMAT_UNKNOWN', /the input is empty/],
      ['   \n', 'FORMAT_UNKNOWN', /the input is empty/],
      ['[1,2,3]', 'FORMAT_UNKNOWN', /a JSON array of 3 elements, not a recognised format; tried gzip, Firehose transformation response, /],
      ['[{"a":1},{"b":2}]', 'FORMAT_UNKNOWN', /a JSON array of 2 elements/],
      ['{"records": {}}', 'FORMAT_UNKNOWN', /a JSON object with key "records" \("records" is not an array\)/],
      ['{"rawData": 5}', 'FORMAT_UNKNOWN', /a JSON object with key "rawData", not a recognised format/],
      ['{\n  "records": [\n    {"recordId": "a",\n  ]\n}', 'JSON_INVALID', /^not valid JSON.*line 4 column 3/],
      [new Uint8Array([0x00, 0xff, 0xfe, 0x80]), 'FORMAT_UNKNOWN', /binary data that is neither gzip \(it starts 0x00 0xff 0xfe 0x80\) nor UTF-8 text/],
    ];
    for (const [input, code, detail] of cases) {
      const decoded = decodeInput(input);
      expect(decoded.kind).toBe(InputKind.UNKNOWN);
      expect(decoded.items).toEqual([]);
      expect(decoded.error?.code).toBe(code);
      expect(decoded.error?.detail).toMatch(detail);
      expect(decoded.summary.errors).toBe(1);
    }
  });

  it('never throws, whatever the input', () => {
    const record = goodRecord();
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json().map((j) => `{"records":[${j}]}`),
          fc.uint8Array({ maxLength: 300 }),
          fc.integer({ min: 1, max: record.length - 1 }).map((cut) => record.subarray(0, cut)),
          fc.tuple(fc.integer({ min: 0, max: record.length - 1 }), fc.integer({ min: 1, max: 255 })).map(([at, xor]) => {
            const copy = record.slice();
            copy[at] = copy[at]! ^ xor;
            return copy;
          }),
        ),
        (input) => {
          const decoded = decodeInput(input);
          expect(typeof decoded.description).toBe('string');
          expect(decoded.summary.records).toBe(decoded.items.length);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('decodeInput: sample inputs', () => {
  it('decodes what the sample builders produce, deterministically', () => {
    const envelopes = buildSampleEnvelopes({ format: 'mixed', records: 16, events: 3, seed: 4 });
    const event = buildSampleEvent({ format: 'mixed', records: 16, events: 3, seed: 4 });
    expect(buildSampleEvent({ format: 'mixed', records: 16, events: 3, seed: 4 })).toEqual(event);
    expect(buildSampleEvent({ format: 'mixed', records: 16, events: 3, seed: 5 })).not.toEqual(event);
    const decoded = decodeInput(JSON.stringify(event));
    const control = envelopes.filter((e) => e.messageType === 'CONTROL_MESSAGE').length;
    expect(decoded.summary).toMatchObject({ records: 16, controlMessages: control, events: (16 - control) * 3, errors: 0 });
    // Each format's records get their format's parser, and every line parses.
    for (const item of decoded.items) for (const document of payloadOf(item).documents) expect(document['error']).toBeUndefined();
  });
});
