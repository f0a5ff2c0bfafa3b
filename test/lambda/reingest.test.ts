import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FirehoseReingestBatch, KinesisReingestBatch, ReingestPlan } from '../../core/firehose/reingest-plan.ts';
import { reingest, type ReingestOptions, resetReingestClients } from '../../lambda/reingest.ts';
import { describeWithTool } from '../support/external-tool.ts';
import { DUMMY_CREDENTIALS, type FirehoseStandIn, startFirehoseStandIn } from '../support/firehose-standin.ts';
import { type Kinesalite, startKinesalite } from '../support/kinesalite.ts';
import { type Moto, MOTO_ACCOUNT, type MotoDeliveryStream, splitJsonObjects, startMoto } from '../support/moto.ts';

const REGION = 'us-east-1';
const STREAM = 'firewatch-reingest';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** `count` documents; document `i` comes from input record `parentOf(i)`. */
function documents(count: number, parentOf: (i: number) => number = (i) => i % 7, prefix = 'doc'): { text: string; parent: number }[] {
  return Array.from({ length: count }, (_, i) => ({ text: `{"${prefix}":${i},"parent":${parentOf(i)}}`, parent: parentOf(i) }));
}

/** Cuts documents into Firehose batches of `size` records (the planner's job in production). */
function firehosePlan(docs: readonly { text: string; parent: number }[], size = 500, deliveryStreamName = STREAM): ReingestPlan {
  const batches: FirehoseReingestBatch[] = [];
  for (let i = 0; i < docs.length; i += size) {
    const records = docs.slice(i, i + size).map(({ text, parent }) => ({ data: encoder.encode(text), parent }));
    batches.push({ records, bytes: records.reduce((sum, record) => sum + record.data.length, 0) });
  }
  return { service: 'firehose', deliveryStreamName, region: REGION, batches };
}

function kinesisPlan(docs: readonly { text: string; parent: number }[], size: number, streamName: string): ReingestPlan {
  const batches: KinesisReingestBatch[] = [];
  for (let i = 0; i < docs.length; i += size) {
    const records = docs.slice(i, i + size).map(({ text, parent }, j) => ({ data: encoder.encode(text), partitionKey: `key-${parent}-${i + j}`, parent }));
    batches.push({ records, bytes: records.reduce((sum, record) => sum + record.data.length + record.partitionKey.length, 0) });
  }
  return { service: 'kinesis', streamName, streamArn: `arn:aws:kinesis:${REGION}:000000000000:stream/${streamName}`, region: REGION, batches };
}

const texts = (docs: readonly { text: string }[]) => docs.map((doc) => doc.text);
const sorted = (values: readonly string[]) => [...values].sort();
const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

let sleeps: number[] = [];
const instantSleep = (ms: number) => (sleeps.push(ms), Promise.resolve());

afterEach(() => resetReingestClients());

describeWithTool('moto_server', 'reingest to Firehose (moto)', () => {
  let moto: Moto;
  let stream: MotoDeliveryStream;
  const options = (overrides: Partial<ReingestOptions> = {}): ReingestOptions => ({
    remainingTimeMs: () => 60_000,
    sleep: instantSleep,
    random: () => 0.5,
    firehose: moto.clientConfig(),
    ...overrides,
  });
  /** The records of each PutRecordBatch call moto accepted (each delivery concatenates its call's JSON documents). */
  const delivered = async () => (await stream.deliveries()).map((data) => splitJsonObjects(decoder.decode(data)));

  // moto (Python, Flask) takes ~2 s to start idle, longer on a busy machine.
  beforeAll(async () => {
    moto = await startMoto();
    stream = await moto.createDeliveryStream(STREAM);
  }, 60_000);
  afterAll(() => moto?.stop());
  beforeEach(() => {
    sleeps = [];
  });

  it('puts every record exactly once, one call per batch', async () => {
    const docs = documents(1200);

    const first = await reingest(firehosePlan(docs.slice(0, 1000)), options());
    const second = await reingest(firehosePlan(docs.slice(1000)), options());

    const calls = await delivered();
    expect(sorted(calls.flat())).toEqual(sorted(texts(docs)));
    expect(calls.map((records) => records.length).sort()).toEqual([200, 500, 500]);
    expect(first).toEqual({ failedParents: new Set(), recordsSent: 1000, recordsFailed: 0, calls: 2, retries: 0, errors: [] });
    expect(second).toMatchObject({ recordsSent: 200, calls: 1, retries: 0 });
  });

  it('fails fast on an unknown delivery stream', async () => {
    const docs = documents(30);

    const outcome = await reingest(firehosePlan(docs, 20, 'no-such-stream'), options());

    expect(outcome).toMatchObject({ recordsSent: 0, recordsFailed: 30, calls: 2, retries: 0 });
    expect(outcome.failedParents).toEqual(new Set([0, 1, 2, 3, 4, 5, 6]));
    expect(outcome.errors).toEqual([`ResourceNotFoundException: Firehose no-such-stream under account ${MOTO_ACCOUNT} not found.`]);
    expect(sleeps).toEqual([]);
  });
});

