import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { portableCodecs } from '../../../core/bytes/codecs.ts';
import { encodeUtf8 } from '../../../core/bytes/utf8.ts';
import { Admission } from '../../../core/endpoint/admission.ts';
import { deliveryLogLine, logFailedDeliveries } from '../../../core/endpoint/log.ts';
import { createEndpointApp, type DeliverySummary } from '../../../core/endpoint/app.ts';
import { FirewatchError } from '../../../core/errors.ts';
import type { SinkResult } from '../../../core/sinks/sink.ts';
import { buildSampleEnvelopes, buildSampleRecords } from '../../../core/samples/events.ts';
import { buildControlMessage, buildEnvelope, encodeRecord } from '../../../core/samples/records.ts';
import { extractLines } from '../../../core/cloudwatch/extracted-lines.ts';
import { decodeRecordData } from '../../../core/cloudwatch/record.ts';

/** The ids a text record's documents get: one per entry of message-extraction text, else the record's own. */
const idsOfText = (record: string, key: string): string[] => {
  const payload = decodeRecordData(encodeUtf8(record));
  if (!payload.ok || payload.value.kind !== 'text') return [key];
  const ids = extractLines(record, { key, arrival: 0 }).envelope.logEvents.map((e) => e.id);
  return ids.length > 0 ? ids : [key];
};
import { body, config, delivery, json, KEY, MemorySink, REQUEST_ID } from './support.ts';

const post = (app: ReturnType<typeof createEndpointApp>, request: Request) => app.fetch(request);

