/**
 * "Decode anything": one pure function that recognises every shape CloudWatch Logs, Kinesis and Firehose
 * data takes on its way to OpenSearch and decodes it record by record. The CLI's `firewatch decode` and
 * the playground both call it, so it reads bytes or text, never throws, and reports one error per bad
 * record beside the records that did decode.
 *
 * Recognised inputs, tried in this order:
 * - raw gzip bytes: one CloudWatch Logs record, or an S3 object of concatenated records (one gzip member
 *   each); a gzip file holding anything else (S3 backup lines, an event) is inflated and read again;
 * - JSON: a Firehose transformation event or response, a Firehose HTTP endpoint request, a CloudWatch Logs
 *   Lambda subscription event, a Kinesis Lambda event or `aws kinesis get-records` output, a CloudWatch
 *   Logs envelope, or S3 backup lines (one JSON object per line: `processing-failed/`, OpenSearch-failed,
 *   HTTP-endpoint-failed), and envelopes one per line;
 * - base64: one record (line breaks allowed), or several records one per line.
 *
 * @example
 * ```ts
 * const decoded = decodeInput(JSON.stringify(event));
 * decoded.kind;                 // "firehose-transformation-event"
 * decoded.summary.events;       // 1200
 * for (const item of decoded.items) {
 *   if (!item.decoded.ok) console.log(item.decoded.error.message); // "firewatch: records[3].data: gzip data ends before its 8-byte trailer"
 * }
 * ```
 * @module
 */
import { portableCodecs, type Codecs } from '../bytes/codecs.ts';
import { isGzip, readHeader } from '../bytes/gzip.ts';
import { decodeUtf8 } from '../bytes/utf8.ts';
import { looksLikeEnvelope, type LogsEnvelope } from '../cloudwatch/envelope.ts';
import { awslogsData, decodeRecordData, type RecordPayload } from '../cloudwatch/record.ts';
import { buildDocument, buildPlainDocument, type LogDocument } from '../document.ts';
import { FirewatchError, ok, type Result } from '../errors.ts';
import { epochMillis, validateTransformationEvent } from '../firehose/lambda-event.ts';
import { DEFAULT_MAX_INFLATED_BYTES } from '../limits.ts';
import type { LogParser } from '../parsers/parser.ts';
import { builtinParsers, isBuiltinParserName, parserForLogGroup, type BuiltinParserName, type ParserOverride } from '../parsers/registry.ts';

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
  /** Parse every event with this parser instead of choosing by log group. */
  readonly parser?: LogParser | BuiltinParserName;
  /** Log-group overrides for the automatic choice (see `parseParserOverrides`). */
  readonly parserOverrides?: readonly ParserOverride[];
  /** Build a document per event (default true); false skips the parsing, for a quick listing. */
  readonly documents?: boolean;
}

/** One document: what firewatch would index, or what a transformation response or OpenSearch backup holds. */
export type DecodedDocument = LogDocument | { readonly [field: string]: unknown };

/**
 * A payload with the documents firewatch would index from it (empty when there is nothing to index): for
 * CloudWatch data, one per event of the DATA_MESSAGE envelopes, in order.
 */
type WithDocuments<T> = T & { readonly documents: readonly DecodedDocument[] };

/** What one record's data held: a decoded {@link RecordPayload}, or what a response or backup line holds. */
export type DecodedPayload =
  | WithDocuments<Extract<RecordPayload, { kind: 'cloudwatch' | 'text' }>>
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
  /** The payload, or the error located at this item (`records[3].data: ...`). */
  readonly decoded: Result<DecodedPayload>;
}

/** Totals over all items. */
export interface DecodeSummary {
  /** Items: records, lines or gzip members. */
  readonly records: number;
  readonly envelopes: number;
  /** Log events of DATA_MESSAGE envelopes. */
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
}

/** Everything the decoders need, resolved once per call. */
interface Context {
  readonly codecs: Codecs;
  readonly maxInflatedBytes: number;
  readonly documents: boolean;
  readonly parserFor: (logGroup: string) => LogParser;
  readonly depth: number;
}

/** What a partial decoder returns before the summary is added. */
interface Found {
  readonly kind: InputKind;
  readonly description: string;
  readonly items: readonly DecodedItem[];
  readonly context?: Readonly<Record<string, string | number>>;
  readonly warnings?: readonly FirewatchError[];
  readonly error?: FirewatchError;
}

const TRIED =
  'gzip, base64 record, Firehose transformation event or response, Firehose HTTP endpoint request, ' +
  'CloudWatch Logs Lambda event, Kinesis records, S3 backup lines, CloudWatch Logs envelope';

const encoder = new TextEncoder();

/** gzip inside gzip inside base64 is plausible; deeper nesting is not, and must not recurse forever. */
const MAX_DEPTH = 3;

/**
 * Recognises and decodes any of the inputs listed in the module documentation. Never throws: a record
 * that does not decode is an item with an error, and an input that is nothing recognisable has kind
 * `unknown` and an {@link DecodedInput.error} naming what was tried.
 *
 * @example
 * ```ts
 * const decoded = decodeInput(bytesOfAnS3Object, { codecs: nodeCodecs });
 * decoded.description; // "12 gzip members back to back: an S3 object of records as Firehose writes CloudWatch Logs data."
 * decoded.items[0]?.decoded; // { ok: true, value: { kind: "cloudwatch", envelopes: [...], documents: [...] } }
 * decodeInput("hello").error?.code; // "FORMAT_UNKNOWN"
 * ```
 */
