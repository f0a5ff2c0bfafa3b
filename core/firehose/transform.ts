/**
 * The transformation planner: a pure function from a Firehose transformation event to the response and
 * the re-ingestion plan. The Lambda adapter only does the I/O around it.
 *
 * Two output modes:
 * - `split` (OpenSearch destination, which indexes one document per Firehose record): a record of N
 *   events answers with one document and re-ingests the other N−1 as one-event records. A one-event record
 *   never re-ingests anything, so re-ingestion is one level deep and cannot loop.
 * - `ndjson` (S3, HTTP, Splunk destinations): a record answers with all its documents, one per line.
 *   Re-ingested chunks always hold fewer events than their parent, so this terminates too.
 *
 * Invariants (property-tested): every input `recordId` answered exactly once, in order; the serialized
 * response within the budget; every data event answered as a document, re-ingested, or inside a
 * `ProcessingFailed` record (whose original data Firehose backs up to S3); re-ingested records within the
 * record limit and batches within the call limits.
 *
 * @example
 * ```ts
 * const plan = planTransformation(event, { mode: "split" });
 * // plan.response goes back to Firehose; plan.reingest (if any) is sent with PutRecordBatch / PutRecords.
 * ```
 * @module
 */
import { type Codecs, portableCodecs } from '../bytes/codecs.ts';
import { gzip } from '../bytes/gzip.ts';
import { encodeUtf8, utf8Length } from '../bytes/utf8.ts';
import { type LogEvent, type LogsEnvelope, MessageType } from '../cloudwatch/envelope.ts';
import { extractedParser, extractLines, isExtractedEnvelope } from '../cloudwatch/extracted-lines.ts';
import { declaredInflatedSize, decodeLazily, LAZY_DECODE_BYTES } from '../cloudwatch/lazy-envelope.ts';
import { decodeRecordData } from '../cloudwatch/record.ts';
import { documentJson, type DocumentOptions, plainDocumentJson } from '../document.ts';
import { FirewatchError } from '../errors.ts';
import { jsonString } from '../json-text.ts';
import {
  DEFAULT_MAX_INFLATED_BYTES,
  DEFAULT_RESPONSE_BUDGET_BYTES,
  FIREHOSE_RECORD_BYTES,
  KINESIS_PARTITION_KEY_MAX_CHARS,
  KINESIS_RECORD_BYTES,
} from '../limits.ts';
import type { LogParser } from '../parsers/parser.ts';
import { parserForLogGroup } from '../parsers/registry.ts';
import { epochMillis, parseStreamArn, type ResponseRecord, type TransformationEvent, type TransformationResponse } from './lambda-event.ts';
import { batchForFirehose, batchForKinesis } from './reingest-batches.ts';
import type { KinesisReingestRecord, ReingestPlan } from './reingest-plan.ts';

/** How documents are put into response records. */
export const OutputMode = { SPLIT: 'split', NDJSON: 'ndjson' } as const;
export type OutputMode = (typeof OutputMode)[keyof typeof OutputMode];

/** Options of {@link planTransformation}. */
export interface TransformOptions {
  /** Default `split`. */
  readonly mode?: OutputMode;
  /** Budget for the serialized response, bytes (default {@link DEFAULT_RESPONSE_BUDGET_BYTES}). */
  readonly responseBudgetBytes?: number;
  /** Cap on inflated bytes per record (default {@link DEFAULT_MAX_INFLATED_BYTES}). */
  readonly maxInflatedBytes?: number;
  /** Picks the parser for a log group (default: automatic choice by log group name). */
  readonly parserFor?: (logGroup: string) => LogParser;
  /**
   * The parser for records Firehose wrote with message extraction (log lines without a log group, see
   * core/cloudwatch/extracted-lines.ts); default: the one that reads their text best.
   */
  readonly defaultParser?: LogParser;
  /** Byte codecs (default: portable). */
  readonly codecs?: Codecs;
  /** Document shape (default: the raw line only where the fields do not hold it). */
  readonly document?: DocumentOptions;
  /**
   * Records inflating to more than this many bytes have their events parsed as they are read
   * (core/cloudwatch/lazy-envelope.ts), not all at once: what keeps a dense record (~60 MB inflated)
   * within the Lambda's memory. Default {@link LAZY_DECODE_BYTES}.
   */
  readonly lazyDecodeBytes?: number;
}

