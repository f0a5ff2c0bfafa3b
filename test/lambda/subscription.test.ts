/**
 * lambda/subscription.ts against the `_bulk` stand-in: `{"awslogs":{"data":...}}` events as CloudWatch
 * Logs sends them to a Lambda subscription target, built from the core samples. The module configures its
 * `handler` from process.env when loaded (as Lambda starts it), so it is imported once the variables are set.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { encodeBase64 } from '../../core/bytes/base64.ts';
import { FirewatchError } from '../../core/errors.ts';
import { buildSampleEnvelopes } from '../../core/samples/events.ts';
import { buildControlMessage, encodeRecord, SAMPLE_TIME } from '../../core/samples/records.ts';
import { createOpenSearchSink } from '../../core/sinks/opensearch.ts';
import { type OpenSearchStandIn, startOpenSearchStandIn } from '../support/opensearch-standin.ts';

type SubscriptionModule = typeof import('../../lambda/subscription.ts');

let standIn: OpenSearchStandIn;
let module: SubscriptionModule;
let handler: ReturnType<SubscriptionModule['createSubscriptionHandler']>;
const logs: string[] = [];

const [general, slow] = buildSampleEnvelopes({ format: 'mixed', records: 10, events: 4, seed: 5 }).filter((e) => e.messageType === 'DATA_MESSAGE');
const eventOf = (envelope: Parameters<typeof encodeRecord>[0]) => ({ awslogs: { data: encodeBase64(encodeRecord(envelope)) } });

beforeAll(async () => {
  standIn = await startOpenSearchStandIn();
  vi.stubEnv('OPENSEARCH_URL', standIn.url);
  vi.stubEnv('FIREWATCH_INDEX', 'fromenv');
  module = await import('../../lambda/subscription.ts');
  vi.unstubAllEnvs();
  const config = module.readSubscriptionConfig({
    OPENSEARCH_URL: standIn.url,
    FIREWATCH_INDEX: 'rds',
    FIREWATCH_SINK_RETRY_BASE_MS: '5',
    FIREWATCH_SINK_RETRY_MAX_MS: '10',
  });
  // The samples are dated SAMPLE_TIME: invocations arrive then, so their events are inside CloudWatch's window.
  handler = module.createSubscriptionHandler(config, createOpenSearchSink(config.openSearch), (line) => logs.push(line), () => SAMPLE_TIME + 60_000);
});
afterAll(async () => {
  await standIn?.close();
});
beforeEach(() => {
  standIn.reset();
  logs.length = 0;
});

describe('the CloudWatch Logs subscription Lambda', () => {
  it('indexes one document per log event, ids the event ids, and a retried invocation adds no duplicates', async () => {
    // Prepare
    const event = eventOf(general!);
    // Act
    const first = await handler(event, { getRemainingTimeInMillis: () => 30_000 });
    const again = await handler(event);
    // Assess
    expect(first).toMatchObject({ logGroup: general!.logGroup, documents: 4, stored: 4, controlMessages: 0 });
    expect(again).toMatchObject({ documents: 4, stored: 4 });
    const stored = standIn.all();
    expect(stored.map((d) => d.id).sort()).toEqual(general!.logEvents.map((e) => e.id).sort());
    const document = JSON.parse(stored[0]!.json) as { cloudwatch: { log_group: string; event_id: string }; firehose?: unknown };
    expect(document.cloudwatch.log_group).toBe(general!.logGroup);
    expect(document.firehose).toBeUndefined();
    expect(JSON.parse(logs[0]!)).toMatchObject({ firewatch: 'subscription', documents: 4, stored: 4 });
  });

  it("indexes an event outside CloudWatch's window by the invocation time", async () => {
    const config = module.readSubscriptionConfig({ OPENSEARCH_URL: standIn.url, FIREWATCH_INDEX: 'rds' });
    const late = module.createSubscriptionHandler(config, createOpenSearchSink(config.openSearch), () => undefined, () => SAMPLE_TIME + 30 * 86_400_000);
    await late(eventOf(general!));
    expect(new Set(standIn.all().map((d) => d.index))).toEqual(new Set(['rds-2026-12-25']));
  });

  it('indexes documents the same way the HTTP endpoint does (index rotated by event time)', async () => {
    await handler(eventOf(slow!));
    expect(new Set(standIn.all().map((d) => d.index))).toEqual(new Set(['rds-2026-11-25']));
  });

  it('ignores control messages: no request to OpenSearch, counted', async () => {
    const summary = await handler(eventOf(buildControlMessage('Firehose')));
    expect(summary).toMatchObject({ controlMessages: 1, documents: 0, stored: 0 });
    expect(standIn.bulkRequests()).toHaveLength(0);
  });

  it('throws when OpenSearch keeps failing, so Lambda retries the invocation; the retry then stores everything once', async () => {
    standIn.failRequests({ count: 1000, status: 503 });
    const failing = handler(eventOf(general!), { getRemainingTimeInMillis: () => 2_300 });
    await expect(failing).rejects.toThrow(FirewatchError);
    await expect(failing).rejects.toMatchObject({ code: 'SINK_UNAVAILABLE' });
    standIn.clearFaults();
    await handler(eventOf(general!));
    expect(standIn.all()).toHaveLength(4);
  });

  it('throws on an event that is not a subscription event or does not decode, naming where', async () => {
    await expect(handler({ records: [] })).rejects.toMatchObject({ code: 'EVENT_SHAPE_INVALID' });
    await expect(handler({ awslogs: { data: 'H4sI!!!' } })).rejects.toMatchObject({ code: 'BASE64_INVALID', path: 'awslogs.data' });
    await expect(handler({ awslogs: { data: encodeBase64(new TextEncoder().encode('{"hello":1}')) } })).rejects.toMatchObject({ code: 'ENVELOPE_INVALID' });
  });

  it('refuses to start without OPENSEARCH_URL (CONFIG_INVALID)', () => {
    expect(() => module.readSubscriptionConfig({})).toThrow(/OPENSEARCH_URL is required/);
  });

  it('exports a handler configured from process.env at start-up', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await module.handler(eventOf(general!));
      expect(standIn.documents('fromenv-2026-11-25')).toHaveLength(4);
      expect(log).toHaveBeenCalledOnce();
    } finally {
      log.mockRestore();
    }
  });
});
