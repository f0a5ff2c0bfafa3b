/**
 * The Kinesis consumer (lambda/kinesis.ts) end to end: records in a real Kinesis API (kinesalite), polled
 * by the event source mapping driver, written by the handler configured from the environment into the
 * real engine; every log event one document whose `_id` is the CloudWatch event id, and a second mapping
 * reading the stream again from TRIM_HORIZON (a replay) stores nothing twice.
 */
import { PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { DataMessage } from '../../core/cloudwatch/envelope.ts';
import { buildSampleEnvelopes } from '../../core/samples/events.ts';
import { buildControlMessage, encodeRecord } from '../../core/samples/records.ts';
import { createEsmDriver, type EsmHandler } from '../support/esm-driver.ts';
import { type Kinesalite, startKinesalite } from '../support/kinesalite.ts';
import { deleteIndices, describeLive, freshIndexName, liveOpenSearchUrl, readDocuments } from '../support/live-opensearch.ts';

describeLive('Kinesis consumer into the real OpenSearch', () => {
  const index = freshIndexName('kinesis');
  let kinesis: Kinesalite;
  let handler: EsmHandler;

  beforeAll(async () => {
    kinesis = await startKinesalite();
    vi.stubEnv('OPENSEARCH_URL', liveOpenSearchUrl());
    vi.stubEnv('FIREWATCH_INDEX', index);
    handler = (await import('../../lambda/kinesis.ts')).handler as EsmHandler;
    vi.unstubAllEnvs();
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await kinesis?.stop();
    await deleteIndices(liveOpenSearchUrl(), `${index}*`);
    await deleteIndices(liveOpenSearchUrl(), `deadletter-${index}*`);
  });

  it('indexes every event of the stream once, ids the event ids, through a replay of the whole stream', async () => {
    // Prepare: CloudWatch Logs records of every format, a control message among them, in two shards
    const envelopes = buildSampleEnvelopes({ format: 'mixed', records: 40, events: 15, seed: 12 });
    const data = envelopes.filter((e): e is DataMessage => e.messageType === 'DATA_MESSAGE');
    await kinesis.createStream('rds-logs', 2);
    const records = [buildControlMessage('Kinesis stream'), ...envelopes].map((e, i) => ({ Data: encodeRecord(e), PartitionKey: `log-stream-${i % 5}` }));
    const { FailedRecordCount } = await kinesis.client.send(new PutRecordsCommand({ StreamName: 'rds-logs', Records: records }));
    expect(FailedRecordCount).toBe(0);

    // Act: the mapping reads the stream, then a second one replays it from TRIM_HORIZON
    const driver = createEsmDriver(kinesis.client, { streamName: 'rds-logs', batchSize: 8, handler });
    await driver.drain();
    await createEsmDriver(kinesis.client, { streamName: 'rds-logs', batchSize: 100, handler }).drain();

    // Assess
    expect(driver.invocations.every((i) => i.outcome === 'success')).toBe(true);
    const stored = await readDocuments(liveOpenSearchUrl(), `${index}-*`);
    expect(stored.map((doc) => doc.id)).toEqual(data.flatMap((e) => e.logEvents.map((ev) => ev.id)).sort());
    for (const doc of stored) expect((doc.source['cloudwatch'] as { event_id: string }).event_id).toBe(doc.id);
  });
});
