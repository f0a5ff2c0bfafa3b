/**
 * The CloudWatch Logs subscription Lambda (lambda/subscription.ts) end to end into the real engine: its
 * `handler`, configured from the environment at start-up as Lambda loads it, gets `{"awslogs":{"data"}}`
 * events of every sample format; each log event becomes one document whose `_id` is the CloudWatch event
 * id, and the invocations Lambda retries store nothing twice.
 */
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { encodeBase64 } from '../../core/bytes/base64.ts';
import type { DataMessage } from '../../core/cloudwatch/envelope.ts';
import { parserForLogGroup } from '../../core/parsers/registry.ts';
import { buildSampleEnvelopes } from '../../core/samples/events.ts';
import { sampleFormats, sampleLogGroups } from '../../core/samples/log-lines.ts';
import { buildControlMessage, encodeRecord } from '../../core/samples/records.ts';
import { countDocuments, deleteIndices, describeLive, freshIndexName, liveOpenSearchUrl, readDocuments } from '../support/live-opensearch.ts';

type SubscriptionModule = typeof import('../../lambda/subscription.ts');

const eventOf = (envelope: Parameters<typeof encodeRecord>[0]) => ({ awslogs: { data: encodeBase64(encodeRecord(envelope)) } });
const context = { getRemainingTimeInMillis: () => 30_000 };

describeLive('subscription Lambda into the real OpenSearch', () => {
  const index = freshIndexName('subscription');
  /** Every rotated index of this suite (rotation appends the day). */
  const indices = `${index}-*`;
  let handler: SubscriptionModule['handler'];

  beforeAll(async () => {
    vi.stubEnv('OPENSEARCH_URL', liveOpenSearchUrl());
    vi.stubEnv('FIREWATCH_INDEX', index);
    handler = (await import('../../lambda/subscription.ts')).handler;
    vi.unstubAllEnvs();
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await deleteIndices(liveOpenSearchUrl(), `${index}*`);
    await deleteIndices(liveOpenSearchUrl(), `deadletter-${index}*`);
  });

  it('stores each event of every format once, ids the event ids, across retried invocations', async () => {
    // Prepare: one envelope per invocation, as CloudWatch Logs invokes a subscription target.
    const envelopes = buildSampleEnvelopes({ format: 'mixed', records: 24, events: 20, seed: 9 }).filter((e): e is DataMessage =>
      e.messageType === 'DATA_MESSAGE'
    );
    const ids = envelopes.flatMap((e) => e.logEvents.map((ev) => ev.id)).sort();

    // Act: every invocation, then every one again (Lambda retries an asynchronous invocation that failed late).
    const first = [];
    for (const envelope of envelopes) first.push(await handler(eventOf(envelope), context));
    for (const envelope of envelopes) await handler(eventOf(envelope), context);

    // Assess
    expect(first.reduce((sum, s) => sum + s.stored, 0)).toBe(ids.length);
    expect(first.every((s) => s.deadLettered === 0)).toBe(true);
    const stored = await readDocuments(liveOpenSearchUrl(), indices);
    expect(stored.map((doc) => doc.id)).toEqual(ids);
    for (const doc of stored) {
      expect((doc.source['cloudwatch'] as { event_id: string }).event_id).toBe(doc.id);
      expect(doc.source).not.toHaveProperty('error');
    }
    // Every format's log group, each parsed by the parser its group selects.
    expect(new Set(stored.map((doc) => doc.source['parser']))).toEqual(new Set(sampleFormats.map((format) => parserForLogGroup(sampleLogGroups[format]).name)));
  });

  it('stores nothing for a control message', async () => {
    const before = await countDocuments(liveOpenSearchUrl(), indices);

    const summary = await handler(eventOf(buildControlMessage('Firehose')), context);

    expect(summary).toMatchObject({ controlMessages: 1, documents: 0, stored: 0 });
    expect(await countDocuments(liveOpenSearchUrl(), indices)).toBe(before);
  });
});
