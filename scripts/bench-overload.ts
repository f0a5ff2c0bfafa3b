/**
 * The overload section of `npm run bench`: what hostile load does to the HTTP endpoint on Node and to the
 * transformation Lambda, with verdicts.
 *
 * - **Dense records**: 32 deliveries in flight, each one record of ~95,000 events (under 1 MB of gzip,
 *   ~60 MB inflated), against scripts/bench-endpoint-server.ts in a child process. Deliveries refused
 *   with 503 (admission control) are retried as Firehose does, until every one is answered 200. Figure:
 *   the server's peak RSS (VmHWM), target ≤ 256 MiB.
 * - **Goodput**: deliveries of 10,000 events answered 200 per second, with 8, 32, 128 and 400 clients
 *   each sending one delivery after another (a 503 is retried after a short, jittered pause). Target: at
 *   400 clients at least 70% of the best goodput measured, i.e. the server's capacity holds under 10× overload
 *   instead of collapsing.
 * - **Transformation Lambda memory**: the handler on one event holding a dense record, in a child
 *   process, in split mode (answered `Ok`, its other events re-ingested) and in ndjson mode (its documents
 *   exceed the response: `Dropped`, re-ingested in chunks); figure: its peak RSS, target ≤ the template's
 *   default `MemorySize` (lambda/cloudformation/pipeline.yaml).
 *
 * Run alone: `node --import tsx scripts/bench-overload.ts` (`--quick` shortens the goodput windows).
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildEnvelope, encodeRecord, SAMPLE_TIME } from '../core/samples/records.ts';
import { sampleEvents, sampleLogGroups } from '../core/samples/log-lines.ts';
import { type BenchReport, createBenchReport } from './bench-report.ts';

const MiB = 1024 * 1024;
const REPO = fileURLToPath(new URL('..', import.meta.url));
const SERVER_SCRIPT = fileURLToPath(new URL('./bench-endpoint-server.ts', import.meta.url));
const PIPELINE_TEMPLATE = fileURLToPath(new URL('../lambda/cloudformation/pipeline.yaml', import.meta.url));

/** Events in the dense record: what fits a highly compressible record under 1 MB of gzip (the case). */
export const DENSE_EVENTS = 95_000;

/**
 * One CloudWatch Logs record of `events` ~630-byte events that compress extremely well (the same
 * statement with a counter): under 1 MB of gzip, ~60 MB inflated.
 */
export function denseRecord(events = DENSE_EVENTS, seed = 0): Uint8Array {
  const padding = 'x'.repeat(480);
  const envelope = buildEnvelope({ lines: ['x'], logGroup: sampleLogGroups['mysql-general'], logStream: 'dense', idSeed: seed, startTime: SAMPLE_TIME });
  // Sequential ids and one timestamp, as a burst from one busy second looks: what makes it compress so well.
  const base = 37_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000n + BigInt(seed) * 1_000_000n;
  const logEvents = Array.from(
    { length: events },
    (_, i) => ({
      id: String(base + BigInt(i)),
      timestamp: SAMPLE_TIME,
      message: `2026-11-25T11:41:00.000000Z\t   42 Query\tSELECT '${padding}' FROM t WHERE id = ${i}`,
    }),
  );
  return encodeRecord({ ...envelope, logEvents }, 9);
}

/** A request body of records. */
function body(requestId: string, records: readonly Uint8Array[]): Buffer {
  return Buffer.from(
    JSON.stringify({ requestId, timestamp: SAMPLE_TIME + 60_000, records: records.map((r) => ({ data: Buffer.from(r).toString('base64') })) }),
    'utf8',
  );
}

/** ~10,000 general-log events in 500 records of 20: a typical delivery. */
export function typicalBody(requestId: string): Buffer {
  const lines = sampleEvents('mysql-general', { count: 10_000, seed: 7 });
  const records = Array.from({ length: 500 }, (_, r) => {
    const slice = lines.slice(r * 20, (r + 1) * 20);
    return encodeRecord(
      buildEnvelope({ lines: slice.map((e) => e.message), timestamps: slice.map((e) => e.timestamp), logGroup: sampleLogGroups['mysql-general'], idSeed: r }),
      6,
    );
  });
  return body(requestId, records);
}