export function decodeInput(input: string | Uint8Array, options: DecodeInputOptions = {}): DecodedInput {
  const forced = options.parser;
  let parser: LogParser | undefined;
  if (typeof forced === 'string') {
    if (!isBuiltinParserName(forced)) {
      return finish({ kind: InputKind.UNKNOWN, description: 'Nothing decoded: the parser option is invalid.', items: [], error: new FirewatchError('CONFIG_INVALID', `unknown parser ${JSON.stringify(forced)}; known parsers: ${Object.keys(builtinParsers).join(', ')}`) });
    }
    parser = builtinParsers[forced];
  } else parser = forced;
  const overrides = options.parserOverrides;
  const context: Context = {
    codecs: options.codecs ?? portableCodecs,
    maxInflatedBytes: options.maxInflatedBytes ?? DEFAULT_MAX_INFLATED_BYTES,
    documents: options.documents ?? true,
    parserFor: parser !== undefined ? () => parser : overrides !== undefined ? (logGroup) => parserForLogGroup(logGroup, overrides) : (logGroup) => parserForLogGroup(logGroup),
    depth: 0,
  };
  try {
    return finish(typeof input === 'string' ? decodeText(input, context) : decodeBytes(input, context));
  } catch (cause) {
    // Every decoder returns errors as values; this is the promise kept should one of them have a bug.
    const error = new FirewatchError('FORMAT_UNKNOWN', `internal error while decoding (${cause instanceof Error ? cause.message : String(cause)})`, { path: 'input', cause });
    return finish({ kind: InputKind.UNKNOWN, description: 'Nothing decoded: firewatch failed unexpectedly.', items: [], error });
  }
}

// ---------------------------------------------------------------------------------------------------
// Bytes and text

function decodeBytes(bytes: Uint8Array, context: Context): Found {
  if (isGzip(bytes)) return decodeGzip(bytes, context);
  const text = decodeUtf8(bytes);
  if (!text.ok) {
    const start = Array.from(bytes.subarray(0, 4), (b) => `0x${b.toString(16).padStart(2, '0')}`).join(' ');
    return unknown(`binary data that is neither gzip (it starts ${start}) nor UTF-8 text (${text.error.detail.replace(/^data is not valid UTF-8 \(|\)$/g, '')}); tried ${TRIED}`, 'input');
  }
  return decodeText(text.value, context);
}

function decodeText(text: string, context: Context): Found {
  const start = firstNonSpace(text);
  if (start < 0) return unknown('the input is empty', 'input');
  const first = text.charCodeAt(start);
  if (first === 0x7b || first === 0x5b) return decodeJsonText(text, context);
  // A `data` value copied with its quotes: read the string inside.
  if (first === 0x22 && context.depth < MAX_DEPTH) {
    const inner = parseQuoted(text);
    if (inner !== undefined) {
      const found = decodeText(inner, { ...context, depth: context.depth + 1 });
      return found.kind === InputKind.UNKNOWN ? found : { ...found, description: `A JSON string holding ${lowerFirst(found.description)}` };
    }
  }
  if (looksLikeBase64(text, start)) {
    const found = decodeBase64Text(text, context);
    if (found) return found;
  }
  const preview = JSON.stringify(text.slice(start, start + 24).split(/\r?\n/)[0]);
  return unknown(`not a recognised format (the text starts ${preview}); tried ${TRIED}`, 'input');
}

/** Control characters other than tab and line breaks: binary, not text. */
function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c && c !== 0x0b) || c === 0x7f) return true;
  }
  return false;
}

function parseQuoted(text: string): string | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Base64 as encoders write it: the alphabet and padding, lines broken by LF or CRLF, surrounding
 * whitespace, but no spaces within the text (so ordinary words and sentences are not taken for base64).
 * A loop rather than a regular expression: inputs reach megabytes.
 */
function looksLikeBase64(text: string, start: number): boolean {
  let end = text.length;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    const alphabet = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2f || c === 0x3d;
    if (!alphabet && c !== 0x0a && c !== 0x0d) return false;
  }
  return true;
}

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xfeff;

function decodeBase64Text(text: string, context: Context): Found | undefined {
  const lines = text.split('\n').map((l) => l.trim());
  // Several gzip records one per line (pasted `data` values) each start with the gzip magic's base64, "H4sI";
  // a record wrapped at 76 columns has that prefix on its first line only.
  let gzipLines = 0;
  for (const line of lines) if (line.startsWith('H4sI')) gzipLines++;
  if (gzipLines > 1) {
    const items: DecodedItem[] = [];
    for (let i = 0; i < lines.length; i++) {
      if (lines[i] === '') continue;
      items.push(recordItem(`line ${i + 1}`, `line ${i + 1}`, lines[i], context, {}, 0));
    }
    return { kind: InputKind.BASE64, description: `${items.length} base64 records, one per line.`, items };
  }
  const bytes = context.codecs.decodeBase64(text);
  if (!bytes.ok) {
    // A damaged record (gzip starts "H4sI", JSON "ey") deserves its base64 error; a stray word does not.
    const trimmed = text.trim();
    if (!/^(?:H4sI|ey)/.test(trimmed) && trimmed.length < 64) return undefined;
    const item: DecodedItem = { position: 'input', bytes: 0, decoded: { ok: false, error: bytes.error.at('input') } };
    return { kind: InputKind.BASE64, description: 'Text in the base64 alphabet that does not decode.', items: [item] };
  }
  // Plain words are base64 too ("test" is three bytes of binary): only gzip or readable text counts as a record.
  if (!isGzip(bytes.value)) {
    const decoded = decodeUtf8(bytes.value);
    if (!decoded.ok || hasControlCharacters(decoded.value)) return undefined;
  }
  const item = recordItem('input', 'input', text, context, {}, 0, bytes.value);
  const wrapped = lines.filter((l) => l !== '').length > 1 ? ', line breaks ignored' : '';
  const inner = item.decoded.ok ? ` holding ${describePayload(item.decoded.value)}` : '';
  return { kind: InputKind.BASE64, description: `A base64 record (${item.bytes} bytes${wrapped})${inner}.`, items: [item] };
}

