/**
 * Reads a Firehose HTTP endpoint request body, `{"requestId":…,"timestamp":…,"records":[{"data":"…"},…]}`,
 * from a byte stream and yields its records one at a time, so memory is bounded by what the caller keeps
 * (a batch of documents), not by the request: a 64 MiB body is never held whole, parsed whole, or turned
 * into one 64 MiB string. `JSON.parse` cannot do that, hence this small, purpose-built scanner.
 *
 * It only understands the shape it needs (keys it does not know are skipped, whatever their value) and
 * never throws: malformed JSON, a protocol limit crossed or a broken stream end the iteration with one
 * `error` item, saying why and at which byte.
 *
 * Caps: bytes on the wire and after gzip (both {@link ReadRecordsOptions.maxBodyBytes}, since Firehose's
 * limit counts the body before compression; a gzip bomb stops there), records per request (10,000) and
 * record size (1,024,000 bytes before base64).
 *
 * @example
 * ```ts
 * for await (const item of readRecords(request.body!, { gzip: true })) {
 *   if (item.type === "record") handle(item.index, item.data);
 *   else if (item.type === "error") return refuse(item);
 *   else console.log(item.requestId, item.records);
 * }
 * ```
 * @module
 */
import { type ErrorCode, FirewatchError } from '../errors.ts';
import { FIREHOSE_RECORD_BYTES, HTTP_ENDPOINT_BODY_MAX_BYTES, HTTP_ENDPOINT_MAX_RECORDS } from '../limits.ts';

/** Options of {@link readRecords}. */
export interface ReadRecordsOptions {
  /** The body is gzip (`Content-Encoding: gzip`): inflated with the platform's `DecompressionStream`. */
  readonly gzip?: boolean;
  /** Cap on the body's bytes, on the wire and after gzip alike (default 64 MiB, Firehose's maximum). */
  readonly maxBodyBytes?: number;
  /** Cap on records per request (default 10,000, Firehose's maximum). */
  readonly maxRecords?: number;
  /** Cap on one record's data before base64 (default 1,024,000 bytes, Firehose's maximum). */
  readonly maxRecordBytes?: number;
  /** Stops reading (the item is then an `error` with reason `aborted`). */
  readonly signal?: AbortSignal;
  /**
   * Makes the gzip inflater (default the platform's `DecompressionStream`). A runtime may pass a faster
   * one: on Node, node:zlib with 256 KiB output chunks inflates a 1 MB body ~3× faster than Node's
   * `DecompressionStream`, whose 16 KiB chunks each cost a trip through the stream machinery.
   */
  readonly inflater?: () => ReadableWritablePair<Uint8Array, Uint8Array>;
}

/** Why reading stopped early. `too-large` is the one a 413 answers. */
export type StopReason = 'malformed' | 'too-large' | 'aborted';

/** What the reader yields: records in order, then exactly one `end` or `error`. */
export type BodyItem =
  | {
    readonly type: 'record';
    /** Position in `records`, from 0. */
    readonly index: number;
    /** The record's `data`: base64 text, not yet decoded. */
    readonly data: string;
    /** The body's `requestId` and `timestamp` when they came before the records (as Firehose sends them). */
    readonly requestId: string | undefined;
    readonly timestamp: number | undefined;
  }
  | {
    readonly type: 'end';
    readonly requestId: string | undefined;
    readonly timestamp: number | undefined;
    readonly records: number;
    /** Bytes of JSON read (after gzip). */
    readonly bytes: number;
    /** Bytes on the wire (before gzip). */
    readonly wireBytes: number;
  }
  | { readonly type: 'error'; readonly error: FirewatchError; readonly reason: StopReason };

/** The longest `requestId` kept; Firehose's are 36-character GUIDs. */
const MAX_ID_CHARS = 1024;
/** Keys longer than this are none of ours: skipped without being kept. */
const MAX_KEY_CHARS = 64;
/** Nesting depth allowed inside values that are skipped. */
const MAX_SKIP_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** `"data"`, the one key of the records Firehose sends. */
const DATA_KEY = new TextEncoder().encode('"data"');
const EMPTY = new Uint8Array(0);

/** Thrown inside the reader only; turned into the final `error` item. */
class Stop {
  constructor(
    readonly error: FirewatchError,
    readonly reason: StopReason,
  ) {}
}

const stop = (code: ErrorCode, detail: string, reason: StopReason = 'malformed', path?: string) =>
  new Stop(new FirewatchError(code, detail, path === undefined ? {} : { path }), reason);