describe('endpoint app: deliveries', () => {
  it('answers 200 once every document is stored: one per log event, ids from CloudWatch, index by event time', async () => {
    const sink = new MemorySink();
    const summaries: DeliverySummary[] = [];
    const app = createEndpointApp(config(), sink, { onDelivery: (s) => summaries.push(s) });
    const envelopes = buildSampleEnvelopes({ records: 3, events: 5 });
    const response = await post(app, delivery(body(buildSampleRecords({ records: 3, events: 5 }))));

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    const answer = await json(response);
    expect(answer).toEqual({ requestId: REQUEST_ID, timestamp: expect.any(Number) });
    const ids = envelopes.flatMap((e) => e.logEvents.map((ev) => ev.id));
    expect(sink.documents.map((d) => d.id)).toEqual(ids);
    expect(new Set(sink.documents.map((d) => d.index))).toEqual(new Set(['logs-2026-11-25']));
    const first = JSON.parse(sink.documents[0]!.json) as Record<string, unknown>;
    expect(first).toMatchObject({
      parser: 'mysql-general',
      cloudwatch: { event_id: ids[0] },
      firehose: { request_id: REQUEST_ID, source_arn: expect.stringContaining('deliverystream/rds') },
    });
    expect(summaries).toEqual([
      expect.objectContaining({ requestId: REQUEST_ID, status: 200, records: 3, documents: 15, stored: 15, controlMessages: 0, writes: 1 }),
    ]);
  });

  it("indexes events outside CloudWatch's window (14 days back, 2 hours ahead of the request) by the request time, keeping their own time", async () => {
    const sink = new MemorySink();
    const requestTime = Date.UTC(2026, 10, 25, 12, 0);
    const day = 86_400_000;
    const timestamps = [
      requestTime - 13 * day,
      requestTime - 15 * day,
      requestTime + 3 * 3_600_000,
      Date.UTC(1999, 0, 1),
      Date.UTC(2200, 0, 1),
      requestTime + 3_600_000,
    ];
    const envelope = buildEnvelope({ lines: timestamps.map((_, i) => `line ${i}`), logGroup: '/ecs/api', timestamps });
    const response = await post(createEndpointApp(config(), sink), delivery(body([encodeRecord(envelope)], REQUEST_ID, requestTime)));
    expect(response.status).toBe(200);
    expect(sink.documents.map((d) => d.index)).toEqual([
      'logs-2026-11-12',
      'logs-2026-11-25',
      'logs-2026-11-25',
      'logs-2026-11-25',
      'logs-2026-11-25',
      'logs-2026-11-25',
    ]);
    expect(sink.documents.map((d) => (JSON.parse(d.json) as { cloudwatch: { timestamp: string } }).cloudwatch.timestamp)).toEqual(
      timestamps.map((t) => new Date(t).toISOString()),
    );
  });

  it('keeps a record with more events than FIREWATCH_MAX_EVENTS_PER_RECORD whole, as one decode_failure document', async () => {
    const sink = new MemorySink();
    const app = createEndpointApp(config({ FIREWATCH_MAX_EVENTS_PER_RECORD: '4' }), sink);
    const records = [encodeRecord(buildEnvelope({ lines: ['a', 'b', 'c'] })), encodeRecord(buildEnvelope({ lines: ['1', '2', '3', '4', '5'], idSeed: 2 }))];
    expect((await post(app, delivery(body(records)))).status).toBe(200);
    expect(sink.documents).toHaveLength(4);
    const failure = JSON.parse(sink.documents[3]!.json) as { raw_data: string; error: { type: string; code: string } };
    expect(failure.error).toMatchObject({ type: 'decode_failure', code: 'INPUT_TOO_LARGE' });
    expect(failure.raw_data.length).toBeGreaterThan(20);
  });

  it('reads gzip bodies and the configured extra path', async () => {
    const sink = new MemorySink();
    const app = createEndpointApp(config({ FIREWATCH_PATH: '/firehose' }), sink);
    expect((await post(app, delivery(body(buildSampleRecords({ records: 2 })), { gzip: true, path: '/firehose' }))).status).toBe(200);
    expect(sink.documents).toHaveLength(10);
  });

  it('skips and counts control messages', async () => {
    const sink = new MemorySink();
    const summaries: DeliverySummary[] = [];
    const app = createEndpointApp(config(), sink, { onDelivery: (s) => summaries.push(s) });
    const data = encodeRecord(buildEnvelope({ lines: ['2026-11-25T11:41:00.123456Z\t   42 Query\tSELECT 1'] }));
    const response = await post(app, delivery(body([encodeRecord(buildControlMessage()), data, encodeRecord(buildControlMessage('Kinesis stream'))])));
    expect(response.status).toBe(200);
    expect(sink.documents).toHaveLength(1);
    expect(summaries[0]).toMatchObject({ records: 3, documents: 1, controlMessages: 2 });
  });

  it('makes one document of a plain JSON record, id <requestId>:<index>, one per line of a text record (message extraction), and adds common attributes', async () => {
    const sink = new MemorySink();
    const app = createEndpointApp(config(), sink);
    const request = delivery(body(['{"level":"warn","msg":"disk"}', 'plain text line']), {
      headers: { 'x-amz-firehose-common-attributes': '{"commonAttributes":{"env":"prod"}}' },
    });
    expect((await post(app, request)).status).toBe(200);
    expect(sink.documents.map((d) => d.id)).toEqual([`${REQUEST_ID}:0`, `${REQUEST_ID}:1:0`]);
    expect(JSON.parse(sink.documents[0]!.json)).toMatchObject({ level: 'warn', msg: 'disk', parser: 'auto', firehose: { common_attributes: { env: 'prod' } } });
    expect(JSON.parse(sink.documents[1]!.json)).toMatchObject({ message: 'plain text line', '@timestamp': '2026-11-25T12:00:00.000Z' });
  });

  it('keeps a record that does not decode as a decode_failure document instead of failing the batch', async () => {
    const sink = new MemorySink();
    const app = createEndpointApp(config(), sink);
    const broken = encodeRecord(buildEnvelope({ lines: ['x'] })).slice(0, 20);
    const response = await post(app, delivery(body([broken, 'fine'])));
    expect(response.status).toBe(200);
    const failure = JSON.parse(sink.documents[0]!.json) as Record<string, unknown>;
    expect(failure).toMatchObject({ parser: 'none', error: { type: 'decode_failure', code: 'GZIP_TRUNCATED' }, raw_data: expect.any(String) });
    expect(sink.documents[0]!.id).toBe(`${REQUEST_ID}:0`);
  });

  it('ignores a body timestamp no date can hold', async () => {
    const sink = new MemorySink();
    const text = JSON.stringify({ requestId: REQUEST_ID, timestamp: 1e300, records: [{ data: 'aGk=' }] });
    expect((await post(createEndpointApp(config(), sink), delivery(text))).status).toBe(200);
    expect(sink.documents[0]!.index).toMatch(/^logs-\d{4}-\d\d-\d\d$/);
  });

  it('uses parser overrides from the configuration', async () => {
    const sink = new MemorySink();
    const app = createEndpointApp(config({ FIREWATCH_PARSERS: '/app/*=text' }), sink);
    const record = encodeRecord(buildEnvelope({ logGroup: '/app/api', lines: ['{"a":1}'] }));
    expect((await post(app, delivery(body([record])))).status).toBe(200);
    expect(JSON.parse(sink.documents[0]!.json)).toMatchObject({ parser: 'text', message: '{"a":1}' });
  });

  it('gives a duplicate delivery the same ids and indexes', async () => {
    const sink = new MemorySink();
    const app = createEndpointApp(config(), sink);
    const text = body(buildSampleRecords({ format: 'mixed', records: 8 }));
    expect((await post(app, delivery(text))).status).toBe(200);
    expect((await post(app, delivery(text))).status).toBe(200);
    const [first, second] = [sink.writes[0]!, sink.writes[1]!];
    expect(second.map((d) => `${d.index}/${d.id}`)).toEqual(first.map((d) => `${d.index}/${d.id}`));
    expect(sink.stored.size).toBe(first.length);
  });

  it('writes in batches sized in bytes', async () => {
    const sink = new MemorySink();
    const app = createEndpointApp(config({ FIREWATCH_BATCH_BYTES: '4096' }), sink);
    expect((await post(app, delivery(body(buildSampleRecords({ records: 10, events: 20 }))))).status).toBe(200);
    expect(sink.writes.length).toBeGreaterThan(5);
    for (const batch of sink.writes.slice(0, -1)) {
      const bytes = batch.reduce((n, d) => n + encodeUtf8(d.json).length, 0);
      expect(bytes).toBeGreaterThan(2000);
      expect(bytes - encodeUtf8(batch.at(-1)!.json).length).toBeLessThan(4096);
    }
    expect(sink.documents).toHaveLength(200);
  });
});