// ---------------------------------------------------------------------------------------------------
// gzip

interface Member {
  readonly offset: number;
  readonly bytes: number;
  readonly output?: Uint8Array;
  readonly error?: FirewatchError;
}

function decodeGzip(bytes: Uint8Array, context: Context): Found {
  const members = walkMembers(bytes, context);
  const good = members.filter((m) => m.output !== undefined);
  const position = (m: Member, i: number) => (members.length === 1 ? 'input' : `gzip member ${i + 1} at offset ${m.offset}`);
  const asRecords = () => members.map((m, i): DecodedItem => memberItem(m, position(m, i), context));

  // A gzip file whose content is not CloudWatch data (S3 backup lines, a saved event...) is read again inflated.
  if (good.length === members.length && context.depth < MAX_DEPTH && !startsLikeEnvelope(good[0]!.output!)) {
    const inflated = concatBytes(good.map((m) => m.output!));
    const inner = decodeBytes(inflated, { ...context, depth: context.depth + 1 });
    if (inner.kind !== InputKind.UNKNOWN && inner.kind !== InputKind.ENVELOPE && inner.kind !== InputKind.AWSLOGS_EVENT) {
      const of = members.length === 1 ? '' : `, ${members.length} members`;
      return { ...inner, description: `gzip data (${bytes.length} bytes, ${inflated.length} inflated${of}) holding: ${lowerFirst(inner.description)}` };
    }
  }
  const items = asRecords();
  const failed = items.filter((i) => !i.decoded.ok).length;
  const damaged = failed === 0 ? '' : ` (${failed} damaged)`;
  const description =
    members.length === 1
      ? `gzip data (${bytes.length} bytes)${items[0]!.decoded.ok ? ` holding ${describePayload(items[0]!.decoded.value)}` : ' that does not decode'}.`
      : `${members.length} gzip members back to back${damaged}: an S3 object of records as Firehose writes CloudWatch Logs data.`;
  return { kind: InputKind.GZIP, description, items };
}

function memberItem(member: Member, position: string, context: Context): DecodedItem {
  if (member.error) return { position, bytes: member.bytes, decoded: { ok: false, error: member.error.at(position) } };
  const output = member.output!;
  const payload = decodeRecordData(output, { codecs: context.codecs, maxInflatedBytes: context.maxInflatedBytes });
  if (!payload.ok) return { position, bytes: member.bytes, decoded: { ok: false, error: payload.error.at(position) } };
  // The member was inflated here, so the payload read plain bytes: restore what the record really was.
  const value: RecordPayload = payload.value.kind === 'cloudwatch' ? { ...payload.value, gzipped: true, inflatedBytes: output.length } : payload.value;
  return { position, bytes: member.bytes, decoded: ok(withDocuments(value, 0, context)) };
}

/**
 * Inflates member after member. Unlike `gunzip`, a damaged member does not end the walk: the next gzip
 * header after it is searched for, so one bad record in an S3 object never hides the others.
 */
function walkMembers(bytes: Uint8Array, context: Context): Member[] {
  const members: Member[] = [];
  let budget = context.maxInflatedBytes;
  let offset = 0;
  while (offset < bytes.length && !allZero(bytes, offset)) {
    if (!isGzip(bytes.subarray(offset, offset + 3))) {
      members.push({ offset, bytes: bytes.length - offset, error: new FirewatchError('GZIP_CORRUPT', `${bytes.length - offset} bytes of trailing data after the last gzip member`) });
      break;
    }
    const member = inflateMember(bytes, offset, budget, context);
    if ('error' in member) {
      // Where the damaged member ends is known only when its deflate stream was whole; else search onwards.
      const next = member.error.code === 'GZIP_TOO_LARGE' ? -1 : member.end !== undefined ? (member.end < bytes.length ? member.end : -1) : findGzipMagic(bytes, offset + 1);
      members.push({ offset, bytes: (next < 0 ? bytes.length : next) - offset, error: member.error });
      if (next < 0) break;
      offset = next;
      continue;
    }
    members.push({ offset, bytes: member.end - offset, output: member.output });
    budget -= member.output.length;
    offset = member.end;
  }
  return members;
}

function inflateMember(bytes: Uint8Array, offset: number, budget: number, context: Context): { output: Uint8Array; end: number } | { error: FirewatchError; end?: number } {
  const header = readHeader(bytes, offset);
  if (!header.ok) return { error: header.error };
  const inflated = context.codecs.inflateRaw(bytes.subarray(header.value), budget);
  if (!inflated.ok) return { error: inflated.error };
  const trailer = header.value + inflated.value.consumed;
  if (trailer + 8 > bytes.length) return { error: new FirewatchError('GZIP_TRUNCATED', 'gzip data ends before its 8-byte trailer') };
  const size = readUint32(bytes, trailer + 4);
  if (size !== inflated.value.output.length % 2 ** 32) {
    return { error: new FirewatchError('GZIP_CORRUPT', `gzip trailer says ${size} bytes, inflated ${inflated.value.output.length}`), end: trailer + 8 };
  }
  return { output: inflated.value.output, end: trailer + 8 };
}

/** The next plausible gzip header: magic, DEFLATE method, no reserved flag bits. */
function findGzipMagic(bytes: Uint8Array, from: number): number {
  for (let i = bytes.indexOf(0x1f, from); i >= 0 && i + 3 < bytes.length; i = bytes.indexOf(0x1f, i + 1)) {
    if (bytes[i + 1] === 0x8b && bytes[i + 2] === 8 && (bytes[i + 3]! & 0xe0) === 0) return i;
  }
  return -1;
}