/**
 * Base64 length of `bytes` bytes (padded). Lenient inputs (whitespace in base64) longer than this are
 * refused too: Firehose never sends them.
 */
const base64Length = (bytes: number) => Math.ceil(bytes / 3) * 4;

/**
 * Yields the records of a request body one by one; see the module comment. Never throws; stops reading
 * (and cancels the stream) when the consumer stops iterating.
 *
 * @example
 * ```ts
 * const items = readRecords(new Blob(['{"requestId":"r","timestamp":1,"records":[{"data":"aGk="}]}']).stream());
 * for await (const item of items) console.log(item.type); // "record", then "end"
 * ```
 */
export async function* readRecords(body: ReadableStream<Uint8Array>, options: ReadRecordsOptions = {}): AsyncGenerator<BodyItem, void, undefined> {
  const maxBody = options.maxBodyBytes ?? HTTP_ENDPOINT_BODY_MAX_BYTES;
  const maxRecords = options.maxRecords ?? HTTP_ENDPOINT_MAX_RECORDS;
  const maxData = base64Length(options.maxRecordBytes ?? FIREHOSE_RECORD_BYTES);
  const wire = { bytes: 0 };
  let stream = body;
  if (options.gzip) {
    if (options.inflater === undefined && typeof DecompressionStream === 'undefined') {
      yield {
        type: 'error',
        error: new FirewatchError('GZIP_HEADER_INVALID', 'this runtime cannot inflate gzip request bodies (no DecompressionStream)'),
        reason: 'malformed',
      };
      return;
    }
    const inflater = options.inflater?.() ?? (new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>);
    stream = body.pipeThrough(countBytes(wire, maxBody)).pipeThrough(inflater);
  }
  const cursor = new Cursor(stream.getReader(), maxBody, options.signal);
  try {
    let requestId: string | undefined;
    let timestamp: number | undefined;
    let records = 0;
    let seenRecords = false;
    await cursor.expect(0x7b, 'the body must be a JSON object');
    if ((await cursor.peek()) === 0x7d) cursor.pos++;
    else {
      for (;;) {
        const key = await cursor.key();
        if (key === 'requestId') {
          if ((await cursor.peek()) !== QUOTE) throw stop('JSON_INVALID', 'must be a string', 'malformed', 'requestId');
          cursor.pos++;
          const value = await cursor.string(MAX_ID_CHARS);
          if (value === undefined) throw stop('JSON_INVALID', `is longer than ${MAX_ID_CHARS} characters`, 'malformed', 'requestId');
          requestId = value;
        } else if (key === 'timestamp') {
          timestamp = await cursor.number('timestamp');
        } else if (key === 'records') {
          if (seenRecords) throw stop('JSON_INVALID', 'appears twice', 'malformed', 'records');
          seenRecords = true;
          await cursor.expect(0x5b, 'records must be an array');
          if ((await cursor.peek()) === 0x5d) cursor.pos++;
          else {
            for (;;) {
              if (records >= maxRecords) throw stop('INPUT_TOO_LARGE', `more than ${maxRecords} records in one request`, 'malformed', `records[${records}]`);
              const data = cursor.recordInChunk(maxData) ?? (await cursor.record(`records[${records}]`, maxData));
              yield { type: 'record', index: records, data, requestId, timestamp };
              records++;
              const next = cursor.nextInChunk() ?? (await cursor.next());
              if (next === 0x5d) break;
              if (next !== 0x2c) throw cursor.unexpected(next, `',' or ']' after records[${records - 1}]`);
            }
          }
        } else {
          await cursor.skipValue(key);
        }
        const next = await cursor.next();
        if (next === 0x7d) break;
        if (next !== 0x2c) throw cursor.unexpected(next, "',' or '}' in the body object");
      }
    }
    const trailing = await cursor.peek();
    if (trailing !== -1) throw cursor.unexpected(trailing, 'the end of the body after its JSON object');
    if (!seenRecords) throw stop('JSON_INVALID', 'the body has no records array', 'malformed', 'records');
    yield { type: 'end', requestId, timestamp, records, bytes: cursor.total, wireBytes: options.gzip ? wire.bytes : cursor.total };
  } catch (error) {
    yield failure(error, options, cursor);
  } finally {
    cursor.release();
  }
}

