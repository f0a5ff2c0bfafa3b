/**
 * The pipeline with the split transformation, through third-party emulation: RDS-style general-log lines
 * go into a moto log group whose subscription filter writes to a moto Kinesis stream (moto builds the
 * gzip envelope); Firehose's part (test/pipeline/firehose.ts) reads that stream into Kinesis-source
 * transformation events for the real Lambda handler, which re-ingests into the same moto stream through
 * the real SDK, configured only by the environment as in a deployed function; the rounds repeat until
 * nothing is re-ingested, and every `Ok` record's data is indexed as one document into the real
 * OpenSearch. Every event must be exactly one parsed document.
 */
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
  PutSubscriptionFilterCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateStreamCommand, DescribeStreamCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { decodeRecordData } from '../../core/cloudwatch/record.ts';
import type { ResponseRecord } from '../../core/firehose/lambda-event.ts';
import { sampleEvents } from '../../core/samples/log-lines.ts';
import { resetReingestClients } from '../../lambda/reingest.ts';
import { handler } from '../../lambda/transform.ts';
import { indexLikeFirehose, KinesisSource, okDocuments, type SourceRecord } from '../pipeline/firehose.ts';
import { describeWithTool } from '../support/external-tool.ts';
import { deleteIndices, describeLive, freshIndexName, liveOpenSearchUrl, readDocuments } from '../support/live-opensearch.ts';
import { type Moto, MOTO_ACCOUNT, MOTO_REGION, startMoto } from '../support/moto.ts';

const LOG_GROUP = '/aws/rds/instance/shop-db/general';
const LOG_STREAM = 'shop-db';
const STREAM = 'firewatch-rds';
const DELIVERY_STREAM_ARN = `arn:aws:firehose:${MOTO_REGION}:${MOTO_ACCOUNT}:deliverystream/firewatch-rds`;
/** PutLogEvents calls of these sizes: moto writes one Kinesis record per call and subscription. */
const BATCHES = [1, 2, 37, 160, 400] as const;
/** Rounds after which the loop gives up: re-ingestion must make strict progress, so 2 are enough. */
const MAX_ROUNDS = 5;
const context = { getRemainingTimeInMillis: () => 60_000 };

/** The environment a deployed function gets (region, credentials), plus endpoints that point the SDK at moto. */
function motoEnvironment(moto: Moto): Record<string, string> {
  const { AWS_ENDPOINT_URL: endpoint = '', ...rest } = moto.sdkEnvironment();
  return { ...rest, AWS_ENDPOINT_URL_KINESIS: endpoint, AWS_ENDPOINT_URL_FIREHOSE: endpoint };
}