/** POSTs one delivery; resolves to the status. */
function post(url: string, agent: HttpAgent, requestId: string, payload: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      `${url}/`,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': String(payload.length),
          'x-amz-firehose-protocol-version': '1.0',
          'x-amz-firehose-request-id': requestId,
        },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      },
    );
    // A server that answers 503 before reading the body may close the connection while we still send.
    request.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? resolve(0) : reject(error)));
    request.end(payload);
  });
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Sends until answered 200, retrying refusals after a jittered pause as Firehose does (shorter here). */
async function deliverWithRetries(url: string, agent: HttpAgent, requestId: string, payload: Buffer): Promise<{ attempts: number; refused: number }> {
  for (let attempt = 1, refused = 0;; attempt++) {
    const status = await post(url, agent, requestId, payload);
    if (status === 200) return { attempts: attempt, refused };
    if (status !== 503 && status !== 0) throw new Error(`the endpoint answered ${status}`);
    refused++;
    await sleep(50 + Math.random() * 150);
  }
}

/** What the bench server reports of its memory (`/__stats`, and `/__exit` before it exits). */
export interface ServerStats {
  readonly rssBytes: number;
  readonly maxRssBytes: number;
  readonly heapUsedBytes: number;
  readonly externalBytes: number;
  readonly arrayBuffersBytes: number;
}

