/**
 * Decodes a large CloudWatch Logs record without turning all of it into objects at once: the record is
 * inflated, its bytes scanned once for where each log event lies, and an event is parsed only when it is
 * read. A dense record (under 1 MB of gzip, ~60 MB inflated, ~95,000 events) then costs its inflated bytes
 * and the batch of documents being made, instead of its bytes, a 60 MB string and 95,000 parsed events
 * besides (which is what `JSON.parse` of the whole text costs, several times the inflated size).
 *
 * The result is the one {@link decodeRecordData} gives (same envelope, same errors): every event is
 * checked up front, so a record is refused whole or not at all, exactly as the whole-record decoder does.
 * Anything but one gzip member holding one data envelope whose `logEvents` is an array of objects (control
 * messages, several members, plain JSON, malformed data) goes to {@link decodeRecordData} itself.
 *
 * @example
 * ```ts
 * const payload = decodeLazily(bytes, { maxInflatedBytes: 64 * 1024 * 1024 });
 * if (payload.ok && payload.value.kind === "cloudwatch") {
 *   const events = payload.value.envelopes[0]!.logEvents; // events[i] is parsed when read
 * }
 * ```
 * @module
 */
import { portableCodecs } from '../bytes/codecs.ts';
import { gunzip, isGzip } from '../bytes/gzip.ts';
import { ok, type Result } from '../errors.ts';
import { DEFAULT_MAX_INFLATED_BYTES } from '../limits.ts';
import { eventProblem, type LogEvent, MessageType, validateEnvelope } from './envelope.ts';
import { type DecodeOptions, decodeRecordData, type RecordPayload } from './record.ts';

/**
 * Records inflating to more than this are best decoded lazily: below it, one `JSON.parse` of the whole
 * text is cheaper than parsing events one by one, and the memory is small anyway.
 */
export const LAZY_DECODE_BYTES = 8 * 1024 * 1024;

/**
 * The inflated size record bytes declare: a gzip record's trailer (ISIZE), else their own length.
 *
 * @example
 * ```ts
 * declaredInflatedSize(gzip(new Uint8Array(1000))); // 1000
 * ```
 */
export function declaredInflatedSize(bytes: Uint8Array): number {
  if (!isGzip(bytes) || bytes.length < 18) return bytes.length;
  const at = bytes.length - 4;
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LOG_EVENTS = new TextEncoder().encode('logEvents');
const strict = new TextDecoder('utf-8', { fatal: true });

/**
 * {@link decodeRecordData}, with the events of a single-member gzip envelope parsed when read.
 *
 * @example
 * ```ts
 * decodeLazily(encodeRecord(envelope), {}); // { ok: true, value: { kind: "cloudwatch", envelopes: [ … ] } }
 * ```
 */
export function decodeLazily(bytes: Uint8Array, options: DecodeOptions): Result<RecordPayload> {
  const whole = () => decodeRecordData(bytes, options);
  if (!isGzip(bytes)) return whole();
  const members = gunzip(bytes, {
    maxOutputBytes: options.maxInflatedBytes ?? DEFAULT_MAX_INFLATED_BYTES,
    inflateRaw: (options.codecs ?? portableCodecs).inflateRaw,
  });
  if (!members.ok || members.value.length !== 1) return whole();
  let inflated: Uint8Array | undefined = members.value[0]!;
  const inflatedBytes = inflated.length;
  const layout = scan(inflated);
  if (layout === undefined) return whole();
  let header: unknown;
  try {
    const text = strict.decode(inflated.subarray(0, layout.open + 1)) + strict.decode(inflated.subarray(layout.close));
    header = JSON.parse(text);
  } catch {
    return whole();
  }
  const valid = validateEnvelope(header);
  if (!valid.ok || valid.value.messageType !== MessageType.DATA) return whole();
  const bounds = layout.bounds;
  const count = bounds.length / 2;
  const eventAt = (i: number): LogEvent => {
    if (inflated === undefined) throw new RangeError('the record was released; its events can no longer be read');
    return JSON.parse(strict.decode(inflated.subarray(bounds[2 * i]!, bounds[2 * i + 1]!))) as LogEvent;
  };
  // Every event checked now, so the record is refused whole or not at all, as the whole decoder does it.
  for (let i = 0; i < count; i++) {
    let problem: string | undefined;
    try {
      problem = eventProblem(eventAt(i));
    } catch {
      problem = 'not JSON';
    }
    if (problem !== undefined) return whole();
  }
  const indexOf = (key: string | symbol): number => {
    if (typeof key !== 'string') return -1;
    const i = key.length > 0 && key.length < 16 && key.charCodeAt(0) >= 0x30 && key.charCodeAt(0) <= 0x39 ? Number(key) : Number.NaN;
    return Number.isInteger(i) && i >= 0 && i < count ? i : -1;
  };
  const logEvents = new Proxy(new Array<LogEvent>(count), {
    get(target, key, receiver) {
      const i = indexOf(key);
      return i >= 0 ? eventAt(i) : Reflect.get(target, key, receiver);
    },
    // The target is all holes: without this, `slice`, `forEach`, `map` and `in` would skip every event.
    has(target, key) {
      return indexOf(key) >= 0 || Reflect.has(target, key);
    },
  });
  const release = () => {
    inflated = undefined;
  };
  return ok({ kind: 'cloudwatch', envelopes: [{ ...valid.value, logEvents }], gzipped: true, inflatedBytes, release });
}

/** Where the top-level `logEvents` array opens and closes, and each element's byte range (start, end pairs). */
interface Layout {
  readonly open: number;
  readonly close: number;
  readonly bounds: Uint32Array;
}

/** Index of the quote closing the string whose opening quote is at `at`; -1 when it never closes. */
function stringEnd(bytes: Uint8Array, at: number): number {
  for (let from = at + 1;;) {
    const quote = bytes.indexOf(QUOTE, from);
    if (quote < 0) return -1;
    let backslashes = 0;
    for (let k = quote - 1; k > at && bytes[k] === BACKSLASH; k--) backslashes++;
    if (backslashes % 2 === 0) return quote;
    from = quote + 1;
  }
}

const isSpace = (c: number | undefined) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

function skipSpace(bytes: Uint8Array, at: number): number {
  while (isSpace(bytes[at])) at++;
  return at;
}

function isLogEventsKey(bytes: Uint8Array, start: number, end: number): boolean {
  if (end - start !== LOG_EVENTS.length) return false;
  for (let k = 0; k < LOG_EVENTS.length; k++) if (bytes[start + k] !== LOG_EVENTS[k]) return false;
  return true;
}

/** End (exclusive) of the object or array opening at `at`, strings skipped; -1 when it never closes. */
function valueEnd(bytes: Uint8Array, at: number): number {
  let depth = 0;
  for (let i = at; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c === QUOTE) {
      i = stringEnd(bytes, i);
      if (i < 0) return -1;
    } else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      if (--depth === 0) return i + 1;
    }
  }
  return -1;
}