describeWithTool('moto_server', 'pipeline through moto (CloudWatch Logs → Kinesis → split Lambda → OpenSearch)', () => {
  describeLive('every event one document', () => {
    let moto: Moto;
    let logs: CloudWatchLogsClient;
    let kinesis: KinesisClient;
    let streamArn: string;
    const index = freshIndexName('pipeline');
    const saved = { ...process.env };

    beforeAll(async () => {
      moto = await startMoto();
      logs = new CloudWatchLogsClient(moto.clientConfig());
      kinesis = new KinesisClient(moto.clientConfig());
      Object.assign(process.env, motoEnvironment(moto));
      await kinesis.send(new CreateStreamCommand({ StreamName: STREAM, ShardCount: 2 }));
      const { StreamDescription } = await kinesis.send(new DescribeStreamCommand({ StreamName: STREAM }));
      streamArn = StreamDescription?.StreamARN ?? '';
      await logs.send(new CreateLogGroupCommand({ logGroupName: LOG_GROUP }));
      await logs.send(new CreateLogStreamCommand({ logGroupName: LOG_GROUP, logStreamName: LOG_STREAM }));
      await logs.send(
        new PutSubscriptionFilterCommand({
          logGroupName: LOG_GROUP,
          filterName: 'firewatch',
          filterPattern: '',
          destinationArn: streamArn,
          roleArn: `arn:aws:iam::${MOTO_ACCOUNT}:role/firewatch-cwl-to-kinesis`,
        }),
      );
    });
    afterAll(async () => {
      resetReingestClients();
      logs?.destroy();
      kinesis?.destroy();
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
      await moto?.stop();
      await deleteIndices(liveOpenSearchUrl(), index);
    });

    it('indexes every log event exactly once, parsed', async () => {
      // Prepare: recent times (CloudWatch Logs refuses events older than 14 days), realistic lines.
      const events = sampleEvents('mysql-general', { count: BATCHES.reduce((a, b) => a + b, 0), seed: 12, start: Date.now() - 10 * 60_000, meanGapMs: 100 });
      expect(events.filter((e) => / Init DB\t/.test(e.message)).length).toBeGreaterThan(0);
      expect(events.filter((e) => e.message.includes('\n')).length).toBeGreaterThan(0);
      let next = 0;
      for (const size of BATCHES) {
        await logs.send(new PutLogEventsCommand({ logGroupName: LOG_GROUP, logStreamName: LOG_STREAM, logEvents: events.slice(next, next + size) }));
        next += size;
      }
      const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);

      // Act: Firehose's rounds until nothing comes back.
      const source = new KinesisSource(kinesis, STREAM, streamArn, DELIVERY_STREAM_ARN);
      const rounds: SourceRecord[][] = [];
      const answers: ResponseRecord[] = [];
      for (let records = await source.readNew(); records.length > 0; records = await source.readNew()) {
        rounds.push(records);
        if (rounds.length > MAX_ROUNDS) throw new Error(`still re-ingesting after ${MAX_ROUNDS} rounds`);
        for (const event of source.events(records)) answers.push(...(await handler(event, context)).records);
      }
      log.mockRestore();
      const documents = okDocuments(answers);
      await indexLikeFirehose(liveOpenSearchUrl(), index, documents);

      // Assess: moto wrote one gzip envelope per call, with its own event ids.
      const [written = [], ...reingested] = rounds;
      expect(written).toHaveLength(BATCHES.length);
      expect(written.every((record) => record.data[0] === 0x1f && record.data[1] === 0x8b)).toBe(true);
      const motoIds = written.flatMap((record) => eventIds(record.data));
      expect(motoIds).toHaveLength(events.length);
      expect(new Set(motoIds).size).toBe(events.length);
      // One round of re-ingestion carried every event but the one each record answered with.
      expect(reingested.map((round) => round.length)).toEqual([events.length - BATCHES.length]);
      expect(answers.filter((answer) => answer.result !== 'Ok')).toEqual([]);
      expect(documents).toHaveLength(events.length);

      const stored = (await readDocuments(liveOpenSearchUrl(), index)).map((doc) => doc.source);
      expect(stored).toHaveLength(events.length);
      const storedIds = stored.map((doc) => (doc['cloudwatch'] as { event_id: string }).event_id);
      expect(new Set(storedIds).size).toBe(events.length);
      expect([...storedIds].sort()).toEqual([...motoIds].sort());
      for (const doc of stored) {
        expect(doc).toMatchObject({ parser: 'mysql-general', thread_id: expect.any(Number), command: expect.any(String) });
        expect(doc).not.toHaveProperty('error');
      }
      const commands = (name: string) => stored.filter((doc) => doc['command'] === name).length;
      expect(commands('Init DB')).toBe(events.filter((e) => / Init DB\t/.test(e.message)).length);
      expect(stored.filter((doc) => String(doc['argument']).includes('\n'))).toHaveLength(events.filter((e) => e.message.includes('\n')).length);
    });
  });
});

/** The CloudWatch event ids in a record moto wrote. */
function eventIds(data: Uint8Array): string[] {
  const payload = decodeRecordData(data);
  if (!payload.ok) throw payload.error;
  if (payload.value.kind !== 'cloudwatch') throw new Error(`not a CloudWatch Logs record: ${payload.value.kind}`);
  return payload.value.envelopes.flatMap((envelope) => envelope.logEvents.map((event) => event.id));
}
