/**
 * `firewatch transform [FILE]`: runs a Firehose transformation event through core's planner exactly as
 * the Lambda does (same planner, same Node codecs) but without AWS. For a person at a terminal, a table:
 * each record with its result, events and first document, then what would be re-ingested. For machines
 * (stdout piped, or `--json`): the response JSON on stdout, the re-ingestion plan (decoded, so it can be
 * read) on stderr or in a file.
 *
 * @module
 */
import { decodeBase64, encodeBase64 } from '../../core/bytes/base64.ts';
import { isGzip } from '../../core/bytes/gzip.ts';
import { decodeUtf8 } from '../../core/bytes/utf8.ts';
import { decodeRecordData } from '../../core/cloudwatch/record.ts';
import { type TransformationEvent, validateTransformationEvent } from '../../core/firehose/lambda-event.ts';
import type { ReingestPlan } from '../../core/firehose/reingest-plan.ts';
import { OutputMode, planTransformation, type TransformPlan } from '../../core/firehose/transform.ts';
import { decodeInput } from '../../core/inspect/decode-input.ts';
import { InputKind } from '../../core/inspect/types.ts';
import { DEFAULT_MAX_INFLATED_BYTES, DEFAULT_RESPONSE_BUDGET_BYTES, LAMBDA_SYNC_PAYLOAD_BYTES } from '../../core/limits.ts';
import { nodeCodecs } from '../node/codecs.ts';
import {
  choiceOption,
  fileArgument,
  grouped,
  InputError,
  integerOption,
  type Output,
  parseOptions,
  readInput,
  UsageError,
  writeErrorLines,
  writeOutputFile,
} from './io.ts';
import { parserChoice } from './parser-options.ts';
import { plural } from './plural.ts';

/** Runs the command; resolves to the exit code. */
export async function transformCommand(args: readonly string[], out: Output, err: Output): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    mode: { type: 'string' },
    parser: { type: 'string' },
    parsers: { type: 'string' },
    budget: { type: 'string' },
    'max-inflated': { type: 'string' },
    'reingest-out': { type: 'string' },
    pretty: { type: 'boolean' },
    json: { type: 'boolean' },
    table: { type: 'boolean' },
  });
  if (values.json && values.table) throw new UsageError('--json and --table ask for different outputs; give one');
  const readable = values.table === true || (values.json !== true && process.stdout.isTTY === true);
  const mode = choiceOption('--mode', values.mode, [OutputMode.SPLIT, OutputMode.NDJSON]) ?? OutputMode.SPLIT;
  const choice = parserChoice(values.parser, values.parsers);
  // Small budgets are allowed on purpose: they force re-ingestion, which is what one wants to try out.
  const budget = integerOption('--budget', values.budget, 1024, LAMBDA_SYNC_PAYLOAD_BYTES) ?? DEFAULT_RESPONSE_BUDGET_BYTES;
  const maxInflatedBytes = integerOption('--max-inflated', values['max-inflated'], 1024, 2 ** 32) ?? DEFAULT_MAX_INFLATED_BYTES;
  const input = await readInput(fileArgument(positionals));

  const event = readEvent(input);
  const plan = planTransformation(event, {
    mode,
    responseBudgetBytes: budget,
    maxInflatedBytes,
    parserFor: choice.parserFor,
    ...(choice.parser ? { defaultParser: choice.parser } : {}),
    codecs: nodeCodecs,
  });

  const reingest = plan.reingest ? describeReingest(plan.reingest, event) : null;
  if (values['reingest-out'] !== undefined) await writeOutputFile(values['reingest-out'], `${JSON.stringify(reingest, null, 2)}\n`);
  if (readable) {
    await out.write(recordTable(event, plan, process.stdout.columns ?? 120));
    if (reingest) await out.write(`${reingestLines(reingest, values['reingest-out'])}\n`);
  } else {
    await out.write(`${JSON.stringify(plan.response, null, values.pretty ? 2 : undefined)}\n`);
    // The plan is for machines too; a person watching stderr gets what it amounts to (--reingest-out FILE writes it).
    if (reingest && values['reingest-out'] === undefined) {
      await err.write(process.stderr.isTTY ? `${reingestLines(reingest, undefined)}\n` : `${JSON.stringify(reingest, null, 2)}\n`);
    }
  }
  // The planner locates errors as `records[3]` + `data`; print them the way decode does, `records[3].data: ...`.
  await writeErrorLines(err, plan.errors.map((e) => e.message));
  await err.write(`${summaryLine(plan, mode, budget)}\n`);
  // ProcessingFailed answers are a valid outcome (the Lambda returns them too), so only an unusable event fails the command.
  return 0;
}