/** The final `error` item for whatever stopped the reader. */
function failure(error: unknown, options: ReadRecordsOptions, cursor: Cursor): BodyItem {
  if (options.signal?.aborted) {
    return {
      type: 'error',
      error: new FirewatchError('INPUT_TOO_LARGE', 'reading the body was stopped (deadline passed or client gone)', { cause: error }),
      reason: 'aborted',
    };
  }
  if (error instanceof Stop) return { type: 'error', error: error.error, reason: error.reason };
  // A TransformStream error we raised (size cap) arrives as the read's rejection.
  if (error instanceof FirewatchError) return { type: 'error', error, reason: error.code === 'INPUT_TOO_LARGE' ? 'too-large' : 'malformed' };
  const detail = error instanceof Error ? error.message : String(error);
  return options.gzip
    ? { type: 'error', error: new FirewatchError('GZIP_CORRUPT', `the gzip body does not inflate (${detail})`, { cause: error }), reason: 'malformed' }
    : {
      type: 'error',
      error: new FirewatchError('JSON_INVALID', `the body could not be read after byte ${cursor.total} (${detail})`, { cause: error }),
      reason: 'malformed',
    };
}

/** Counts bytes passing through and errors the stream past `max` (gzip input, before inflation). */
function countBytes(counter: { bytes: number }, max: number): TransformStream<Uint8Array, Uint8Array> {
  return new TransformStream({
    transform(chunk, controller) {
      counter.bytes += chunk.length;
      if (counter.bytes > max) controller.error(new FirewatchError('INPUT_TOO_LARGE', `the compressed body is larger than ${max} bytes`));
      else controller.enqueue(chunk);
    },
  });
}

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
/** The first position from `i` on that is not a space (the chunk's length if none is). */
const spaceEnd = (chunk: Uint8Array, i: number) => {
  while (i < chunk.length && isSpace(chunk[i]!)) i++;
  return i;
};
const isScalarByte = (c: number) => (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
const show = (
  c: number,
) => (c === -1 ? 'the end of the body' : c >= 0x20 && c < 0x7f ? `'${String.fromCharCode(c)}'` : `byte 0x${c.toString(16).padStart(2, '0')}`);

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** A position in the byte stream with the few reads the body's grammar needs. */
class Cursor {
  chunk: Uint8Array = EMPTY;
  pos = 0;
  /** Bytes of all chunks before the current one. */
  #before = 0;
  #done = false;
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #max: number;
  readonly #signal: AbortSignal | undefined;
  /**
   * Cancels the stream when the signal aborts, which ends a read in progress at once: a client that stops
   * sending mid-body must not hold the request past its deadline (the read itself would wait for as long
   * as the connection stays open). One listener per body, not a promise and a listener per read.
   */
  readonly #onAbort = () => this.#reader.cancel().catch(() => undefined);

  constructor(reader: ReadableStreamDefaultReader<Uint8Array>, max: number, signal: AbortSignal | undefined) {
    this.#reader = reader;
    this.#max = max;
    this.#signal = signal;
    signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  /** Bytes received so far. */
  get total(): number {
    return this.#before + this.chunk.length;
  }

  /** Byte offset of the current position, for messages. */
  get offset(): number {
    return this.#before + this.pos;
  }

  /** Makes a byte available at `pos`; false at the end of the body. */
  async fill(): Promise<boolean> {
    while (this.pos >= this.chunk.length) {
      if (this.#done) return false;
      if (this.#signal?.aborted) throw stop('INPUT_TOO_LARGE', 'stopped', 'aborted');
      const { done, value } = await this.#reader.read();
      // A read the abort cut short ends like the body; the signal tells them apart.
      if (this.#signal?.aborted) throw stop('INPUT_TOO_LARGE', 'stopped', 'aborted');
      if (done) {
        this.#done = true;
        return false;
      }
      this.#before += this.chunk.length;
      this.chunk = value;
      this.pos = 0;
      if (this.total > this.#max) throw stop('INPUT_TOO_LARGE', `the body is larger than ${this.#max} bytes`, 'too-large');
    }
    return true;
  }

  /** Stops the stream (upstream too) when reading ended early; harmless after the end. */
  release(): void {
    this.#signal?.removeEventListener('abort', this.#onAbort);
    if (!this.#done) this.#reader.cancel().catch(() => undefined);
    else this.#reader.releaseLock();
  }

  /** The next non-space byte without consuming it; -1 at the end. */
  async peek(): Promise<number> {
    for (;;) {
      if (!(await this.fill())) return -1;
      this.pos = spaceEnd(this.chunk, this.pos);
      if (this.pos < this.chunk.length) return this.chunk[this.pos]!;
    }
  }

  /** The next non-space byte, consumed; -1 at the end. */
  async next(): Promise<number> {
    const c = await this.peek();
    if (c !== -1) this.pos++;
    return c;
  }

  unexpected(c: number, expected: string): Stop {
    return stop('JSON_INVALID', `expected ${expected}, found ${show(c)} at byte ${this.offset - (c === -1 ? 0 : 1)}`);
  }

  async expect(byte: number, message: string): Promise<void> {
    const c = await this.next();
    if (c !== byte) throw stop('JSON_INVALID', `${message} (found ${show(c)} at byte ${this.offset - (c === -1 ? 0 : 1)})`);
  }

  /** `"key":`, returning the key (undefined when longer than any we look for). */
  async key(): Promise<string | undefined> {
    const c = await this.next();
    if (c !== QUOTE) throw this.unexpected(c, 'a quoted key');
    const key = await this.string(MAX_KEY_CHARS);
    await this.expect(0x3a, `expected ':' after key ${JSON.stringify(key ?? '(long key)')}`);
    return key;
  }

  /**
   * The rest of a string whose opening quote was consumed. Keeps at most `cap` bytes: a longer string is
   * consumed all the same and gives undefined. Escapes are rare (base64 has none; some encoders write
   * `\/`), so the fast path looks for the closing quote with `indexOf` and decodes the bytes once.
   */
  async string(cap: number): Promise<string | undefined> {
    const parts: Uint8Array[] = [];
    let length = 0;
    let overflow = false;
    let escaped = false;
    let pendingEscape = false;
    for (;;) {
      if (!(await this.fill())) throw stop('JSON_INVALID', `the body ends inside a string (byte ${this.offset})`);
      const chunk = this.chunk;
      const start = this.pos;
      let i = start;
      if (pendingEscape) {
        i++;
        pendingEscape = false;
      }
      let close = -1;
      while (i < chunk.length) {
        const q = chunk.indexOf(QUOTE, i);
        const end = q === -1 ? chunk.length : q;
        const b = chunk.subarray(i, end).indexOf(BACKSLASH);
        if (b !== -1) {
          escaped = true;
          i += b + 2;
          if (i > chunk.length) pendingEscape = true; // the escaped byte is the first of the next chunk
          continue;
        }
        if (q !== -1) close = q;
        break;
      }
      const piece = chunk.subarray(start, close === -1 ? chunk.length : close);
      if (!overflow) {
        length += piece.length;
        if (length > cap) {
          overflow = true;
          parts.length = 0;
        } else if (piece.length > 0) parts.push(piece);
      }
      if (close !== -1) {
        this.pos = close + 1;
        return overflow ? undefined : decodeString(parts, length, escaped, this.offset);
      }
      this.pos = chunk.length;
    }
  }

  /** A JSON number (the body's `timestamp`). */
  async number(path: string): Promise<number> {
    const token = await this.scalar(path);
    const value = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?$/.test(token) ? Number(token) : Number.NaN;
    if (!Number.isFinite(value)) throw stop('JSON_INVALID', `must be a number, found ${JSON.stringify(token.slice(0, 32))}`, 'malformed', path);
    return value;
  }

  /** The bytes of a number or literal, up to the next delimiter. */
  async scalar(path: string): Promise<string> {
    let token = '';
    if ((await this.peek()) === -1) throw stop('JSON_INVALID', 'the body ends where a value should be', 'malformed', path);
    while ((await this.fill()) && isScalarByte(this.chunk[this.pos]!)) {
      token += String.fromCharCode(this.chunk[this.pos]!);
      this.pos++;
      if (token.length > 64) throw stop('JSON_INVALID', 'value is too long for a number or literal', 'malformed', path);
    }
    if (token === '') throw this.unexpected(await this.next(), `a value for ${path}`);
    return token;
  }

  /**
   * The record at the position when it is whole in the current chunk and has the shape Firehose sends,
   * `{"data":"…"}` (spaces allowed) with no escape in the data: its data, consumed. Anything else (other
   * keys, an escape, the chunk ending first, data over `maxData` or not UTF-8) gives undefined with
   * nothing consumed, and {@link record} reads it, errors included. Nearly every record of a delivery
   * takes this path, which makes no promise: the byte-at-a-time async reads cost a promise each, a third
   * of all a delivery allocated (36 MB for 1,000 records of 10 events, 24 MB without them).
   */
  recordInChunk(maxData: number): string | undefined {
    const chunk = this.chunk;
    let i = spaceEnd(chunk, this.pos);
    if (chunk[i] !== 0x7b) return undefined;
    i = spaceEnd(chunk, i + 1);
    for (let k = 0; k < DATA_KEY.length; k++) if (chunk[i + k] !== DATA_KEY[k]) return undefined;
    i = spaceEnd(chunk, i + DATA_KEY.length);
    if (chunk[i] !== 0x3a) return undefined;
    i = spaceEnd(chunk, i + 1);
    if (chunk[i] !== QUOTE) return undefined;
    const start = i + 1;
    const close = chunk.indexOf(QUOTE, start);
    if (close === -1 || close - start > maxData) return undefined;
    const end = spaceEnd(chunk, close + 1);
    if (chunk[end] !== 0x7d) return undefined;
    const bytes = chunk.subarray(start, close);
    if (bytes.indexOf(BACKSLASH) !== -1) return undefined;
    let data: string;
    try {
      data = strictUtf8.decode(bytes);
    } catch {
      return undefined;
    }
    this.pos = end + 1;
    return data;
  }

  /** The next non-space byte of the current chunk, consumed; undefined (nothing consumed) when the chunk ends first. */
  nextInChunk(): number | undefined {
    const i = spaceEnd(this.chunk, this.pos);
    if (i >= this.chunk.length) return undefined;
    this.pos = i + 1;
    return this.chunk[i];
  }

  /** `{"data":"…", …}`: the record's data, other keys skipped. */
  async record(path: string, maxData: number): Promise<string> {
    await this.expect(0x7b, `${path} must be an object`);
    let data: string | undefined;
    if ((await this.peek()) === 0x7d) this.pos++;
    else {
      for (;;) {
        const key = await this.key();
        if (key === 'data') {
          if ((await this.peek()) !== QUOTE) throw stop('JSON_INVALID', 'must be a base64 string', 'malformed', `${path}.data`);
          this.pos++;
          data = await this.string(maxData);
          if (data === undefined) {
            throw stop(
              'INPUT_TOO_LARGE',
              `is longer than ${maxData} base64 characters (Firehose records hold at most ${(maxData / 4) * 3} bytes)`,
              'malformed',
              `${path}.data`,
            );
          }
        } else await this.skipValue(`${path}.${key ?? '(long key)'}`);
        const next = await this.next();
        if (next === 0x7d) break;
        if (next !== 0x2c) throw this.unexpected(next, `',' or '}' in ${path}`);
      }
    }
    if (data === undefined) throw stop('JSON_INVALID', 'has no data', 'malformed', path);
    return data;
  }

  /** Skips one value of any shape (strings without keeping them), checking that brackets match. */
  async skipValue(path: string | undefined): Promise<void> {
    const where = path ?? '(long key)';
    const open: number[] = [];
    do {
      const c = await this.peek();
      if (c === -1) throw stop('JSON_INVALID', 'the body ends inside a value', 'malformed', where);
      if (c === QUOTE) {
        this.pos++;
        await this.string(0);
      } else if (c === 0x7b || c === 0x5b) {
        this.pos++;
        if (open.push(c === 0x7b ? 0x7d : 0x5d) > MAX_SKIP_DEPTH) throw stop('JSON_INVALID', `nested deeper than ${MAX_SKIP_DEPTH}`, 'malformed', where);
      } else if (c === 0x7d || c === 0x5d) {
        if (open.pop() !== c) throw this.unexpected(c, 'a value');
        this.pos++;
      } else if (c === 0x2c || c === 0x3a) {
        if (open.length === 0) throw this.unexpected(c, 'a value');
        this.pos++;
      } else {
        await this.scalar(where);
      }
    } while (open.length > 0);
  }
}

function decodeString(parts: readonly Uint8Array[], length: number, escaped: boolean, offset: number): string {
  let bytes: Uint8Array;
  if (parts.length === 1) bytes = parts[0]!;
  else {
    bytes = new Uint8Array(length);
    let at = 0;
    for (const part of parts) {
      bytes.set(part, at);
      at += part.length;
    }
  }
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    throw stop('UTF8_INVALID', `a string before byte ${offset} is not valid UTF-8`);
  }
  if (!escaped) return text;
  try {
    return JSON.parse(`"${text}"`) as string;
  } catch {
    throw stop('JSON_INVALID', `a string before byte ${offset} has an invalid escape or control character`);
  }
}
