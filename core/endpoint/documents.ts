/**
 * The one home of sink documents (core/document.ts is the pure per-event serializer it calls): one
 * document per log event of each data message, `_id` the CloudWatch event id (so a redelivery overwrites,
 * or conflicts harmlessly, instead of duplicating), the index rotated by the event time. Control messages
 * give no documents; the caller counts them. The HTTP endpoint (core/endpoint/delivery.ts) shapes each
 * Firehose record with {@link DocumentShaper.recordDocumentChunks}; the Kinesis and subscription Lambdas shape
 * their envelopes with {@link DocumentShaper.appendEnvelopes}, so their documents match the endpoint's.
 *
 * Documents of a Firehose delivery:
 * - `_id` is the CloudWatch event id, so a retried delivery overwrites instead of duplicating. Records
 *   that are not CloudWatch data get `<requestId>:<record index>` (the request id is stable across
 *   Firehose's retries); an event id that is empty or over 512 bytes gets `<requestId>:<record>:<envelope>:<event>`.
 * - the index is `FIREWATCH_INDEX` rotated by the event time (the request time for plain records).
 * - every document gets a `firehose` object: `request_id`, `source_arn` when sent, and the request's
 *   common attributes as `common_attributes` when sent.
 * - a record whose data does not decode (bad base64, corrupt gzip) is kept, not failed: it becomes a
 *   document with its base64 `raw_data` and an `error` `{type: "decode_failure", code, reason}`, so one
 *   bad record never makes Firehose retry a whole batch forever.
 *
 * @example
 * ```ts
 * const settings = { index: "rds", indexRotation: "OneDay", parserOverrides: [], keepMessage: false } as const;
 * const documents: SinkDocument[] = [];
 * new DocumentShaper(settings).appendEnvelopes(documents, envelopes, "fallback-prefix");
 * await sink.write(documents, { deadline: Date.now() + 60_000 });
 * ```
 * @module
 */
import type { Codecs } from '../bytes/codecs.ts';
import { utf8Length } from '../bytes/utf8.ts';
import { type LogsEnvelope, MessageType } from '../cloudwatch/envelope.ts';
import { extractedParser, extractLines, isExtractedEnvelope } from '../cloudwatch/extracted-lines.ts';
import { decodeRecordBase64Lazily, LAZY_DECODE_BYTES } from '../cloudwatch/lazy-envelope.ts';
import { decodeRecordBase64 } from '../cloudwatch/record.ts';
import { documentJson, type DocumentOptions, isoTime, plainDocumentJson } from '../document.ts';
import { FirewatchError } from '../errors.ts';
import { CLOUDWATCH_EVENT_MAX_AGE_MS, CLOUDWATCH_EVENT_MAX_AHEAD_MS, OPENSEARCH_ID_MAX_BYTES } from '../limits.ts';
import { indexNamer, type IndexRotation } from '../opensearch/index-name.ts';
import type { LogParser } from '../parsers/parser.ts';
import { auto, parserForLogGroup, type ParserOverride } from '../parsers/registry.ts';
import type { SinkDocument } from '../sinks/sink.ts';
import { inflatedSizeOf } from './admission.ts';
import type { DeliveryHeaders } from './protocol.ts';

/** What shapes the documents (a subset of the endpoint's configuration). */
export interface DocumentSettings {
  readonly index: string;
  readonly indexRotation: IndexRotation;
  readonly parserOverrides: readonly ParserOverride[];
  readonly keepMessage: boolean;
  /** The parser for Firehose message-extraction records (log lines without a log group); absent: detected from the text. */
  readonly defaultParser?: LogParser;
}

/** What a Firehose record's documents need beyond the settings: the delivery they came in. */
export interface RecordContext {
  readonly requestId: string;
  /** The body's `timestamp` once read (the arrival time until then): the time of plain records. */
  requestTime: number;
  readonly codecs: Codecs;
  readonly maxInflatedBytes: number;
  readonly maxEventsPerRecord: number;
}

/** What {@link DocumentShaper.recordDocumentChunks} counts besides the documents. */
export interface RecordCounts {
  controlMessages: number;
  /** Records whose data did not decode, shaped as `decode_failure` documents. */
  decodeFailures: number;
}

/** Documents made per resumption of {@link DocumentShaper.documentChunks}: resuming a generator per document cost ~5 % of a delivery. */
const DOCUMENT_CHUNK = 256;

/**
 * `,"firehose":{…}`: the members every document of a Firehose delivery carries (its request id, source
 * ARN and common attributes), built once per delivery and passed to {@link DocumentShaper} as `extraMembers`.
 */
export function firehoseMembers(headers: DeliveryHeaders): string {
  const source = headers.sourceArn === undefined ? '' : `,"source_arn":${JSON.stringify(headers.sourceArn)}`;
  const common = headers.commonAttributes === undefined ? '' : `,"common_attributes":${JSON.stringify(headers.commonAttributes)}`;
  return `,"firehose":{"request_id":${JSON.stringify(headers.requestId)}${source}${common}}`;
}

