import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decodeBase64 } from '../../core/bytes/base64.ts';
import { gzip } from '../../core/bytes/gzip.ts';
import { decodeRecordData } from '../../core/cloudwatch/record.ts';
import { encodeBase64 } from '../../core/bytes/base64.ts';
import type { TransformationEvent, TransformationResponse } from '../../core/firehose/lambda-event.ts';
import { buildControlMessage, buildEnvelope, buildTransformationEvent, encodeRecord, SAMPLE_TIME } from '../../core/samples/records.ts';
import { loadTransformConfig } from '../../lambda/config.ts';
import { resetReingestClients } from '../../lambda/reingest.ts';
import { createTransformHandler } from '../../lambda/transform.ts';
import { describeWithTool } from '../support/external-tool.ts';
import { DUMMY_CREDENTIALS, type FirehoseStandIn, startFirehoseStandIn } from '../support/firehose-standin.ts';
import { type Kinesalite, startKinesalite } from '../support/kinesalite.ts';
import { type Moto, type MotoDeliveryStream, splitJsonObjects, startMoto } from '../support/moto.ts';

const GENERAL = '/aws/rds/instance/shop-db/general';
const STREAM = 'firewatch-rds';
const utf8 = (s: string) => new TextEncoder().encode(s);
const decoder = new TextDecoder();

const generalLines = (n: number, seed: number) =>
  Array.from(
    { length: n },
    (_, i) =>
      `2026-11-25T11:41:${String(i % 60).padStart(2, '0')}.${String(seed * 1000 + i).padStart(6, '0')}Z\t${
        String(40 + (i % 5)).padStart(5)
      } Query\tSELECT * FROM orders WHERE id = ${seed * 100 + i}`,
  );

/** Event ids of the documents in a response's `Ok` answers. */
function documentedIds(response: TransformationResponse): string[] {
  return response.records.flatMap((r) => {
    if (r.result !== 'Ok') return [];
    const bytes = decodeBase64(r.data);
    if (!bytes.ok) throw bytes.error;
    return new TextDecoder()
      .decode(bytes.value)
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line).cloudwatch.event_id as string);
  });
}

function eventIdsOf(data: Uint8Array): string[] {
  const payload = decodeRecordData(data);
  if (!payload.ok || payload.value.kind !== 'cloudwatch') throw new Error('not a CloudWatch record');
  return payload.value.envelopes.flatMap((e) => e.logEvents.map((ev) => ev.id));
}

const context = { getRemainingTimeInMillis: () => 60_000 };

describeWithTool('moto_server', "transformation handler, re-ingesting through moto's Firehose", () => {
  let moto: Moto;
  let stream: MotoDeliveryStream;
  let logs: string[];
  const handler = (env: Record<string, string> = {}) =>
    createTransformHandler(loadTransformConfig({ FIREWATCH_REINGEST_BASE_DELAY_MS: '1', ...env }), {
      log: (line) => logs.push(line),
      reingestOptions: { firehose: moto.clientConfig() },
    });
  /** The records moto accepted that carry any of `ids` (re-ingested envelopes are JSON; each delivery concatenates its call's). */
  async function reingestedFrom(ids: readonly string[]): Promise<Uint8Array[]> {
    const wanted = new Set(ids);
    const records = (await stream.deliveries()).flatMap((data) => splitJsonObjects(decoder.decode(data)).map(utf8));
    return records.filter((data) => eventIdsOf(data).some((id) => wanted.has(id)));
  }

  // moto (Python, Flask) takes ~2 s to start idle, longer on a busy machine.
  beforeAll(async () => {
    moto = await startMoto();
    stream = await moto.createDeliveryStream(STREAM);
  }, 60_000);
  afterAll(async () => {
    resetReingestClients();
    await moto?.stop();
  });
  beforeEach(() => {
    logs = [];
  });

  it('turns every event into exactly one document once re-ingested records come back', async () => {
    const envelopes = [0, 1, 2].map((seed) => buildEnvelope({ lines: generalLines(40, seed), logGroup: GENERAL, idSeed: seed }));
    const expected = envelopes.flatMap((e) => e.logEvents.map((ev) => ev.id)).sort();
    const transform = handler();

    const first = await transform(buildTransformationEvent(envelopes.map((e) => encodeRecord(e))), context);
    expect(first.records.map((r) => r.result)).toEqual(['Ok', 'Ok', 'Ok']);
    const reingested = await reingestedFrom(expected);
    expect(reingested).toHaveLength(117);
    expect(reingested.every((data) => eventIdsOf(data).length === 1)).toBe(true);

    // Firehose delivers the re-ingested records back through the Lambda: they answer Ok and re-ingest nothing.
    const second = await transform(buildTransformationEvent(reingested), context);
    expect(second.records.every((r) => r.result === 'Ok')).toBe(true);
    expect(await reingestedFrom(expected)).toHaveLength(117);
    expect([...documentedIds(first), ...documentedIds(second)].sort()).toEqual(expected);
  });

  it('writes one summary line per invocation in Embedded Metric Format', async () => {
    await handler()(
      buildTransformationEvent([encodeRecord(buildEnvelope({ lines: generalLines(3, 7), logGroup: GENERAL, idSeed: 7 })), encodeRecord(buildControlMessage())]),
      context,
    );
    expect(logs).toHaveLength(1);
    const line = JSON.parse(logs[0]!);
    expect(line._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: 'firewatch', Dimensions: [['DeliveryStream']] });
    const names = line._aws.CloudWatchMetrics[0].Metrics.map((m: { Name: string }) => m.Name);
    for (const name of names) expect(typeof line[name]).toBe('number');
    expect(line).toMatchObject({
      DeliveryStream: STREAM,
      RecordsIn: 2,
      RecordsOk: 1,
      RecordsDropped: 1,
      Events: 3,
      Documents: 1,
      ControlMessages: 1,
      RecordsReingested: 2,
      mode: 'split',
    });
  });

  it('handles an oversized event by answering it directly and re-ingesting the rest', async () => {
    const big = 'SELECT ' + 'x'.repeat(1_100_000);
    const envelope = buildEnvelope({
      lines: [`2026-11-25T11:41:00.000001Z\t    1 Query\t${big}`, '2026-11-25T11:41:00.000002Z\t    1 Quit\t'],
      logGroup: GENERAL,
      idSeed: 30,
    });
    const response = await handler()(buildTransformationEvent([encodeRecord(envelope)]), context);
    expect(response.records[0]!.result).toBe('Ok');
    expect(documentedIds(response)).toEqual([envelope.logEvents[0]!.id]);
    expect((await reingestedFrom(envelope.logEvents.map((e) => e.id))).map(eventIdsOf)).toEqual([[envelope.logEvents[1]!.id]]);
  });
});

