/**
 * `firewatch cost` and core/cost: the arithmetic checked by hand with round, fixed prices (so a change of
 * list prices cannot hide a change of the model), the price sheet's overrides, a sample measured with
 * decodeInput, and the command line itself.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { type CostEstimate, type DeploymentKey, ENVELOPE_JSON_BYTES, estimateCosts, EVENT_JSON_BYTES } from '../../core/cost/model.ts';
import { PRICE_KEYS, type PriceSheet, US_EAST_1_PRICES, withPriceOverrides } from '../../core/cost/prices.ts';
import { formatCostReport } from '../../core/cost/report.ts';
import { measureSample } from '../../core/cost/sample.ts';
import { DOCUMENTS_TO_BULK, TRANSFORM_SPLIT } from '../../core/cost/throughput.ts';
import { decodeInput } from '../../core/inspect/decode-input.ts';
import { buildEnvelope, encodeRecord } from '../../core/samples/records.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MONTH_SECONDS = 730 * 3600;
const GB = 2 ** 30;

/** Round prices: every figure below can be worked out on paper. */
const FIXED: PriceSheet = withPriceOverrides(US_EAST_1_PRICES, {
  region: 'test-1',
  kinesisShardHour: 0.01,
  kinesisPutPayloadUnitsMillion: 0.01,
  kinesisOnDemandStreamHour: 0.1,
  kinesisOnDemandIngestGb: 0.1,
  kinesisOnDemandRetrievalGb: 0.05,
  firehoseIngestGb: 0.03,
  lambdaGbSecondArm64: 0.00001,
  lambdaGbSecondX86: 0.00002,
  lambdaRequestsMillion: 0.2,
  osiOcuHour: 0.25,
});

/** 1,000 events/s of 200-byte lines, 10 events a record, gzip ratio 5: R = 100 records/s. */
const VOLUME = { eventsPerSecond: 1000, lineBytes: 200, eventsPerRecord: 10, compressionRatio: 5 };
const INFLATED_RECORD = ENVELOPE_JSON_BYTES + 10 * (200 + EVENT_JSON_BYTES);
const ONE_EVENT_RECORD = ENVELOPE_JSON_BYTES + 200 + EVENT_JSON_BYTES;

function linesOf(estimate: CostEstimate, key: DeploymentKey, service: string) {
  return estimate.deployments.find((d) => d.key === key)!.lines.filter((l) => l.service === service);
}

