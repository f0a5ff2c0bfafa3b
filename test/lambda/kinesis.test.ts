/**
 * lambda/kinesis.ts, the Kinesis event source mapping consumer, against a real Kinesis API (kinesalite,
 * through the AWS SDK) polled by test/support/esm-driver.ts as Lambda's mapping polls it, writing to the
 * `_bulk` stand-in with injected faults (429 and 5xx answers, item rejections, connection resets, refused
 * connections, mapping conflicts). Every test ends by checking that each log event is indexed exactly
 * once, by its CloudWatch event id.
 */
import { PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { encodeBase64 } from '../../core/bytes/base64.ts';
import type { DataMessage } from '../../core/cloudwatch/envelope.ts';
import { FirewatchError } from '../../core/errors.ts';
import { decodeInput } from '../../core/inspect/decode-input.ts';
import { buildSampleEnvelopes } from '../../core/samples/events.ts';
import { buildControlMessage, buildEnvelope, encodeRecord } from '../../core/samples/records.ts';
import { createOpenSearchSink } from '../../core/sinks/opensearch.ts';
import type { Sink, SinkDocument } from '../../core/sinks/sink.ts';
import { readOpenSearchLambdaConfig } from '../../lambda/config.ts';
import { createEsmDriver, type EsmHandler } from '../support/esm-driver.ts';
import { type Kinesalite, startKinesalite } from '../support/kinesalite.ts';
import { type OpenSearchStandIn, startOpenSearchStandIn } from '../support/opensearch-standin.ts';

type KinesisModule = typeof import('../../lambda/kinesis.ts');

let kinesis: Kinesalite;
let standIn: OpenSearchStandIn;
let module: KinesisModule;
let streamCount = 0;
const logs: string[] = [];

/** The handler's configuration: short sink retries, so faults show within a test. */
const configOf = (url: string, extra: Record<string, string> = {}) =>
  readOpenSearchLambdaConfig(
    { OPENSEARCH_URL: url, FIREWATCH_INDEX: 'rds', FIREWATCH_SINK_RETRY_BASE_MS: '5', FIREWATCH_SINK_RETRY_MAX_MS: '20', ...extra },
    'the Kinesis consumer',
  );

beforeAll(async () => {
  [kinesis, standIn] = await Promise.all([startKinesalite(), startOpenSearchStandIn()]);
  vi.stubEnv('OPENSEARCH_URL', standIn.url);
  vi.stubEnv('FIREWATCH_INDEX', 'fromenv');
  module = await import('../../lambda/kinesis.ts');
  vi.unstubAllEnvs();
});
afterAll(async () => {
  await Promise.all([kinesis?.stop(), standIn?.close()]);
});
beforeEach(() => {
  standIn.reset();
  logs.length = 0;
});

/** A fresh stream holding `records` as CloudWatch Logs puts them (one gzip envelope per record), in order. */
async function streamOf(records: readonly Uint8Array[], shards = 1): Promise<string> {
  const name = `logs-${++streamCount}`;
  await kinesis.createStream(name, shards);
  for (let i = 0; i < records.length; i += 500) {
    const page = records.slice(i, i + 500).map((Data, j) => ({ Data, PartitionKey: `stream-${(i + j) % 7}` }));
    const { FailedRecordCount } = await kinesis.client.send(new PutRecordsCommand({ StreamName: name, Records: page }));
    expect(FailedRecordCount).toBe(0);
  }
  return name;
}

function dataMessages(count: number, seed: number): DataMessage[] {
  return buildSampleEnvelopes({ format: 'mysql-general', records: count, events: 4, seed }).filter((e): e is DataMessage => e.messageType === 'DATA_MESSAGE');
}

/** The ids stored in the indexes starting with `prefix`, sorted (the stand-in keeps one document per id and index). */
function idsIn(prefix: string): string[] {
  return standIn
    .all()
    .filter((d) => d.index.startsWith(prefix))
    .map((d) => d.id)
    .sort();
}

const eventIds = (envelopes: readonly DataMessage[]) => envelopes.flatMap((e) => e.logEvents.map((ev) => ev.id)).sort();

describe('the Kinesis consumer under an event source mapping', () => {
  it('indexes every event of the stream once, ids the event ids, control messages skipped; a replay from TRIM_HORIZON adds nothing', async () => {
    // Prepare: 30 data records and two control messages, in batches of 7
    const envelopes = dataMessages(30, 3);
    const records = [encodeRecord(buildControlMessage('Kinesis stream')), ...envelopes.map((e) => encodeRecord(e))];
    records.splice(17, 0, encodeRecord(buildControlMessage('Kinesis stream')));
    const stream = await streamOf(records, 2);
    const handler = module.createKinesisHandler(configOf(standIn.url), createOpenSearchSink(configOf(standIn.url).openSearch), (line) => logs.push(line));
    const driver = createEsmDriver(kinesis.client, { streamName: stream, batchSize: 7, handler: handler as EsmHandler });
    // Act
    await driver.drain();
    const replay = createEsmDriver(kinesis.client, { streamName: stream, batchSize: 50, handler: handler as EsmHandler });
    await replay.drain();
    // Assess
    expect(idsIn('rds-')).toEqual(eventIds(envelopes));
    expect(new Set(standIn.all().map((d) => d.index))).toEqual(new Set(['rds-2026-11-25']));
    expect(driver.invocations.every((i) => i.outcome === 'success')).toBe(true);
    expect(driver.invocations.length).toBeGreaterThanOrEqual(Math.ceil(records.length / 7));
    expect(driver.onFailure).toEqual([]);
    const summaries = logs.map((l) => JSON.parse(l) as { controlMessages?: number; stored?: number; documents?: number });
    expect(summaries.reduce((n, s) => n + (s.controlMessages ?? 0), 0)).toBe(4); // twice two control messages
    expect(summaries.reduce((n, s) => n + (s.stored ?? 0), 0)).toBe(2 * envelopes.length * 4); // the replay's 409s count as stored
    const document = JSON.parse(standIn.all()[0]!.json) as { cloudwatch: { event_id: string } };
    expect(document.cloudwatch.event_id).toBe(standIn.all()[0]!.id);
  });

  it('rides out 503s, 429 items, resets and refused connections: partial answers resume at the failed record, nothing lost or doubled', async () => {
    // Prepare
    const envelopes = dataMessages(60, 4);
    const stream = await streamOf(envelopes.map((e) => encodeRecord(e)));
    const config = configOf(standIn.url, { FIREWATCH_BULK_MAX_BYTES: '65536' });
    let refusing = false;
    // Refused: the sink's request goes to a port nobody listens on (the stand-in's own, closed, is not reusable).
    const closed = await closedPort();
    const sink = createOpenSearchSink(config.openSearch, {
      fetch: (input, init) => (refusing ? fetch(new Request(`http://127.0.0.1:${closed}/_bulk`, input as Request), init) : fetch(input, init)),
    });
    const inner = module.createKinesisHandler(config, sink, (line) => logs.push(line));
    let calls = 0;
    const handler: EsmHandler = async (event, context) => {
      calls++;
      refusing = calls === 2; // the second invocation finds OpenSearch down for its whole time
      if (calls === 4) standIn.failRequests({ count: 1000, status: 503 }); // and the fourth a cluster answering 503
      if (calls === 5) standIn.clearFaults();
      return await inner(event, context);
    };
    standIn.rejectItems({ fraction: 0.2, status: 429 });
    standIn.resetConnections(2, 'response');
    // The function's timeout leaves the sink 1.5 s per invocation before it gives up.
    const driver = createEsmDriver(kinesis.client, { streamName: stream, batchSize: 20, maximumRetryAttempts: 10, timeoutMs: 3_500, handler });
    // Act
    await driver.drain();
    // Assess
    expect(idsIn('rds-')).toEqual(eventIds(envelopes));
    expect(driver.onFailure).toEqual([]);
    const partial = driver.invocations.filter((i) => i.outcome === 'partial');
    expect(partial.length).toBeGreaterThanOrEqual(2);
    // Each partial answer named a record of its batch, and the retry started exactly there.
    for (const p of partial) {
      const next = driver.invocations[driver.invocations.indexOf(p) + 1]!;
      expect(next.sequenceNumbers[0]).toBe(p.retryFrom);
    }
    expect(logs.some((l) => l.includes('"failedAt":"'))).toBe(true);
  });

  it('keeps a document OpenSearch refuses for good in the dead-letter index, and moves on', async () => {
    const envelopes = dataMessages(12, 5);
    const poisoned = envelopes[5]!.logEvents[2]!.id;
    standIn.mappingConflict((index, source) => index.startsWith('rds-') && source.includes(poisoned));
    const stream = await streamOf(envelopes.map((e) => encodeRecord(e)));
    const config = configOf(standIn.url);
    const driver = createEsmDriver(kinesis.client, {
      streamName: stream,
      batchSize: 5,
      handler: module.createKinesisHandler(config, createOpenSearchSink(config.openSearch), (line) => logs.push(line)) as EsmHandler,
    });
    await driver.drain();
    expect(idsIn('rds-')).toEqual(eventIds(envelopes).filter((id) => id !== poisoned));
    const [kept] = standIn.documents('deadletter-rds');
    expect(JSON.parse(kept!.json)).toMatchObject({ id: poisoned, error: { type: 'mapper_parsing_exception' } });
    expect(JSON.parse((JSON.parse(kept!.json) as { document: string }).document)).toMatchObject({ cloudwatch: { event_id: poisoned } });
    expect(driver.invocations.every((i) => i.outcome === 'success')).toBe(true);
  });

  it('names a record that does not decode, so after the retries the mapping sends it to the on-failure destination; the records around it are indexed', async () => {
    // Prepare: a truncated gzip and plain text among good records, all in one batch
    const envelopes = dataMessages(10, 6);
    const good = envelopes.map((e) => encodeRecord(e));
    const truncated = good[0]!.subarray(0, 30);
    const text = new TextEncoder().encode('not a CloudWatch Logs record');
    const stream = await streamOf([...good.slice(0, 4), truncated, ...good.slice(4, 7), text, ...good.slice(7)]);
    const config = configOf(standIn.url);
    const driver = createEsmDriver(kinesis.client, {
      streamName: stream,
      batchSize: 100,
      maximumRetryAttempts: 2,
      handler: module.createKinesisHandler(config, createOpenSearchSink(config.openSearch), (line) => logs.push(line)) as EsmHandler,
    });
    // Act
    await driver.drain();
    // Assess: every good event once; the batch from the first bad record on was tried three times and discarded
    expect(idsIn('rds-')).toEqual(eventIds(envelopes));
    expect(driver.invocations.map((i) => i.outcome)).toEqual(['partial', 'partial', 'partial']);
    expect(driver.onFailure).toHaveLength(1);
    const [failure] = driver.onFailure;
    expect(failure!.requestContext).toMatchObject({ condition: 'RetryAttemptsExhausted', approximateInvokeCount: 3 });
    expect(failure!.KinesisBatchInfo.batchSize).toBe(8);
    // The S3 destination's record carries the records themselves: the bad ones can be looked at and replayed.
    const payload = failure!.payload.Records.map((r) => Buffer.from(r.kinesis.data, 'base64'));
    expect(payload[0]).toEqual(Buffer.from(truncated));
    expect(payload[4]).toEqual(Buffer.from(text));
    // firewatch decode (and the playground) read the failure bucket's object, the payload as an object or as JSON text.
    for (const object of [failure, { ...failure, payload: JSON.stringify(failure!.payload) }]) {
      const decoded = decodeInput(JSON.stringify(object));
      expect(decoded).toMatchObject({ kind: 'kinesis-records', context: { shardId: 'shardId-000000000000', condition: 'RetryAttemptsExhausted' } });
      expect(decoded.items).toHaveLength(8);
      expect(decoded.items[0]!.decoded).toMatchObject({ ok: false, error: { code: 'GZIP_TRUNCATED', path: 'Records[0].kinesis.data' } });
      expect(decoded.items.filter((item) => item.decoded.ok && item.decoded.value.kind === 'cloudwatch')).toHaveLength(6);
    }
    const undecodable = logs.map((l) => JSON.parse(l) as { undecodable?: unknown; error?: { code: string; path: string } }).filter((l) =>
      typeof l.undecodable === 'string'
    );
    expect(undecodable.slice(0, 2).map((l) => [l.error?.code, l.error?.path])).toEqual([
      ['GZIP_TRUNCATED', 'Records[4].kinesis.data'],
      ['ENVELOPE_INVALID', 'Records[8].kinesis.data'],
    ]);
  });

  it('bisects a batch the function cannot finish (a timeout) until the halves go through, each event once', async () => {
    const envelopes = dataMessages(24, 7);
    const stream = await streamOf(envelopes.map((e) => encodeRecord(e)));
    const config = configOf(standIn.url);
    const inner = module.createKinesisHandler(config, createOpenSearchSink(config.openSearch), () => undefined);
    // A function that times out on more than 3 records: Lambda reports a function error.
    const handler: EsmHandler = async (event, context) => {
      if (event.Records.length > 3) throw Object.assign(new Error('Task timed out after 60.00 seconds'), { name: 'Sandbox.Timedout' });
      return await inner(event, context);
    };
    const driver = createEsmDriver(kinesis.client, { streamName: stream, batchSize: 10, maximumRetryAttempts: 0, handler });
    await driver.drain();
    expect(idsIn('rds-')).toEqual(eventIds(envelopes));
    expect(driver.onFailure).toEqual([]);
    expect(driver.invocations.filter((i) => i.outcome === 'error').length).toBeGreaterThan(0);
    expect(Math.max(...driver.invocations.filter((i) => i.outcome === 'success').map((i) => i.sequenceNumbers.length))).toBeLessThanOrEqual(3);
  });
});

describe('the Kinesis consumer on its own', () => {
  /** A sink that stores in memory and records each write's size. */
  function recordingSink(): Sink & { writes: number[]; documents: SinkDocument[] } {
    const writes: number[] = [];
    const documents: SinkDocument[] = [];
    return {
      name: 'recording',
      writes,
      documents,
      write(batch) {
        writes.push(batch.reduce((n, d) => n + d.json.length + d.id.length + d.index.length, 0));
        documents.push(...batch);
        return Promise.resolve({ ok: true, stored: batch.length, deadLettered: 0 });
      },
    };
  }

  const eventOf = (records: readonly Uint8Array[]) => ({
    Records: records.map((bytes, i) => {
      const sequenceNumber = `4959010000000000000000000000000000000000000000${String(i).padStart(10, '0')}`;
      return {
        kinesis: { kinesisSchemaVersion: '1.0', partitionKey: 'p', sequenceNumber, data: encodeBase64(bytes), approximateArrivalTimestamp: 1764070860.123 },
        eventSource: 'aws:kinesis',
        eventID: `shardId-000000000000:${sequenceNumber}`,
      };
    }),
  });

  it('writes the largest batch (10,000 records or 6 MB) in chunks of about FIREWATCH_BULK_MAX_BYTES, not all at once', async () => {
    // Prepare: the largest batch a mapping sends, 10,000 records or 6 MB of event, whichever comes first
    const all = Array.from(
      { length: 10_000 },
      (_, r) =>
        buildEnvelope({
          idSeed: r,
          logGroup: '/aws/rds/instance/db/general',
          logStream: 'db',
          subscriptionFilters: ['fw'],
          lines: [`2026-11-25T11:41:00.${String(r).padStart(6, '0')}Z\t${String(r % 900).padStart(5)} Query\tSELECT * FROM orders WHERE id = ${r}`],
        }),
    );
    const records = all.map((e) => encodeRecord(e));
    const perRecord = JSON.stringify(eventOf(records)).length / records.length;
    const envelopes = all.slice(0, Math.min(10_000, Math.floor((6 * 1024 * 1024) / perRecord)));
    const event = eventOf(records.slice(0, envelopes.length));
    const eventBytes = JSON.stringify(event).length;
    expect(eventBytes).toBeGreaterThan(6_000_000);
    expect(eventBytes).toBeLessThanOrEqual(6 * 1024 * 1024);
    expect(envelopes.length).toBeGreaterThan(9_000);
    const config = configOf('http://127.0.0.1:9', { FIREWATCH_BULK_MAX_BYTES: String(1024 * 1024) });
    const sink = recordingSink();
    // Act
    const answer = await module.createKinesisHandler(config, sink, () => undefined)(event);
    // Assess: everything written, in writes of about FIREWATCH_BULK_MAX_BYTES (one record's documents at most beyond it)
    expect(answer).toEqual({ batchItemFailures: [] });
    expect(sink.documents).toHaveLength(envelopes.length);
    expect(sink.writes.length).toBeGreaterThan(3);
    const largestRecord = Math.max(...envelopes.map((e) => JSON.stringify(e).length * 3));
    for (const bytes of sink.writes) expect(bytes).toBeLessThan(config.openSearch.maxBulkBytes + largestRecord);
  });

  it('keeps time back: with less left than its margin it writes nothing and names the first record', async () => {
    const records = dataMessages(3, 9).map((e) => encodeRecord(e));
    const sink = recordingSink();
    const event = eventOf(records);
    const answer = await module.createKinesisHandler(configOf('http://127.0.0.1:9'), sink, () => undefined)(event, { getRemainingTimeInMillis: () => 1_500 });
    expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: event.Records[0]!.kinesis.sequenceNumber }] });
    expect(sink.writes).toEqual([]);
  });

  it('names the first record of a chunk the sink could not store, not a later one', async () => {
    const records = dataMessages(6, 10).map((e) => encodeRecord(e));
    const event = eventOf(records);
    let writes = 0;
    const sink: Sink = {
      name: 'flaky',
      write(batch) {
        writes++;
        return Promise.resolve(
          writes === 1
            ? { ok: true, stored: batch.length, deadLettered: 0 }
            : { ok: false, error: new FirewatchError('SINK_UNAVAILABLE', 'down'), retryable: true },
        );
      },
    };
    // Chunks of one record each: the smallest allowed body is below one record's documents.
    const config = configOf('http://127.0.0.1:9', { FIREWATCH_BULK_MAX_BYTES: '1024' });
    const answer = await module.createKinesisHandler(config, sink, () => undefined)(event);
    expect(answer.batchItemFailures.map((f) => f.itemIdentifier)).toEqual([event.Records[1]!.kinesis.sequenceNumber]);
    expect(writes).toBe(2); // it stops at the failure
  });

  it('throws on an event that is not a Kinesis event, or a failed record it cannot name, so Lambda retries it', async () => {
    const handler = module.createKinesisHandler(configOf('http://127.0.0.1:9'), recordingSink(), () => undefined);
    await expect(handler({ awslogs: { data: '' } })).rejects.toMatchObject({ code: 'EVENT_SHAPE_INVALID' });
    // A record that fails and has no sequence number to name: only a function error makes Lambda retry it.
    await expect(handler({ Records: [{ kinesis: { data: 'H4sI!!!' } }] })).rejects.toThrow(/Records\[0\] has no kinesis.sequenceNumber to report as failed/);
  });

  it('refuses to start without OPENSEARCH_URL, and exports a handler configured from process.env', async () => {
    expect(() => module.createKinesisHandlerFromEnv({})).toThrow(/OPENSEARCH_URL is required: the Kinesis consumer/);
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const envelopes = dataMessages(1, 11);
      await module.handler(eventOf(envelopes.map((e) => encodeRecord(e))));
      expect(standIn.documents('fromenv-2026-11-25').map((d) => d.id).sort()).toEqual(eventIds(envelopes));
      expect(log).toHaveBeenCalledOnce();
    } finally {
      log.mockRestore();
    }
  });
});

/** A port that refuses connections: bound, noted, released. */
async function closedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