/**
 * Finds the top-level `logEvents` array and its elements, one loop and no recursion. Undefined when the
 * bytes are not an object with exactly one such array of objects (the whole decoder then says why).
 */
function scan(bytes: Uint8Array): Layout | undefined {
  let i = skipSpace(bytes, 0);
  if (bytes[i] !== 0x7b) return undefined;
  let depth = 0;
  let expectKey = false;
  let found: Layout | undefined;
  for (; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c === QUOTE) {
      const end = stringEnd(bytes, i);
      if (end < 0) return undefined;
      if (depth === 1 && expectKey && isLogEventsKey(bytes, i + 1, end)) {
        if (found !== undefined) return undefined;
        let j = skipSpace(bytes, end + 1);
        if (bytes[j] !== 0x3a) return undefined;
        j = skipSpace(bytes, j + 1);
        if (bytes[j] !== 0x5b) return undefined;
        const open = j;
        const bounds: number[] = [];
        j = skipSpace(bytes, j + 1);
        if (bytes[j] !== 0x5d) {
          for (;;) {
            if (bytes[j] !== 0x7b) return undefined;
            const elementEnd = valueEnd(bytes, j);
            if (elementEnd < 0) return undefined;
            bounds.push(j, elementEnd);
            j = skipSpace(bytes, elementEnd);
            if (bytes[j] === 0x5d) break;
            if (bytes[j] !== 0x2c) return undefined;
            j = skipSpace(bytes, j + 1);
          }
        }
        found = { open, close: j, bounds: Uint32Array.from(bounds) };
        i = j; // the closing bracket; depth is unchanged across the array
        expectKey = false;
        continue;
      }
      expectKey = false;
      i = end;
    } else if (c === 0x7b) {
      depth++;
      expectKey = depth === 1;
    } else if (c === 0x2c) {
      expectKey = depth === 1;
    } else if (c === 0x5b) {
      depth++;
      expectKey = false;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
      expectKey = false;
    } else if (!isSpace(c)) {
      expectKey = false;
    }
  }
  return depth === 0 ? found : undefined;
}

/**
 * {@link decodeLazily} of a base64 record (`records[i].data`).
 *
 * @example
 * ```ts
 * const payload = decodeRecordBase64Lazily(record.data, { codecs: nodeCodecs });
 * ```
 */
export function decodeRecordBase64Lazily(data: string, options: DecodeOptions): Result<RecordPayload> {
  const bytes = (options.codecs ?? portableCodecs).decodeBase64(data);
  return bytes.ok ? decodeLazily(bytes.value, options) : bytes;
}
