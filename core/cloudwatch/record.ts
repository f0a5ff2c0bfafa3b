/**
 * Decodes the data of one record (Firehose, Kinesis or an S3 backup line) into what it carries:
 * CloudWatch Logs envelopes (gzip, one or more members, or plain JSON as firewatch re-ingests them,
 * optionally inside the `{"awslogs":{"data":...}}` wrapper of Lambda subscriptions), another JSON value,
 * or plain text (log lines, JSON lines among them, as Firehose's message extraction writes them).
 *
 * @example
 * ```ts
 * const payload = decodeRecordData(bytes);
 * if (payload.ok && payload.value.kind === "cloudwatch") console.log(payload.value.envelopes[0]?.logGroup);
 * ```
 * @module
 */
import { type Codecs, portableCodecs } from '../bytes/codecs.ts';
import { gunzip, isGzip } from '../bytes/gzip.ts';
import { decodeUtf8 } from '../bytes/utf8.ts';
import { fail, ok, type Result } from '../errors.ts';
import { DEFAULT_MAX_INFLATED_BYTES } from '../limits.ts';
import { type LogsEnvelope, looksLikeEnvelope, validateEnvelope } from './envelope.ts';

/** What a record's data turned out to hold. */
export type RecordPayload =
  | {
    readonly kind: 'cloudwatch';
    /** One per gzip member (usually one). */
    readonly envelopes: readonly LogsEnvelope[];
    /** True when the data was gzip (false for plain-JSON envelopes, as firewatch re-ingests them). */
    readonly gzipped: boolean;
    /** Bytes after inflation (equal to the input size for plain JSON). */
    readonly inflatedBytes: number;
    /**
     * Drops the inflated bytes a lazily decoded record reads its events from (core/cloudwatch/lazy-envelope.ts);
     * its events cannot be read after. A caller done with a dense record calls it so the ~60 MB are garbage
     * at once, not only when the last reference to the payload goes (which a suspended frame can delay).
     */
    readonly release?: () => void;
  }
  | { readonly kind: 'json'; readonly text: string; readonly value: unknown }
  | { readonly kind: 'text'; readonly text: string };

/** Options of {@link decodeRecordData}. */
export interface DecodeOptions {
  /** Cap on inflated bytes per record (default {@link DEFAULT_MAX_INFLATED_BYTES}). */
  readonly maxInflatedBytes?: number;
  /** Byte codecs (default {@link portableCodecs}). */
  readonly codecs?: Codecs;
}

/** Decodes raw record bytes (after base64). */
export function decodeRecordData(bytes: Uint8Array, options: DecodeOptions = {}): Result<RecordPayload> {
  return decodeBytes(bytes, options, true);
}

/** Decodes a base64 record (`records[i].data` of a Firehose event or HTTP request). */
export function decodeRecordBase64(data: string, options: DecodeOptions = {}): Result<RecordPayload> {
  const bytes = (options.codecs ?? portableCodecs).decodeBase64(data);
  return bytes.ok ? decodeRecordData(bytes.value, options) : bytes;
}

function decodeBytes(bytes: Uint8Array, options: DecodeOptions, unwrap: boolean): Result<RecordPayload> {
  if (!isGzip(bytes)) {
    const text = decodeUtf8(bytes);
    return text.ok ? classifyText(text.value, options, unwrap, false, bytes.length) : text;
  }
  const codecs = options.codecs ?? portableCodecs;
  const members = gunzip(bytes, { maxOutputBytes: options.maxInflatedBytes ?? DEFAULT_MAX_INFLATED_BYTES, inflateRaw: codecs.inflateRaw });
  if (!members.ok) return members;
  if (members.value.length === 1) {
    const text = decodeUtf8(members.value[0]!);
    return text.ok ? classifyText(text.value, options, unwrap, true, members.value[0]!.length) : text;
  }
  // Several members: each must be an envelope (a Firehose-to-S3 object is records back to back).
  const envelopes: LogsEnvelope[] = [];
  let inflatedBytes = 0;
  for (const [i, member] of members.value.entries()) {
    const where = `gzip member ${i + 1}`;
    inflatedBytes += member.length;
    const text = decodeUtf8(member);
    if (!text.ok) return { ok: false, error: text.error.at(where) };
    const payload = classifyText(text.value, options, false, true, member.length);
    if (!payload.ok) return { ok: false, error: payload.error.at(where) };
    if (payload.value.kind !== 'cloudwatch') return fail('ENVELOPE_INVALID', 'is not a CloudWatch Logs envelope', { path: where });
    envelopes.push(...payload.value.envelopes);
  }
  return ok({ kind: 'cloudwatch', envelopes, gzipped: true, inflatedBytes });
}

function classifyText(text: string, options: DecodeOptions, unwrap: boolean, gzipped: boolean, inflatedBytes: number): Result<RecordPayload> {
  const first = firstNonSpace(text);
  if (first !== '{' && first !== '[') return ok({ kind: 'text', text });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    // JSON objects one per line are JSON logs as Firehose's message extraction writes them: log text.
    if (firstLineIsJson(text)) return ok({ kind: 'text', text });
    return fail('JSON_INVALID', `data looks like JSON but does not parse (${cause instanceof Error ? cause.message : String(cause)})`, { cause });
  }
  if (looksLikeEnvelope(value)) {
    const envelope = validateEnvelope(value);
    return envelope.ok ? ok({ kind: 'cloudwatch', envelopes: [envelope.value], gzipped, inflatedBytes }) : envelope;
  }
  const wrapped = unwrap ? awslogsData(value) : undefined;
  if (wrapped !== undefined) {
    const bytes = (options.codecs ?? portableCodecs).decodeBase64(wrapped);
    if (!bytes.ok) return { ok: false, error: bytes.error.at('awslogs.data') };
    const inner = decodeBytes(bytes.value, options, false);
    return inner.ok ? inner : { ok: false, error: inner.error.at('awslogs.data') };
  }
  return ok({ kind: 'json', text, value });
}

/** The `data` string of a `{"awslogs":{"data":"..."}}` Lambda subscription event, if that is what it is. */
export function awslogsData(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const awslogs = (value as { awslogs?: unknown }).awslogs;
  if (typeof awslogs !== 'object' || awslogs === null) return undefined;
  const data = (awslogs as { data?: unknown }).data;
  return typeof data === 'string' ? data : undefined;
}

/** Whether the text has several lines and its first one is a JSON value of its own (JSON lines, not one document). */
function firstLineIsJson(text: string): boolean {
  const end = text.indexOf('\n');
  if (end < 0) return false;
  try {
    JSON.parse(text.slice(0, end));
    return true;
  } catch {
    return false;
  }
}

function firstNonSpace(text: string): string {
  for (let i = 0; i < text.length && i < 4096; i++) {
    const c = text[i]!;
    if (c !== ' ' && c !== '\n' && c !== '\r' && c !== '\t' && c !== '\uFEFF') return c;
  }
  return '';
}