/** True when inflated data starts like a CloudWatch Logs envelope (or its awslogs wrapper), judged by its first bytes. */
function startsLikeEnvelope(bytes: Uint8Array): boolean {
  const head = new TextDecoder().decode(bytes.subarray(0, 512));
  return /^\s*\{\s*"(?:messageType|owner|logGroup|logStream|subscriptionFilters|logEvents|policyLevel|awslogs)"/.test(head);
}

// ---------------------------------------------------------------------------------------------------
// JSON

function decodeJsonText(text: string, context: Context): Found {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    const lines = jsonLines(text);
    if (lines) return decodeJsonLines(lines, context);
    return { kind: InputKind.UNKNOWN, description: 'Nothing decoded: the input looks like JSON but does not parse.', items: [], error: jsonError(text, cause).at('input') };
  }
  return decodeJsonValue(value, context);
}

/** One value of a JSON-lines input, or why its line does not parse. */
interface Line {
  readonly position: string;
  readonly value?: unknown;
  readonly error?: FirewatchError;
}

/**
 * Splits JSON lines (one object per line, as Firehose writes S3 backups), also accepting objects written
 * back to back on one line. Returns undefined when the text is not JSON lines at all (then it is one
 * malformed document, reported as such): the first line, or most lines, must hold objects.
 */
function jsonLines(text: string): Line[] | undefined {
  const raw = text.split('\n');
  const lines: Line[] = [];
  let objects = 0;
  let nonEmpty = 0;
  let firstIsObject: boolean | undefined;
  for (let i = 0; i < raw.length; i++) {
    const line = raw[i]!.trim();
    if (line === '') continue;
    nonEmpty++;
    const position = `line ${i + 1}`;
    const values = valuesOfLine(line);
    if (values) {
      objects++;
      if (values.length === 1) lines.push({ position, value: values[0] });
      else for (let k = 0; k < values.length; k++) lines.push({ position: `${position}, object ${k + 1}`, value: values[k] });
    } else {
      let error: FirewatchError;
      try {
        JSON.parse(line);
        error = new FirewatchError('FORMAT_UNKNOWN', 'is JSON but not an object', { path: position });
      } catch (cause) {
        error = jsonError(line, cause).at(position);
      }
      lines.push({ position, error });
    }
    firstIsObject ??= values !== undefined;
  }
  return firstIsObject || objects * 2 > nonEmpty ? lines : undefined;
}

/** The JSON objects on one line: one, or several written back to back (`{...}{...}`); undefined if it is not that. */
function valuesOfLine(line: string): unknown[] | undefined {
  if (line.charCodeAt(0) !== 0x7b) return undefined;
  try {
    return [JSON.parse(line)];
  } catch {
    // Fall through to splitting back-to-back objects.
  }
  const values: unknown[] = [];
  let depth = 0;
  let inString = false;
  let start = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (depth === 0) start = i;
      depth++;
    } else if (c === 0x7d || c === 0x5d) {
      if (--depth === 0) {
        try {
          values.push(JSON.parse(line.slice(start, i + 1)));
        } catch {
          return undefined;
        }
      }
    } else if (depth === 0 && c !== 0x20 && c !== 0x09 && c !== 0x0d) return undefined;
  }
  return depth === 0 && values.length > 1 ? values : undefined;
}

function decodeJsonLines(lines: readonly Line[], context: Context): Found {
  const items = lines.map((line): DecodedItem => {
    if (line.error) return { position: line.position, bytes: 0, decoded: { ok: false, error: line.error } };
    return lineItem(line.position, line.value, context);
  });
  const backups = items.filter((i) => i.backup !== undefined);
  if (backups.length > 0) {
    const counts = new Map<BackupType, number>();
    for (const item of backups) counts.set(item.backup!.type, (counts.get(item.backup!.type) ?? 0) + 1);
    const types = [...counts].map(([type, n]) => `${n} ${BACKUP_LABELS[type]}`).join(', ');
    const other = items.length - backups.length;
    return { kind: InputKind.S3_BACKUP, description: `${plural(backups.length, 'S3 backup line')} (${types})${other ? `, and ${plural(other, 'other line')}` : ''}.`, items };
  }
  const envelopes = lines.filter((l) => looksLikeEnvelope(l.value) || awslogsData(l.value) !== undefined).length;
  if (envelopes > 0) return { kind: InputKind.ENVELOPE, description: `${plural(items.length, 'line')} of CloudWatch Logs envelopes as plain JSON.`, items };
  const first = lines.find((l) => l.error === undefined);
  return unknown(`${plural(lines.length, 'JSON value')}, none of them an S3 backup line or a CloudWatch Logs envelope${first ? ` (the first has ${keysOf(first.value)})` : ''}; tried ${TRIED}`, 'input');
}

/** One JSON line of a many-line input: an S3 backup line, an envelope, or an awslogs event. */
function lineItem(position: string, value: unknown, context: Context): DecodedItem {
  if (isBackupLine(value)) return backupItem(position, value, context);
  if (looksLikeEnvelope(value) || awslogsData(value) !== undefined) return jsonRecordItem(position, value, context);
  const error = new FirewatchError('FORMAT_UNKNOWN', `is neither an S3 backup line (no rawData) nor a CloudWatch Logs envelope (it has ${keysOf(value)})`, { path: position });
  return { position, bytes: 0, decoded: { ok: false, error } };
}