/**
 * Shapes sink documents for one delivery (or invocation): the parser per log group, the rotated index
 * (remembered per hour) and the extra members every document of the delivery carries are set up once,
 * and documents are appended to the caller's batch, with no per-event objects beyond the document.
 *
 * @example
 * ```ts
 * const shaper = new DocumentShaper(settings);
 * const batch: SinkDocument[] = [];
 * const controlMessages = shaper.appendEnvelopes(batch, envelopes, `${requestId}:${recordIndex}`);
 * ```
 */
export class DocumentShaper {
  readonly #settings: DocumentSettings;
  readonly #options: DocumentOptions;
  readonly #indexOf: (epochMs: number) => string;

  /** `extraMembers`: JSON members every document gets, written last (see {@link DocumentOptions}). */
  constructor(settings: DocumentSettings, extraMembers?: string) {
    this.#settings = settings;
    this.#options = extraMembers === undefined ? { keepMessage: settings.keepMessage } : { keepMessage: settings.keepMessage, extraMembers };
    this.#indexOf = indexNamer(settings.index, settings.indexRotation);
  }

  /**
   * Appends one document per log event of the data messages among `envelopes`; returns how many control
   * messages were skipped. An event id that is empty or over OpenSearch's 512-byte `_id` limit gets
   * `<fallbackPrefix>:<envelope>:<event>`, so `fallbackPrefix` must be stable across retries of the same
   * input (a Firehose request id and record index, a hash of the payload).
   *
   * With `arrivalTime` (epoch ms), an event dated outside CloudWatch's own window around it (14 days back,
   * 2 hours ahead: see CLOUDWATCH_EVENT_MAX_AGE_MS) goes to the index of the arrival time; its document
   * keeps its own time (`cloudwatch.timestamp`, and `@timestamp`).
   */
  appendEnvelopes(out: SinkDocument[], envelopes: readonly LogsEnvelope[], fallbackPrefix: string, arrivalTime?: number): number {
    let controlMessages = 0;
    for (let m = 0; m < envelopes.length; m++) {
      const envelope = envelopes[m]!;
      if (envelope.messageType === MessageType.DATA) this.#appendEvents(out, envelope, m, fallbackPrefix, arrivalTime, 0, envelope.logEvents.length);
      else controlMessages++;
    }
    return controlMessages;
  }

  /**
   * The documents {@link appendEnvelopes} appends, made a chunk of at most {@link DOCUMENT_CHUNK} at a time
   * as they are taken: a caller that writes them in batches never holds all the documents of a dense
   * record at once, and pays a generator's resumption per chunk rather than per document.
   */
  *documentChunks(envelopes: readonly LogsEnvelope[], fallbackPrefix: string, arrivalTime?: number): Generator<SinkDocument[], void, undefined> {
    for (let m = 0; m < envelopes.length; m++) {
      const envelope = envelopes[m]!;
      if (envelope.messageType !== MessageType.DATA) continue;
      const count = envelope.logEvents.length;
      for (let from = 0; from < count; from += DOCUMENT_CHUNK) {
        const chunk: SinkDocument[] = [];
        this.#appendEvents(chunk, envelope, m, fallbackPrefix, arrivalTime, from, Math.min(count, from + DOCUMENT_CHUNK));
        yield chunk;
      }
    }
  }