describe('transformation handler, bad input', () => {
  let logs: string[];
  const handler = (env: Record<string, string> = {}) =>
    createTransformHandler(loadTransformConfig(env), {
      log: (line) => logs.push(line),
      reingest: () => Promise.reject(new Error('nothing here has events to re-ingest')),
    });

  beforeEach(() => {
    logs = [];
  });

  it('keeps every good record when bad ones share the batch, naming each failure', async () => {
    const good = () => encodeRecord(buildEnvelope({ lines: ['2026-11-25T11:41:00.000001Z\t    1 Quit\t'], logGroup: GENERAL }));
    const bomb = gzip(new Uint8Array(80 * 1024 * 1024), 9);
    const bad: [string, Uint8Array | string][] = [
      ['BASE64_INVALID', '***not base64***'],
      ['GZIP_TRUNCATED', good().subarray(0, 20)],
      ['GZIP_TOO_LARGE', bomb],
      ['JSON_INVALID', gzip(utf8('{"messageType":"DATA_MESSAGE",'))],
      ['ENVELOPE_INVALID', gzip(utf8('{"messageType":"DATA_MESSAGE","logEvents":[{"id":1}]}'))],
      ['MESSAGE_TYPE_UNKNOWN', gzip(utf8('{"messageType":"OTHER","logEvents":[]}'))],
      ['UTF8_INVALID', gzip(new Uint8Array([0x7b, 0xc3, 0x28, 0x7d]))],
      ['GZIP_HEADER_INVALID', new Uint8Array([0x1f, 0x8b, 0x08, 0xe0, 0, 0, 0, 0, 0, 0, 0])],
    ];
    const event = buildTransformationEvent([good(), ...bad.map(() => good()), good()]);
    const records = event.records.map((
      r,
      i,
    ) => (i >= 1 && i <= bad.length
      ? { ...r, data: typeof bad[i - 1]![1] === 'string' ? (bad[i - 1]![1] as string) : encodeBase64(bad[i - 1]![1] as Uint8Array) }
      : r)
    );
    const response = await handler({ FIREWATCH_MAX_INFLATED_BYTES: String(64 * 1024 * 1024) })({ ...event, records }, context);
    expect(response.records.map((r) => r.result)).toEqual(['Ok', ...bad.map(() => 'ProcessingFailed'), 'Ok']);
    const errors: string[] = JSON.parse(logs[0]!).errors;
    for (const i of bad.keys()) expect(errors[i]).toMatch(new RegExp(`^firewatch: records\\[${i + 1}\\]\\.data: `));
    expect(errors).toHaveLength(bad.length);
    expect(bad.map(([code]) => code)).toHaveLength(new Set(bad.map(([code]) => code)).size);
  });

  it('fails an event that did not come from Firehose, so Firehose retries it', async () => {
    await expect(handler()({ records: [{ data: 'x' }], deliveryStreamArn: 'arn:aws:firehose:us-east-1:1:deliverystream/x' }, context)).rejects.toThrow(
      /records\[0\]\.recordId/,
    );
    await expect(handler()({ hello: 'world' }, context)).rejects.toThrow(/EVENT_SHAPE_INVALID|records is missing/);
  });
});

