/** `firewatch send`: what it reads, how it splits requests, and Firehose's retry behaviour, against a fake fetch. */
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeBase64 } from '../../core/bytes/base64.ts';
import { buildSampleEvent, buildSampleHttpRequest } from '../../core/samples/events.ts';
import { buildEnvelope } from '../../core/samples/records.ts';
import { recordsOf, sendRecords, splitRequests } from '../../scripts/cli/send.ts';
import { InputError } from '../../scripts/cli/io.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('send: inputs', () => {
  it('reads request bodies, transformation events, S3 backup lines, envelopes, awslogs events and raw gzip', () => {
    const request = buildSampleHttpRequest({ records: 2 });
    expect(recordsOf(bytes(JSON.stringify(request)))).toEqual(request.records.map((r) => r.data));
    const event = buildSampleEvent({ records: 3 });
    expect(recordsOf(bytes(JSON.stringify(event)))).toEqual(event.records.map((r) => r.data));
    const backup = [
      { attemptsMade: 4, arrivalTimestamp: 1, errorCode: 'Lambda.ProcessingFailedStatus', errorMessage: 'x', rawData: 'aGk=' },
      { attemptsMade: 1, errorCode: 'HttpEndpoint.ResponseCode', errorMessage: '503', rawData: 'eW8=' },
    ];
    expect(recordsOf(bytes(backup.map((b) => JSON.stringify(b)).join('\n')))).toEqual(['aGk=', 'eW8=']);
    const envelope = buildEnvelope({ lines: ['a', 'b'] });
    const [record] = recordsOf(bytes(JSON.stringify(envelope)));
    expect(JSON.parse(gunzipBase64(record!))).toEqual(envelope);
    expect(recordsOf(bytes('{"awslogs":{"data":"H4sI"}}'))).toEqual(['H4sI']);
    const gz = gzipSync('{"x":1}');
    expect(recordsOf(gz)).toEqual([encodeBase64(gz)]);
    expect(recordsOf(undefined)).toHaveLength(10);
  });

  it('reads the gzip backup objects Firehose writes to S3 and Lambda on-failure records, and keeps a gzip record whole', () => {
    const lines = [
      { attemptsMade: 4, arrivalTimestamp: 1, errorCode: 'Lambda.ProcessingFailedStatus', errorMessage: 'x', rawData: 'aGk=' },
      { attemptsMade: 1, errorCode: 'HttpEndpoint.DestinationException', errorMessage: '503', rawData: 'eW8=' },
    ].map((b) => JSON.stringify(b));
    // Two objects back to back, as a downloaded prefix concatenated: both members are read.
    const object = Buffer.concat([gzipSync(lines[0]! + '\n'), gzipSync(lines[1]! + '\n')]);
    expect(recordsOf(object)).toEqual(['aGk=', 'eW8=']);
    const onFailure = {
      version: '1.0',
      requestContext: { condition: 'RetriesExhausted', approximateInvokeCount: 3 },
      requestPayload: { awslogs: { data: 'H4sIb' } },
      responsePayload: { errorType: 'FirewatchError' },
    };
    expect(recordsOf(bytes(JSON.stringify(onFailure)))).toEqual(['H4sIb']);
    expect(recordsOf(gzipSync(JSON.stringify(onFailure)))).toEqual(['H4sIb']);
    // A CloudWatch Logs record is gzip of an envelope, not of backup lines: it is sent as it is.
    const record = gzipSync(JSON.stringify(buildEnvelope({ lines: ['a'] })));
    expect(recordsOf(record)).toEqual([encodeBase64(record)]);
  });

  it('says what is wrong with an input it cannot use', () => {
    expect(() => recordsOf(bytes('hello'))).toThrow(InputError);
    expect(() => recordsOf(bytes('{"records":[{"nodata":1}]}'))).toThrow(/records\[0\]\.data/);
    expect(() => recordsOf(bytes('{"a":1}\n{"b":2}'))).toThrow(/line 1/);
  });

  it('splits by records per request and by size', () => {
    expect(splitRequests(['a', 'b', 'c'], 2)).toEqual([['a', 'b'], ['c']]);
    const big = 'A'.repeat(2_000_000);
    expect(splitRequests([big, big, big, big], 500).map((r) => r.length)).toEqual([2, 2]);
  });
});

function gunzipBase64(data: string): string {
  return gunzipSync(Buffer.from(data, 'base64')).toString();
}