describe('the cost model, with fixed prices', () => {
  const estimate = estimateCosts(VOLUME, { prices: FIXED });

  it('derives the records CloudWatch Logs writes: R = events ÷ events per record, gzip size = inflated ÷ ratio', () => {
    expect(estimate.recordsPerSecond).toBe(100);
    expect(estimate.recordBytes).toBe(Math.round(INFLATED_RECORD / 5));
    expect(estimate.gbPerDay).toBeCloseTo((1000 * 200 * 86_400) / GB, 9);
  });

  it('split: Firehose bills every record at 5 KB or more, the re-ingested one-event records included', () => {
    // 100 records of ~1.3 KB and 900 re-ingested records of ~0.5 KB a second: all 1,000 rounded up to 5,120 bytes.
    const [firehose] = linesOf(estimate, 'split', 'Firehose');
    expect(firehose!.quantity).toBeCloseTo((1000 * 5120 * MONTH_SECONDS) / GB, 6);
    expect(firehose!.usd).toBeCloseTo(firehose!.quantity * 0.03, 9);
    // The HTTP endpoint's Firehose takes only the 100 original records: a tenth of it.
    const [http] = linesOf(estimate, 'http', 'Firehose');
    expect(http!.quantity).toBeCloseTo((100 * 5120 * MONTH_SECONDS) / GB, 6);
    expect(linesOf(estimate, 'subscription', 'Firehose')).toEqual([]);
    expect(linesOf(estimate, 'kinesis', 'Firehose')).toEqual([]);
  });

  it('Kinesis: shards for 1 MB/s or 1,000 records/s, one PUT payload unit per record of up to 25 KB', () => {
    const [shards, units] = linesOf(estimate, 'split', 'Kinesis');
    expect(shards).toMatchObject({ quantity: 730, usd: 730 * 0.01 }); // 1,000 records/s: one shard, at its limit
    expect(units!.quantity).toBeCloseTo((1000 * MONTH_SECONDS) / 1e6, 6);
    const [consumerShards, consumerUnits] = linesOf(estimate, 'kinesis', 'Kinesis');
    expect(consumerShards!.quantity).toBe(730);
    expect(consumerUnits!.quantity).toBeCloseTo((100 * MONTH_SECONDS) / 1e6, 6);
    // 5,000 events/s in one-event records need 5 shards on the split path, 1 for the consumer.
    const busy = estimateCosts({ ...VOLUME, eventsPerSecond: 5000 }, { prices: FIXED });
    expect(linesOf(busy, 'split', 'Kinesis')[0]!.quantity).toBe(5 * 730);
    expect(linesOf(busy, 'kinesis', 'Kinesis')[0]!.quantity).toBe(730);
  });

  it('on-demand Kinesis: a stream-hour charge, data written rounded to 1 KB, data read', () => {
    const onDemand = estimateCosts(VOLUME, { prices: FIXED, streamMode: 'on-demand' });
    const [hours, written, read] = linesOf(onDemand, 'kinesis', 'Kinesis');
    expect(hours).toMatchObject({ quantity: 730, usd: 73 });
    expect(written!.quantity).toBeCloseTo((100 * Math.ceil(estimate.recordBytes / 1024) * 1024 * MONTH_SECONDS) / GB, 6);
    expect(read!.quantity).toBeCloseTo((100 * estimate.recordBytes * MONTH_SECONDS) / GB, 6);
  });

  it('Lambda: GB-seconds from the benchmark’s ms per MB, the same at any memory below one vCPU, plus the waiting given', () => {
    const [compute, requests] = linesOf(estimate, 'kinesis', 'Lambda');
    const cpuSeconds = ((100 * INFLATED_RECORD) / 1e6) * (DOCUMENTS_TO_BULK.msPerMb / 1000) * MONTH_SECONDS;
    expect(compute!.quantity).toBeCloseTo(cpuSeconds * (1769 / 1024), 3);
    expect(compute!.usd).toBeCloseTo(compute!.quantity * 0.00001, 9);
    // The mapping invokes every batching window (5 s) per shard, or per 500 records.
    expect(requests!.quantity).toBeCloseTo((MONTH_SECONDS / 5) / 1e6, 9);
    expect(linesOf(estimateCosts(VOLUME, { prices: FIXED, lambdaMemoryMb: 1024 }), 'kinesis', 'Lambda')[0]!.quantity).toBeCloseTo(compute!.quantity, 3);
    expect(linesOf(estimateCosts(VOLUME, { prices: FIXED, lambdaMemoryMb: 3538 }), 'kinesis', 'Lambda')[0]!.quantity).toBeCloseTo(compute!.quantity * 2, 3);
    const waiting = estimateCosts(VOLUME, { prices: FIXED, waitMsPerMb: 100 });
    const mb = (100 * INFLATED_RECORD) / 1e6;
    expect(linesOf(waiting, 'kinesis', 'Lambda')[0]!.quantity).toBeCloseTo(compute!.quantity + mb * 0.1 * 0.5 * MONTH_SECONDS, 3);
    // The split transformation reads the re-ingested records too, at its own rate.
    const splitMb = mb + (900 * ONE_EVENT_RECORD) / 1e6;
    expect(linesOf(estimate, 'split', 'Lambda')[0]!.quantity).toBeCloseTo(splitMb * (TRANSFORM_SPLIT.msPerMb / 1000) * MONTH_SECONDS * (1769 / 1024), 3);
    // The subscription Lambda is invoked once per CloudWatch Logs delivery.
    expect(linesOf(estimate, 'subscription', 'Lambda')[1]!.quantity).toBeCloseTo((100 * MONTH_SECONDS) / 1e6, 9);
    expect(linesOf(estimateCosts(VOLUME, { prices: FIXED, architecture: 'x86_64' }), 'subscription', 'Lambda')[0]!.usd).toBeCloseTo(
      linesOf(estimate, 'subscription', 'Lambda')[0]!.usd * 2,
      9,
    );
  });

  it('OpenSearch Ingestion: 730 OCU-hours at its minimum, besides the stream it reads; one more OCU per 2 MiB/s', () => {
    const osi = estimate.deployments.find((d) => d.key === 'osi')!;
    expect(linesOf(estimate, 'osi', 'OpenSearch Ingestion')[0]).toMatchObject({ quantity: 730, usd: 182.5 });
    expect(osi.totalUsd).toBeCloseTo(182.5 + linesOf(estimate, 'osi', 'Kinesis').reduce((n, l) => n + l.usd, 0), 9);
    // 20,000 events/s: 2,000 records/s of 3,230 inflated bytes, 6.16 MiB/s: 4 OCUs.
    const busy = estimateCosts({ ...VOLUME, eventsPerSecond: 20_000 }, { prices: FIXED });
    expect(linesOf(busy, 'osi', 'OpenSearch Ingestion')[0]!.quantity).toBe(Math.ceil((2000 * INFLATED_RECORD) / (2 * 1024 * 1024)) * 730);
    expect(Math.ceil((2000 * INFLATED_RECORD) / (2 * 1024 * 1024))).toBe(4);
  });

  it('totals are the sums of their lines, and the report prints them with the prices used', () => {
    for (const d of estimate.deployments) expect(d.totalUsd).toBeCloseTo(d.lines.reduce((n, l) => n + l.usd, 0), 9);
    const report = formatCostReport(estimate);
    expect(report).toContain('at test-1 list prices');
    expect(report).toMatch(/^Kinesis consumer Lambda \(kinesis\.yaml\) +\d/m);
    expect(report).toContain('osiOcuHour 0.25 USD per OCU-hour');
  });

  it('refuses a volume that is not a positive number', () => {
    expect(() => estimateCosts({ ...VOLUME, lineBytes: 0 })).toThrow(/lineBytes must be a number > 0/);
    expect(() => estimateCosts({ ...VOLUME, eventsPerSecond: Number.NaN })).toThrow(/eventsPerSecond/);
    expect(() => estimateCosts({ ...VOLUME, eventsPerRecord: 0.5 })).toThrow(/at least 1/);
  });
});