describe('transformation handler, re-ingesting through a Firehose stand-in that refuses records (a fault moto cannot produce)', () => {
  let firehose: FirehoseStandIn;
  let logs: string[];
  const handler = (env: Record<string, string> = {}) =>
    createTransformHandler(loadTransformConfig({ FIREWATCH_REINGEST_BASE_DELAY_MS: '1', ...env }), {
      log: (line) => logs.push(line),
      reingestOptions: { firehose: { endpoint: firehose.endpoint, region: 'us-east-1', credentials: DUMMY_CREDENTIALS } },
    });

  beforeAll(async () => {
    firehose = await startFirehoseStandIn({ streams: [STREAM] });
  });
  afterAll(async () => {
    resetReingestClients();
    await firehose.close();
  });
  beforeEach(() => {
    logs = [];
  });

  it('answers ProcessingFailed for parents whose re-ingestion finally fails, and Ok for the others', async () => {
    const poisoned = buildEnvelope({ lines: generalLines(5, 20), logGroup: GENERAL, idSeed: 20 });
    const healthy = buildEnvelope({ lines: generalLines(5, 21), logGroup: GENERAL, idSeed: 21 });
    const poisonedIds = new Set(poisoned.logEvents.map((e) => e.id));
    firehose.failEntries({ where: (data) => eventIdsOf(data).some((id) => poisonedIds.has(id)) });
    try {
      const response = await handler({ FIREWATCH_REINGEST_MAX_ATTEMPTS: '3' })(
        buildTransformationEvent([encodeRecord(poisoned), encodeRecord(healthy)]),
        context,
      );
      expect(response.records.map((r) => r.result)).toEqual(['ProcessingFailed', 'Ok']);
      expect(JSON.parse(logs[0]!)).toMatchObject({ RecordsProcessingFailed: 1, ReingestFailed: 4 });
    } finally {
      firehose.clearFaults();
    }
  });
});

describe('transformation handler, re-ingesting into a Kinesis source stream (kinesalite)', () => {
  let kinesis: Kinesalite;
  const source = 'rds-logs';
  const arn = `arn:aws:kinesis:us-east-1:123456789012:stream/${source}`;

  beforeAll(async () => {
    kinesis = await startKinesalite();
    await kinesis.createStream(source, 2);
  });
  afterAll(async () => {
    resetReingestClients();
    await kinesis.stop();
  });

  it('puts the remaining events back into the stream with event ids as partition keys', async () => {
    const envelope = buildEnvelope({ lines: generalLines(30, 40), logGroup: GENERAL, idSeed: 40, startTime: SAMPLE_TIME });
    const logs: string[] = [];
    const transform = createTransformHandler(loadTransformConfig({}), {
      log: (line) => logs.push(line),
      reingestOptions: { kinesis: { endpoint: kinesis.endpoint, region: 'us-east-1', credentials: DUMMY_CREDENTIALS } },
    });
    const event: TransformationEvent = buildTransformationEvent([encodeRecord(envelope)], { source: 'kinesis', kinesisStreamArn: arn });
    const response = await transform(event, context);
    expect(response.records[0]!.result).toBe('Ok');
    const stored = await kinesis.readRecords(source);
    expect(stored).toHaveLength(29);
    expect(stored.map((r) => r.partitionKey).sort()).toEqual(stored.map((r) => eventIdsOf(r.data)[0]).sort());
    expect([...documentedIds(response), ...stored.flatMap((r) => eventIdsOf(r.data))].sort()).toEqual(envelope.logEvents.map((e) => e.id).sort());
    expect(JSON.parse(logs[0]!)).toMatchObject({ RecordsReingested: 29, ReingestFailed: 0 });
  });
});

describe('transformation configuration', () => {
  it('names the variable and the expected values when one is wrong', () => {
    expect(() => loadTransformConfig({ FIREWATCH_MODE: 'batch' })).toThrow(/FIREWATCH_MODE="batch" must be one of split, ndjson/);
    expect(() => loadTransformConfig({ FIREWATCH_RESPONSE_BUDGET_BYTES: '7000000' })).toThrow(/FIREWATCH_RESPONSE_BUDGET_BYTES/);
    expect(() => loadTransformConfig({ FIREWATCH_PARSERS: '/aws/rds/*=nope' })).toThrow(/FIREWATCH_PARSERS/);
    expect(loadTransformConfig({ FIREWATCH_MODE: 'NDJSON', FIREWATCH_RESPONSE_BUDGET_BYTES: '5_000_000' })).toMatchObject({
      mode: 'ndjson',
      responseBudgetBytes: 5_000_000,
    });
  });
});
