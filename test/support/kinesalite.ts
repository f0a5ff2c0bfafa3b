/**
 * A real Kinesis API for tests: spawns kinesalite (in memory) on a free port, creates streams and reads
 * every record back through the SDK. Clients under test talk to it through a thin fault proxy that can
 * fail chosen `PutRecords` entries (they are withheld from kinesalite, so nothing is stored twice) or
 * whole calls, which kinesalite itself never does.
 *
 * @example
 * ```ts
 * const kinesis = await startKinesalite();
 * await kinesis.createStream('logs', 2);
 * kinesis.failEntries(3); // the next three PutRecords entries answer ProvisionedThroughputExceededException
 * // ... put records to kinesis.endpoint ...
 * const records = await kinesis.readRecords('logs');
 * await kinesis.stop();
 * ```
 * @module
 */

import { CreateStreamCommand, DescribeStreamCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { DUMMY_CREDENTIALS } from './firehose-standin.ts';
import { KinesisReader, type ReadRecord } from './kinesis-reader.ts';

const PUT_RECORDS = 'Kinesis_20131202.PutRecords';
const JSON_11 = 'application/x-amz-json-1.1';
const ACCOUNT = '000000000000';

/** A record read back from a stream. */
export type StoredRecord = ReadRecord;

/** One PutRecords request seen by the proxy. */
export interface ProxyCall {
  readonly stream: string;
  readonly records: number;
  /** HTTP status answered to the client. */
  readonly status: number;
  /** Entries answered with an error. */
  readonly failedEntries: number;
}

/** The running kinesalite and its proxy; see the module example. */
export interface Kinesalite {
  /** The fault proxy's `http://127.0.0.1:<port>`: give this to the client under test. */
  readonly endpoint: string;
  /** kinesalite itself. */
  readonly directEndpoint: string;
  /** A client on {@link directEndpoint} for set-up and read-back. */
  readonly client: KinesisClient;
  /** PutRecords calls that went through the proxy, in order. */
  readonly calls: ProxyCall[];
  /** Creates a stream and waits until it is ACTIVE. */
  createStream(name: string, shards?: number): Promise<void>;
  /** Every record in every shard of `name`, shard by shard, each in sequence order. */
  readRecords(name: string): Promise<StoredRecord[]>;
  /** Fails the next `count` PutRecords entries (across calls) with `code`; they never reach kinesalite. */
  failEntries(count: number, code?: string): void;
  /** Fails the next `count` PutRecords calls as a whole (default 400 ProvisionedThroughputExceededException). */
  failCalls(count: number, options?: { readonly status?: number; readonly code?: string; readonly message?: string }): void;
  /** Clears faults and calls. */
  reset(): void;
  /** Stops the proxy and the kinesalite process. */
  stop(): Promise<void>;
}

/** Starts kinesalite (streams become ACTIVE at once) and its fault proxy. */
export async function startKinesalite(): Promise<Kinesalite> {
  const { child, port } = await spawnKinesalite();
  const directEndpoint = `http://127.0.0.1:${port}`;
  const faults = { entries: 0, entryCode: '', calls: 0, status: 400, code: '', message: '' };
  const calls: ProxyCall[] = [];
  const proxy = await startProxy(port, faults, calls);
  const client = new KinesisClient({
    endpoint: directEndpoint,
    region: 'us-east-1',
    credentials: DUMMY_CREDENTIALS,
    // The SDK's default HTTP/2 handler fails against kinesalite.
    requestHandler: new NodeHttpHandler(),
  });

  return {
    endpoint: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    directEndpoint,
    client,
    calls,
    async createStream(name, shards = 1) {
      await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
      for (let i = 0; i < 100; i++) {
        const { StreamDescription } = await client.send(new DescribeStreamCommand({ StreamName: name }));
        if (StreamDescription?.StreamStatus === 'ACTIVE') return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`kinesalite: stream ${name} did not become ACTIVE`);
    },
    readRecords(name) {
      return new KinesisReader(client, name).readNew();
    },
    failEntries(count, code = 'ProvisionedThroughputExceededException') {
      faults.entries = count;
      faults.entryCode = code;
    },
    failCalls(count, { status = 400, code = 'ProvisionedThroughputExceededException', message = 'Rate exceeded for stream.' } = {}) {
      Object.assign(faults, { calls: count, status, code, message });
    },
    reset() {
      Object.assign(faults, { entries: 0, calls: 0 });
      calls.length = 0;
    },
    async stop() {
      client.destroy();
      await new Promise<void>((resolve) => {
        proxy.close(() => resolve());
        proxy.closeAllConnections();
      });
      await stopProcess(child);
    },
  };
}

/**
 * kinesalite's CLI treats `--port 0` as "no port" and falls back to 4567, so we pick a free port
 * ourselves; another process could take it in between, hence the few tries.
 */
async function spawnKinesalite(): Promise<{ child: ChildProcess; port: number }> {
  const cli = createRequire(import.meta.url).resolve('kinesalite/cli.js');
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const child = spawn(process.execPath, [
      cli,
      '--port',
      String(port),
      '--createStreamMs',
      '0',
      '--deleteStreamMs',
      '0',
      '--updateStreamMs',
      '0',
      '--shardLimit',
      '100',
    ], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Should the test process die without stop(), do not leave kinesalite running.
    const kill = () => child.kill();
    process.once('exit', kill);
    child.once('exit', () => process.off('exit', kill));
    try {
      await new Promise<void>((resolve, reject) => {
        let stderr = '';
        child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.stdout?.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('Listening at')) resolve();
        });
        child.once('exit', (code) => reject(new Error(`kinesalite exited with ${code}: ${stderr.trim()}`)));
        setTimeout(() => reject(new Error('kinesalite did not start within 10 s')), 10_000).unref();
      });
      return { child, port };
    } catch (error) {
      lastError = error;
      await stopProcess(child);
    }
  }
  throw lastError;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill();
  await exited;
}