/** Parses and validates the event, saying what the input is when it is something else. */
function readEvent(input: Uint8Array): TransformationEvent {
  const hint = () => {
    const decoded = decodeInput(input, { codecs: nodeCodecs, documents: false });
    return decoded.kind === InputKind.UNKNOWN || decoded.kind === InputKind.TRANSFORMATION_EVENT
      ? ''
      : ` (it looks like ${lowerArticle(decoded.description.replace(/\.$/, ''))}; \`firewatch decode\` reads that)`;
  };
  if (isGzip(input)) throw new InputError(`firewatch: input: gzip data, not a transformation event${hint()}`);
  const text = decodeUtf8(input);
  if (!text.ok) throw new InputError(`firewatch: input: not a transformation event: ${text.error.detail}`);
  let value: unknown;
  try {
    value = JSON.parse(text.value);
  } catch (error) {
    throw new InputError(`firewatch: input: not valid JSON (${(error as Error).message})${hint()}`);
  }
  const event = validateTransformationEvent(value);
  if (!event.ok) throw new InputError(`firewatch: input: not a transformation event: ${event.error.detail}${hint()}`);
  return event.value;
}

const lowerArticle = (s: string) => (/^(?:A|An|One) /.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s);

/** One re-ingested log event as the plan shows it. */
type PlannedEvent = { readonly id?: string; readonly timestamp?: number; readonly message: string; readonly logGroup?: string };

/**
 * The plan in readable form: where records go, the batches with their sizes, and for each record its
 * parent (index and recordId), its data (base64, ready for PutRecordBatch / PutRecords) and its events.
 */
export function describeReingest(plan: ReingestPlan, event: TransformationEvent) {
  const target = plan.service === 'kinesis'
    ? { service: plan.service, streamName: plan.streamName, streamArn: plan.streamArn, region: plan.region }
    : { service: plan.service, deliveryStreamName: plan.deliveryStreamName, region: plan.region };
  let records = 0;
  let events = 0;
  let bytes = 0;
  const batches = plan.batches.map((batch) => ({
    bytes: batch.bytes,
    records: batch.records.map((record) => {
      const decoded = eventsOf(record.data);
      records++;
      events += decoded.length;
      bytes += record.data.length;
      return {
        parent: record.parent,
        parentRecordId: event.records[record.parent]?.recordId,
        ...('partitionKey' in record ? { partitionKey: record.partitionKey } : {}),
        bytes: record.data.length,
        data: encodeBase64(record.data),
        events: decoded,
      };
    }),
  }));
  return { ...target, totals: { batches: batches.length, records, events, bytes }, batches };
}

function eventsOf(data: Uint8Array): PlannedEvent[] {
  const payload = decodeRecordData(data, { codecs: nodeCodecs });
  if (!payload.ok) return [{ message: `(does not decode: ${payload.error.message})` }];
  if (payload.value.kind !== 'cloudwatch') return [{ message: payload.value.text }];
  return payload.value.envelopes.flatMap((envelope) =>
    envelope.messageType === 'DATA_MESSAGE'
      ? envelope.logEvents.map((e) => ({ id: e.id, timestamp: e.timestamp, message: e.message, logGroup: envelope.logGroup }))
      : []
  );
}

