/**
 * Sink documents of CloudWatch Logs envelopes, shaped as the HTTP endpoint shapes them: one document
 * per log event of each data message, `_id` the CloudWatch event id (so a redelivery overwrites, or
 * conflicts harmlessly, instead of duplicating), the index rotated by the event time. Control messages
 * give no documents; the caller counts them. The Lambda subscription handler (lambda/subscription.ts)
 * uses this so its documents match the endpoint's.
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
import { utf8Length } from '../bytes/utf8.ts';
import { type LogsEnvelope, MessageType } from '../cloudwatch/envelope.ts';
import { extractedParser, isExtractedEnvelope } from '../cloudwatch/extracted-lines.ts';
import { documentJson, type DocumentOptions } from '../document.ts';
import { CLOUDWATCH_EVENT_MAX_AGE_MS, CLOUDWATCH_EVENT_MAX_AHEAD_MS, OPENSEARCH_ID_MAX_BYTES } from '../limits.ts';
import { indexNamer, type IndexRotation } from '../opensearch/index-name.ts';
import type { LogParser } from '../parsers/parser.ts';
import { parserForLogGroup, type ParserOverride } from '../parsers/registry.ts';
import type { SinkDocument } from '../sinks/sink.ts';

/** What shapes the documents (a subset of the endpoint's configuration). */
export interface DocumentSettings {
  readonly index: string;
  readonly indexRotation: IndexRotation;
  readonly parserOverrides: readonly ParserOverride[];
  readonly keepMessage: boolean;
  /** The parser for Firehose message-extraction records (log lines without a log group); absent: detected from the text. */
  readonly defaultParser?: LogParser;
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

  /** The document options in use (for documents built elsewhere, e.g. plain records). */
  get options(): DocumentOptions {
    return this.#options;
  }

  /** The rotated index for an event time. */
  indexOf(epochMs: number): string {
    return this.#indexOf(epochMs);
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
    for (const document of this.documents(envelopes, fallbackPrefix, arrivalTime)) out.push(document);
    return envelopes.filter((envelope) => envelope.messageType !== MessageType.DATA).length;
  }

  /**
   * The documents {@link appendEnvelopes} appends, made one at a time as they are taken: a caller that
   * writes them in batches never holds all the documents of a dense record at once.
   */
  *documents(envelopes: readonly LogsEnvelope[], fallbackPrefix: string, arrivalTime?: number): Generator<SinkDocument, void, undefined> {
    const earliest = arrivalTime === undefined ? Number.NEGATIVE_INFINITY : arrivalTime - CLOUDWATCH_EVENT_MAX_AGE_MS;
    const latest = arrivalTime === undefined ? Number.POSITIVE_INFINITY : arrivalTime + CLOUDWATCH_EVENT_MAX_AHEAD_MS;
    for (let m = 0; m < envelopes.length; m++) {
      const envelope = envelopes[m]!;
      if (envelope.messageType !== MessageType.DATA) continue;
      const parser = isExtractedEnvelope(envelope) ? extractedParser(envelope, this.#settings.defaultParser) : parserForLogGroup(envelope.logGroup, this.#settings.parserOverrides);
      const events = envelope.logEvents;
      for (let e = 0; e < events.length; e++) {
        const event = events[e]!;
        const time = event.timestamp >= earliest && event.timestamp <= latest ? event.timestamp : arrivalTime!;
        yield { index: this.#indexOf(time), id: documentId(event.id, fallbackPrefix, m, e), json: documentJson(event, envelope, parser, this.#options) };
      }
    }
  }
}

/** The event id when OpenSearch takes it as `_id` (1–512 bytes; 170 UTF-16 units can never exceed that). */
function documentId(eventId: string, fallbackPrefix: string, envelope: number, event: number): string {
  const fits = eventId.length > 0 && (eventId.length <= 170 || utf8Length(eventId) <= OPENSEARCH_ID_MAX_BYTES);
  return fits ? eventId : `${fallbackPrefix}:${envelope}:${event}`;
}