describe('reingest to Firehose: faults moto cannot produce (PutRecordBatch stand-in)', () => {
  let firehose: FirehoseStandIn;
  const options = (overrides: Partial<ReingestOptions> = {}): ReingestOptions => ({
    remainingTimeMs: () => 60_000,
    sleep: instantSleep,
    random: () => 0.5,
    firehose: { endpoint: firehose.endpoint, region: REGION, credentials: DUMMY_CREDENTIALS },
    ...overrides,
  });

  beforeAll(async () => {
    firehose = await startFirehoseStandIn({ streams: [STREAM] });
  });
  afterAll(() => firehose.close());
  beforeEach(() => {
    firehose.reset();
    sleeps = [];
  });

  it('keeps one connection open across calls and invocations (moto cannot count them)', async () => {
    const docs = documents(1200);

    await reingest(firehosePlan(docs.slice(0, 1000)), options());
    await reingest(firehosePlan(docs.slice(1000)), options());

    expect(firehose.calls.map((call) => call.records)).toEqual([500, 500, 200]);
    // The client is cached across invocations and keeps its connection open.
    expect(firehose.connections).toBe(1);
  });

  it('resends only the entries that failed', async () => {
    const docs = documents(10);
    firehose.failEntries({ count: 3 });

    const outcome = await reingest(firehosePlan(docs), options());

    expect(firehose.calls.map((call) => [call.records, call.failedEntries])).toEqual([[10, 3], [3, 0]]);
    expect(firehose.calls[1]?.data.map((data) => decoder.decode(data))).toEqual(texts(docs.slice(0, 3)));
    expect(sorted(firehose.texts(STREAM))).toEqual(sorted(texts(docs)));
    expect(outcome).toMatchObject({ recordsSent: 10, recordsFailed: 0, calls: 2, retries: 1, failedParents: new Set() });
    expect(sleeps).toEqual([50]); // random 0.5 × base 100 ms
  });

  it('delivers everything exactly once when a fraction of entries fails on every call', async () => {
    const docs = documents(1200);
    firehose.failEntries({ fraction: 0.3, code: 'InternalFailure', message: 'Internal service failure.' });

    const outcome = await reingest(firehosePlan(docs), options());

    const arrived = firehose.texts(STREAM);
    expect(arrived).toHaveLength(1200);
    expect(new Set(arrived).size).toBe(1200);
    expect(sorted(arrived)).toEqual(sorted(texts(docs)));
    // Batches go one after the other, so each retry carries exactly the previous call's failures.
    firehose.calls.forEach((call, i) => {
      if (call.failedEntries > 0) expect(firehose.calls[i + 1]?.records).toBe(call.failedEntries);
    });
    expect(outcome.recordsSent).toBe(1200);
    expect(outcome.retries).toBeGreaterThan(3);
    expect(outcome.calls).toBe(firehose.calls.length);
  });

  it('retries throttled calls with exponential backoff and full jitter, capped', async () => {
    const docs = documents(20);
    firehose.failCalls({ count: 4 }); // 503 ServiceUnavailableException

    const outcome = await reingest(firehosePlan(docs), options({ baseDelayMs: 100, maxDelayMs: 300 }));

    expect(sleeps).toEqual([50, 100, 150, 150]);
    expect(outcome).toMatchObject({ recordsSent: 20, recordsFailed: 0, calls: 5, retries: 4 });
    expect(firehose.texts(STREAM)).toEqual(texts(docs));
  });

  it('retries a call whose connection dropped', async () => {
    const docs = documents(5);
    firehose.dropConnections(1);

    const outcome = await reingest(firehosePlan(docs), options());

    expect(outcome).toMatchObject({ recordsSent: 5, calls: 2, retries: 1 });
    expect(firehose.texts(STREAM)).toEqual(texts(docs));
  });

  it('reports the parents of records that keep failing, and does not throw', async () => {
    // Input records 1 and 3 each yield documents the stream keeps refusing.
    const docs = documents(40, (i) => i % 5).map((doc) => (doc.parent === 1 || doc.parent === 3 ? { ...doc, text: `poison ${doc.text}` } : doc));
    firehose.failEntries({ where: (data) => decoder.decode(data).startsWith('poison') });

    const outcome = await reingest(firehosePlan(docs, 25), options({ maxAttempts: 4 }));

    expect(outcome.failedParents).toEqual(new Set([1, 3]));
    expect(outcome).toMatchObject({ recordsSent: 24, recordsFailed: 16, calls: 8, retries: 6 });
    expect(outcome.errors).toEqual(['ServiceUnavailableException: Slow down. (after 4 attempts)']);
    expect(sorted(firehose.texts(STREAM))).toEqual(sorted(texts(docs.filter((doc) => !doc.text.startsWith('poison')))));
  });

  it('fails fast on a batch the service rejects, and still sends the others', async () => {
    const tooLarge: FirehoseReingestBatch = { records: [{ data: new Uint8Array(1_024_001), parent: 0 }], bytes: 1_024_001 };
    const fine = firehosePlan(documents(3, () => 1));
    const plan: ReingestPlan = { service: 'firehose', deliveryStreamName: STREAM, region: REGION, batches: [tooLarge, ...fine.batches] };

    const outcome = await reingest(plan, options());

    expect(outcome).toMatchObject({ failedParents: new Set([0]), recordsSent: 3, recordsFailed: 1, calls: 2, retries: 0 });
    expect(outcome.errors[0]).toMatch(/^ValidationException: 1 validation error detected: .* at 'records\.1\.member\.data'/);
    expect(firehose.texts(STREAM)).toEqual(texts(documents(3, () => 1)));
  });

  it('gives up on a slow call before the deadline', async () => {
    firehose.delay(600_000);

    // The remaining time stands still, so a stalled machine cannot use up the budget before the first call.
    const outcome = await reingest(firehosePlan(documents(10)), options({ remainingTimeMs: () => 600, safetyMarginMs: 200, sleep: realSleep }));

    // The call was made and abandoned when the budget (remaining time − margin) ran out: waiting for the
    // ten-minute answer would have sent the records; no elapsed time is asserted (busy machines vary).
    expect(outcome.calls).toBe(1);
    expect(outcome.failedParents).toEqual(new Set([0, 1, 2, 3, 4, 5, 6]));
    expect(outcome).toMatchObject({ recordsSent: 0, recordsFailed: 10 });
    expect(outcome.errors).toEqual(['Deadline: no answer in time; 10 record(s) may or may not have been accepted']);
  });

  it('abandons a stalled call and retries it', async () => {
    const docs = documents(10);
    firehose.delay(600_000, 1);

    // The attempt timeout is generous so that the second (prompt) call never reaches it on a busy machine.
    const outcome = await reingest(firehosePlan(docs), options({ attemptTimeoutMs: 2_000 }));

    // Two calls: the stalled one was abandoned at its timeout rather than waited for.
    expect(outcome).toMatchObject({ recordsSent: 10, recordsFailed: 0, calls: 2, retries: 1 });
    expect(firehose.texts(STREAM)).toEqual(texts(docs));
  });

  it('stops backing off when the next wait would pass the deadline', async () => {
    firehose.failCalls({ count: 1_000 });
    // A virtual clock that only the waits advance: the calls' own (real, variable) time does not count.
    let clock = 0;
    const waits: number[] = [];
    const sleep = (ms: number) => {
      waits.push(ms);
      clock += ms;
      return Promise.resolve();
    };

    // Virtual seconds are cheap: long waits keep the budget left for each real call (its own timeout is
    // that budget) far above what a call to the stand-in takes on a busy machine.
    const outcome = await reingest(
      firehosePlan(documents(10)),
      options({
        remainingTimeMs: () => 120_200 - clock,
        safetyMarginMs: 200,
        baseDelayMs: 10_000,
        maxDelayMs: 1_000_000,
        maxAttempts: 50,
        random: () => 1,
        sleep,
      }),
    );

    // Waits of 10, 20 and 40 s fit in the 120 s budget; the next (80 s) would pass the 50 s then left.
    expect(waits).toEqual([10_000, 20_000, 40_000]);
    expect(outcome).toMatchObject({ recordsFailed: 10, calls: 4, retries: 3 });
    expect(outcome.errors).toEqual(['ServiceUnavailableException: Slow down. (out of time after 4 attempts)']);
  });

  it('makes no call when no time is left, and none when there is nothing to send', async () => {
    const late = await reingest(firehosePlan(documents(3)), options({ remainingTimeMs: () => 900, safetyMarginMs: 1_000 }));
    const empty = await reingest({ service: 'firehose', deliveryStreamName: STREAM, region: REGION, batches: [{ records: [], bytes: 0 }] }, options());

    expect(late).toMatchObject({ recordsFailed: 3, calls: 0, failedParents: new Set([0, 1, 2]), errors: ['Deadline: out of time with 3 record(s) unsent'] });
    expect(empty).toEqual({ failedParents: new Set(), recordsSent: 0, recordsFailed: 0, calls: 0, retries: 0, errors: [] });
    expect(firehose.calls).toEqual([]);
  });
});