/** The one-line summary on stderr. */
function summaryLine(plan: TransformPlan, mode: string, budget: number): string {
  const s = plan.stats;
  const parts = [
    `${plural(s.records, 'record')} → ${s.ok} Ok, ${s.dropped} Dropped, ${s.processingFailed} ProcessingFailed`,
    `${plural(s.events, 'event')}${s.controlMessages ? `, ${plural(s.controlMessages, 'control message')}` : ''}`,
    `${plural(s.documents, 'document')} in the response (${mode})`,
  ];
  if (plan.reingest) {
    const target = plan.reingest.service === 'kinesis' ? `Kinesis stream ${plan.reingest.streamName}` : `Firehose ${plan.reingest.deliveryStreamName}`;
    const whole = s.reingestedWhole ? ` (${s.reingestedWhole} whole, over the response budget)` : '';
    parts.push(
      `${plural(s.reingestedEvents, 'event')} re-ingested as ${plural(s.reingestedRecords, 'record')}${whole} in ${
        plural(plan.reingest.batches.length, 'batch')
      } to ${target}`,
    );
  } else parts.push('nothing to re-ingest');
  parts.push(`response ${grouped(s.responseBytes)} of ${grouped(budget)} bytes`);
  return `firewatch transform: ${parts.join('; ')}`;
}

/** Cuts text to `width` characters, marking the cut. */
const fit = (text: string, width: number) => (text.length <= width ? text : `${text.slice(0, Math.max(1, width - 1))}…`);

/**
 * The readable form: one row per input record with its answer, the events it held, the documents in the
 * answer, how many of its events go back to the source, and the first document (or why it failed).
 */
export function recordTable(event: TransformationEvent, plan: TransformPlan, columns: number): string {
  const reingestedByParent = new Map<number, number>();
  for (const batch of plan.reingest?.batches ?? []) {
    for (const record of batch.records) reingestedByParent.set(record.parent, (reingestedByParent.get(record.parent) ?? 0) + eventsOf(record.data).length);
  }
  const errors = new Map(plan.errors.map((e) => [e.path?.match(/^records\[(\d+)\]/)?.[1], e.detail] as const));
  const rows = plan.response.records.map((answer, i) => {
    const input = decodeRecordData(base64Bytes(event.records[i]?.data ?? ''), { codecs: nodeCodecs });
    const events = input.ok && input.value.kind === 'cloudwatch'
      ? input.value.envelopes.reduce((n, e) => n + (e.messageType === 'DATA_MESSAGE' ? e.logEvents.length : 0), 0)
      : input.ok
      ? 1
      : 0;
    const text = 'data' in answer && typeof answer.data === 'string' ? new TextDecoder().decode(base64Bytes(answer.data)) : '';
    const documents = text === '' ? 0 : text.split('\n').filter((line) => line !== '').length;
    const what = answer.result === 'Ok'
      ? (text.split('\n')[0] ?? '')
      : answer.result === 'Dropped'
      ? '(control message: nothing to index)'
      : (errors.get(String(i)) ?? '');
    return [String(i), answer.recordId, answer.result, String(events), String(documents), String(reingestedByParent.get(i) ?? 0), what];
  });
  const head = ['#', 'recordId', 'result', 'events', 'documents', 're-ingested', plan.response.records.some((r) => r.result === 'Ok') ? 'first document' : ''];
  const widths = head.slice(0, -1).map((h, c) => Math.max(h.length, ...rows.map((r) => (c === 1 ? Math.min(r[c]!.length, 16) : r[c]!.length))));
  const line = (cells: readonly string[]) => {
    const fixed = cells.slice(0, -1).map((cell, c) => (c === 1 ? fit(cell, 16) : cell).padEnd(widths[c]!)).join('  ');
    return `${fixed}  ${fit(cells.at(-1)!, Math.max(20, columns - fixed.length - 2))}`.trimEnd();
  };
  return `${[line(head), ...rows.map(line)].join('\n')}\n`;
}

/** What would go back to the source, in a few lines. */
function reingestLines(reingest: ReturnType<typeof describeReingest>, file: string | undefined): string {
  const target = reingest.service === 'kinesis' ? `Kinesis stream ${reingest.streamName}` : `Firehose ${reingest.deliveryStreamName}`;
  const where = file === undefined ? '--reingest-out FILE writes them as JSON' : `written to ${file}`;
  return `re-ingested: ${plural(reingest.totals.events, 'event')} as ${plural(reingest.totals.records, 'record')} in ${
    plural(reingest.totals.batches, 'batch')
  } to ${target}; they come back through the Lambda (${where})`;
}

const base64Bytes = (text: string): Uint8Array => {
  const decoded = decodeBase64(text);
  return decoded.ok ? decoded.value : new Uint8Array();
};