describe('endpoint app: writes in flight', () => {
  it('keeps at most one write in flight and answers only after every write settled, success or not', async () => {
    for (const failAt of [-1, 2]) {
      let inFlight = 0;
      let most = 0;
      let started = 0;
      let settled = 0;
      const sink = {
        name: 'slow',
        async write(documents: readonly unknown[]): Promise<SinkResult> {
          const n = started++;
          most = Math.max(most, ++inFlight);
          await new Promise((r) => setTimeout(r, 5));
          inFlight--;
          settled++;
          return n === failAt
            ? { ok: false, retryable: true, error: new FirewatchError('SINK_UNAVAILABLE', 'busy') }
            : { ok: true, stored: documents.length, deadLettered: 0 };
        },
      };
      const response = await post(
        createEndpointApp(config({ FIREWATCH_BATCH_BYTES: '4096' }), sink),
        delivery(body(buildSampleRecords({ records: 10, events: 20 }))),
      );
      expect(settled).toBe(started);
      expect(most).toBe(1);
      expect(response.status).toBe(failAt < 0 ? 200 : 503);
      if (failAt >= 0) expect(started).toBe(failAt + 1); // the failure is seen before the next write starts
      else expect(started).toBeGreaterThan(5);
    }
  });
});

describe('endpoint app: refusals', () => {
  const app = createEndpointApp(config({ FIREWATCH_MAX_BODY_BYTES: '100000' }), new MemorySink());
  const text = body(buildSampleRecords({ records: 1 }));

  it('401 for a missing or wrong access key, either of two keys accepted', async () => {
    expect((await post(app, delivery(text, { headers: { 'x-amz-firehose-access-key': undefined } }))).status).toBe(401);
    const wrong = await post(app, delivery(text, { headers: { 'x-amz-firehose-access-key': 'nope' } }));
    expect(wrong.status).toBe(401);
    expect(await json(wrong)).toEqual({ requestId: REQUEST_ID, timestamp: expect.any(Number), errorMessage: 'X-Amz-Firehose-Access-Key is not accepted' });
    expect((await post(app, delivery(text, { headers: { 'x-amz-firehose-access-key': 'old-key' } }))).status).toBe(200);
    expect(KEY).not.toBe('old-key');
  });

  it('400 for a request without the protocol headers (a load balancer health check POST)', async () => {
    const response = await app.request('/', { method: 'POST', body: '{}' });
    expect(response.status).toBe(400);
    expect((await json(response))['errorMessage']).toMatch(/X-Amz-Firehose-Protocol-Version is missing/);
  });

  it('400 for a malformed body and a body whose requestId differs from the header', async () => {
    const bad = await post(app, delivery('{"records":[{"data":'));
    expect(bad.status).toBe(400);
    expect((await json(bad))['errorMessage']).toMatch(/firewatch: /);
    expect((await post(app, delivery(body([], 'someone-else')))).status).toBe(400);
    expect((await post(app, delivery('not gzip', { headers: { 'content-encoding': 'gzip' } }))).status).toBe(400);
  });

  it('413 for a body over the cap, declared or streamed, gzip or not', async () => {
    const big = body(['x'.repeat(200_000)]);
    expect((await post(app, delivery(big))).status).toBe(413);
    expect((await post(app, delivery(big, { gzip: true }))).status).toBe(413);
    const streamed = new Request(
      'http://firewatch.test/',
      { method: 'POST', headers: delivery('').headers, body: new Blob([big]).stream(), duplex: 'half' } as RequestInit,
    );
    expect((await post(app, streamed)).status).toBe(413);
  });

  it('GET /health is 200; other paths 404 and other methods 405, in JSON', async () => {
    const health = await app.request('/health');
    expect(health.status).toBe(200);
    expect(await json(health)).toEqual({ status: 'ok', sink: 'memory' });
    const missing = await app.request('/nope');
    expect(missing.status).toBe(404);
    expect(await json(missing)).toEqual({ error: 'no such path: /nope' });
    const get = await app.request('/');
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect((await app.request('/health', { method: 'DELETE' })).status).toBe(405);
  });
});