describe('reingest to Kinesis (kinesalite)', () => {
  let kinesis: Kinesalite;
  const options = (overrides: Partial<ReingestOptions> = {}): ReingestOptions => ({
    remainingTimeMs: () => 60_000,
    sleep: instantSleep,
    random: () => 0.5,
    kinesis: { endpoint: kinesis.endpoint, region: REGION, credentials: DUMMY_CREDENTIALS },
    ...overrides,
  });
  /** What arrived, as `partitionKey text` lines, sorted. */
  const arrived = async (stream: string) =>
    sorted((await kinesis.readRecords(stream)).map((record) => `${record.partitionKey} ${decoder.decode(record.data)}`));
  const expected = (plan: ReingestPlan) =>
    sorted(
      plan.service === 'kinesis' ? plan.batches.flatMap((batch) => batch.records.map((record) => `${record.partitionKey} ${decoder.decode(record.data)}`)) : [],
    );

  beforeAll(async () => {
    kinesis = await startKinesalite();
    await Promise.all([kinesis.createStream('all', 2), kinesis.createStream('partial'), kinesis.createStream('throttled')]);
  });
  afterAll(() => kinesis?.stop());
  beforeEach(() => {
    kinesis.reset();
    sleeps = [];
  });

  it('puts every record exactly once with its partition key', async () => {
    const plan = kinesisPlan(documents(1100), 500, 'all');

    const outcome = await reingest(plan, options());

    expect(await arrived('all')).toEqual(expected(plan));
    expect(new Set((await kinesis.readRecords('all')).map((record) => record.shardId)).size).toBe(2);
    expect(outcome).toEqual({ failedParents: new Set(), recordsSent: 1100, recordsFailed: 0, calls: 3, retries: 0, errors: [] });
  });

  it('resends only the entries that failed', async () => {
    const plan = kinesisPlan(documents(12), 500, 'partial');
    kinesis.failEntries(5);

    const outcome = await reingest(plan, options());

    expect(kinesis.calls.map((call) => [call.records, call.failedEntries])).toEqual([[12, 5], [5, 0]]);
    expect(await arrived('partial')).toEqual(expected(plan));
    expect(outcome).toMatchObject({ recordsSent: 12, recordsFailed: 0, calls: 2, retries: 1 });
  });

  it('retries throttled calls', async () => {
    const plan = kinesisPlan(documents(8), 500, 'throttled');
    kinesis.failCalls(2);

    const outcome = await reingest(plan, options());

    expect(sleeps).toEqual([50, 100]);
    expect(await arrived('throttled')).toEqual(expected(plan));
    expect(outcome).toMatchObject({ recordsSent: 8, calls: 3, retries: 2 });
  });

  it('fails fast on an unknown stream', async () => {
    const outcome = await reingest(kinesisPlan(documents(4), 500, 'no-such-stream'), options());

    expect(outcome).toMatchObject({ failedParents: new Set([0, 1, 2, 3]), recordsSent: 0, recordsFailed: 4, calls: 1, retries: 0 });
    expect(outcome.errors[0]).toMatch(/^ResourceNotFoundException: /);
    expect(sleeps).toEqual([]);
  });
});
