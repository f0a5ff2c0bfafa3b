import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64, encodeBase64 } from '../../../core/bytes/base64.ts';
import { gzip } from '../../../core/bytes/gzip.ts';
import { decodeRecordData } from '../../../core/cloudwatch/record.ts';
import type { LogDocument } from '../../../core/document.ts';
import type { TransformationEvent } from '../../../core/firehose/lambda-event.ts';
import { failParents, type OutputMode, planTransformation, type TransformPlan } from '../../../core/firehose/transform.ts';
import {
  FIREHOSE_BATCH_BYTES,
  FIREHOSE_BATCH_RECORDS,
  FIREHOSE_RECORD_BYTES,
  KINESIS_BATCH_BYTES,
  KINESIS_BATCH_RECORDS,
  KINESIS_RECORD_BYTES,
} from '../../../core/limits.ts';
import { buildControlMessage, buildEnvelope, buildTransformationEvent, encodeRecord } from '../../../core/samples/records.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const GENERAL = '/aws/rds/instance/shop-db/general';

/** What a generated input record is, and the data events it carries (by CloudWatch event id). */
type Input = { bytes: Uint8Array; eventIds: string[]; kind: 'data' | 'control' | 'plain' | 'bad' };

const line = fc.oneof(
  fc.constantFrom('2026-11-25T11:41:00.123456Z\t   42 Query\tSELECT 1', '2026-11-25T11:41:00.123456Z\t   42 Init DB\tshop', 'not a general log line'),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
);

function inputArbitrary(seed: number): fc.Arbitrary<Input> {
  const data = fc.array(line, { minLength: 1, maxLength: 25 }).map((lines): Input => {
    const envelope = buildEnvelope({ lines, logGroup: GENERAL, idSeed: seed });
    return { bytes: encodeRecord(envelope, 1), eventIds: envelope.logEvents.map((e) => e.id), kind: 'data' };
  });
  const plainEnvelope = fc.array(line, { minLength: 1, maxLength: 5 }).map((lines): Input => {
    const envelope = buildEnvelope({ lines, idSeed: seed });
    return { bytes: utf8(JSON.stringify(envelope)), eventIds: envelope.logEvents.map((e) => e.id), kind: 'data' };
  });
  const control = fc.constant<Input>({ bytes: encodeRecord(buildControlMessage()), eventIds: [], kind: 'control' });
  const plain = fc.constantFrom<Input>(
    { bytes: utf8('a plain text line'), eventIds: [], kind: 'plain' },
    { bytes: utf8('{"level":"info","msg":"json"}'), eventIds: [], kind: 'plain' },
  );
  const bad = fc.constantFrom<Input>(
    { bytes: encodeRecord(buildEnvelope({ lines: ['x'] })).subarray(0, 25), eventIds: [], kind: 'bad' },
    { bytes: gzip(utf8('{"messageType":"DATA_MESSAGE","logEvents":"nope"}')), eventIds: [], kind: 'bad' },
    { bytes: new Uint8Array([0x7b, 0xff, 0xfe]), eventIds: [], kind: 'bad' },
    { bytes: utf8('{"messageType": "DATA_MESSAGE", '), eventIds: [], kind: 'bad' },
  );
  return fc.oneof({ arbitrary: data, weight: 6 }, { arbitrary: plainEnvelope, weight: 1 }, { arbitrary: control, weight: 1 }, { arbitrary: plain, weight: 1 }, {
    arbitrary: bad,
    weight: 1,
  });
}

const inputsArbitrary = fc.integer({ min: 1, max: 12 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => inputArbitrary(i))));

/** Documents of an `Ok` answer: one JSON object per line. */
function documentsOf(data: string): LogDocument[] {
  const decoded = decodeBase64(data);
  if (!decoded.ok) throw decoded.error;
  return text(decoded.value).split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));
}