describe('endpoint app: sink failures', () => {
  const text = body(buildSampleRecords({ records: 2 }));

  it('503 when the sink may succeed later, 500 when it refused for good, with errorMessage', async () => {
    for (const [retryable, status] of [[true, 503], [false, 500]] as const) {
      const sink = new MemorySink();
      sink.fail = { retryable };
      const response = await post(createEndpointApp(config(), sink), delivery(text));
      expect(response.status).toBe(status);
      expect(await json(response)).toEqual({ requestId: REQUEST_ID, timestamp: expect.any(Number), errorMessage: 'firewatch: sink memory: told to fail' });
    }
  });

  it('500 when the sink throws, or answers nonsense, and no crash', async () => {
    const sink = new MemorySink();
    sink.throws = true;
    expect((await post(createEndpointApp(config(), sink), delivery(text))).status).toBe(500);
    const nonsense = { name: 'nonsense', write: () => Promise.resolve(null as unknown as SinkResult) };
    const response = await post(createEndpointApp(config(), nonsense), delivery(text));
    expect(response.status).toBe(500);
    expect(await json(response)).toMatchObject({ requestId: REQUEST_ID, errorMessage: expect.stringContaining('internal error') });
  });

  it('503 when the writes do not settle before the deadline', async () => {
    const slow = {
      name: 'slow',
      write: (_: unknown, options: { signal?: AbortSignal }) =>
        new Promise<SinkResult>((resolve) =>
          options.signal?.addEventListener('abort', () => resolve({ ok: false, retryable: true, error: new (class extends Error {})('aborted') as never }))
        ),
    };
    // The sink never answers by itself: only the deadline can end this delivery (no elapsed time asserted).
    const response = await post(createEndpointApp(config({ FIREWATCH_WRITE_TIMEOUT_MS: '150' }), slow as never), delivery(text));
    expect(response.status).toBe(503);
  });
});

describe('endpoint app: logging', () => {
  it('reports an internal error to onDelivery in full (one structured line) and answers a generic 500', async () => {
    const summaries: DeliverySummary[] = [];
    const exploding = {
      ...portableCodecs,
      decodeBase64: () => {
        throw new Error('kaboom at /srv/secret-path');
      },
    };
    const app = createEndpointApp(config(), new MemorySink(), { codecs: exploding, onDelivery: (summary) => summaries.push(summary) });
    const response = await post(app, delivery(body(['hello'])));
    expect(response.status).toBe(500);
    const answer = await json(response);
    expect(answer).toMatchObject({ requestId: REQUEST_ID, errorMessage: expect.stringContaining('internal error') });
    expect(JSON.stringify(answer)).not.toContain('secret-path');
    expect(summaries).toEqual([expect.objectContaining({ requestId: REQUEST_ID, status: 500, detail: expect.stringContaining('kaboom at /srv/secret-path') })]);
    const line = JSON.parse(deliveryLogLine(summaries[0]!)) as Record<string, unknown>;
    expect(line).toMatchObject({
      firewatch: 'delivery',
      requestId: REQUEST_ID,
      status: 500,
      reason: expect.stringContaining('kaboom'),
      records: 0,
      documents: 0,
    });
  });

  it('logFailedDeliveries writes one line per delivery not answered 200, none for a 200', async () => {
    const lines: string[] = [];
    const app = createEndpointApp(config(), new MemorySink(), { onDelivery: logFailedDeliveries((line) => lines.push(line)) });
    expect((await post(app, delivery(body(['hello'])))).status).toBe(200);
    expect((await post(app, delivery(body(['hello']), { headers: { 'x-amz-firehose-access-key': 'wrong' } }))).status).toBe(401);
    expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ firewatch: 'delivery', status: 401, requestId: REQUEST_ID, reason: expect.any(String) }),
    ]);
  });
});