describe('the price sheet', () => {
  it('has a source page and a date for every list price', () => {
    for (const key of PRICE_KEYS) {
      const price = US_EAST_1_PRICES[key];
      expect([key, price.source]).toEqual([key, expect.stringMatching(/^https:\/\/aws\.amazon\.com\//)]);
      expect(price.retrieved).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(price.usd).toBeGreaterThan(0);
    }
  });

  it('takes overrides as numbers or price objects, and refuses unknown keys and bad numbers', () => {
    const sheet = withPriceOverrides(US_EAST_1_PRICES, { firehoseIngestGb: { usd: 0.031, source: 'https://example.com/prices' }, osiOcuHour: 0.3 });
    expect(sheet.firehoseIngestGb).toMatchObject({ usd: 0.031, source: 'https://example.com/prices' });
    expect(sheet.osiOcuHour).toMatchObject({ usd: 0.3, source: 'override', note: 'given by the user' });
    expect(() => withPriceOverrides(US_EAST_1_PRICES, { firehoseIngest: 1 })).toThrow(/unknown price "firehoseIngest"/);
    expect(() => withPriceOverrides(US_EAST_1_PRICES, { osiOcuHour: -1 })).toThrow(/osiOcuHour must be a USD amount/);
    expect(() => withPriceOverrides(US_EAST_1_PRICES, [])).toThrow(/JSON object/);
  });
});

describe('a sample measured with decodeInput', () => {
  const lines = (n: number, r: number) =>
    Array.from(
      { length: n },
      (_, i) => `2026-11-25T11:41:00.${String(i).padStart(6, '0')}Z\t${String(r).padStart(5)} Query\tSELECT * FROM orders WHERE id = ${i}`,
    );

  it('CloudWatch Logs records give the line size, the events per record and the gzip ratio', () => {
    const records = [buildEnvelope({ lines: lines(30, 1), idSeed: 1 }), buildEnvelope({ lines: lines(10, 2), idSeed: 2 })].map((e) => encodeRecord(e));
    const bytes = new Uint8Array(records.reduce((n, r) => n + r.length, 0));
    bytes.set(records[0]!, 0);
    bytes.set(records[1]!, records[0]!.length);
    const shape = measureSample(decodeInput(bytes));
    const all = [...lines(30, 1), ...lines(10, 2)];
    expect(shape).toEqual({
      ok: true,
      value: { events: 40, lineBytes: all.reduce((n, l) => n + l.length, 0) / 40, eventsPerRecord: 20, compressionRatio: expect.any(Number) },
    });
    expect(shape.ok && shape.value.compressionRatio).toBeGreaterThan(2);
  });

  it('log text gives the line size only; a sample without events is an error', () => {
    const shape = measureSample(decodeInput(`${lines(4, 7).join('\n')}\n`));
    expect(shape.ok && shape.value).toMatchObject({ events: 4 });
    expect(shape.ok && shape.value.eventsPerRecord).toBeUndefined();
    expect(measureSample(decodeInput(''))).toMatchObject({ ok: false, error: { code: 'FORMAT_UNKNOWN' } });
  });
});

describe('firewatch cost', () => {
  const dir = mkdtempSync(join(tmpdir(), 'firewatch-cost-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function run(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['scripts/firewatch.mjs', 'cost', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.once('error', reject);
      child.once('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    });
  }

  it('a busy general log, 2,000 events/s of 200 bytes: the split path pays Firehose for 2,000 records of 5 KB a second', async () => {
    const { code, stdout } = await run(['--events-per-second', '2000', '--line-bytes', '200']);
    expect(code).toBe(0);
    const estimate = estimateCosts({ eventsPerSecond: 2000, lineBytes: 200, eventsPerRecord: 100, compressionRatio: 6 });
    expect(stdout).toBe(formatCostReport(estimate));
    const total = (key: DeploymentKey) => estimate.deployments.find((d) => d.key === key)!.totalUsd;
    expect(linesOf(estimate, 'split', 'Firehose')[0]!.quantity).toBeCloseTo((2000 * 5120 * MONTH_SECONDS) / GB, 3);
    // Reading the stream directly costs a fraction of the split path, and less than OpenSearch Ingestion's minimum.
    expect(total('kinesis') * 20).toBeLessThan(total('split'));
    expect(total('kinesis')).toBeLessThan(total('osi'));
    expect(total('http')).toBeLessThan(total('split'));
  });

  it('takes GB per day, a sample file, --json and price overrides', async () => {
    const sample = join(dir, 'sample.gz');
    const sampleLines = ['2026-11-25T11:41:00.000000Z\t   12 Query\tSELECT 1', '2026-11-25T11:41:00.000100Z\t   12 Quit\t'];
    writeFileSync(sample, encodeRecord(buildEnvelope({ lines: sampleLines })));
    const prices = join(dir, 'prices.json');
    writeFileSync(prices, JSON.stringify({ region: 'eu-west-1', firehoseIngestGb: 0.031 }));
    const { code, stdout, stderr } = await run(['--gb-per-day', '10', '--sample', sample, '--prices', prices, '--price', 'osiOcuHour=0.3', '--json']);
    expect([code, stderr]).toEqual([0, '']);
    const estimate = JSON.parse(stdout) as CostEstimate;
    expect(estimate.volume.eventsPerRecord).toBe(2);
    expect(estimate.volume.lineBytes).toBe((sampleLines[0]!.length + sampleLines[1]!.length) / 2);
    expect(estimate.gbPerDay).toBeCloseTo(10, 9);
    expect(estimate.prices).toMatchObject({ region: 'eu-west-1', firehoseIngestGb: { usd: 0.031 }, osiOcuHour: { usd: 0.3 } });
  });

  it('says what is missing or wrong (exit code 2)', async () => {
    expect(await run(['--line-bytes', '200'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--events-per-second N or --gb-per-day N') });
    expect(await run(['--events-per-second', '10'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--line-bytes N') });
    expect(await run(['--events-per-second=0', '--line-bytes', '1'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--events-per-second must be a number above 0'),
    });
    expect(await run(['--events-per-second', '10', '--line-bytes', '100', '--price', 'nope=1'])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('unknown price "nope"'),
    });
  });
});
