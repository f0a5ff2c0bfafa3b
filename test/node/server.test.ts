/**
 * The Node server for real: `startServer` on 127.0.0.1:0 with the files sink in a temporary directory,
 * fed by `firewatch send` (its module, and once as a subprocess, as users run it).
 */
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSampleEnvelopes } from '../../core/samples/events.ts';
import { recordsOf, sendRecords } from '../../scripts/cli/send.ts';
import { deliveryLine, type RunningServer, startServer } from '../../scripts/cli/serve.ts';
import { startOpenSearchStandIn } from '../support/opensearch-standin.ts';
import { readFilesSink } from './files-reader.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const sampleIds = buildSampleEnvelopes({ format: 'mixed', records: 10, events: 5 }).flatMap((
  e,
) => (e.messageType === 'DATA_MESSAGE' ? e.logEvents.map((ev) => ev.id) : []));

let dir: string;
let server: RunningServer;
const logs: string[] = [];
/** Called after each log line: a test waiting for a line is told at once rather than sleeping. */
const onLog = new Set<() => void>();
/** The first log line that `match` accepts, as soon as the server writes it. */
async function logLine(match: (line: string) => boolean): Promise<string> {
  for (;;) {
    const line = logs.find(match);
    if (line !== undefined) return line;
    await new Promise<void>((resolve) =>
      onLog.add(function written() {
        onLog.delete(written);
        resolve();
      })
    );
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'firewatch-server-'));
  server = await startServer({
    env: { FIREWATCH_ACCESS_KEYS: 'key-old,key-new', FIREWATCH_INDEX: 'rds' },
    port: 0,
    host: '127.0.0.1',
    dataDir: join(dir, 'data'),
    log: (line) => {
      logs.push(line);
      for (const written of onLog) written();
    },
  });
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('firewatch serve (files sink) with firewatch send', () => {
  it('stores one document per log event of the sample, gzip or not, and a second delivery adds no new ids', async () => {
    const first = await sendRecords(`${server.url}/`, recordsOf(undefined), { accessKey: 'key-new', gzip: true });
    expect(first.map((r) => r.status)).toEqual([200]);
    let stored = await readFilesSink(join(dir, 'data'));
    expect(stored.map((d) => d.id).sort()).toEqual([...sampleIds].sort());
    expect(new Set(stored.map((d) => d.index))).toEqual(new Set(['rds-2026-11-25']));

    const again = await sendRecords(`${server.url}/`, recordsOf(undefined), { accessKey: 'key-old', recordsPerRequest: 3 });
    expect(again.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    stored = await readFilesSink(join(dir, 'data'));
    expect(stored).toHaveLength(sampleIds.length);
    expect(logs.some((l) => l.includes('→ 200') && l.includes('control messages skipped'))).toBe(true);
  });

  it('answers 401 to a wrong key, which send reports without retrying past its budget', async () => {
    const [result] = await sendRecords(`${server.url}/`, recordsOf(undefined), { accessKey: 'nope', retrySeconds: 0 });
    expect(result).toMatchObject({ status: 401, attempts: 1, errorMessage: 'X-Amz-Firehose-Access-Key is not accepted' });
  });

  it('answers health checks and stray requests in JSON over real HTTP', async () => {
    expect(await (await fetch(`${server.url}/health`)).json()).toEqual({ status: 'ok', sink: 'files' });
    const stray = await fetch(`${server.url}/`, { method: 'POST', body: 'hello' });
    expect(stray.status).toBe(400);
    expect((await fetch(`${server.url}/`)).status).toBe(405);
  });

  it('takes a request of 10,000 records, the most Firehose sends', async () => {
    const record = recordsOf(undefined)[1]!;
    const records = Array.from({ length: 10_000 }, () => record);
    const results = await sendRecords(`${server.url}/`, records, { accessKey: 'key-new', recordsPerRequest: 10_000 });
    expect(results.every((r) => r.status === 200)).toBe(true);
  });

  it('survives a client that disconnects halfway through a body', async () => {
    const url = new URL(server.url);
    await new Promise<void>((resolve) => {
      const req = request({
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: '/',
        headers: {
          'x-amz-firehose-protocol-version': '1.0',
          'x-amz-firehose-request-id': 'gone-1',
          'x-amz-firehose-access-key': 'key-new',
          'content-length': '100000',
        },
      });
      req.on('error', () => resolve());
      req.write(`{"requestId":"gone-1","timestamp":1,"records":[{"data":"${'A'.repeat(5000)}`, () => setTimeout(() => (req.destroy(), resolve()), 100));
    });
    // One JSON line, as every runtime logs a failed delivery (core/endpoint/log.ts), once the server saw the client go.
    const line = await logLine((l) => l.includes('"requestId":"gone-1"'));
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    expect(JSON.parse(line)).toMatchObject({
      firewatch: 'delivery',
      requestId: 'gone-1',
      status: 503,
      records: 0,
      documents: 0,
      reason: expect.stringContaining('client closed the connection'),
    });
  });

  it('works through the real CLI as a subprocess', async () => {
    const run = await new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [join(ROOT, 'scripts', 'firewatch.mjs'), 'send', `${server.url}/`, '--access-key', 'key-new', '--gzip'], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout }));
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^firewatch send: request 1\/1 [0-9a-f-]{36}: 200 OK after 1 attempt in \d+ ms \(10 records, [\d,]+ bytes gzip\)$/m);
    expect(run.stdout).toMatch(/10 records in 1 request: 1 answered 200/);
  });

  it('refuses to run open on a non-loopback address', async () => {
    await expect(startServer({ env: {}, host: '0.0.0.0', port: 0, log: () => undefined })).rejects.toThrow(
      /FIREWATCH_ACCESS_KEYS is required when binding 0.0.0.0/,
    );
    await expect(startServer({ env: { FIREWATCH_ALLOW_NO_ACCESS_KEY: 'true' }, host: '0.0.0.0', port: 0, log: () => undefined })).rejects.toThrow(
      /only on a loopback/,
    );
  });
});