function decodeJsonValue(value: unknown, context: Context): Found {
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every((v) => typeof v === 'object' && v !== null && !Array.isArray(v))) {
      const found = decodeJsonLines(value.map((v, i) => ({ position: `[${i}]`, value: v })), context);
      if (found.kind !== InputKind.UNKNOWN) return { ...found, description: `A JSON array: ${lowerFirst(found.description)}` };
    }
    return unknown(`a JSON array of ${plural(value.length, 'element')}, not a recognised format; tried ${TRIED}`, 'input');
  }
  if (typeof value !== 'object' || value === null) return unknown(`a JSON ${value === null ? 'null' : typeof value}, not a recognised format; tried ${TRIED}`, 'input');
  const object = value as Record<string, unknown>;
  const records = object['records'];
  if (Array.isArray(records)) {
    const hasField = (field: string) => records.some((r) => typeof r === 'object' && r !== null && field in r);
    if (hasField('result')) return decodeResponse(records, context);
    if ('deliveryStreamArn' in object || 'invocationId' in object || hasField('recordId')) return decodeTransformationEvent(object, records, context);
    if ('requestId' in object || hasField('data')) return decodeHttpRequest(object, records, context);
  }
  if (Array.isArray(object['Records'])) {
    const found = decodeKinesis(object['Records'], context);
    if (found) return found;
  }
  const awslogs = awslogsData(object);
  if (awslogs !== undefined) {
    const item = recordItem('awslogs.data', 'awslogs.data', awslogs, context, {}, 0);
    return { kind: InputKind.AWSLOGS_EVENT, description: `A CloudWatch Logs subscription event for Lambda ({"awslogs":{"data":...}})${item.decoded.ok ? ` holding ${describePayload(item.decoded.value)}` : ''}.`, items: [item] };
  }
  // A Lambda on-failure destination record: the subscription event it failed on is its requestPayload.
  const failedEvent = awslogsData(object['requestPayload']);
  if (failedEvent !== undefined) {
    const item = recordItem('requestPayload.awslogs.data', 'requestPayload.awslogs.data', failedEvent, context, {}, 0);
    const condition = typeof object['requestContext'] === 'object' && object['requestContext'] !== null ? (object['requestContext'] as Record<string, unknown>)['condition'] : undefined;
    return {
      kind: InputKind.AWSLOGS_EVENT,
      description: `A Lambda on-failure record${typeof condition === 'string' ? ` (${condition})` : ''} of a CloudWatch Logs subscription event${item.decoded.ok ? ` holding ${describePayload(item.decoded.value)}` : ''}.`,
      items: [item],
    };
  }
  if (looksLikeEnvelope(object)) {
    const item = jsonRecordItem('input', object, context);
    return { kind: InputKind.ENVELOPE, description: item.decoded.ok ? `${upperFirst(describePayload(item.decoded.value))}, as plain JSON.` : 'A CloudWatch Logs envelope that is not valid.', items: [item] };
  }
  if (isBackupLine(object)) {
    const item = backupItem('input', object, context);
    return { kind: InputKind.S3_BACKUP, description: `One S3 backup line (${BACKUP_LABELS[item.backup!.type]}).`, items: [item] };
  }
  const hint = 'records' in object ? ' ("records" is not an array)' : '';
  return unknown(`a JSON object with ${keysOf(object)}${hint}, not a recognised format; tried ${TRIED}`, 'input');
}

/** The envelope keys, and the event keys, the record decoder reads. */
const ENVELOPE_KEYS = ['messageType', 'owner', 'logGroup', 'logStream', 'subscriptionFilters', 'logEvents', 'policyLevel'] as const;
const EVENT_KEYS = ['id', 'timestamp', 'message'] as const;

function pick(value: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (Object.hasOwn(value, key)) out[key] = value[key];
  return out;
}

/**
 * The parts of an envelope or awslogs event that the record decoder reads. Other keys are left out of
 * the re-serialised text: they may nest deep enough to overflow `JSON.stringify`'s stack, and were
 * ignored anyway.
 */
function knownParts(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const object = value as Record<string, unknown>;
  if (!looksLikeEnvelope(object)) return { awslogs: { data: awslogsData(object) } };
  const envelope = pick(object, ENVELOPE_KEYS);
  const events = envelope['logEvents'];
  if (Array.isArray(events)) envelope['logEvents'] = events.map((e: unknown) => (typeof e === 'object' && e !== null && !Array.isArray(e) ? pick(e as Record<string, unknown>, EVENT_KEYS) : e));
  return envelope;
}

/** An envelope or awslogs event met as a parsed JSON value: re-serialised once so the record decoder validates it. */
function jsonRecordItem(position: string, value: unknown, context: Context): DecodedItem {
  let text: string;
  try {
    text = JSON.stringify(knownParts(value));
  } catch {
    // Only a value nested thousands deep under a key the decoder reads gets here: it is invalid anyway.
    return { position, bytes: 0, decoded: { ok: false, error: new FirewatchError('ENVELOPE_INVALID', 'a field of the envelope is nested too deep to be an envelope field', { path: position }) } };
  }
  const payload = decodeRecordData(encoder.encode(text), { codecs: context.codecs, maxInflatedBytes: context.maxInflatedBytes });
  return {
    position,
    bytes: text.length,
    decoded: payload.ok ? ok(withDocuments(payload.value, 0, context)) : { ok: false, error: payload.error.at(position) },
  };
}

// ---------------------------------------------------------------------------------------------------
// Firehose and Kinesis shapes

function decodeTransformationEvent(event: Record<string, unknown>, records: readonly unknown[], context: Context): Found {
  const items = records.map((record, i) => {
    const r = asObject(record);
    const metadata = asObject(r['kinesisRecordMetadata']);
    const arrival = epochMillis(numberOrString(r['approximateArrivalTimestamp']));
    const info = recordInfo({
      recordId: r['recordId'],
      approximateArrivalTimestamp: arrival,
      partitionKey: metadata['partitionKey'],
      sequenceNumber: metadata['sequenceNumber'],
      shardId: metadata['shardId'],
    });
    return recordItem(`records[${i}]`, `records[${i}].data`, r['data'], context, { record: info }, arrival ?? 0);
  });
  const valid = validateTransformationEvent(event);
  const warnings = valid.ok ? [] : [valid.error.at('event')];
  const stream = nameOf(event['deliveryStreamArn']);
  const source = nameOf(event['sourceKinesisStreamArn']);
  const from = source ? ` from Kinesis stream ${source}` : ' (Direct PUT)';
  return {
    kind: InputKind.TRANSFORMATION_EVENT,
    description: `A Firehose data-transformation Lambda event with ${plural(items.length, 'record')}${stream ? ` for delivery stream ${stream}` : ''}${from}.`,
    items,
    context: pickStrings(event, ['invocationId', 'deliveryStreamArn', 'region', 'sourceKinesisStreamArn']),
    warnings,
  };
}