/** Event ids carried by a re-ingested record. */
function reingestedIds(data: Uint8Array): string[] {
  const payload = decodeRecordData(data);
  if (!payload.ok) throw new Error('re-ingested record does not decode');
  // A plain record (text or JSON) goes back whole: one event without an id.
  if (payload.value.kind !== 'cloudwatch') return ['<plain>'];
  return payload.value.envelopes.flatMap((e) => e.logEvents.map((ev) => ev.id));
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

function checkPlan(event: TransformationEvent, inputs: readonly Input[], plan: TransformPlan, budget: number, mode: OutputMode) {
  const { response, reingest } = plan;
  // Every recordId exactly once, in order.
  expect(response.records.map((r) => r.recordId)).toEqual(event.records.map((r) => r.recordId));
  // The serialized response is what the planner measured, and within budget.
  const serialized = utf8(JSON.stringify(response)).length;
  expect(serialized).toBe(plan.stats.responseBytes);
  expect(serialized).toBeLessThanOrEqual(budget);

  const toKinesis = event.sourceKinesisStreamArn !== undefined;
  const children = new Map<number, { ids: string[]; data: Uint8Array }[]>();
  if (reingest) {
    expect(reingest.service).toBe(toKinesis ? 'kinesis' : 'firehose');
    for (const batch of reingest.batches) {
      expect(batch.records.length).toBeGreaterThan(0);
      expect(batch.records.length).toBeLessThanOrEqual(toKinesis ? KINESIS_BATCH_RECORDS : FIREHOSE_BATCH_RECORDS);
      const bytes = batch.records.reduce((n, r) => n + r.data.length + ('partitionKey' in r ? utf8(r.partitionKey).length : 0), 0);
      expect(batch.bytes).toBe(bytes);
      expect(bytes).toBeLessThanOrEqual(toKinesis ? KINESIS_BATCH_BYTES : FIREHOSE_BATCH_BYTES);
      for (const r of batch.records) {
        expect(r.data.length).toBeLessThanOrEqual(toKinesis ? KINESIS_RECORD_BYTES : FIREHOSE_RECORD_BYTES);
        if ('partitionKey' in r) expect(r.partitionKey.length).toBeGreaterThanOrEqual(1);
        if ('partitionKey' in r) expect(r.partitionKey.length).toBeLessThanOrEqual(256);
        const list = children.get(r.parent) ?? [];
        list.push({ ids: reingestedIds(r.data), data: r.data });
        children.set(r.parent, list);
      }
    }
  }

  // Every data event is a document, re-ingested, or inside a ProcessingFailed record.
  for (const [i, answer] of response.records.entries()) {
    const input = inputs[i]!;
    const reingested = (children.get(i) ?? []).flatMap((c) => c.ids);
    if (answer.result === 'ProcessingFailed') {
      expect(reingested).toEqual([]);
      continue;
    }
    expect(input.kind).not.toBe('bad');
    const documented = answer.result === 'Ok' ? documentsOf(answer.data) : [];
    if (mode === 'split') expect(documented.length).toBeLessThanOrEqual(1);
    const documentedIds = documented.flatMap((d) => (d['cloudwatch'] ? [d['cloudwatch'].event_id as string] : []));
    if (input.kind === 'data') expect([...documentedIds, ...reingested].sort()).toEqual([...input.eventIds].sort());
    if (input.kind === 'control') expect(answer.result).toBe('Dropped');
    if (input.kind === 'plain') expect(answer.result === 'Ok' ? documented.length : reingested.length).toBe(1);
    // Strict progress: a re-ingested record holds fewer events than its parent, unless the parent went back whole.
    for (const child of children.get(i) ?? []) {
      const whole = answer.result === 'Dropped' && sameBytes(child.data, input.bytes);
      if (!whole) expect(child.ids.length).toBeLessThan(input.eventIds.length);
    }
  }
}

describe('planTransformation', () => {
  it('keeps the Firehose contract for any mix of records, modes, budgets and sources', () => {
    fc.assert(
      fc.property(
        inputsArbitrary,
        fc.constantFrom<OutputMode>('split', 'ndjson'),
        fc.constantFrom<'kinesis' | 'direct'>('kinesis', 'direct'),
        fc.integer({ min: 3_000, max: 6_000_000 }),
        (inputs, mode, source, budget) => {
          const event = buildTransformationEvent(inputs.map((i) => i.bytes), { source });
          const plan = planTransformation(event, { mode, responseBudgetBytes: budget });
          checkPlan(event, inputs, plan, budget, mode);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('ends with every event as exactly one document when re-ingested records come back', () => {
    fc.assert(
      fc.property(inputsArbitrary, fc.constantFrom<OutputMode>('split', 'ndjson'), fc.integer({ min: 20_000, max: 200_000 }), (inputs, mode, budget) => {
        const expected = inputs.flatMap((i) => i.eventIds).sort();
        const documented: string[] = [];
        let pending = inputs.map((i) => i.bytes);
        let rounds = 0;
        while (pending.length > 0) {
          expect(++rounds).toBeLessThanOrEqual(20);
          const plan = planTransformation(buildTransformationEvent(pending), { mode, responseBudgetBytes: budget });
          for (const answer of plan.response.records) {
            // Plain text records are message-extraction lines: their documents have ids of their own, without log group.
            if (answer.result === 'Ok') {
              for (const d of documentsOf(answer.data)) if (d['cloudwatch'] && d['cloudwatch'].log_group !== '') documented.push(d['cloudwatch'].event_id);
            }
          }
          const failed = plan.response.records.filter((r) => r.result === 'ProcessingFailed').length;
          expect(failed).toBe(inputs.filter((i) => i.kind === 'bad').length * (rounds === 1 ? 1 : 0));
          pending = plan.reingest ? plan.reingest.batches.flatMap((b) => b.records.map((r) => r.data)) : [];
        }
        expect(documented.sort()).toEqual(expected);
        // Split mode re-ingests one level deep only.
        if (mode === 'split') expect(rounds).toBeLessThanOrEqual(budget >= 100_000 ? 2 : 20);
      }),
      { numRuns: 60 },
    );
  });

  it('answers a record of N events with one document and re-ingests N−1 one-event records', () => {
    const lines = [
      '2026-11-25T11:41:00.100000Z\t   42 Connect\tapp@10.0.0.7 on shop using TCP/IP',
      '2026-11-25T11:41:00.200000Z\t   42 Query\tSELECT * FROM orders WHERE id = 7',
      '2026-11-25T11:41:00.300000Z\t   42 Quit\t',
    ];
    const envelope = buildEnvelope({ lines, logGroup: GENERAL });
    const plan = planTransformation(buildTransformationEvent([encodeRecord(envelope)]), { mode: 'split' });
    expect(plan.response.records[0]!.result).toBe('Ok');
    const [document] = documentsOf((plan.response.records[0] as { data: string }).data);
    expect(document).toMatchObject({
      '@timestamp': '2026-11-25T11:41:00.100000Z',
      parser: 'mysql-general',
      thread_id: 42,
      command: 'Connect',
      cloudwatch: { log_group: GENERAL, log_stream: 'shop-db', owner: '123456789012', event_id: envelope.logEvents[0]!.id },
    });
    const children = plan.reingest!.batches.flatMap((b) => b.records);
    expect(children.map((c) => reingestedIds(c.data))).toEqual([[envelope.logEvents[1]!.id], [envelope.logEvents[2]!.id]]);
    expect(plan.stats).toMatchObject({ records: 1, ok: 1, events: 3, documents: 1, reingestedRecords: 2, reingestedEvents: 2 });
  });

  it('writes every document of a record, newline-delimited, in ndjson mode', () => {
    const envelope = buildEnvelope({ lines: ['2026-11-25T11:41:00.100000Z\t   42 Query\tSELECT 1', 'garbage line'], logGroup: GENERAL });
    const plan = planTransformation(buildTransformationEvent([encodeRecord(envelope)]), { mode: 'ndjson' });
    const data = (plan.response.records[0] as { data: string }).data;
    expect(text(decodeBase64(data).ok ? (decodeBase64(data) as { value: Uint8Array }).value : new Uint8Array()).endsWith('\n')).toBe(true);
    const documents = documentsOf(data);
    expect(documents.map((d) => d['command'])).toEqual(['Query', undefined]);
    expect(documents[1]).toMatchObject({ message: 'garbage line', error: { type: 'parse_failure', parser: 'mysql-general' } });
    expect(plan.reingest).toBeUndefined();
  });

  it('drops control messages and counts them', () => {
    const plan = planTransformation(buildTransformationEvent([encodeRecord(buildControlMessage())]));
    expect(plan.response.records[0]!.result).toBe('Dropped');
    expect(plan.stats.controlMessages).toBe(1);
  });

  it('fails only the bad record, saying which and why', () => {
    const good = encodeRecord(buildEnvelope({ lines: ['ok'] }));
    const event = buildTransformationEvent([good, good.subarray(0, 30), good]);
    const plan = planTransformation(event);
    expect(plan.response.records.map((r) => r.result)).toEqual(['Ok', 'ProcessingFailed', 'Ok']);
    expect(plan.errors).toHaveLength(1);
    expect(plan.errors[0]!.code).toBe('GZIP_TRUNCATED');
    expect(plan.errors[0]!.message).toContain('records[1].data: ');
  });

  it('re-ingests whole records whose answer does not fit the response budget, as the blueprint does', () => {
    const record = encodeRecord(buildEnvelope({ lines: ['x'.repeat(40_000)] }));
    const plan = planTransformation(buildTransformationEvent([record, record, record]), { mode: 'split', responseBudgetBytes: 120_000 });
    expect(plan.response.records.map((r) => r.result)).toEqual(['Ok', 'Ok', 'Dropped']);
    expect(plan.reingest!.batches[0]!.records[0]!.data).toEqual(record);
    expect(plan.stats.reingestedWhole).toBe(1);
  });

  it('splits an ndjson record larger than half the budget into smaller re-ingested records', () => {
    const lines = Array.from({ length: 200 }, (_, i) => `line ${i} ${'y'.repeat(500)}`);
    const plan = planTransformation(buildTransformationEvent([encodeRecord(buildEnvelope({ lines }))]), { mode: 'ndjson', responseBudgetBytes: 100_000 });
    expect(plan.response.records[0]!.result).toBe('Dropped');
    const children = plan.reingest!.batches.flatMap((b) => b.records.map((r) => reingestedIds(r.data).length));
    expect(children.length).toBeGreaterThan(1);
    expect(children.reduce((a, b) => a + b, 0)).toBe(200);
  });

  it('gzips a re-ingested event too large for a plain-JSON record, and fails a record whose events cannot fit at all', () => {
    const big = 'z'.repeat(1_100_000); // compresses well: fits once gzipped
    const plan = planTransformation(buildTransformationEvent([encodeRecord(buildEnvelope({ lines: [big + 'a', big] }))]), { mode: 'split' });
    expect(plan.response.records[0]!.result).toBe('Ok');
    expect(plan.reingest!.batches[0]!.records[0]!.data[0]).toBe(0x1f);

    let random = 12345;
    const noise = () =>
      Array.from({ length: 1_500_000 }, () => String.fromCharCode(33 + (((random = (Math.imul(random, 1664525) + 1013904223) >>> 0) >>> 24) % 90))).join('');
    const incompressible = planTransformation(buildTransformationEvent([encodeRecord(buildEnvelope({ lines: [noise(), noise()] }), 1)]), { mode: 'split' });
    expect(incompressible.response.records[0]!.result).toBe('ProcessingFailed');
    expect(incompressible.errors[0]!.code).toBe('EVENT_TOO_LARGE');
    expect(incompressible.reingest).toBeUndefined();
  });

  it('re-ingests to Kinesis with event ids as partition keys when the source is a stream', () => {
    const envelope = buildEnvelope({ lines: ['a', 'b'] });
    const plan = planTransformation(buildTransformationEvent([encodeRecord(envelope)], { source: 'kinesis' }));
    expect(plan.reingest).toMatchObject({ service: 'kinesis', streamName: 'firewatch-rds', region: 'us-east-1' });
    expect(plan.reingest!.batches[0]!.records.map((r) => ('partitionKey' in r ? r.partitionKey : ''))).toEqual([envelope.logEvents[1]!.id]);
  });

  it('cuts re-ingestion into calls within the record-count limit', () => {
    const lines = Array.from({ length: 1200 }, (_, i) => `event ${i}`);
    const plan = planTransformation(buildTransformationEvent([encodeRecord(buildEnvelope({ lines }))]));
    expect(plan.reingest!.batches.map((b) => b.records.length)).toEqual([500, 500, 199]);
  });

  it('marks parents whose re-ingestion failed ProcessingFailed without growing the response', () => {
    const record = encodeRecord(buildEnvelope({ lines: ['a', 'b'] }));
    const plan = planTransformation(buildTransformationEvent([record, record]));
    const failed = failParents(plan.response, new Set([1]));
    expect(failed.records.map((r) => r.result)).toEqual(['Ok', 'ProcessingFailed']);
    expect(JSON.stringify(failed).length).toBeLessThanOrEqual(JSON.stringify(plan.response).length);
  });

  it('documents plain text and JSON records with the arrival time', () => {
    const event = buildTransformationEvent([utf8('hello'), utf8('{"level":"warn"}')], { arrivalTime: Date.UTC(2026, 0, 1) });
    const plan = planTransformation(event);
    const [a] = documentsOf((plan.response.records[0] as { data: string }).data);
    const [b] = documentsOf((plan.response.records[1] as { data: string }).data);
    expect(a).toMatchObject({ '@timestamp': '2026-01-01T00:00:00.000Z', message: 'hello', parser: 'auto' });
    expect(b).toMatchObject({ level: 'warn', parser: 'auto' });
  });

  it('answers a record whose data is not a string ProcessingFailed', () => {
    const event = buildTransformationEvent([utf8('x')]);
    const broken = { ...event, records: [{ recordId: 'r1', data: 42 as unknown as string }] };
    expect(planTransformation(broken).response.records).toEqual([{ recordId: 'r1', result: 'ProcessingFailed' }]);
  });

  it('round-trips base64 Firehose data exactly', () => {
    const envelope = buildEnvelope({ lines: ['ü ✓ 𝄞'] });
    const event = buildTransformationEvent([encodeRecord(envelope)]);
    expect(encodeBase64(decodeBase64(event.records[0]!.data).ok ? encodeRecord(envelope) : new Uint8Array())).toBe(event.records[0]!.data);
    const [doc] = documentsOf((planTransformation(event).response.records[0] as { data: string }).data);
    expect(doc!['message']).toBe('ü ✓ 𝄞');
  });
});

describe('planTransformation of dense records', () => {
  it('plans the same answer and re-ingestion whether records are decoded whole or lazily (events parsed as read)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ minLength: 0, maxLength: 40 }), { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 4 }),
        fc.constantFrom<OutputMode>('split', 'ndjson'),
        (recordLines, mode) => {
          const event = buildTransformationEvent(recordLines.map((lines, r) => encodeRecord(buildEnvelope({ lines, idSeed: r }))));
          const whole = planTransformation(event, { mode });
          const lazy = planTransformation(event, { mode, lazyDecodeBytes: 0 });
          expect(lazy.response).toEqual(whole.response);
          expect(lazy.reingest).toEqual(whole.reingest);
          expect(lazy.stats).toEqual(whole.stats);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('cuts a lazily decoded record too large for the response into re-ingested chunks, as a whole-decoded one (ndjson)', () => {
    // Documents over half the response budget: the chunking path, which once sliced the lazy events into holes and threw.
    const lines = Array.from({ length: 60 }, (_, i) => `line ${i} ${'x'.repeat(200)}`);
    const event = buildTransformationEvent([encodeRecord(buildEnvelope({ lines }))]);
    const options = { mode: 'ndjson' as OutputMode, responseBudgetBytes: 8_000 };
    const whole = planTransformation(event, options);
    const lazy = planTransformation(event, { ...options, lazyDecodeBytes: 0 });
    expect(whole.response.records[0]!.result).toBe('Dropped');
    expect(whole.stats.reingestedRecords).toBeGreaterThan(1);
    expect(lazy.response).toEqual(whole.response);
    expect(lazy.reingest).toEqual(whole.reingest);
    expect(lazy.stats).toEqual(whole.stats);
  });

  it('fails a single event whose document cannot fit the response, lazily decoded or whole (ndjson)', () => {
    const event = buildTransformationEvent([encodeRecord(buildEnvelope({ lines: ['y'.repeat(9_000)] }))]);
    const options = { mode: 'ndjson' as OutputMode, responseBudgetBytes: 8_000 };
    for (const plan of [planTransformation(event, options), planTransformation(event, { ...options, lazyDecodeBytes: 0 })]) {
      expect(plan.response.records[0]!.result).toBe('ProcessingFailed');
      expect(plan.errors[0]!.code).toBe('EVENT_TOO_LARGE');
      expect(plan.errors[0]!.detail).toMatch(/^one event's document \(\d+ bytes in base64\) cannot fit a response of 8000 bytes$/);
    }
  });
});