/** Counts for the invocation's summary line. */
export interface TransformStats {
  records: number;
  ok: number;
  dropped: number;
  processingFailed: number;
  /** Data events found in the input (control messages excluded). */
  events: number;
  /** Documents in `Ok` answers. */
  documents: number;
  controlMessages: number;
  reingestedRecords: number;
  /** Events carried by re-ingested records. */
  reingestedEvents: number;
  /** Records re-ingested unchanged because their answer did not fit the response budget. */
  reingestedWhole: number;
  inputBytes: number;
  inflatedBytes: number;
  responseBytes: number;
}

/** The planner's result. */
export interface TransformPlan {
  readonly response: TransformationResponse;
  readonly reingest: ReingestPlan | undefined;
  readonly stats: TransformStats;
  /** One error per `ProcessingFailed` answer, located at `records[i]`. */
  readonly errors: readonly FirewatchError[];
}

/**
 * A record's data events in order, with the envelope each came in. Nearly every record holds one envelope,
 * whose `logEvents` array is used as it is: no per-event objects on the hot path.
 */
interface EventsPayload {
  readonly kind: 'events';
  readonly events: readonly LogEvent[];
  /** One envelope for all events, or one per event when the record held several. */
  readonly envelopes: readonly LogsEnvelope[];
  readonly control: number;
}

const envelopeAt = (payload: EventsPayload, j: number): LogsEnvelope => payload.envelopes[payload.envelopes.length === 1 ? 0 : j]!;

type Decoded = EventsPayload | { readonly kind: 'plain'; readonly text: string };

/** A record to put back into the source, before batching. */
interface Reingested {
  readonly data: Uint8Array;
  readonly partitionKey: string;
  readonly events: number;
}

/** Events whose re-ingested records are written together in split mode. */
const REINGEST_SLICE_EVENTS = 4096;

const RESPONSE_OPEN = '{"records":[';
const RESPONSE_CLOSE = ']}';
/** `,"data":""` — what an `Ok` answer adds to an entry besides the base64 itself. */
const DATA_OVERHEAD = 10;
/** Each entry reserves room for `"ProcessingFailed"`; `"Ok"` and `"Dropped"` answers use less of it. */
const OK_SAVING = 'ProcessingFailed'.length - 'Ok'.length;
const DROPPED_SAVING = 'ProcessingFailed'.length - 'Dropped'.length;

/**
 * Plans the answer to one transformation event. Pure: no I/O, no clock, no randomness.
 * Throws nothing for bad record data (those records answer `ProcessingFailed`); the event itself must
 * have passed `validateTransformationEvent`.
 */