function decodeResponse(records: readonly unknown[], context: Context): Found {
  const counts: Record<string, number> = {};
  const items = records.map((record, i): DecodedItem => {
    const r = asObject(record);
    const position = `records[${i}]`;
    const result = r['result'];
    const info = recordInfo({ recordId: r['recordId'], result });
    const base = { position, ...(info ? { record: info } : {}) };
    const failed = (error: FirewatchError, bytes = 0): DecodedItem => ({ ...base, bytes, decoded: { ok: false, error } });
    if (typeof result === 'string') counts[result] = (counts[result] ?? 0) + 1;
    if (result === 'Dropped' || result === 'ProcessingFailed') return { ...base, bytes: 0, decoded: ok({ kind: 'none', documents: [] }) };
    if (result !== 'Ok') {
      return failed(new FirewatchError('EVENT_SHAPE_INVALID', `result ${JSON.stringify(result)} is not Ok, Dropped or ProcessingFailed (Firehose fails the whole batch: Lambda.JsonProcessingException)`, { path: position }));
    }
    const data = r['data'];
    if (typeof data !== 'string') return failed(new FirewatchError('EVENT_SHAPE_INVALID', 'an Ok answer without data (a string of base64)', { path: position }));
    const bytes = context.codecs.decodeBase64(data);
    if (!bytes.ok) return failed(bytes.error.at(`${position}.data`));
    const decoded = decodeAnswerData(bytes.value, context);
    return decoded.ok ? { ...base, bytes: bytes.value.length, decoded } : failed(decoded.error.at(`${position}.data`), bytes.value.length);
  });
  const tally = Object.entries(counts).map(([result, n]) => `${n} ${result}`).join(', ');
  return { kind: InputKind.TRANSFORMATION_RESPONSE, description: `A Firehose transformation Lambda response with ${plural(items.length, 'answer')}${tally ? ` (${tally})` : ''}.`, items };
}

/** An `Ok` answer's data: documents (one JSON object, or NDJSON), CloudWatch data passed through, or plain text. */
function decodeAnswerData(bytes: Uint8Array, context: Context): Result<DecodedPayload> {
  if (isGzip(bytes)) {
    const payload = decodeRecordData(bytes, { codecs: context.codecs, maxInflatedBytes: context.maxInflatedBytes });
    return payload.ok ? ok(withDocuments(payload.value, 0, context)) : payload;
  }
  const text = decodeUtf8(bytes);
  if (!text.ok) return text;
  const start = firstNonSpace(text.value);
  if (start < 0 || text.value.charCodeAt(start) !== 0x7b) return ok({ kind: 'text', text: text.value, documents: [] });
  const documents: DecodedDocument[] = [];
  const lines = text.value.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (cause) {
      // Pretty-printed JSON spans lines: read it whole before calling a line bad.
      return lines.length > 1 && documents.length === 0 ? answerAsWhole(text.value, context) : { ok: false, error: jsonError(line, cause).at(`line ${i + 1}`) };
    }
    if (looksLikeEnvelope(value) && lines.length === 1) return answerAsWhole(text.value, context);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return { ok: false, error: new FirewatchError('JSON_INVALID', 'is not a JSON object (OpenSearch indexes objects only)', { path: `line ${i + 1}` }) };
    }
    documents.push(value as DecodedDocument);
  }
  return ok({ kind: 'documents', documents });
}

function answerAsWhole(text: string, context: Context): Result<DecodedPayload> {
  const payload = decodeRecordData(encoder.encode(text), { codecs: context.codecs, maxInflatedBytes: context.maxInflatedBytes });
  if (!payload.ok) return payload;
  if (payload.value.kind === 'json' && typeof payload.value.value === 'object' && payload.value.value !== null && !Array.isArray(payload.value.value)) {
    return ok({ kind: 'documents', documents: [payload.value.value as DecodedDocument] });
  }
  return ok(withDocuments(payload.value, 0, context));
}

function decodeHttpRequest(request: Record<string, unknown>, records: readonly unknown[], context: Context): Found {
  const timestamp = epochMillis(numberOrString(request['timestamp']));
  const items = records.map((record, i) => recordItem(`records[${i}]`, `records[${i}].data`, asObject(record)['data'], context, {}, timestamp ?? 0));
  const fields = pickStrings(request, ['requestId']);
  if (timestamp !== undefined) fields['timestamp'] = timestamp;
  const id = typeof request['requestId'] === 'string' ? ` (request ${request['requestId']})` : '';
  return { kind: InputKind.HTTP_ENDPOINT_REQUEST, description: `A Firehose HTTP endpoint request body with ${plural(items.length, 'record')}${id}.`, items, context: fields };
}

function decodeKinesis(records: readonly unknown[], context: Context): Found | undefined {
  const lambda = records.some((r) => typeof asObject(r)['kinesis'] === 'object');
  const cli = records.some((r) => 'Data' in asObject(r));
  if (!lambda && !cli) return undefined;
  const items = records.map((record, i) => {
    const r = asObject(record);
    const k = lambda ? asObject(r['kinesis']) : r;
    const field = (lambdaName: string, cliName: string) => k[lambda ? lambdaName : cliName];
    const arrival = kinesisArrival(field('approximateArrivalTimestamp', 'ApproximateArrivalTimestamp'));
    const info = recordInfo({ approximateArrivalTimestamp: arrival, partitionKey: field('partitionKey', 'PartitionKey'), sequenceNumber: field('sequenceNumber', 'SequenceNumber') });
    const dataPath = lambda ? `Records[${i}].kinesis.data` : `Records[${i}].Data`;
    return recordItem(`Records[${i}]`, dataPath, field('data', 'Data'), context, { record: info }, arrival ?? 0);
  });
  const what = lambda ? 'A Kinesis Lambda event' : 'Kinesis GetRecords output';
  return { kind: InputKind.KINESIS_RECORDS, description: `${what} with ${plural(items.length, 'record')}.`, items };
}

