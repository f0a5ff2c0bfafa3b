/**
 * What the decode worker sends back: `decodeInput`'s result flattened for the page. Errors become plain
 * objects (structured cloning keeps an Error's message but not its `code`), and the events of every
 * record become one table of rows: typed arrays, and the messages in one string with end offsets, so a
 * 100,000-event result crosses from the worker in a few copies instead of a graph of millions of objects.
 * The documents stay in the worker, which sends one when its row is chosen.
 *
 * @module
 */
import type { DecodeSummary, InputKind, ProblemSummary } from '../core/inspect/mod.ts';

/** A `FirewatchError` as plain data. */
export interface ErrorView {
  readonly code: string;
  readonly message: string;
}

/** What a backup line's error code means and what to do: a row of core's `ERROR_CODES`. */
export interface HelpView {
  readonly label: string;
  readonly meaning: string;
  readonly action: string;
}

/** One record, line or gzip member. */
export interface RecordView {
  readonly position: string;
  /** Envelope-independent fields: bytes, record id, arrival time, backup fields. */
  readonly fields: readonly (readonly [string, string])[];
  readonly error?: ErrorView;
  /**
   * The status column: `ok`, or the failure, a decode error (`GZIP_TRUNCATED ...`) or the reason Firehose
   * backed the record up (a backup line's `errorCode` and `errorMessage`).
   */
  readonly status: { readonly code: string; readonly message: string };
  /** True for a record that failed: it did not decode, or it is a backup line of a failed delivery. */
  readonly problem: boolean;
  /** The backup line's error code explained, when core knows it. */
  readonly help?: HelpView;
  /** Log groups and streams of the record's data messages, comma-separated ('' for data that is not CloudWatch Logs). */
  readonly logGroup: string;
  readonly logStream: string;
  /** One line: what the record held. */
  readonly contents: string;
  /** Indexes into {@link DecodedView.envelopes}. */
  readonly envelopes: readonly number[];
}

/** A CloudWatch Logs envelope's fields (its events are rows). */
export interface EnvelopeView {
  readonly record: number;
  readonly fields: readonly (readonly [string, string])[];
}

/** The rows of the events table, column by column. */
export interface RowsView {
  readonly count: number;
  /** Index into {@link DecodedView.records}. */
  readonly record: Int32Array;
  /** Index into {@link DecodedView.envelopes}, or -1. */
  readonly envelope: Int32Array;
  /** Epoch ms, or NaN when the row has no time. */
  readonly time: Float64Array;
  /** Every row's message, back to back; row i is `messages.slice(messageEnds[i - 1] ?? 0, messageEnds[i])`. */
  readonly messages: string;
  readonly messageEnds: Uint32Array;
}

/** A row's parse status ({@link ParsedView.status}). */
export const RowStatus = {
  /** The parser recognised the line. */
  PARSED: 0,
  /** The parser did not: the document holds the raw line and an error tag. */
  UNPARSED: 1,
  /** Nothing to parse: a control message's event, or a document that was already built. */
  NONE: 2,
  /** A banner line (`Tcp port: 3306 ...`), recognised but carrying no event. */
  HEADER: 3,
} as const;
export type RowStatus = (typeof RowStatus)[keyof typeof RowStatus];

/** Strings stored back to back with end offsets, as {@link RowsView.messages}. */
export interface PackedStrings {
  readonly text: string;
  readonly ends: Uint32Array;
}

/**
 * What parsing found per row: sent with the rows for a small input, and after them for a large one
 * (the rows of a 6 MB event are on screen before its 100,000 lines are parsed).
 */
