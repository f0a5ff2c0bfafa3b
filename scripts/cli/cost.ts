/**
 * `firewatch cost`: the monthly cost of each deployment for a log volume (core/cost), from a rate and a
 * line size, or a rate and a pasted sample the volume's shape is measured from.
 *
 * @example
 * ```sh
 * firewatch cost --events-per-second 2000 --line-bytes 200
 * firewatch cost --gb-per-day 20 --sample general-log.txt --price osiOcuHour=0.26
 * ```
 * @module
 */
import { readFile } from 'node:fs/promises';
import { type CostOptions, estimateCosts, GB } from '../../core/cost/model.ts';
import { US_EAST_1_PRICES, withPriceOverrides } from '../../core/cost/prices.ts';
import { formatCostReport } from '../../core/cost/report.ts';
import { measureSample, type SampleShape } from '../../core/cost/sample.ts';
import { decodeInput } from '../../core/inspect/decode-input.ts';
import { nodeCodecs } from '../node/codecs.ts';
import { choiceOption, InputError, integerOption, type Output, parseOptions, UsageError } from './io.ts';

/** Without a sample: CloudWatch Logs deliveries of a busy log group carry many events, and gzip shrinks log JSON about 6 times. */
export const COST_DEFAULTS = { eventsPerRecord: 100, compressionRatio: 6 } as const;

/** A decimal number from an option, in (0, max]. */
function numberOption(name: string, raw: string | undefined, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw.trim().replace(/_/g, ''));
  if (raw.trim() === '' || !Number.isFinite(value) || value <= 0 || value > max) {
    throw new UsageError(`${name} must be a number above 0 and at most ${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

/** Runs the command; resolves to the exit code. */
export async function costCommand(args: readonly string[], out: Output): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    'events-per-second': { type: 'string' },
    'gb-per-day': { type: 'string' },
    'line-bytes': { type: 'string' },
    sample: { type: 'string' },
    'events-per-record': { type: 'string' },
    'compression-ratio': { type: 'string' },
    memory: { type: 'string' },
    architecture: { type: 'string' },
    stream: { type: 'string' },
    'wait-ms-per-mb': { type: 'string' },
    'batch-size': { type: 'string' },
    prices: { type: 'string' },
    price: { type: 'string', multiple: true },
    json: { type: 'boolean' },
  });
  if (positionals.length > 0) throw new UsageError(`cost takes no FILE (got ${positionals.join(' ')}); give a sample with --sample FILE`);
  const eventsPerSecond = numberOption('--events-per-second', values['events-per-second'], 1e9);
  const gbPerDay = numberOption('--gb-per-day', values['gb-per-day'], 1e6);
  if ((eventsPerSecond === undefined) === (gbPerDay === undefined)) {
    throw new UsageError('give the volume as --events-per-second N or --gb-per-day N (one of them)');
  }

  let shape: Partial<SampleShape> = {};
  if (values.sample !== undefined) {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(values.sample));
    } catch (cause) {
      throw new InputError(`firewatch cost: cannot read --sample ${values.sample}: ${(cause as Error).message}`);
    }
    const measured = measureSample(decodeInput(bytes, { codecs: nodeCodecs }));
    if (!measured.ok) throw measured.error;
    shape = measured.value;
  }
  const lineBytes = numberOption('--line-bytes', values['line-bytes'], 1e7) ?? shape.lineBytes;
  if (lineBytes === undefined) throw new UsageError('give the average line size as --line-bytes N, or a sample to measure it from (--sample FILE)');
  const volume = {
    eventsPerSecond: eventsPerSecond ?? ((gbPerDay ?? 0) * GB) / 86_400 / lineBytes,
    lineBytes,
    eventsPerRecord: numberOption('--events-per-record', values['events-per-record'], 1e6) ?? shape.eventsPerRecord ?? COST_DEFAULTS.eventsPerRecord,
    compressionRatio: numberOption('--compression-ratio', values['compression-ratio'], 1000) ?? shape.compressionRatio ?? COST_DEFAULTS.compressionRatio,
  };

  let prices = US_EAST_1_PRICES;
  if (values.prices !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(await readFile(values.prices, 'utf8'));
    } catch (cause) {
      throw new InputError(`firewatch cost: --prices ${values.prices}: ${(cause as Error).message}`);
    }
    prices = withPriceOverrides(prices, json);
  }
  for (const pair of values.price ?? []) {
    const [key, value] = pair.split('=', 2);
    if (!key || value === undefined) throw new UsageError(`--price takes KEY=USD, got ${JSON.stringify(pair)}`);
    prices = withPriceOverrides(prices, { [key]: numberOption(`--price ${key}`, value, 1e6) });
  }
  const options: CostOptions = {
    prices,
    ...(values.memory === undefined ? {} : { lambdaMemoryMb: integerOption('--memory', values.memory, 128, 10_240)! }),
    ...(values.architecture === undefined ? {} : { architecture: choiceOption('--architecture', values.architecture, ['arm64', 'x86_64'] as const)! }),
    ...(values.stream === undefined ? {} : { streamMode: choiceOption('--stream', values.stream, ['provisioned', 'on-demand'] as const)! }),
    ...(values['wait-ms-per-mb'] === undefined ? {} : { waitMsPerMb: numberOption('--wait-ms-per-mb', values['wait-ms-per-mb'], 1e6)! }),
    ...(values['batch-size'] === undefined ? {} : { batchSize: integerOption('--batch-size', values['batch-size'], 1, 10_000)! }),
  };
  const estimate = estimateCosts(volume, options);
  await out.write(values.json ? `${JSON.stringify(estimate, null, 2)}\n` : formatCostReport(estimate));
  return 0;
}