/** scripts/bench-endpoint-server.ts in a child process with `env` added. */
export async function spawnServer(env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER_SCRIPT], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const lines = createInterface({ input: child.stdout });
  const port = await new Promise<number>((resolvePort, reject) => {
    const timer = setTimeout(() => reject(new Error(`the bench server did not start within 30 s: ${stderr}`)), 30_000);
    child.once('exit', (code) => reject(new Error(`the bench server exited (${code}): ${stderr}`)));
    lines.on('line', (line) => {
      try {
        const parsed = JSON.parse(line) as { port?: unknown };
        if (typeof parsed.port === 'number') {
          clearTimeout(timer);
          resolvePort(parsed.port);
        }
      } catch {
        // Not our line.
      }
    });
  });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return {
    url,
    stats: async () => (await (await fetch(`${url}/__stats`)).json()) as ServerStats,
    exit: async () => {
      const last = (await (await fetch(`${url}/__exit`)).json()) as ServerStats;
      await exited;
      return last;
    },
    /** Resolves to the exit code if the server died (an out-of-heap crash) before `exit`. */
    died: exited,
    stderr: () => stderr,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/** Peak RSS of the server with `inFlight` dense deliveries at once, each retried until stored. */
export async function denseFigures(inFlight: number) {
  // One record for all (building one takes seconds); the requests differ by id, which is all the server keys on.
  const record = denseRecord(DENSE_EVENTS);
  const payloads = Array.from({ length: inFlight }, (_, i) => body(`dense-${i}`, [record]));
  const server = await spawnServer();
  const agent = new HttpAgent({ keepAlive: true, maxSockets: inFlight });
  try {
    const started = performance.now();
    const outcome = await Promise.race([
      Promise.all(payloads.map((payload, i) => deliverWithRetries(server.url, agent, `dense-${i}`, payload))),
      server.died.then((code) => {
        throw new Error(`the server died (exit ${code}) with ${inFlight} dense deliveries in flight: ${server.stderr().slice(-500)}`);
      }),
    ]);
    const ms = performance.now() - started;
    const stats = await server.exit();
    return {
      inFlight,
      wireBytesPerDelivery: payloads[0]!.length,
      peakRssMiB: Math.round(stats.maxRssBytes / MiB),
      refused: outcome.reduce((n, o) => n + o.refused, 0),
      seconds: Math.round(ms / 100) / 10,
    };
  } finally {
    agent.destroy();
    server.kill();
  }
}

/** Deliveries answered 200 per second with `clients` clients for `seconds`. */
export async function goodputAt(url: string, payload: Buffer, clients: number, seconds: number) {
  const agent = new HttpAgent({ keepAlive: true, maxSockets: clients });
  let delivered = 0;
  let refused = 0;
  const until = performance.now() + seconds * 1000;
  const client = async (c: number) => {
    while (performance.now() < until) {
      // Firehose's retries keep the request id; the body holds the same one.
      const status = await post(url, agent, 'goodput', payload);
      if (status === 200) {
        if (performance.now() <= until) delivered++;
      } else {
        if (status !== 503 && status !== 0) throw new Error(`client ${c}: the endpoint answered ${status}`);
        refused++;
        await sleep(50 + Math.random() * 150);
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, c) => client(c)));
  agent.destroy();
  return { clients, perSecond: Math.round((delivered / seconds) * 10) / 10, refused };
}

/** The transformation Lambda's peak RSS on one event holding a dense record, in `mode`, in a fresh process. */
export async function transformMemory(mode: 'split' | 'ndjson' = 'split'): Promise<number> {
  // Split answers one event and re-ingests the rest; ndjson re-ingests the record in chunks (its documents exceed the response).
  const expected = mode === 'split' ? 'Ok' : 'Dropped';
  const script = `
    import { createTransformHandler } from './lambda/transform.ts';
    import { loadTransformConfig } from './lambda/config.ts';
    import { buildTransformationEvent } from './core/samples/records.ts';
    import { denseRecord } from './scripts/bench-overload.ts';
    import { readFileSync } from 'node:fs';
    const event = buildTransformationEvent([denseRecord()]);
    const handler = createTransformHandler(loadTransformConfig({ FIREWATCH_MODE: '${mode}' }), {
      log: () => undefined,
      reingest: async (plan) => ({ failedParents: new Set(), recordsSent: plan.batches.reduce((n, b) => n + b.records.length, 0), recordsFailed: 0, calls: plan.batches.length, retries: 0, errors: [] }),
    });
    const response = await handler(event);
    if (response.records[0].result !== '${expected}') throw new Error('the dense record was not answered ${expected}: ' + response.records[0].result);
    const hwm = /^VmHWM:\\s+(\\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    console.log(JSON.stringify({ maxRssBytes: Number(hwm[1]) * 1024 }));
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (err = (err + c).slice(-4000)));
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  if (code !== 0) throw new Error(`the transformation run failed (${code}): ${err}`);
  return Math.round((JSON.parse(out.trim().split('\n').at(-1)!) as { maxRssBytes: number }).maxRssBytes / MiB);
}

/** The transformation function's default memory in the pipeline template (`LambdaMemoryMB`, MiB). */
export function templateMemory(): number {
  const match = /\n {2}LambdaMemoryMB:[\s\S]*?Default:\s*(\d+)/.exec(readFileSync(PIPELINE_TEMPLATE, 'utf8'));
  if (!match) throw new Error('no LambdaMemoryMB default in lambda/cloudformation/pipeline.yaml');
  return Number(match[1]);
}

/** Figures of the overload section, printed with verdicts through `report`. */
export async function overloadFigures(report: BenchReport, options: { quick?: boolean } = {}) {
  const say = report.say;
  const steps = 7;
  report.progress(0, steps, 'dense records');
  const dense = await denseFigures(32);
  say(
    `  dense records: ${dense.inFlight} deliveries in flight of one record of ${DENSE_EVENTS.toLocaleString('en-US')} events (${
      (dense.wireBytesPerDelivery / MiB).toFixed(2)
    } MiB on the wire each), ${dense.refused} refusals retried, all stored in ${dense.seconds} s`,
  );
  say(`  server peak RSS ${report.check('overload dense 32 in flight peak RSS', dense.peakRssMiB, { atMost: 256 }, 'MiB')}`);

  const seconds = options.quick ? 3 : 8;
  const server = await spawnServer();
  const payload = typicalBody('goodput');
  const goodput: { clients: number; perSecond: number; refused: number }[] = [];
  try {
    for (const [i, clients] of [8, 32, 128, 400].entries()) {
      report.progress(1 + i, steps, `goodput with ${clients} clients`);
      const figure = await goodputAt(server.url, payload, clients, seconds);
      goodput.push(figure);
      say(
        `  goodput ${String(clients).padStart(3)} clients: ${figure.perSecond} deliveries/s of 10,000 events (${figure.refused} refused with 503 and retried)`,
      );
    }
    await server.exit();
  } finally {
    server.kill();
  }
  const best = Math.max(...goodput.map((g) => g.perSecond));
  const at400 = goodput.at(-1)!.perSecond;
  say(`  goodput at 400 clients ÷ best ${report.check('overload goodput 400 clients / best', Math.round((at400 / best) * 100) / 100, { atLeast: 0.7 })}`);

  report.progress(5, steps, 'transformation Lambda memory (split)');
  const lambdaMiB = await transformMemory('split');
  const memorySize = templateMemory();
  say(
    `  transformation Lambda on a dense event: peak RSS ${
      report.check('overload transform dense peak RSS', lambdaMiB, { atMost: memorySize }, 'MiB')
    } (the template's default MemorySize is ${memorySize} MiB)`,
  );
  report.progress(6, steps, 'transformation Lambda memory (ndjson)');
  const ndjsonMiB = await transformMemory('ndjson');
  say(
    `  transformation Lambda on a dense event, ndjson mode: peak RSS ${
      report.check('overload transform dense ndjson peak RSS', ndjsonMiB, { atMost: memorySize }, 'MiB')
    }`,
  );
  report.progress(steps, steps);
  return { dense, goodput, transform: { peakRssMiB: lambdaMiB, ndjsonPeakRssMiB: ndjsonMiB, templateMemoryMiB: memorySize } };
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const report = createBenchReport({ json: false, sections: ['overload'] });
  report.section('overload');
  await overloadFigures(report, { quick: process.argv.includes('--quick') });
  report.finish();
}