export function planTransformation(event: TransformationEvent, options: TransformOptions = {}): TransformPlan {
  const mode = options.mode ?? OutputMode.SPLIT;
  const budget = options.responseBudgetBytes ?? DEFAULT_RESPONSE_BUDGET_BYTES;
  const codecs = options.codecs ?? portableCodecs;
  const parserFor = options.parserFor ?? ((logGroup: string) => parserForLogGroup(logGroup));
  // Events come envelope by envelope: the parser is chosen once per envelope. Extracted lines have no log
  // group to choose by: theirs is configured or detected (see the message-extraction step below).
  let chosenFor: LogsEnvelope | undefined;
  let chosen: LogParser | undefined;
  const parserOf = (envelope: LogsEnvelope): LogParser => {
    if (envelope !== chosenFor || chosen === undefined) {
      chosenFor = envelope;
      chosen = isExtractedEnvelope(envelope) ? extractedParser(envelope, options.defaultParser) : parserFor(envelope.logGroup);
    }
    return chosen;
  };
  const documentOptions = options.document ?? {};
  const decodeOptions = { maxInflatedBytes: options.maxInflatedBytes ?? DEFAULT_MAX_INFLATED_BYTES, codecs };
  const toKinesis = event.sourceKinesisStreamArn !== undefined;
  const recordLimit = toKinesis ? KINESIS_RECORD_BYTES : FIREHOSE_RECORD_BYTES;
  const records = event.records;
  const lazyDecodeBytes = options.lazyDecodeBytes ?? LAZY_DECODE_BYTES;

  const stats: TransformStats = {
    records: records.length,
    ok: 0,
    dropped: 0,
    processingFailed: 0,
    events: 0,
    documents: 0,
    controlMessages: 0,
    reingestedRecords: 0,
    reingestedEvents: 0,
    reingestedWhole: 0,
    inputBytes: 0,
    inflatedBytes: 0,
    responseBytes: 0,
  };
  const errors: FirewatchError[] = [];
  const answers: ResponseRecord[] = [];
  const reingest: { parent: number; record: Reingested }[] = [];

  // Every record must be answerable, so the smallest possible answer of each is reserved up front and an
  // `Ok` answer only spends what it costs beyond that.
  const minimal = records.map((r) => entryBytes(r.recordId, 'ProcessingFailed'));
  let spare = budget - RESPONSE_OPEN.length - RESPONSE_CLOSE.length - Math.max(0, records.length - 1) - minimal.reduce((a, b) => a + b, 0);

  const failRecord = (i: number, error: FirewatchError) => {
    answers.push({ recordId: records[i]!.recordId, result: 'ProcessingFailed' });
    errors.push(error.at(`records[${i}]`));
    stats.processingFailed++;
  };
  const drop = (i: number) => {
    answers.push({ recordId: records[i]!.recordId, result: 'Dropped' });
    stats.dropped++;
  };
  /** What an `Ok` answer with this base64 costs beyond the reserved minimum. */
  const okCost = (data: string) => DATA_OVERHEAD + data.length - OK_SAVING;
  /** {@link okCost} of the base64 of `bytes` bytes. */
  const okCostOfBytes = (bytes: number) => DATA_OVERHEAD + base64Length(bytes) - OK_SAVING;
  const answerOk = (i: number, data: string, documents: number) => {
    answers.push({ recordId: records[i]!.recordId, result: 'Ok', data });
    spare -= okCost(data);
    stats.ok++;
    stats.documents += documents;
  };
  /** Re-ingests the record as it came; the fallback when its answer does not fit this response. */
  const reingestWhole = (i: number, bytes: Uint8Array, events: number) => {
    const record = records[i]!;
    const partitionKey = partitionKeyOf(record.kinesisRecordMetadata?.partitionKey || record.recordId);
    if (bytes.length + (toKinesis ? utf8Length(partitionKey) : 0) > recordLimit) {
      failRecord(
        i,
        new FirewatchError('EVENT_TOO_LARGE', `the answer does not fit the response budget and the record (${bytes.length} bytes) is too large to re-ingest`),
      );
      return;
    }
    reingest.push({ parent: i, record: { data: bytes, partitionKey, events } });
    stats.reingestedWhole++;
    drop(i);
  };

  for (let i = 0; i < records.length; i++) {
    const record = records[i]!;
    if (typeof record.data !== 'string') {
      failRecord(i, new FirewatchError('EVENT_SHAPE_INVALID', 'data is missing or not a string'));
      continue;
    }
    stats.inputBytes += record.data.length;
    const bytes = codecs.decodeBase64(record.data);
    if (!bytes.ok) {
      failRecord(i, bytes.error.at('data'));
      continue;
    }
    const payload = declaredInflatedSize(bytes.value) > lazyDecodeBytes
      ? decodeLazily(bytes.value, decodeOptions)
      : decodeRecordData(bytes.value, decodeOptions);
    if (!payload.ok) {
      failRecord(i, payload.error.at('data'));
      continue;
    }
    let value = payload.value;
    if (value.kind === 'text') {
      // Firehose's message extraction: log lines only, made into events like CloudWatch Logs data (re-ingested alike).
      const arrival = epochMillis(record.approximateArrivalTimestamp) ?? 0;
      const extracted = extractLines(value.text, { key: record.recordId, arrival, ...(options.defaultParser ? { parser: options.defaultParser } : {}) });
      if (extracted.envelope.logEvents.length > 0) {
        chosenFor = extracted.envelope;
        chosen = extracted.parser;
        value = { kind: 'cloudwatch', envelopes: [extracted.envelope], gzipped: false, inflatedBytes: bytes.value.length };
      }
    }
    let decoded: Decoded;
    if (value.kind === 'cloudwatch') {
      stats.inflatedBytes += value.inflatedBytes;
      const flat = flatten(value.envelopes);
      decoded = flat;
      stats.controlMessages += flat.control;
      stats.events += flat.events.length;
      if (flat.events.length === 0) {
        drop(i);
        continue;
      }
    } else {
      stats.inflatedBytes += bytes.value.length;
      stats.events++;
      decoded = { kind: 'plain', text: value.text };
    }

    if (decoded.kind === 'plain') {
      const text = plainDocumentJson(decoded.text, epochMillis(record.approximateArrivalTimestamp) ?? 0, parserFor(''), documentOptions);
      const data = codecs.encodeBase64Utf8(mode === OutputMode.NDJSON ? `${text}\n` : text);
      if (okCost(data) <= spare) answerOk(i, data, 1);
      else reingestWhole(i, bytes.value, 1);
      continue;
    }

    const events = decoded.events;
    if (mode === OutputMode.SPLIT) {
      // The longest event is the one answered directly, so the events re-ingested are the ones most likely to fit a record.
      const answered = longest(events);
      const envelope = envelopeAt(decoded, answered);
      const data = codecs.encodeBase64Utf8(documentJson(events[answered]!, envelope, parserOf(envelope), documentOptions));
      if (okCost(data) > spare) {
        reingestWhole(i, bytes.value, events.length);
        continue;
      }
      const rest = splitRest(decoded, answered, recordLimit, toKinesis);
      if (rest instanceof FirewatchError) {
        failRecord(i, rest);
        continue;
      }
      for (const r of rest) reingest.push({ parent: i, record: r });
      answerOk(i, data, 1);
      continue;
    }

    // ndjson. Documents are kept only while their answer may still fit: once even a lower bound of its
    // cost (UTF-16 units ≤ UTF-8 bytes) is past what is left, only their sizes are kept, so a dense record
    // never holds all its documents (a few hundred MB for ~60 MB of events) but the response's worth.
    const lines = documentsWithin(decoded, parserOf, documentOptions, spare - DATA_OVERHEAD + OK_SAVING);
    if (lines.length < events.length) {
      // The answer cannot fit: size every document, those not yet made one at a time, and re-ingest.
      const sizes = documentSizes(decoded, lines, parserOf, documentOptions);
      lines.length = 0;
      const total = sizes.reduce((a, b) => a + b, 0);
      if (okCostOfBytes(total) <= budget / 2) reingestWhole(i, bytes.value, events.length);
      else if (events.length === 1) {
        failRecord(
          i,
          new FirewatchError('EVENT_TOO_LARGE', `one event's document (${base64Length(total)} bytes in base64) cannot fit a response of ${budget} bytes`),
        );
      } else {
        const chunks = chunkEvents(decoded, sizes, budget / 4, recordLimit, toKinesis);
        if (chunks instanceof FirewatchError) failRecord(i, chunks);
        else {
          for (const r of chunks) reingest.push({ parent: i, record: r });
          drop(i);
        }
      }
      continue;
    }
    const data = codecs.encodeBase64Lines(lines);
    const cost = okCost(data);
    if (cost <= spare) {
      answerOk(i, data, events.length);
    } else if (cost <= budget / 2) {
      // It will fit a later invocation, where it comes back with fewer records beside it.
      reingestWhole(i, bytes.value, events.length);
    } else if (events.length === 1) {
      failRecord(i, new FirewatchError('EVENT_TOO_LARGE', `one event's document (${data.length} bytes in base64) cannot fit a response of ${budget} bytes`));
    } else {
      // Rare path (a record whose documents exceed half the budget): size each document to cut the chunks.
      const sizes = lines.map((line) => utf8Length(line) + 1);
      const chunks = chunkEvents(decoded, sizes, budget / 4, recordLimit, toKinesis);
      if (chunks instanceof FirewatchError) failRecord(i, chunks);
      else {
        for (const r of chunks) reingest.push({ parent: i, record: r });
        drop(i);
      }
    }
  }

  stats.reingestedRecords = reingest.length;
  stats.reingestedEvents = reingest.reduce((n, r) => n + r.record.events, 0);
  // Every answer cost its reserved minimum plus what okCost charged; a Dropped one is 9 bytes under its reserve.
  stats.responseBytes = budget - spare - DROPPED_SAVING * stats.dropped;
  return { response: { records: answers }, reingest: reingestPlan(event, reingest), stats, errors };
}

