/**
 * `npm run bench`: the transformation's speed as ratios against a floor measured in the same process, so
 * the figures hold on a noisy machine. The floor is what any transform must at least do: node:zlib gunzip
 * plus JSON.parse of the same records (their base64 is decoded before timing starts, so the floor is the
 * strictest reading). Ratio = floor time ÷ transform time (1.0 would mean "as fast as just reading it").
 *
 * Also: which inflater is fastest per record size, the handler's import time, and the Lambda bundle's size
 * with the AWS SDK bundled and left to the runtime. `--json` prints everything as one JSON object on the
 * last line; `--quick` runs fewer repetitions.
 */
import { spawnSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { portableCodecs } from '../core/bytes/codecs.ts';
import { gunzip } from '../core/bytes/gzip.ts';
import { planTransformation, type OutputMode } from '../core/firehose/transform.ts';
import type { TransformationEvent } from '../core/firehose/lambda-event.ts';
import { sampleEvents, sampleLogGroups } from '../core/samples/log-lines.ts';
import { buildEnvelope, buildTransformationEvent, encodeRecord } from '../core/samples/records.ts';
import { loadTransformConfig } from '../lambda/config.ts';
import { nodeCodecs } from '../lambda/node-codecs.ts';
import { createTransformHandler } from '../lambda/transform.ts';
import type { ReingestOutcome } from '../lambda/reingest.ts';
import { bundleLambda } from './bundle.ts';

const args = new Set(process.argv.slice(2));
const asJson = args.has('--json');
const quick = args.has('--quick');
const RUNS = quick ? 10 : 40;
const WARMUP = 5;
const say = (line: string) => {
  if (!asJson) console.log(line);
};

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * ~10,000 general-log events in `records` records. The default, 1,000 records of 10 events, makes a
 * ~1 MB-gzip event: what Firehose hands the Lambda with its default 1 MB processor buffer when CloudWatch
 * Logs sends small batches, as it does for a steadily busy log group.
 */
function benchEvent(records = 1000, eventsPerRecord = 10): TransformationEvent {
  const lines = sampleEvents('mysql-general', { count: records * eventsPerRecord, seed: 42 });
  const data = Array.from({ length: records }, (_, r) => {
    const slice = lines.slice(r * eventsPerRecord, (r + 1) * eventsPerRecord);
    const envelope = buildEnvelope({
      lines: slice.map((e) => e.message),
      timestamps: slice.map((e) => e.timestamp),
      logGroup: sampleLogGroups['mysql-general'],
      logStream: 'shop-db',
      idSeed: r,
    });
    return encodeRecord(envelope, 6);
  });
  return buildTransformationEvent(data);
}

const BLOCK = 6;

/**
 * Runs the measured functions in alternating blocks of BLOCK calls, so machine noise hits them alike. The
 * first call of each block is not counted: it may pay for collecting the previous block's garbage. The
 * rest run as a steady stream of invocations does, each paying for its own garbage.
 */
async function interleaved(fns: Record<string, () => unknown>): Promise<Record<string, number>> {
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(fns).map((k) => [k, []]));
  for (let round = 0; round < Math.ceil((WARMUP + RUNS) / (BLOCK - 1)); round++) {
    for (const [name, fn] of Object.entries(fns)) {
      for (let i = 0; i < BLOCK; i++) {
        const start = performance.now();
        await fn();
        const elapsed = performance.now() - start;
        if (i > 0 && round * (BLOCK - 1) + i > WARMUP) times[name]!.push(elapsed);
      }
    }
  }
  return Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
}

async function transformFigures(records: number, eventsPerRecord: number) {
  const event = benchEvent(records, eventsPerRecord);
  const recordBytes = event.records.map((r) => Buffer.from(r.data, 'base64'));
  const gzipBytes = recordBytes.reduce((n, b) => n + b.length, 0);
  const inflatedBytes = recordBytes.reduce((n, b) => n + gunzipSync(b).length, 0);
  const accepted = async (plan: { batches: readonly { records: readonly unknown[] }[] }): Promise<ReingestOutcome> => {
    const n = plan.batches.reduce((sum, b) => sum + b.records.length, 0);
    return { failedParents: new Set(), recordsSent: n, recordsFailed: 0, calls: plan.batches.length, retries: 0, errors: [] };
  };
  const handlerFor = (mode: OutputMode) => createTransformHandler(loadTransformConfig({ FIREWATCH_MODE: mode }), { reingest: accepted, log: () => {} });
  const ndjson = handlerFor('ndjson');
  const split = handlerFor('split');
  const responses = { ndjson: await ndjson(event), split: await split(event) };
  const times = await interleaved({
    floor: () => {
      for (const bytes of recordBytes) JSON.parse(gunzipSync(bytes).toString('utf8'));
    },
    ndjson: () => ndjson(event),
    split: () => split(event),
    portableNdjson: () => planTransformation(event, { mode: 'ndjson', codecs: portableCodecs }),
  });
  return {
    event: {
      records: event.records.length,
      events: records * eventsPerRecord,
      gzipBytes,
      inflatedBytes,
      lambdaEventBytes: JSON.stringify(event).length,
      ndjsonResponseBytes: JSON.stringify(responses.ndjson).length,
      splitResponseBytes: JSON.stringify(responses.split).length,
    },
    ms: { floor: round(times['floor']!), ndjson: round(times['ndjson']!), split: round(times['split']!), portableNdjson: round(times['portableNdjson']!) },
    ratio: {
      ndjson: round(times['floor']! / times['ndjson']!),
      split: round(times['floor']! / times['split']!),
      portableNdjson: round(times['floor']! / times['portableNdjson']!),
    },
  };
}