describe('endpoint app: admission control', () => {
  /** A body that sends its beginning, then nothing until the deadline; notes whether it was read at all. */
  const stalledBody = (state: { pulled: boolean }) =>
    new ReadableStream<Uint8Array>({
      pull(controller) {
        if (!state.pulled) controller.enqueue(encodeUtf8(`{"requestId":"${REQUEST_ID}","records":[`));
        state.pulled = true;
        return new Promise(() => undefined);
      },
    }, { highWaterMark: 0 }); // pulled only when read
  const streamed = (stream: ReadableStream<Uint8Array>) =>
    new Request('http://firewatch.test/', { method: 'POST', headers: delivery('{}').headers, body: stream, duplex: 'half' } as RequestInit);

  it('answers 503 at once, without reading the body, beyond FIREWATCH_MAX_DELIVERIES in flight; the place is free again after', async () => {
    const sink = new MemorySink();
    const summaries: DeliverySummary[] = [];
    // The deadline is only a safety net: the test itself decides when the first delivery may end.
    const app = createEndpointApp(config({ FIREWATCH_MAX_DELIVERIES: '1', FIREWATCH_WRITE_TIMEOUT_MS: '60000' }), sink, {
      onDelivery: (summary) => summaries.push(summary),
    });
    const text = encodeUtf8(body(['hello']));
    let started!: () => void;
    const reading = new Promise<void>((resolve) => (started = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let pulls = 0;
    // The first delivery sends half its body, then the rest only once the test releases it.
    const held = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (pulls++ === 0) {
          controller.enqueue(text.subarray(0, text.length >> 1));
          started();
          return;
        }
        await released;
        controller.enqueue(text.subarray(text.length >> 1));
        controller.close();
      },
    }, { highWaterMark: 0 });
    const holding = post(app, streamed(held));
    await reading; // admitted: its body is being read
    const second = { pulled: false };
    const refused = await post(app, streamed(stalledBody(second)));
    expect(refused.status).toBe(503);
    expect(await json(refused)).toMatchObject({ requestId: REQUEST_ID, errorMessage: expect.stringContaining('FIREWATCH_MAX_DELIVERIES') });
    expect(second.pulled).toBe(false);
    release();
    expect((await holding).status).toBe(200);
    expect((await post(app, delivery(body(['hello'])))).status).toBe(200);
    expect(summaries.map((s) => s.status)).toEqual([503, 200, 200]);
    expect(sink.documents.length).toBe(2);
  });

  it('decodes a record only once its inflated size fits the process budget, and answers 503 at the deadline while waiting', async () => {
    const sink = new MemorySink();
    const admission = new Admission({ maxDeliveries: 10, inflatedBudgetBytes: 1024 * 1024 });
    const app = createEndpointApp(config({ FIREWATCH_WRITE_TIMEOUT_MS: '150' }), sink, { admission });
    const held = await admission.reserve(1024 * 1024);
    const waited = await post(app, delivery(body(buildSampleRecords({ records: 2, events: 3 }))));
    expect(waited.status).toBe(503);
    expect(sink.documents).toEqual([]);
    held!();
    expect((await post(app, delivery(body(buildSampleRecords({ records: 2, events: 3 }))))).status).toBe(200);
    expect(admission.reservedBytes).toBe(0);
    expect(admission.inFlight).toBe(0);
  });

  it('writes a dense record in batches of FIREWATCH_BATCH_BYTES, never all its documents in one write', async () => {
    const sink = new MemorySink();
    const lines = Array.from({ length: 5_000 }, (_, i) => `2026-11-25T11:41:00.000000Z\t   42 Query\tSELECT ${i}`);
    const app = createEndpointApp(config({ FIREWATCH_BATCH_BYTES: String(64 * 1024) }), sink);
    const response = await post(app, delivery(body([encodeRecord(buildEnvelope({ lines, logGroup: '/aws/rds/instance/db/general' }))])));
    expect(response.status).toBe(200);
    expect(sink.documents.length).toBe(5_000);
    for (const write of sink.writes) expect(write.reduce((n, d) => n + d.json.length + 40, 0)).toBeLessThan(64 * 1024 + 1024);
  });
});

