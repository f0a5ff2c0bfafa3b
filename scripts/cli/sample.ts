/**
 * `firewatch sample`: realistic, deterministic inputs from core/samples, for tests, benchmarks, the
 * Lambda console's test events, and every input the README shows: transformation events, HTTP endpoint
 * requests, gzip records, envelopes, log lines, the S3 backup lines Firehose writes when it gives up on a
 * record, and Lambda on-failure records. `--gzip` compresses any of them, as Firehose compresses backups.
 *
 * @example
 * ```sh
 * firewatch sample --output processing-failed > processing-failed.json && firewatch decode processing-failed.json
 * ```
 * @module
 */
import { gzipSync } from 'node:zlib';
import {
  buildSampleEnvelopes,
  buildSampleEvent,
  buildSampleHttpRequest,
  buildSampleRecords,
  sampleEventFormats,
  type SampleOptions,
} from '../../core/samples/events.ts';
import { backupKinds, buildSampleBackupLines, buildSampleOnFailureRecords } from '../../core/samples/failures.ts';
import { choiceOption, integerOption, type Output, parseOptions, UsageError } from './io.ts';

/** What `--output` can write. */
export const sampleOutputs = ['event', 'http', 'record', 'envelope', 'lines', ...backupKinds, 'on-failure'] as const;

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
    gzip: { type: 'boolean' },
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
  const binary = output === 'record' || values.gzip === true;
  if (binary && process.stdout.isTTY) {
    throw new UsageError(`${output === 'record' ? '--output record' : '--gzip'} writes gzip bytes: redirect stdout to a file or a pipe`);
  }
  // --gzip: everything is written through one gzip member at the end (samples are small).
  const pieces: (string | Uint8Array)[] = [];
  const write = (piece: string | Uint8Array): Promise<void> => (values.gzip ? (pieces.push(piece), Promise.resolve()) : out.write(piece));

  switch (output) {
    case 'event':
      await write(`${JSON.stringify(buildSampleEvent(options), null, indent)}\n`);
      break;
    case 'http':
      await write(`${JSON.stringify(buildSampleHttpRequest(options), null, indent)}\n`);
      break;
    case 'record':
      // Several records come out as gzip members back to back: the shape of a Firehose → S3 object.
      for (const record of buildSampleRecords(options)) await write(record);
      break;
    case 'envelope':
      for (const envelope of buildSampleEnvelopes(options)) await write(`${JSON.stringify(envelope)}\n`);
      break;
    case 'lines':
      for (const envelope of buildSampleEnvelopes(options)) for (const event of envelope.logEvents) await write(`${event.message}\n`);
      break;
    case 'on-failure': {
      // A destination receives one record per failed invocation (an S3 object, an SQS message): one record
      // is written as that object; several, one per line.
      const records = buildSampleOnFailureRecords(options);
      if (records.length === 1) await write(`${JSON.stringify(records[0], null, indent)}\n`);
      else for (const record of records) await write(`${JSON.stringify(record)}\n`);
      break;
    }
    default:
      // S3 backup objects are JSON lines, one record each.
      for (const line of buildSampleBackupLines(output, options)) await write(`${JSON.stringify(line)}\n`);
  }
  if (values.gzip) await out.write(gzipSync(Buffer.concat(pieces.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)))));
  return 0;
}