/** Inflating one record per size: fflate (portable), node:zlib (Lambda), DecompressionStream (the Web API). */
async function inflaterFigures() {
  const rows = [];
  for (const events of [1, 10, 100, 1000, 10_000]) {
    const lines = sampleEvents('mysql-general', { count: events, seed: events });
    const record = encodeRecord(buildEnvelope({ lines: lines.map((e) => e.message) }), 6);
    const reps = Math.max(3, Math.round(20_000 / events));
    const perCall = async (fn: () => unknown) => {
      for (let i = 0; i < Math.min(reps, 50); i++) await fn();
      const start = performance.now();
      for (let i = 0; i < reps; i++) await fn();
      return ((performance.now() - start) / reps) * 1000;
    };
    const fflate = await perCall(() => gunzip(record, { inflateRaw: portableCodecs.inflateRaw }));
    const node = await perCall(() => gunzip(record, { inflateRaw: nodeCodecs.inflateRaw }));
    const stream = await perCall(() => new Response(new Blob([record as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
    rows.push({ events, gzipBytes: record.length, us: { fflate: round(fflate, 1), nodeZlib: round(node, 1), decompressionStream: round(stream, 1) } });
  }
  return rows;
}

/** Import time of the bundled handler (what a Lambda cold start pays) and the bundle sizes. */
async function bundleFigures() {
  await mkdir('.bench', { recursive: true });
  const out: Record<string, unknown> = {};
  for (const sdk of ['bundled', 'external'] as const) {
    const bundle = await bundleLambda('lambda/transform.ts', `.bench/transform-${sdk}`, sdk);
    const imports: number[] = [];
    for (let i = 0; i < (quick ? 3 : 7); i++) {
      const child = spawnSync(process.execPath, ['--input-type=module', '-e', `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(bundle.entry).href)}); console.log(performance.now() - t);`], { encoding: 'utf8' });
      if (child.status !== 0) throw new Error(`importing the ${sdk} bundle failed: ${child.stderr}`);
      imports.push(Number(child.stdout.trim()));
    }
    out[sdk] = { entryBytes: bundle.entryBytes, totalBytes: bundle.totalBytes, files: bundle.files, importMs: round(median(imports)) };
  }
  return out;
}

const shapes = [
  [1000, 10],
  [100, 100],
] as const;
const transforms = [];
for (const [records, perRecord] of shapes) {
  const t = await transformFigures(records, perRecord);
  transforms.push(t);
  say(`transform: ${t.event.records} records x ${perRecord} MySQL general-log events, ${(t.event.gzipBytes / 1e6).toFixed(2)} MB gzip, ${(t.event.inflatedBytes / 1e6).toFixed(2)} MB inflated, Lambda event ${(t.event.lambdaEventBytes / 1e6).toFixed(2)} MB (median of ${RUNS} runs)`);
  say(`  floor (node:zlib gunzip + JSON.parse) ${t.ms.floor} ms`);
  say(`  ndjson ${t.ms.ndjson} ms  ratio ${t.ratio.ndjson}   (target >= 0.4)`);
  say(`  split  ${t.ms.split} ms  ratio ${t.ratio.split}   (target >= 0.3)`);
  say(`  ndjson with portable codecs (fflate, JS base64: Deno/Workers/browsers) ${t.ms.portableNdjson} ms  ratio ${t.ratio.portableNdjson}`);
}
const transform = transforms[0]!;
const inflaters = await inflaterFigures();
say('inflate one record (µs per record):');
for (const row of inflaters) say(`  ${String(row.events).padStart(6)} events ${String(row.gzipBytes).padStart(8)} B gzip: fflate ${row.us.fflate}, node:zlib ${row.us.nodeZlib}, DecompressionStream ${row.us.decompressionStream}`);
const bundles = await bundleFigures();
say('lambda/transform.ts bundled (esbuild, minified, ESM, SDK in lazy chunks):');
for (const [sdk, b] of Object.entries(bundles)) say(`  SDK ${sdk}: ${JSON.stringify(b)}`);
const result = { node: process.version, transform, transforms, inflaters, bundles };
if (asJson) console.log(JSON.stringify(result));
