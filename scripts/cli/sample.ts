/**
 * `firewatch sample`: realistic, deterministic inputs from core/samples, for tests, benchmarks, and the
 * Lambda console's test events.
 *
 * @module
 */
import { buildSampleEnvelopes, buildSampleEvent, buildSampleHttpRequest, buildSampleRecords, sampleEventFormats, type SampleOptions } from '../../core/samples/events.ts';
import { choiceOption, integerOption, parseOptions, UsageError, type Output } from './io.ts';

/** What `--output` can write. */
export const sampleOutputs = ['event', 'record', 'envelope', 'lines', 'http'] as const;

/** Runs the command; resolves to the exit code. */
export async function sampleCommand(args: readonly string[], out: Output): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    format: { type: 'string' },
    records: { type: 'string' },
    events: { type: 'string' },
    source: { type: 'string' },
    seed: { type: 'string' },
    output: { type: 'string' },
    compact: { type: 'boolean' },
  });
  if (positionals.length > 0) throw new UsageError(`sample takes no FILE (got ${positionals.join(' ')}); it writes to stdout`);
  const options: SampleOptions = {
    format: choiceOption('--format', values.format, sampleEventFormats) ?? 'mysql-general',
    records: integerOption('--records', values.records, 1, 10_000) ?? 3,
    events: integerOption('--events', values.events, 1, 10_000) ?? 5,
    source: choiceOption('--source', values.source, ['kinesis', 'direct'] as const) ?? 'direct',
    seed: integerOption('--seed', values.seed, 0, 2 ** 32 - 1) ?? 1,
  };
  const output = choiceOption('--output', values.output, sampleOutputs) ?? 'event';
  const indent = values.compact ? undefined : 2;

  switch (output) {
    case 'event':
      await out.write(`${JSON.stringify(buildSampleEvent(options), null, indent)}\n`);
      break;
    case 'http':
      await out.write(`${JSON.stringify(buildSampleHttpRequest(options), null, indent)}\n`);
      break;
    case 'record':
      // Several records come out as gzip members back to back: the shape of a Firehose → S3 object.
      if (process.stdout.isTTY) throw new UsageError('--output record writes gzip bytes: redirect stdout to a file or a pipe');
      for (const record of buildSampleRecords(options)) await out.write(record);
      break;
    case 'envelope':
      for (const envelope of buildSampleEnvelopes(options)) await out.write(`${JSON.stringify(envelope)}\n`);
      break;
    case 'lines':
      for (const envelope of buildSampleEnvelopes(options)) for (const event of envelope.logEvents) await out.write(`${event.message}\n`);
      break;
  }
  return 0;
}