/**
 * The documents of a record's events, in order, while the base64 of a lower bound of their UTF-8 bytes so
 * far (UTF-16 units ≤ UTF-8 bytes) is within `maxBase64`: a dense record never makes more than an
 * answer's worth here. Its own function so the engine optimizes this hot loop on its own.
 */
function documentsWithin(
  payload: EventsPayload,
  parserOf: (envelope: LogsEnvelope) => LogParser,
  options: DocumentOptions,
  maxBase64: number,
): string[] {
  const events = payload.events;
  const lines: string[] = [];
  let atLeast = 0;
  for (let j = 0; j < events.length && base64Length(atLeast) <= maxBase64; j++) {
    const envelope = envelopeAt(payload, j);
    const line = documentJson(events[j]!, envelope, parserOf(envelope), options);
    lines.push(line);
    atLeast += line.length + 1;
  }
  return lines;
}

/** The UTF-8 size (with its newline) of every event's document: those in `made` measured, the rest made one at a time and dropped. */
function documentSizes(payload: EventsPayload, made: readonly string[], parserOf: (envelope: LogsEnvelope) => LogParser, options: DocumentOptions): number[] {
  const events = payload.events;
  const sizes = new Array<number>(events.length);
  for (let j = 0; j < events.length; j++) {
    const envelope = envelopeAt(payload, j);
    sizes[j] = utf8Length(j < made.length ? made[j]! : documentJson(events[j]!, envelope, parserOf(envelope), options)) + 1;
  }
  return sizes;
}