interface Faults {
  entries: number;
  entryCode: string;
  calls: number;
  status: number;
  code: string;
  message: string;
}

/**
 * Forwards everything to kinesalite. For PutRecords with faults pending it answers whole-call errors
 * itself, or removes the entries to fail from the request, forwards the rest, and merges the answers in
 * the original order, as Kinesis reports partial failures (`FailedRecordCount`, per-entry `ErrorCode`).
 */
async function startProxy(kinesalitePort: number, faults: Faults, calls: ProxyCall[]): Promise<Server> {
  const server = createServer({ keepAlive: true }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      res.writeHead(502, { 'Content-Type': JSON_11 });
      res.end(JSON.stringify({ __type: 'InternalFailure', message: `proxy: ${String(error)}` }));
    });
  });
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body = Buffer.concat(chunks);
    const answer = (status: number, payload: unknown, failedEntries = 0, stream = '', records = 0) => {
      const text = JSON.stringify(payload);
      if (req.headers['x-amz-target'] === PUT_RECORDS) calls.push({ stream, records, status, failedEntries });
      res.writeHead(status, { 'Content-Type': JSON_11, 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
    };
    if (req.headers['x-amz-target'] !== PUT_RECORDS) {
      const upstream = await forward(kinesalitePort, req, body);
      return answer(upstream.status, upstream.body);
    }

    const input = JSON.parse(body.toString('utf8')) as { StreamName?: string; Records?: unknown[] };
    const stream = input.StreamName ?? '';
    const entries = input.Records ?? [];
    if (faults.calls > 0) {
      faults.calls--;
      return answer(faults.status, { __type: faults.code, message: faults.message }, 0, stream, entries.length);
    }
    const failing = new Set<number>();
    for (let i = 0; i < entries.length && faults.entries > 0; i++, faults.entries--) failing.add(i);
    const failure = {
      ErrorCode: faults.entryCode,
      ErrorMessage: `Rate exceeded for shard shardId-000000000000 in stream ${stream} under account ${ACCOUNT}.`,
    };
    if (failing.size === entries.length && entries.length > 0) {
      return answer(200, { FailedRecordCount: failing.size, Records: entries.map(() => failure) }, failing.size, stream, entries.length);
    }
    if (failing.size > 0) body = Buffer.from(JSON.stringify({ ...input, Records: entries.filter((_, i) => !failing.has(i)) }));
    const upstream = await forward(kinesalitePort, req, body);
    if (upstream.status !== 200 || failing.size === 0) return answer(upstream.status, upstream.body, 0, stream, entries.length);
    const accepted = (upstream.body as { FailedRecordCount: number; Records: unknown[] }).Records;
    let next = 0;
    const merged = entries.map((_, i) => (failing.has(i) ? failure : accepted[next++]));
    const failedCount = (upstream.body as { FailedRecordCount: number }).FailedRecordCount + failing.size;
    return answer(200, { ...(upstream.body as object), FailedRecordCount: failedCount, Records: merged }, failedCount, stream, entries.length);
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return server;
}

/** Sends the (possibly rewritten) request to kinesalite; it does not verify signatures, so a changed body is fine. */
function forward(port: number, req: IncomingMessage, body: Buffer): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const upstream = request(
      { host: '127.0.0.1', port, method: req.method, path: req.url, headers: { ...req.headers, 'content-length': String(body.length) } },
      async (res) => {
        const chunks: Buffer[] = [];
        for await (const chunk of res) chunks.push(chunk as Buffer);
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 500, body: text === '' ? {} : JSON.parse(text) });
      },
    );
    upstream.once('error', reject);
    upstream.end(body);
  });
}