/** Kinesis sends epoch seconds with a fraction; the CLI may print them or an ISO date. */
function kinesisArrival(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value < 1e11 ? Math.round(value * 1000) : value;
  if (typeof value === 'string') {
    const parsed = Date.parse(value);
    if (Number.isFinite(parsed)) return parsed;
    const n = Number(value);
    return Number.isFinite(n) ? kinesisArrival(n) : undefined;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// S3 backup lines

const BACKUP_LABELS: Readonly<Record<BackupType, string>> = {
  'processing-failed': 'processing-failed (Lambda)',
  'opensearch-failed': 'OpenSearch-failed',
  'http-endpoint-failed': 'HTTP-endpoint-failed',
  'delivery-failed': 'delivery-failed',
};

function isBackupLine(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return typeof v['rawData'] === 'string' && ('errorCode' in v || 'attemptsMade' in v || 'errorMessage' in v);
}

function backupInfo(line: Record<string, unknown>): BackupInfo {
  const errorCode = typeof line['errorCode'] === 'string' ? line['errorCode'] : '';
  const has = (...keys: string[]) => keys.some((k) => k in line);
  const type: BackupType =
    has('lambdaArn', 'lambdaARN') || errorCode.startsWith('Lambda.')
      ? 'processing-failed'
      : has('esDocumentId', 'esIndexName', 'esTypeName', 'osDocumentId', 'osIndexName') || /^(?:OS|ES|AmazonOpenSearch|Elasticsearch)/.test(errorCode)
        ? 'opensearch-failed'
        : errorCode.startsWith('HttpEndpoint.')
          ? 'http-endpoint-failed'
          : 'delivery-failed';
  const info: Record<string, unknown> = { type };
  // Field by field, first spelling present wins; numbers may arrive as numeric strings.
  const copy = (to: keyof BackupInfo, read: (value: unknown) => string | number | undefined, ...from: string[]) => {
    for (const key of from) {
      const value = read(line[key]);
      if (value !== undefined) {
        info[to] = value;
        return;
      }
    }
  };
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const number = (value: unknown) => epochMillis(numberOrString(value));
  copy('errorCode', text, 'errorCode');
  copy('errorMessage', text, 'errorMessage');
  copy('attemptsMade', number, 'attemptsMade');
  copy('arrivalTimestamp', number, 'arrivalTimestamp');
  copy('attemptEndingTimestamp', number, 'attemptEndingTimestamp');
  copy('lambdaArn', text, 'lambdaArn', 'lambdaARN');
  copy('indexName', text, 'esIndexName', 'osIndexName');
  copy('documentId', text, 'esDocumentId', 'osDocumentId');
  copy('typeName', text, 'esTypeName');
  return info as unknown as BackupInfo;
}

function backupItem(position: string, line: Record<string, unknown>, context: Context): DecodedItem {
  const backup = backupInfo(line);
  const item = recordItem(position, `${position}: rawData`, line['rawData'], context, { backup }, backup.arrivalTimestamp ?? 0);
  // An OpenSearch backup keeps the document OpenSearch refused: it is a document already, not a log line.
  if (backup.type === 'opensearch-failed' && item.decoded.ok && item.decoded.value.kind === 'json') {
    const value = item.decoded.value.value;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return { ...item, decoded: ok({ kind: 'documents', documents: [value as DecodedDocument] }) };
  }
  return item;
}

// ---------------------------------------------------------------------------------------------------
// Records

/**
 * Decodes one record's base64 data. `position` names the item, `dataPath` the field errors point at
 * (`records[3].data`); `arrival` dates documents of records that are not CloudWatch data.
 */
function recordItem(
  position: string,
  dataPath: string,
  data: unknown,
  context: Context,
  extra: { readonly record?: RecordInfo | undefined; readonly backup?: BackupInfo },
  arrival: number,
  decodedBytes?: Uint8Array,
): DecodedItem {
  const base = { position, ...(extra.record ? { record: extra.record } : {}), ...(extra.backup ? { backup: extra.backup } : {}) };
  if (typeof data !== 'string') return { ...base, bytes: 0, decoded: { ok: false, error: new FirewatchError('EVENT_SHAPE_INVALID', 'is missing or not a string of base64', { path: dataPath }) } };
  const bytes = decodedBytes === undefined ? context.codecs.decodeBase64(data) : ok(decodedBytes);
  if (!bytes.ok) return { ...base, bytes: 0, decoded: { ok: false, error: bytes.error.at(dataPath) } };
  const payload = decodeRecordData(bytes.value, { codecs: context.codecs, maxInflatedBytes: context.maxInflatedBytes });
  if (!payload.ok) return { ...base, bytes: bytes.value.length, decoded: { ok: false, error: payload.error.at(dataPath) } };
  return { ...base, bytes: bytes.value.length, decoded: ok(withDocuments(payload.value, arrival, context)) };
}

/** Adds the documents firewatch would index for a record's payload (as the transformation Lambda builds them). */
function withDocuments(payload: RecordPayload, arrival: number, context: Context): DecodedPayload {
  if (payload.kind === 'cloudwatch') {
    const documents: DecodedDocument[] = [];
    if (context.documents) {
      for (const envelope of payload.envelopes) {
        if (envelope.messageType !== 'DATA_MESSAGE') continue;
        const parser = context.parserFor(envelope.logGroup);
        for (const event of envelope.logEvents) documents.push(buildDocument(event, envelope, parser));
      }
    }
    return { ...payload, documents };
  }
  const documents = context.documents ? [buildPlainDocument(payload.text, arrival, context.parserFor(''))] : [];
  return payload.kind === 'json' ? { kind: 'json', value: payload.value, documents } : { kind: 'text', text: payload.text, documents };
}

function recordInfo(fields: Partial<Record<keyof RecordInfo, unknown>>): RecordInfo | undefined {
  const info: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) info[key] = value;
  }
  return Object.keys(info).length === 0 ? undefined : (info as RecordInfo);
}