/**
 * Split mode's re-ingested records: every event but the answered one, one per record, or the error of the
 * first that cannot fit a record. In slices: a dense record's re-ingested texts are never all alive at
 * once besides their bytes, and each event is read once (a lazily decoded one is parsed on every read).
 */
function splitRest(payload: EventsPayload, answered: number, recordLimit: number, toKinesis: boolean): Reingested[] | FirewatchError {
  const events = payload.events;
  const rest: Reingested[] = [];
  for (let start = 0; start < events.length; start += REINGEST_SLICE_EVENTS) {
    const end = Math.min(events.length, start + REINGEST_SLICE_EVENTS);
    const slice: number[] = [];
    const texts: string[] = [];
    for (let j = start; j < end; j++) {
      if (j === answered) continue;
      slice.push(j);
      texts.push(envelopeText(envelopeAt(payload, j), [events[j]!]));
    }
    const encoded = encodeTexts(texts);
    for (let k = 0; k < slice.length; k++) {
      const j = slice[k]!;
      const one = toRecord(encoded[k]!, envelopeAt(payload, j), [events[j]!], recordLimit, toKinesis);
      if (one instanceof FirewatchError) return one.at(`logEvents[${j}]`);
      rest.push(one);
    }
  }
  return rest;
}

/** Marks the answers of parents whose re-ingestion finally failed `ProcessingFailed`, so Firehose keeps their originals. */
export function failParents(response: TransformationResponse, parents: ReadonlySet<number>): TransformationResponse {
  if (parents.size === 0) return response;
  return { records: response.records.map((r, i) => (parents.has(i) ? { recordId: r.recordId, result: 'ProcessingFailed' } : r)) };
}

