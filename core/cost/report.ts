/**
 * The cost estimate as text: a one-screen comparison of the deployments, each one's billed quantities,
 * and the prices with their sources. Deterministic for the same estimate (the README's example is this
 * output, checked by a test).
 *
 * @example
 * ```ts
 * console.log(formatCostReport(estimateCosts({ eventsPerSecond: 2000, lineBytes: 200, eventsPerRecord: 100, compressionRatio: 6 })));
 * ```
 * @module
 */
import type { CostEstimate, CostLine } from './model.ts';
import { HOURS_PER_MONTH } from './model.ts';
import { PRICE_KEYS } from './prices.ts';
import { DOCUMENTS_TO_BULK, TRANSFORM_SPLIT } from './throughput.ts';

const SERVICES: readonly CostLine['service'][] = ['Kinesis', 'Firehose', 'Lambda', 'OpenSearch Ingestion'];

const usd = (n: number) => n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const count = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits });
const quantity = (n: number) => count(n, n < 10 ? 3 : n < 1000 ? 1 : 0);

/**
 * The report: summary table, then the lines of each deployment, then the prices used.
 *
 * @example
 * ```ts
 * formatCostReport(estimate).split("\n")[0]; // "firewatch cost: 2,000 events/s of 200-byte lines ..."
 * ```
 */
export function formatCostReport(estimate: CostEstimate): string {
  const { volume, options, prices } = estimate;
  const out: string[] = [];
  out.push(
    `firewatch cost: ${count(volume.eventsPerSecond, 2)} events/s of ${count(volume.lineBytes, 1)}-byte lines (${
      count(estimate.gbPerDay, 1)
    } GB of log text a day),`,
    `${count(volume.eventsPerRecord, 1)} events per CloudWatch Logs record: ${count(estimate.recordsPerSecond, 2)} records/s of ${
      count(estimate.recordBytes)
    } B gzip (ratio ${count(volume.compressionRatio, 1)}).`,
    `${options.streamMode} Kinesis stream; Lambda ${options.lambdaMemoryMb} MB ${options.architecture}, CPU per inflated MB from npm run bench (split ${TRANSFORM_SPLIT.msPerMb} ms, documents to _bulk ${DOCUMENTS_TO_BULK.msPerMb} ms) plus ${options.waitMsPerMb} ms waiting.`,
    `USD a month (${HOURS_PER_MONTH} hours) at ${prices.region} list prices; CloudWatch Logs and the OpenSearch domain cost the same on every path and are left out.`,
    '',
  );
  const nameWidth = Math.max(...estimate.deployments.map((d) => d.name.length));
  const columns = SERVICES.map((s) => (s === 'OpenSearch Ingestion' ? 'Ingestion' : s));
  const widths = columns.map((c) => Math.max(c.length, 10));
  out.push(`${'deployment'.padEnd(nameWidth)}  ${columns.map((c, i) => c.padStart(widths[i]!)).join('  ')}  ${'total'.padStart(10)}`);
  for (const d of estimate.deployments) {
    const cells = SERVICES.map((s, i) => {
      const lines = d.lines.filter((l) => l.service === s);
      return (lines.length === 0 ? '-' : usd(lines.reduce((n, l) => n + l.usd, 0))).padStart(widths[i]!);
    });
    out.push(`${d.name.padEnd(nameWidth)}  ${cells.join('  ')}  ${usd(d.totalUsd).padStart(10)}`);
  }
  out.push('');
  for (const d of estimate.deployments) {
    out.push(`${d.name}:`);
    for (const l of d.lines) {
      out.push(`  ${`${l.service}: ${l.item}`.padEnd(66)} ${`${quantity(l.quantity)} ${l.unit}`.padStart(24)} ${usd(l.usd).padStart(10)}`);
    }
  }
  out.push('', 'Prices (override with --prices FILE or --price KEY=USD):');
  for (const key of PRICE_KEYS) {
    const p = prices[key];
    out.push(`  ${key} ${p.usd} USD per ${p.unit}; ${p.source}${p.retrieved ? ` (${p.retrieved})` : ''}`);
  }
  return `${out.join('\n')}\n`;
}