// ---------------------------------------------------------------------------------------------------
// Summary and wording

function finish(found: Found): DecodedInput {
  let envelopes = 0;
  let events = 0;
  let controlMessages = 0;
  let documents = 0;
  let bytes = 0;
  let compressedBytes = 0;
  let inflatedBytes = 0;
  let errors = found.error ? 1 : 0;
  for (const item of found.items) {
    bytes += item.bytes;
    if (!item.decoded.ok) {
      errors++;
      continue;
    }
    const payload = item.decoded.value;
    documents += payload.documents.length;
    if (payload.kind !== 'cloudwatch') continue;
    envelopes += payload.envelopes.length;
    for (const envelope of payload.envelopes) {
      if (envelope.messageType === 'CONTROL_MESSAGE') controlMessages++;
      else events += envelope.logEvents.length;
    }
    if (payload.gzipped) {
      compressedBytes += item.bytes;
      inflatedBytes += payload.inflatedBytes;
    }
  }
  return {
    kind: found.kind,
    description: found.description,
    items: found.items,
    summary: { records: found.items.length, envelopes, events, controlMessages, documents, bytes, compressedBytes, inflatedBytes, errors },
    ...(found.context ? { context: found.context } : {}),
    warnings: found.warnings ?? [],
    ...(found.error ? { error: found.error } : {}),
  };
}

function unknown(detail: string, path: string): Found {
  return { kind: InputKind.UNKNOWN, description: `Nothing decoded: ${detail.replace(/; tried .*$/, '')}.`, items: [], error: new FirewatchError('FORMAT_UNKNOWN', detail, { path }) };
}

/** `JSON_INVALID` (without a path: callers locate it) with the line and column of the position V8 and SpiderMonkey report. */
function jsonError(text: string, cause: unknown): FirewatchError {
  const message = cause instanceof Error ? cause.message : String(cause);
  const position = /position (\d+)/.exec(message);
  let where = '';
  if (position && !/line \d+/.test(message)) {
    const at = Number(position[1]);
    let line = 1;
    let column = 1;
    for (let i = 0; i < at && i < text.length; i++) {
      if (text.charCodeAt(i) === 10) {
        line++;
        column = 1;
      } else column++;
    }
    where = ` at line ${line} column ${column}`;
  }
  return new FirewatchError('JSON_INVALID', `not valid JSON${where} (${message})`, { cause });
}

function describePayload(payload: DecodedPayload): string {
  switch (payload.kind) {
    case 'cloudwatch': {
      const data = payload.envelopes.filter((e) => e.messageType === 'DATA_MESSAGE');
      const control = payload.envelopes.length - data.length;
      const events = data.reduce((n, e) => n + e.logEvents.length, 0);
      const groups = [...new Set(data.map((e) => e.logGroup))];
      const parts: string[] = [];
      if (data.length > 0) parts.push(`${plural(events, 'log event')} of ${groups.join(', ')}`);
      if (control > 0) parts.push(plural(control, 'control message'));
      return `${payload.envelopes.length === 1 ? 'a CloudWatch Logs envelope' : `${payload.envelopes.length} CloudWatch Logs envelopes`} (${parts.join(', ')})`;
    }
    case 'json':
      return 'a JSON value that is not CloudWatch Logs data';
    case 'text':
      return 'plain text';
    case 'documents':
      return plural(payload.documents.length, 'document');
    default:
      return 'no data';
  }
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
/** Lower-cases a leading article so a description can follow "holding"; proper nouns (Kinesis, CloudWatch) stay. */
const lowerFirst = (s: string) => (/^(?:A|An|One) /.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s);
const upperFirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function keysOf(value: unknown): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return Array.isArray(value) ? 'an array' : `a ${value === null ? 'null' : typeof value}`;
  const keys = Object.keys(value);
  if (keys.length === 0) return 'no keys';
  const shown = keys.slice(0, 8).map((k) => JSON.stringify(k)).join(', ');
  return `key${keys.length === 1 ? '' : 's'} ${shown}${keys.length > 8 ? ', ...' : ''}`;
}

const asObject = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
const numberOrString = (value: unknown): number | string | undefined => (typeof value === 'number' || typeof value === 'string' ? value : undefined);

function pickStrings(object: Record<string, unknown>, keys: readonly string[]): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const key of keys) if (typeof object[key] === 'string') out[key] = object[key];
  return out;
}

/** The name at the end of a stream ARN (`.../deliverystream/<name>`), for descriptions. */
function nameOf(arn: unknown): string | undefined {
  if (typeof arn !== 'string') return undefined;
  const slash = arn.indexOf('/');
  return slash >= 0 ? arn.slice(slash + 1) : arn;
}

function firstNonSpace(text: string): number {
  for (let i = 0; i < text.length; i++) if (!isSpace(text.charCodeAt(i))) return i;
  return -1;
}

function readUint32(bytes: Uint8Array, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
}

function allZero(bytes: Uint8Array, from: number): boolean {
  for (let i = from; i < bytes.length; i++) if (bytes[i] !== 0) return false;
  return true;
}

function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
