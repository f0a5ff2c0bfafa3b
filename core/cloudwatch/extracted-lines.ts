/**
 * Records written by Firehose's own CloudWatch Logs processing with "message extraction" on: the
 * record holds only the log messages, newline-joined, with no log group, no stream and no event ids.
 * firewatch turns such a record back into log events: one per entry (multi-line entries joined as the
 * parser expects, see `log-entries.ts`), parsed with the configured default parser or one detected
 * from the text, with ids derived from the record and the entry's position.
 *
 * The events are carried in an envelope without a log group ({@link extractedEnvelope}): the
 * transformation Lambda re-ingests the ones that do not fit its answer like any other events, and an
 * envelope whose log group is empty is read as extracted text again when it comes back.
 *
 * What extraction costs: the ids derive from the record's position (a Firehose recordId, or an HTTP
 * request id and record index), so retries are idempotent only while Firehose redelivers the same
 * record; and with no log group, the parser comes from configuration or from the text.
 *
 * @example
 * ```ts
 * const extracted = extractLines(text, { key: recordId, arrival: 1764070860000 });
 * extracted.envelope.logEvents[0]?.id; // "<recordId>:0"
 * extracted.parser.name;               // "mysql-general" (detected)
 * ```
 * @module
 */
import { utf8Length } from '../bytes/utf8.ts';
import { OPENSEARCH_ID_MAX_BYTES } from '../limits.ts';
import type { LogParser } from '../parsers/parser.ts';
import { type DataMessage, type LogEvent, type LogsEnvelope, MessageType } from './envelope.ts';
import { detectParser, type LogEntry, type ParserDetection, splitLogEntries } from './log-entries.ts';

/** Log text made into events. */
export interface ExtractedLines {
  /** The events in an envelope without log group, stream or owner (what extraction removed). */
  readonly envelope: DataMessage;
  /** The entry of each event, same index: where it is in the text. */
  readonly entries: readonly LogEntry[];
  readonly parser: LogParser;
  /** Set when the parser was detected from the text. */
  readonly detection?: ParserDetection;
}

/** Options of {@link extractLines}. */
export interface ExtractOptions {
  /**
   * What identifies the record and stays the same when Firehose delivers it again: the Firehose
   * `recordId`, or `<request id>:<record index>` at the HTTP endpoint.
   */
  readonly key: string;
  /** Epoch ms the events are dated with (a line's own time still wins in the document): the record's arrival. */
  readonly arrival: number;
  /** The configured default parser; absent: detected from the text. */
  readonly parser?: LogParser;
}

/**
 * Splits a message-extraction record into events.
 *
 * @example
 * ```ts
 * extractLines("2026-11-25T11:41:00.1Z\t 1 Query\tSELECT 1\n", { key: "r1", arrival: 0 }).envelope.logEvents.length; // 1
 * ```
 */
export function extractLines(text: string, options: ExtractOptions): ExtractedLines {
  const detection = options.parser === undefined ? detectParser(text) : undefined;
  const parser = options.parser ?? detection!.parser;
  const entries = splitLogEntries(text, parser);
  const arrival = Number.isFinite(options.arrival) && Math.abs(options.arrival) <= 8.64e15 ? options.arrival : 0;
  const logEvents: LogEvent[] = entries.map((entry, i) => ({ id: extractedEventId(options.key, i), timestamp: arrival, message: entry.message }));
  const envelope: DataMessage = { messageType: MessageType.DATA, owner: '', logGroup: '', logStream: '', subscriptionFilters: [], logEvents };
  return detection === undefined ? { envelope, entries, parser } : { envelope, entries, parser, detection };
}

/**
 * Whether an envelope carries extracted lines (no log group: CloudWatch Logs always names one in a data
 * message), so its parser is the configured default or detected, never chosen by log group.
 */
export function isExtractedEnvelope(envelope: LogsEnvelope): boolean {
  return envelope.messageType === MessageType.DATA && envelope.logGroup === '';
}

/**
 * The parser for an extracted envelope's events: the configured default, else the one that reads their
 * messages best.
 *
 * @example
 * ```ts
 * extractedParser(envelope, undefined).name; // "postgresql"
 * ```
 */
export function extractedParser(envelope: LogsEnvelope, configured: LogParser | undefined): LogParser {
  if (configured !== undefined) return configured;
  // Events are whole entries already: joined one per line, the entry rules of each candidate find them again.
  let text = '';
  for (const event of envelope.logEvents) {
    text += `${event.message}\n`;
    if (text.length > 256 * 1024) break;
  }
  return detectParser(text).parser;
}

/**
 * The id of the `index`th entry of the record `key`: `<key>:<index>`, or a 128-bit hash of the key in
 * its place when that would exceed OpenSearch's 512-byte `_id`. Deterministic, so a redelivered record
 * gets the same ids.
 *
 * @example
 * ```ts
 * extractedEventId("49546986683135544286507457936321625675700192471156785154", 3); // "49546986683135544286507457936321625675700192471156785154:3"
 * ```
 */
export function extractedEventId(key: string, index: number): string {
  const id = `${key}:${index}`;
  return id.length <= 170 || utf8Length(id) <= OPENSEARCH_ID_MAX_BYTES ? id : `${hash128(key)}:${index}`;
}

/** Two independent 64-bit FNV-1a hashes (different offset bases) over UTF-16 units, as 32 hex digits. */
function hash128(text: string): string {
  const prime = 0x100000001b3n;
  const mask = 0xffffffffffffffffn;
  let a = 0xcbf29ce484222325n;
  let b = 0x84222325cbf29ce4n;
  for (let i = 0; i < text.length; i++) {
    const c = BigInt(text.charCodeAt(i));
    a = ((a ^ c) * prime) & mask;
    b = ((b ^ (c + 0x9en)) * prime) & mask;
  }
  return a.toString(16).padStart(16, '0') + b.toString(16).padStart(16, '0');
}
