/**
 * The shapes {@link decodeInput} answers with: what an input was recognised as, its items (records,
 * lines, gzip members) and what each decoded to, and the totals. One home for them, so the orchestrator,
 * the format plug-ins and the callers (CLI, playground) read the same definitions.
 *
 * @module
 */
import type { Codecs } from '../bytes/codecs.ts';
import type { ParserDetection } from '../cloudwatch/log-entries.ts';
import type { RecordPayload } from '../cloudwatch/record.ts';
import type { LogDocument } from '../document.ts';
import type { FirewatchError, Result } from '../errors.ts';
import type { LogParser } from '../parsers/parser.ts';
import type { BuiltinParserName, ParserOverride } from '../parsers/registry.ts';
import type { ProblemSummary } from './problems.ts';

/**
 * What an input was recognised as: {@link DecodedInput.kind}.
 *
 * @example
 * ```ts
 * if (decodeInput(text).kind === InputKind.S3_BACKUP) showBackupColumns();
 * ```
 */
export const InputKind = {
  /** Raw gzip bytes: one CloudWatch Logs record, or several back to back (a Firehose → S3 object). */
  GZIP: 'gzip',
  /** A record's data as base64 text (line breaks allowed), or several records one per line. */
  BASE64: 'base64-record',
  /** The event Firehose invokes a data-transformation Lambda with. */
  TRANSFORMATION_EVENT: 'firehose-transformation-event',
  /** A data-transformation Lambda's answer. */
  TRANSFORMATION_RESPONSE: 'firehose-transformation-response',
  /** The body Firehose POSTs to an HTTP endpoint destination. */
  HTTP_ENDPOINT_REQUEST: 'firehose-http-endpoint-request',
  /** `{"awslogs":{"data":...}}`: a CloudWatch Logs subscription delivering to Lambda. */
  AWSLOGS_EVENT: 'cloudwatch-lambda-event',
  /** A Kinesis Lambda event (`Records[].kinesis.data`) or `aws kinesis get-records` output (`Records[].Data`). */
  KINESIS_RECORDS: 'kinesis-records',
  /** Firehose's S3 backup lines: `processing-failed/`, OpenSearch-failed, HTTP-endpoint-failed. */
  S3_BACKUP: 's3-backup-lines',
  /** A CloudWatch Logs subscription envelope as plain JSON (or several, one per line). */
  ENVELOPE: 'cloudwatch-envelope',
  /** Log text as the server writes it (or a JSON log): one event per entry, parsed with a given or detected parser. */
  LOG_LINES: 'log-lines',
  /** Nothing recognisable: {@link DecodedInput.error} says what was tried. */
  UNKNOWN: 'unknown',
} as const;
export type InputKind = (typeof InputKind)[keyof typeof InputKind];

/** Options of {@link decodeInput}. */
export interface DecodeInputOptions {
  /** Byte codecs (default portable; Node callers pass `nodeCodecs`). */
  readonly codecs?: Codecs;
  /** Cap on inflated bytes per record, and for a raw gzip input as a whole (default 64 MiB). */
  readonly maxInflatedBytes?: number;
  /** Parse every event with this parser instead of choosing by log group (plain log lines: instead of detecting it). */
  readonly parser?: LogParser | BuiltinParserName;
  /** Log-group overrides for the automatic choice (see `parseParserOverrides`). */
  readonly parserOverrides?: readonly ParserOverride[];
  /** Build a document per event (default true); false skips the parsing, for a quick listing. */
  readonly documents?: boolean;
  /** Keep each record's data as the input holds it in {@link DecodedItem.data} (default false), e.g. to send it on. */
  readonly recordData?: boolean;
}

/** One document: what firewatch would index, or what a transformation response or OpenSearch backup holds. */
export type DecodedDocument = LogDocument | { readonly [field: string]: unknown };

/**
 * A payload with the documents firewatch would index from it (empty when there is nothing to index): for
 * CloudWatch data, one per event of the DATA_MESSAGE envelopes, in order.
 */
type WithDocuments<T> = T & { readonly documents: readonly DecodedDocument[] };

/** One entry of log text: an event of a {@link LinesPayload}. */
export interface LineEvent {
  /** 1-based number of the entry's first line in the text. */
  readonly line: number;
  /** How many lines the entry spans (a multi-line statement, a slow-log entry). */
  readonly lines: number;
  readonly message: string;
  /** The event id derived from the record and line (Firehose message-extraction records only). */
  readonly id?: string;
  /** Epoch ms the event is dated with when its line carries no time (the record's arrival). */
  readonly timestamp?: number;
}