  /** Appends the documents of events `from` to `to` (excluded) of data message `envelope`, the `m`th of its record. */
  #appendEvents(
    out: SinkDocument[],
    envelope: LogsEnvelope,
    m: number,
    fallbackPrefix: string,
    arrivalTime: number | undefined,
    from: number,
    to: number,
  ): void {
    const earliest = arrivalTime === undefined ? Number.NEGATIVE_INFINITY : arrivalTime - CLOUDWATCH_EVENT_MAX_AGE_MS;
    const latest = arrivalTime === undefined ? Number.POSITIVE_INFINITY : arrivalTime + CLOUDWATCH_EVENT_MAX_AHEAD_MS;
    const parser = isExtractedEnvelope(envelope)
      ? extractedParser(envelope, this.#settings.defaultParser)
      : parserForLogGroup(envelope.logGroup, this.#settings.parserOverrides);
    const events = envelope.logEvents;
    for (let e = from; e < to; e++) {
      const event = events[e]!;
      const time = event.timestamp >= earliest && event.timestamp <= latest ? event.timestamp : arrivalTime!;
      out.push({ index: this.#indexOf(time), id: documentId(event.id, fallbackPrefix, m, e), json: documentJson(event, envelope, parser, this.#options) });
    }
  }

  /**
   * The documents of Firehose record `index` (its base64 `data`), in chunks: a CloudWatch Logs envelope
   * gives one per log event, message-extraction lines one per line, other data one plain document; data
   * that does not decode (or holds more events than `maxEventsPerRecord`) gives one `decode_failure`
   * document with the raw data, so one bad record never makes Firehose retry a whole batch forever. Ids
   * derive from the request id and record index where the event id does not serve. Counts control
   * messages and decode failures into `counts`.
   * `inflatedSize` is {@link inflatedSizeOf} the data, for a caller that already has it.
   *
   * The record is decoded at the call. A record inflating to more than `LAZY_DECODE_BYTES` (a dense one)
   * gives its documents {@link DOCUMENT_CHUNK} at a time as they are taken, its events parsed as they are
   * (core/cloudwatch/lazy-envelope.ts), so it never has all its documents in memory; a smaller one gives
   * them in one chunk, made at once: two generators per record cost ~5 % of a delivery, and its documents
   * are small.
   */
  recordDocumentChunks(
    index: number,
    data: string,
    record: RecordContext,
    counts: RecordCounts,
    inflatedSize: number = inflatedSizeOf(data),
  ): Iterable<SinkDocument[]> {
    const dense = inflatedSize > LAZY_DECODE_BYTES;
    const decoded = (dense ? decodeRecordBase64Lazily : decodeRecordBase64)(data, { maxInflatedBytes: record.maxInflatedBytes, codecs: record.codecs });
    const fallbackId = `${record.requestId}:${index}`;
    if (!decoded.ok) {
      counts.decodeFailures++;
      return [[this.#failureDocument(fallbackId, data, record.requestTime, decoded.error.at(`records[${index}].data`))]];
    }
    let payload = decoded.value;
    if (payload.kind === 'text') {
      // Firehose's message extraction: log lines only, one event each, ids from the request and record (core/cloudwatch/extracted-lines.ts).
      const extracted = extractLines(payload.text, {
        key: fallbackId,
        arrival: record.requestTime,
        ...(this.#settings.defaultParser ? { parser: this.#settings.defaultParser } : {}),
      });
      if (extracted.envelope.logEvents.length > 0) {
        payload = { kind: 'cloudwatch', envelopes: [extracted.envelope], gzipped: false, inflatedBytes: payload.text.length };
      }
    }
    if (payload.kind === 'cloudwatch') {
      const events = payload.envelopes.reduce((n, envelope) => n + envelope.logEvents.length, 0);
      if (events > record.maxEventsPerRecord) {
        counts.decodeFailures++;
        const detail =
          `the record holds ${events} log events; this endpoint takes at most ${record.maxEventsPerRecord} per record (FIREWATCH_MAX_EVENTS_PER_RECORD)`;
        payload.release?.();
        return [[
          this.#failureDocument(fallbackId, data, record.requestTime, new FirewatchError('INPUT_TOO_LARGE', detail, { path: `records[${index}].data` })),
        ]];
      }
      if (!dense) {
        const documents: SinkDocument[] = [];
        counts.controlMessages += this.appendEnvelopes(documents, payload.envelopes, fallbackId, record.requestTime);
        return [documents];
      }
      counts.controlMessages += payload.envelopes.filter((envelope) => envelope.messageType !== MessageType.DATA).length;
      const chunks = this.documentChunks(payload.envelopes, fallbackId, record.requestTime);
      return payload.release === undefined ? chunks : this.#releasing(chunks, payload.release);
    }
    const json = plainDocumentJson(payload.text, record.requestTime, auto, this.#options);
    return [[{ index: this.#indexOf(record.requestTime), id: fallbackId, json }]];
  }

  /** `chunks`, then `release` once they are all taken or the caller stops taking them. */
  *#releasing(chunks: Iterable<SinkDocument[]>, release: () => void): Generator<SinkDocument[], void, undefined> {
    try {
      yield* chunks;
    } finally {
      // A dense record's inflated bytes become garbage now, before the caller releases its budget and collects.
      release();
    }
  }

  /** A record kept as its base64 data and the error that kept it from decoding. */
  #failureDocument(id: string, data: string, time: number, error: FirewatchError): SinkDocument {
    const reason = JSON.stringify(error.message);
    const json = `{"@timestamp":"${isoTime(time)}","raw_data":${
      JSON.stringify(data)
    },"parser":"none","error":{"type":"decode_failure","code":"${error.code}","reason":${reason}}${this.#options.extraMembers ?? ''}}`;
    return { index: this.#indexOf(time), id, json };
  }
}

/** The event id when OpenSearch takes it as `_id` (1–512 bytes; 170 UTF-16 units can never exceed that). */
function documentId(eventId: string, fallbackPrefix: string, envelope: number, event: number): string {
  const fits = eventId.length > 0 && (eventId.length <= 170 || utf8Length(eventId) <= OPENSEARCH_ID_MAX_BYTES);
  return fits ? eventId : `${fallbackPrefix}:${envelope}:${event}`;
}