interface Call {
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** A fetch that answers from a script of statuses, echoing the request id (or not, for `bad`). */
function fakeFetch(script: (number | 'bad' | 'throw')[]) {
  const calls: Call[] = [];
  const fetchImpl = ((_url: string, init: RequestInit) => {
    const headers = init.headers as Record<string, string>;
    calls.push({ headers, body: Buffer.from(init.body as Uint8Array).toString('latin1') });
    const step = script[Math.min(calls.length - 1, script.length - 1)]!;
    if (step === 'throw') return Promise.reject(new TypeError('fetch failed', { cause: new Error('ECONNREFUSED') }));
    if (step === 'bad') return Promise.resolve(new Response('<html>oops</html>', { status: 200 }));
    const requestId = headers['x-amz-firehose-request-id'];
    return Promise.resolve(
      new Response(JSON.stringify({ requestId, timestamp: 1, ...(step === 200 ? {} : { errorMessage: `status ${step}` }) }), { status: step }),
    );
  }) as unknown as typeof fetch;
  return { calls, fetchImpl };
}

describe('send: protocol and retries', () => {
  const records = ['aGk=', 'eW8='];

  it('sends the protocol headers, gzip when asked, and the same request id and body on every retry', async () => {
    const { calls, fetchImpl } = fakeFetch([503, 'throw', 200]);
    const sleeps: number[] = [];
    const [result] = await sendRecords('http://x/', records, {
      fetch: fetchImpl,
      gzip: true,
      accessKey: 'k',
      random: () => 0.5,
      sleep: (ms) => (sleeps.push(ms), Promise.resolve()),
      commonAttributes: { env: 'dev' },
    });
    expect(result).toMatchObject({ status: 200, attempts: 3, records: 2 });
    expect(sleeps).toEqual([1000, 2000]);
    const first = calls[0]!;
    expect(first.headers).toMatchObject({
      'x-amz-firehose-protocol-version': '1.0',
      'x-amz-firehose-access-key': 'k',
      'content-encoding': 'gzip',
      'content-type': 'application/json',
      'x-amz-firehose-common-attributes': '{"commonAttributes":{"env":"dev"}}',
    });
    expect(new Set(calls.map((c) => c.headers['x-amz-firehose-request-id'])).size).toBe(1);
    expect(new Set(calls.map((c) => c.body)).size).toBe(1);
    const body = JSON.parse(gunzipSync(Buffer.from(first.body, 'latin1')).toString()) as { requestId: string; records: { data: string }[] };
    expect(body.requestId).toBe(first.headers['x-amz-firehose-request-id']);
    expect(body.records).toEqual(records.map((data) => ({ data })));
  });

  it('jitters by ±15% and stops within the retry duration', async () => {
    const { calls, fetchImpl } = fakeFetch([500]);
    const sleeps: number[] = [];
    const [result] = await sendRecords('http://x/', records, {
      fetch: fetchImpl,
      retrySeconds: 10,
      random: () => 0,
      sleep: (ms) => (sleeps.push(ms), Promise.resolve()),
    });
    expect(sleeps).toEqual([850, 1700, 3400, 6800]);
    expect(result).toMatchObject({ status: 500, attempts: 5, errorMessage: 'status 500' });
    expect(calls).toHaveLength(5);
  });

  it('does not retry 413, and counts a malformed answer as 500', async () => {
    const tooLarge = fakeFetch([413]);
    const [a] = await sendRecords('http://x/', records, { fetch: tooLarge.fetchImpl, sleep: () => Promise.resolve() });
    expect(a).toMatchObject({ status: 413, attempts: 1 });
    const bad = fakeFetch(['bad', 200]);
    const [b] = await sendRecords('http://x/', records, { fetch: bad.fetchImpl, sleep: () => Promise.resolve(), random: () => 0.5 });
    expect(b).toMatchObject({ status: 200, attempts: 2 });
  });

  it('logs one summary line per request', async () => {
    const { fetchImpl } = fakeFetch([200]);
    const lines: string[] = [];
    await sendRecords('http://x/', ['aGk=', 'aGk=', 'aGk='], { fetch: fetchImpl, recordsPerRequest: 2, log: (l) => lines.push(l) });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^firewatch send: request 1\/2 [0-9a-f-]{36}: 200 OK after 1 attempt in \d+ ms \(2 records, \d+ bytes\)$/);
  });
});