/** Bytes of `{"recordId":…,"result":"…"}` as JSON.stringify writes it. */
function entryBytes(recordId: string, result: string): number {
  return utf8Length(JSON.stringify(recordId)) + result.length + 25; // {"recordId":,"result":""}
}

const base64Length = (bytes: number) => Math.ceil(bytes / 3) * 4;

function flatten(envelopes: readonly LogsEnvelope[]): EventsPayload {
  const data = envelopes.filter((e) => e.messageType === MessageType.DATA);
  const control = envelopes.length - data.length;
  if (data.length === 1) return { kind: 'events', events: data[0]!.logEvents, envelopes: data, control };
  const events: LogEvent[] = [];
  const perEvent: LogsEnvelope[] = [];
  for (const envelope of data) {
    for (const event of envelope.logEvents) {
      events.push(event);
      perEvent.push(envelope);
    }
  }
  return { kind: 'events', events, envelopes: perEvent, control };
}

function longest(events: readonly LogEvent[]): number {
  let best = 0;
  for (let j = 1; j < events.length; j++) if (events[j]!.message.length > events[best]!.message.length) best = j;
  return best;
}

/**
 * Groups events into re-ingested records of fewer events than the parent, each record's documents within
 * `maxDocumentBytes` and its data within the record limit.
 */
function chunkEvents(
  payload: EventsPayload,
  documentSizes: readonly number[],
  maxDocumentBytes: number,
  recordLimit: number,
  toKinesis: boolean,
): Reingested[] | FirewatchError {
  const events = payload.events;
  const out: Reingested[] = [];
  let start = 0;
  let envelope = envelopeAt(payload, 0);
  let documentBytes = 0;
  const flush = (end: number): FirewatchError | undefined => {
    const chunk = events.slice(start, end);
    const encoded = toRecord(encodeUtf8(envelopeText(envelope, chunk)), envelope, chunk, recordLimit, toKinesis);
    if (encoded instanceof FirewatchError) return encoded.at(`logEvents[${start}]`);
    out.push(encoded);
    return undefined;
  };
  for (let j = 0; j < events.length; j++) {
    const lineBytes = base64Length(documentSizes[j]!);
    const sameEnvelope = envelopeAt(payload, j) === envelope;
    // Envelope bytes track document bytes closely; a plain-JSON record over the limit is retried gzip-compressed by encodeEnvelope.
    if (j > start && (!sameEnvelope || documentBytes + lineBytes > maxDocumentBytes || j - start === events.length - 1)) {
      const error = flush(j);
      if (error) return error;
      start = j;
      documentBytes = 0;
      envelope = envelopeAt(payload, j);
    }
    documentBytes += lineBytes;
  }
  const error = flush(events.length);
  return error ?? out;
}

/**
 * One re-ingested record: the events in a CloudWatch Logs envelope, as plain JSON (cheap, and readable in
 * S3 backups) or, when that exceeds the record limit, gzip-compressed as CloudWatch Logs itself sends it.
 * `plain` is the envelope's UTF-8 JSON.
 */
