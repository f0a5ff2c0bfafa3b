/**
 * gzip reading that behaves the same on every runtime: members are split here (Node and Bun read
 * concatenated members, Deno, workerd and Chromium throw on the second, fflate's `gunzipSync` silently
 * returns the first), inflated size is capped before memory is committed, and truncated or corrupt data
 * comes back as an error value.
 *
 * @example
 * ```ts
 * const result = gunzip(bytes, { maxOutputBytes: 64 * 1024 * 1024 });
 * if (result.ok) for (const member of result.value) console.log(member.length);
 * ```
 * @module
 */
import { gzipSync } from 'fflate';
import { fail, FirewatchError, ok, type Result } from '../errors.ts';
import { DEFAULT_MAX_INFLATED_BYTES } from '../limits.ts';
import { fflateInflateRaw, type RawInflate } from './inflate.ts';

/** Options of {@link gunzip}. */
export interface GunzipOptions {
  /** Cap on the inflated size of all members together (default {@link DEFAULT_MAX_INFLATED_BYTES}). */
  readonly maxOutputBytes?: number;
  /** The raw DEFLATE inflater (default: fflate; the Lambda adapter passes node:zlib). */
  readonly inflateRaw?: RawInflate;
}

const FTEXT_MASK = 0b1110_0000; // reserved flag bits must be zero (RFC 1952 §2.3.1)
const FHCRC = 2;
const FEXTRA = 4;
const FNAME = 8;
const FCOMMENT = 16;

/** True when the bytes start with the gzip magic number and the DEFLATE method byte. */
export function isGzip(bytes: Uint8Array): boolean {
  return startsGzipMember(bytes, 0);
}

/** {@link isGzip} at `offset`, without the view a `subarray` would allocate for every record. */
function startsGzipMember(bytes: Uint8Array, offset: number): boolean {
  return bytes.length - offset >= 3 && bytes[offset] === 0x1f && bytes[offset + 1] === 0x8b && bytes[offset + 2] === 8;
}

/** One gzip member met by {@link walkGzipMembers}: its inflated bytes, or why it could not be read. */
export interface GzipMember {
  /** Where the member starts in the input. */
  readonly offset: number;
  /** Where it ends (the next member starts); the input's length when that is unknown. */
  readonly end: number;
  readonly output?: Uint8Array;
  readonly error?: FirewatchError;
}

/** Options of {@link walkGzipMembers}. */
export interface WalkOptions extends GunzipOptions {
  /**
   * Go on after a damaged member, from where it ends or else the next gzip header found after it, so one
   * bad record in an S3 object never hides the others (default false: stop at the first error).
   */
  readonly resync?: boolean;
}

/**
 * Reads the gzip members in `bytes` one after the other: the one member walk behind {@link gunzip} and
 * the inspector's record listing. Trailing NUL padding (which some tools append) ends the walk; any
 * other trailing data is a `GZIP_CORRUPT` member. The inflated size of all members together is capped.
 *
 * @example
 * ```ts
 * for (const member of walkGzipMembers(s3Object, { resync: true })) console.log(member.offset, member.error?.code ?? "ok");
 * ```
 */
export function walkGzipMembers(bytes: Uint8Array, options: WalkOptions = {}): GzipMember[] {
  const inflateRaw = options.inflateRaw ?? fflateInflateRaw;
  let budget = options.maxOutputBytes ?? DEFAULT_MAX_INFLATED_BYTES;
  const members: GzipMember[] = [];
  let offset = 0;
  do {
    if (offset > 0 && !startsGzipMember(bytes, offset)) {
      members.push({
        offset,
        end: bytes.length,
        error: new FirewatchError('GZIP_CORRUPT', `${bytes.length - offset} bytes of trailing data after the last gzip member`),
      });
      break;
    }
    const member = readMember(bytes, offset, budget, inflateRaw, offset === 0 ? readUint32(bytes, bytes.length - 4) : undefined);
    if (member.output === undefined) {
      // Where a damaged member ends is known only when its deflate stream was whole; else search onwards.
      const next = !options.resync || member.error.code === 'GZIP_TOO_LARGE'
        ? -1
        : member.end !== undefined
        ? (member.end < bytes.length ? member.end : -1)
        : findGzipHeader(bytes, offset + 1);
      members.push({ offset, end: next < 0 ? bytes.length : next, error: member.error });
      if (next < 0) break;
      offset = next;
      continue;
    }
    members.push(member);
    budget -= member.output.length;
    offset = member.end;
  } while (offset < bytes.length && !allZero(bytes, offset));
  return members;
}

/**
 * Inflates every gzip member in `bytes`, returning one array per member. Trailing NUL padding (which some
 * tools append) is ignored; any other trailing data is an error, as is a member whose trailer size does
 * not match what it inflated to.
 */