describe('endpoint app: deadlines', () => {
  it('503 at the deadline when the body stalls (the client stops sending), and the body is released', async () => {
    let cancelled = false;
    const start = encodeUtf8(`{"requestId":"${REQUEST_ID}","timestamp":1,"records":[{"data":"aGk="},`);
    const stalled = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(start); // then nothing more, ever
      },
      cancel() {
        cancelled = true;
      },
    });
    const request = new Request('http://firewatch.test/', { method: 'POST', headers: delivery('{}').headers, body: stalled, duplex: 'half' } as RequestInit);
    // Only the deadline can end this delivery (no elapsed time asserted).
    const response = await post(createEndpointApp(config({ FIREWATCH_WRITE_TIMEOUT_MS: '150' }), new MemorySink()), request);
    expect(response.status).toBe(503);
    expect(await json(response)).toMatchObject({ requestId: REQUEST_ID, errorMessage: expect.stringContaining('FIREWATCH_WRITE_TIMEOUT_MS') });
    expect(cancelled).toBe(true);
  });
});

describe('endpoint app: properties', () => {
  const envelopes = buildSampleEnvelopes({ format: 'mixed', records: 6, events: 2 });
  const binary = envelopes.map((e) => encodeRecord(e));
  const idsOf = new Map(binary.map((bytes, i) => [bytes, envelopes[i]!.messageType === 'DATA_MESSAGE' ? envelopes[i]!.logEvents.map((ev) => ev.id) : []]));
  const records = fc.array(fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom(...binary)), { maxLength: 6 });

  it('answers malformed requests 4xx, never 5xx, never throwing', async () => {
    const app = createEndpointApp(config({ FIREWATCH_MAX_BODY_BYTES: '20000' }), new MemorySink());
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('bytes' as const), bytes: fc.uint8Array({ maxLength: 300 }) }),
      fc.record({ kind: fc.constant('truncate' as const), records, at: fc.nat() }),
      fc.record({
        kind: fc.constant('flip' as const),
        records,
        at: fc.nat(),
        char: fc.constantFrom('"', '{', '}', '[', ']', ',', ':', '\\', 'x', '\u00e9', ' '),
      }),
    );
    await fc.assert(
      fc.asyncProperty(mutation, fc.boolean(), async (m, gzip) => {
        let payload: string | Uint8Array;
        if (m.kind === 'bytes') payload = m.bytes;
        else {
          const text = body(m.records);
          const at = m.at % (text.length + 1);
          payload = m.kind === 'truncate' ? text.slice(0, at) : `${text.slice(0, at)}${m.char}${text.slice(at + 1)}`;
        }
        const response = await post(app, delivery(payload, { gzip }));
        expect(response.status).toBeLessThan(500);
        const answer = await json(response);
        expect(answer['requestId']).toBe(REQUEST_ID);
      }),
      { numRuns: 300 },
    );
  });

  it('answers 200 only when every record has its documents stored', async () => {
    await fc.assert(
      fc.asyncProperty(records, fc.boolean(), fc.boolean(), async (list, gzip, failing) => {
        const sink = new MemorySink();
        if (failing) sink.fail = { retryable: true };
        const response = await post(createEndpointApp(config(), sink), delivery(body(list), { gzip }));
        if (response.status !== 200) {
          expect(failing && list.length > 0).toBe(true);
          return;
        }
        const stored = new Set(sink.documents.map((d) => d.id));
        const expected = list.flatMap((record, i) => (typeof record === 'string' ? idsOfText(record, `${REQUEST_ID}:${i}`) : idsOf.get(record)!));
        for (const id of expected) expect(stored.has(id)).toBe(true);
        expect(stored.size).toBe(new Set(expected).size);
      }),
      { numRuns: 100 },
    );
  });
});