/**
 * Log text split into events: plain log lines given as the input, or a record Firehose wrote with
 * "message extraction" (the messages only, newline-joined). `documents[i]` is the document of `events[i]`.
 */
export interface LinesPayload {
  readonly kind: 'lines';
  readonly events: readonly LineEvent[];
  /** The parser's name. */
  readonly parser: string;
  /** Set when the parser was detected from the text rather than given: which, and why. */
  readonly detection?: { readonly parser: string; readonly reason: string; readonly scores: ParserDetection['scores'] };
}

/** What one record's data held: a decoded {@link RecordPayload}, or what a response or backup line holds. */
export type DecodedPayload =
  | WithDocuments<Extract<RecordPayload, { kind: 'cloudwatch' | 'text' }>>
  | WithDocuments<LinesPayload>
  | WithDocuments<{ readonly kind: 'json'; readonly value: unknown }>
  /** Documents already built: a transformation response's `Ok` data, an OpenSearch-failed backup's rawData. */
  | WithDocuments<{ readonly kind: 'documents' }>
  /** A `Dropped` or `ProcessingFailed` answer: no data. */
  | WithDocuments<{ readonly kind: 'none' }>;

/** The identity of a record, where the input carries one. */
export interface RecordInfo {
  readonly recordId?: string;
  /** A transformation response's answer for this record. */
  readonly result?: string;
  /** Epoch ms. */
  readonly approximateArrivalTimestamp?: number;
  readonly partitionKey?: string;
  readonly sequenceNumber?: string;
  readonly shardId?: string;
}

/** Which Firehose S3 backup a line comes from, by its fields and error code. */
export type BackupType = 'processing-failed' | 'opensearch-failed' | 'http-endpoint-failed' | 'delivery-failed';

/** The fields of an S3 backup line besides `rawData`: why Firehose gave up on the record. */
export interface BackupInfo {
  readonly type: BackupType;
  readonly errorCode?: string;
  readonly errorMessage?: string;
  readonly attemptsMade?: number;
  readonly arrivalTimestamp?: number;
  readonly attemptEndingTimestamp?: number;
  /** `lambdaArn` (also spelled `lambdaARN`) of processing-failed lines. */
  readonly lambdaArn?: string;
  /** `esIndexName` / `osIndexName`. */
  readonly indexName?: string;
  /** `esDocumentId` / `osDocumentId`. */
  readonly documentId?: string;
  /** `esTypeName`. */
  readonly typeName?: string;
}

/** One record or line of the input and what it decoded to. */
export interface DecodedItem {
  /** Where it is in the input: `records[3]`, `line 12`, `gzip member 2 at offset 4096`, `awslogs.data`, `input`. */
  readonly position: string;
  readonly record?: RecordInfo;
  readonly backup?: BackupInfo;
  /** Size of the record's data in bytes (after base64; a gzip member's compressed size). */
  readonly bytes: number;
  /** The record's data as the input holds it (base64 text, valid or not), when the `recordData` option is set. */
  readonly data?: string;
  /** The payload, or the error located at this item (`records[3].data: ...`). */
  readonly decoded: Result<DecodedPayload>;
}

/** Totals over all items. */
export interface DecodeSummary {
  /** Items: records, lines or gzip members. */
  readonly records: number;
  readonly envelopes: number;
  /** Log events of DATA_MESSAGE envelopes, and entries of log text. */
  readonly events: number;
  readonly controlMessages: number;
  readonly documents: number;
  /** Record data bytes, all items. */
  readonly bytes: number;
  /** Bytes of the gzip-compressed records ... */
  readonly compressedBytes: number;
  /** ... and what they inflated to. */
  readonly inflatedBytes: number;
  /** Items that failed, plus one for an input-level error. */
  readonly errors: number;
  /** Documents whose line the parser did not recognise (they carry `error.type: "parse_failure"`). */
  readonly unparsed: number;
}

/** What {@link decodeInput} found. */
export interface DecodedInput {
  readonly kind: InputKind;
  /** One human sentence: what the input is and how much of it there is. */
  readonly description: string;
  readonly items: readonly DecodedItem[];
  readonly summary: DecodeSummary;
  /** Input-level fields: invocation id, stream ARNs, request id... */
  readonly context?: Readonly<Record<string, string | number>>;
  /** Problems that did not stop decoding, e.g. an event Firehose would never send (duplicate recordIds). */
  readonly warnings: readonly FirewatchError[];
  /** Set when nothing could be decoded (kind `unknown`): `FORMAT_UNKNOWN`, `JSON_INVALID`, `UTF8_INVALID`... */
  readonly error?: FirewatchError;
  /** What went wrong, counted: unparsed lines per parser with their reasons, backup error codes, decode errors. */
  readonly problems: ProblemSummary;
}