export function gunzip(bytes: Uint8Array, options: GunzipOptions = {}): Result<Uint8Array[]> {
  const members = walkGzipMembers(bytes, options);
  const outputs: Uint8Array[] = [];
  for (let i = 0; i < members.length; i++) {
    const member = members[i]!;
    if (member.error !== undefined) return { ok: false, error: i === 0 ? member.error : member.error.at(`gzip member ${i + 1} at offset ${member.offset}`) };
    outputs.push(member.output!);
  }
  return ok(outputs);
}

/** One member: inflated with the remaining budget, its trailer checked; `end` only where the deflate stream was whole. */
function readMember(
  bytes: Uint8Array,
  offset: number,
  budget: number,
  inflateRaw: RawInflate,
  hint: number | undefined,
): { offset: number; end: number; output: Uint8Array } | { output?: undefined; error: FirewatchError; end?: number } {
  const header = readHeader(bytes, offset);
  if (!header.ok) return { error: header.error };
  const inflated = inflateRaw(bytes.subarray(header.value), budget, hint);
  if (!inflated.ok) return { error: inflated.error };
  const { output, consumed } = inflated.value;
  const trailer = header.value + consumed;
  if (trailer + 8 > bytes.length) return { error: new FirewatchError('GZIP_TRUNCATED', 'gzip data ends before its 8-byte trailer') };
  const size = readUint32(bytes, trailer + 4);
  if (size !== output.length % 2 ** 32) {
    return { error: new FirewatchError('GZIP_CORRUPT', `gzip trailer says ${size} bytes, inflated ${output.length}`), end: trailer + 8 };
  }
  return { offset, end: trailer + 8, output };
}

/** The next plausible gzip header: magic, DEFLATE method, no reserved flag bits. */
function findGzipHeader(bytes: Uint8Array, from: number): number {
  for (let i = bytes.indexOf(0x1f, from); i >= 0 && i + 3 < bytes.length; i = bytes.indexOf(0x1f, i + 1)) {
    if (bytes[i + 1] === 0x8b && bytes[i + 2] === 8 && (bytes[i + 3]! & 0xe0) === 0) return i;
  }
  return -1;
}

/** Returns the offset where the DEFLATE data of the member at `offset` starts. */
function readHeader(bytes: Uint8Array, offset: number): Result<number> {
  if (bytes.length - offset < 10) {
    const magic = [0x1f, 0x8b, 8];
    const startsLikeGzip = bytes.length > offset && bytes.subarray(offset, offset + 3).every((b, i) => b === magic[i]);
    return startsLikeGzip ? fail('GZIP_TRUNCATED', 'gzip data ends inside a member header') : fail(
      offset === 0 ? 'GZIP_HEADER_INVALID' : 'GZIP_CORRUPT',
      offset === 0 ? 'not gzip data (shorter than a gzip header)' : 'trailing data after the last gzip member',
    );
  }
  if (!startsGzipMember(bytes, offset)) {
    return fail(
      offset === 0 ? 'GZIP_HEADER_INVALID' : 'GZIP_CORRUPT',
      offset === 0 ? 'not gzip data (bad magic number or method)' : 'trailing data after the last gzip member',
    );
  }
  const flags = bytes[offset + 3]!;
  if (flags & FTEXT_MASK) return fail('GZIP_HEADER_INVALID', 'gzip header has reserved flag bits set');
  let p = offset + 10;
  if (flags & FEXTRA) {
    if (p + 2 > bytes.length) return fail('GZIP_TRUNCATED', 'gzip data ends inside a member header');
    p += 2 + (bytes[p]! | (bytes[p + 1]! << 8));
  }
  // The zero-terminated name, then the comment.
  if (flags & FNAME) p = bytes.indexOf(0, p) + 1 || bytes.length + 1;
  if (flags & FCOMMENT) p = bytes.indexOf(0, p) + 1 || bytes.length + 1;
  if (flags & FHCRC) p += 2;
  if (p > bytes.length) return fail('GZIP_TRUNCATED', 'gzip data ends inside a member header');
  return ok(p);
}

function readUint32(bytes: Uint8Array, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
}

function allZero(bytes: Uint8Array, from: number): boolean {
  for (let i = from; i < bytes.length; i++) if (bytes[i] !== 0) return false;
  return true;
}

/**
 * Compresses bytes as one gzip member (fflate). Used for samples and for re-ingested records that would
 * not fit the record limit as plain JSON.
 */
export function gzip(bytes: Uint8Array, level: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 = 6): Uint8Array {
  return gzipSync(bytes, { level, mtime: 0 });
}