describe('firewatch serve with OPENSEARCH_URL', () => {
  it('indexes into OpenSearch (the stand-in), overwriting nothing on a second delivery, and answers 503 while it is down', async () => {
    const os = await startOpenSearchStandIn();
    const opensearch = await startServer({
      env: {
        OPENSEARCH_URL: os.url,
        FIREWATCH_INDEX: 'rds',
        FIREWATCH_SINK_RETRY_BASE_MS: '5',
        FIREWATCH_SINK_RETRY_MAX_MS: '10',
        FIREWATCH_WRITE_TIMEOUT_MS: '1000',
      },
      port: 0,
      log: () => undefined,
    });
    try {
      expect(opensearch.destination).toMatch(/^OpenSearch http:\/\/127\.0\.0\.1:\d+/);
      expect((await sendRecords(`${opensearch.url}/`, recordsOf(undefined), { gzip: true })).map((r) => r.status)).toEqual([200]);
      expect((await sendRecords(`${opensearch.url}/`, recordsOf(undefined), {})).map((r) => r.status)).toEqual([200]);
      expect(os.documents('rds-2026-11-25').map((d) => d.id).sort()).toEqual([...sampleIds].sort());
      os.failRequests({ count: 1000 });
      const [down] = await sendRecords(`${opensearch.url}/`, recordsOf(undefined), { retrySeconds: 0 });
      expect(down!.status).toBe(503);
    } finally {
      await opensearch.close();
      await os.close();
    }
  });
});

describe('firewatch serve delivery log', () => {
  const summary = {
    requestId: 'r-9',
    records: 3,
    documents: 2,
    controlMessages: 0,
    decodeFailures: 0,
    stored: 0,
    deadLettered: 0,
    writes: 1,
    bytes: 900,
    milliseconds: 12,
  };

  it('logs a failed delivery as the one JSON line every runtime writes, its internal error in full', () => {
    const line = deliveryLine({
      ...summary,
      status: 500,
      errorMessage: 'firewatch: internal error; the endpoint logged it with this request id',
      detail: 'TypeError: boom\n    at shape (documents.ts:1)',
    });
    expect(line.split('\n')).toHaveLength(1);
    expect(JSON.parse(line)).toEqual({
      firewatch: 'delivery',
      ...summary,
      status: 500,
      errorMessage: 'firewatch: internal error; the endpoint logged it with this request id',
      reason: 'TypeError: boom\n    at shape (documents.ts:1)',
    });
  });

  it('keeps a readable line for a stored delivery', () => {
    expect(deliveryLine({ ...summary, status: 200, stored: 2 })).toBe(
      'firewatch serve: r-9 → 200: 3 records, 2 documents, 2 stored in 1 write, 900 bytes, 12 ms',
    );
  });
});