function toRecord(
  plain: Uint8Array,
  envelope: LogsEnvelope,
  events: readonly LogEvent[],
  recordLimit: number,
  toKinesis: boolean,
): Reingested | FirewatchError {
  const partitionKey = partitionKeyOf(events[0]!.id || envelope.logStream);
  const limit = recordLimit - (toKinesis ? utf8Length(partitionKey) : 0);
  let data = plain;
  if (data.length > limit) data = gzip(data, 6);
  if (data.length > limit) {
    return new FirewatchError('EVENT_TOO_LARGE', `event is too large to re-ingest even gzip-compressed (${data.length} bytes, limit ${limit})`);
  }
  return { data, partitionKey, events: events.length };
}

/**
 * UTF-8 of many short strings. Encoding them as one string and handing out views costs a third of encoding
 * each (split mode writes one record per event); that works while the text is ASCII, where characters and
 * bytes line up, which JSON of log lines nearly always is.
 */
function encodeTexts(texts: readonly string[]): Uint8Array[] {
  const joined = texts.join('');
  const bytes = encodeUtf8(joined);
  if (bytes.length !== joined.length) return texts.map(encodeUtf8);
  const out: Uint8Array[] = [];
  let offset = 0;
  for (const text of texts) {
    out.push(bytes.subarray(offset, offset + text.length));
    offset += text.length;
  }
  return out;
}

/**
 * The JSON up to `"logEvents":[` of the envelope of the previous call: split mode writes one record per
 * event, envelope by envelope, so one remembered entry serves nearly every call (see document.ts on why
 * not a WeakMap).
 */
let lastEnvelope: LogsEnvelope | undefined;
let lastHead = '';

function envelopeText(envelope: LogsEnvelope, events: readonly LogEvent[]): string {
  if (envelope !== lastEnvelope) {
    const fields: Record<string, unknown> = {
      messageType: MessageType.DATA,
      owner: envelope.owner,
      logGroup: envelope.logGroup,
      logStream: envelope.logStream,
      subscriptionFilters: envelope.subscriptionFilters,
    };
    if (envelope.policyLevel !== undefined) fields['policyLevel'] = envelope.policyLevel;
    lastHead = JSON.stringify(fields).slice(0, -1) + ',"logEvents":[';
    lastEnvelope = envelope;
  }
  let body = lastHead;
  for (let k = 0; k < events.length; k++) {
    const event = events[k]!;
    // The three documented keys, written directly: ~2× faster than JSON.stringify of the event object.
    body += `${k === 0 ? '' : ','}{"id":${jsonString(event.id)},"timestamp":${event.timestamp},"message":${jsonString(event.message)}}`;
  }
  return body + ']}';
}

/** Kinesis partition keys are 1–256 characters; event ids (~56 digits) spread re-ingested records across shards. */
function partitionKeyOf(candidate: string): string {
  return (candidate || 'firewatch').slice(0, KINESIS_PARTITION_KEY_MAX_CHARS);
}

function reingestPlan(event: TransformationEvent, items: readonly { parent: number; record: Reingested }[]): ReingestPlan | undefined {
  if (items.length === 0) return undefined;
  if (event.sourceKinesisStreamArn !== undefined) {
    const arn = parseStreamArn(event.sourceKinesisStreamArn, 'kinesis');
    // validateTransformationEvent checked both ARNs; a caller that skipped it gets the error thrown.
    if (!arn.ok) throw arn.error.at('sourceKinesisStreamArn');
    const records: KinesisReingestRecord[] = items.map(({ parent, record }) => ({ data: record.data, partitionKey: record.partitionKey, parent }));
    return {
      service: 'kinesis',
      streamName: arn.value.name,
      streamArn: event.sourceKinesisStreamArn,
      region: arn.value.region,
      batches: batchForKinesis(records),
    };
  }
  const arn = parseStreamArn(event.deliveryStreamArn, 'firehose');
  if (!arn.ok) throw arn.error.at('deliveryStreamArn');
  return {
    service: 'firehose',
    deliveryStreamName: arn.value.name,
    region: arn.value.region,
    batches: batchForFirehose(items.map(({ parent, record }) => ({ data: record.data, parent }))),
  };
}