export interface ParsedView {
  /** 1 where the row has a document; the worker keeps the documents and sends one when asked ({@link DocumentRequest}). */
  readonly hasDocument: Uint8Array;
  /** {@link RowStatus} per row. */
  readonly status: Uint8Array;
  /** Index into {@link reasons} of an unparsed row's reason, else -1. */
  readonly reason: Int32Array;
  readonly reasons: readonly string[];
  /** Index into {@link parsers} of the parser that read the row, else -1. */
  readonly parser: Int32Array;
  readonly parsers: readonly string[];
  /** The main fields shown as columns (for the general log: thread_id, command, argument). */
  readonly columns: readonly string[];
  /** Per column, each row's value as text ('' when the row has none). */
  readonly values: readonly PackedStrings[];
  /** The field whose values the page charts as shares (command, level...), or ''. */
  readonly category: string;
  /** Index into {@link categories} of each row's value of that field, else -1: counted and filtered as numbers. */
  readonly categoryOf: Int32Array;
  readonly categories: readonly string[];
  /** Totals including the parsing: core's summary of the decode that built the documents. */
  readonly summary: DecodeSummary;
  /** Core's count of what went wrong: unparsed lines per parser with reasons, backup error codes, decode errors. */
  readonly problems: ProblemSummary;
  /** Each row's time: the CloudWatch time, or for log text the time its line carries (NaN when none). */
  readonly time: Float64Array;
}

/** The whole result. */
export interface DecodedView {
  readonly kind: InputKind;
  readonly description: string;
  readonly summary: DecodeSummary;
  readonly context: readonly (readonly [string, string])[];
  readonly warnings: readonly ErrorView[];
  readonly error?: ErrorView;
  readonly records: readonly RecordView[];
  readonly envelopes: readonly EnvelopeView[];
  readonly rows: RowsView;
  /** Backup error codes and decode errors are known without the documents; unparsed lines once parsed. */
  readonly problems: ProblemSummary;
  /** Present when the documents were built with the rows; else a `parsed` answer follows. */
  readonly parsed?: ParsedView;
}

/** Main thread → worker. Without `input`, the worker decodes its previous input again (another parser). */
export interface DecodeRequest {
  readonly type: 'decode';
  readonly id: number;
  readonly input?: string | ArrayBuffer;
  /** A built-in parser's name, or `undefined` for the automatic choice by log group. */
  readonly parser?: string;
}

/** Main thread → worker: the document of one row of the result of decode request `id`. */
export interface DocumentRequest {
  readonly type: 'document';
  readonly id: number;
  readonly row: number;
}

/** What the transformation Lambda would answer a decoded Lambda event: core's `planTransformation`, split mode. */
export interface TransformView {
  /** Per record, in order: `Ok`, `Dropped` or `ProcessingFailed`. */
  readonly results: readonly string[];
  /** Per record: the error code of a `ProcessingFailed` answer, or ''. */
  readonly errors: readonly string[];
  readonly responseBytes: number;
  readonly budgetBytes: number;
  readonly documents: number;
  readonly reingestedRecords: number;
  readonly reingestedEvents: number;
  /** 'firehose' or 'kinesis': where re-ingested records go, or '' when none are. */
  readonly reingestTo: string;
  /** The event is not one the Lambda accepts (`validateTransformationEvent`'s message), so no plan. */
  readonly invalid?: string;
}

/** Worker → main thread. */
export type DecodeResponse =
  /** Sent after a `decoded` answer for a Lambda event, so the plan does not delay the first rows. */
  | { readonly type: 'transform'; readonly id: number; readonly transform: TransformView }
  | { readonly type: 'decoded'; readonly id: number; readonly ok: true; readonly view: DecodedView; readonly decodeMs: number; readonly totalMs: number }
  /** Sent after a `decoded` answer without {@link DecodedView.parsed}: the same rows, parsed. */
  | { readonly type: 'parsed'; readonly id: number; readonly parsed: ParsedView }
  | { readonly type: 'decoded'; readonly id: number; readonly ok: false; readonly message: string }
  /** `json` is the document pretty-printed, or undefined when the result is no longer the worker's latest. */
  | { readonly type: 'document'; readonly id: number; readonly row: number; readonly json: string | undefined };

/** The i-th piece of text stored back to back with end offsets. */
export function slice(text: string, ends: Uint32Array, i: number): string {
  return text.slice(i === 0 ? 0 : ends[i - 1] ?? 0, ends[i] ?? 0);
}

/** The i-th of {@link PackedStrings}. */
export function sliceOf(packed: PackedStrings, i: number): string {
  return slice(packed.text, packed.ends, i);
}
