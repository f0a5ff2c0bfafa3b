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
import { fail, ok, type Result } from '../errors.ts';
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
  return bytes.length >= 3 && bytes[0] === 0x1f && bytes[1] === 0x8b && bytes[2] === 8;
}

/**
 * Inflates every gzip member in `bytes`, returning one array per member. Trailing NUL padding (which some
 * tools append) is ignored; any other trailing data is an error, as is a member whose trailer size does
 * not match what it inflated to.
 */
export function gunzip(bytes: Uint8Array, options: GunzipOptions = {}): Result<Uint8Array[]> {
  const inflateRaw = options.inflateRaw ?? fflateInflateRaw;
  let budget = options.maxOutputBytes ?? DEFAULT_MAX_INFLATED_BYTES;
  const members: Uint8Array[] = [];
  let offset = 0;
  do {
    const where = members.length === 0 ? undefined : `gzip member ${members.length + 1} at offset ${offset}`;
    const header = readHeader(bytes, offset);
    if (!header.ok) return where ? { ok: false, error: header.error.at(where) } : header;
    // The last 4 bytes are the last member's size: exact for the usual single member, only a hint otherwise.
    const hint = members.length === 0 ? readUint32(bytes, bytes.length - 4) : undefined;
    const inflated = inflateRaw(bytes.subarray(header.value), budget, hint);
    if (!inflated.ok) return where ? { ok: false, error: inflated.error.at(where) } : inflated;
    const { output, consumed } = inflated.value;
    const trailer = header.value + consumed;
    if (trailer + 8 > bytes.length) return fail('GZIP_TRUNCATED', 'gzip data ends before its 8-byte trailer', where ? { path: where } : {});
    if (readUint32(bytes, trailer + 4) !== output.length % 2 ** 32) {
      return fail('GZIP_CORRUPT', `gzip trailer says ${readUint32(bytes, trailer + 4)} bytes, inflated ${output.length}`, where ? { path: where } : {});
    }
    members.push(output);
    budget -= output.length;
    offset = trailer + 8;
  } while (offset < bytes.length && !allZero(bytes, offset));
  return ok(members);
}

/** Returns the offset where the DEFLATE data of the member at `offset` starts (exported for core/inspect's member walk). */
export function readHeader(bytes: Uint8Array, offset: number): Result<number> {
  if (bytes.length - offset < 10) {
    const magic = [0x1f, 0x8b, 8];
    const startsLikeGzip = bytes.length > offset && bytes.subarray(offset, offset + 3).every((b, i) => b === magic[i]);
    return startsLikeGzip
      ? fail('GZIP_TRUNCATED', 'gzip data ends inside a member header')
      : fail(offset === 0 ? 'GZIP_HEADER_INVALID' : 'GZIP_CORRUPT', offset === 0 ? 'not gzip data (shorter than a gzip header)' : 'trailing data after the last gzip member');
  }
  if (!isGzip(bytes.subarray(offset, offset + 3))) {
    return fail(offset === 0 ? 'GZIP_HEADER_INVALID' : 'GZIP_CORRUPT', offset === 0 ? 'not gzip data (bad magic number or method)' : 'trailing data after the last gzip member');
  }
  const flags = bytes[offset + 3]!;
  if (flags & FTEXT_MASK) return fail('GZIP_HEADER_INVALID', 'gzip header has reserved flag bits set');
  let p = offset + 10;
  if (flags & FEXTRA) {
    if (p + 2 > bytes.length) return fail('GZIP_TRUNCATED', 'gzip data ends inside a member header');
    p += 2 + (bytes[p]! | (bytes[p + 1]! << 8));
  }
  for (const flag of [FNAME, FCOMMENT]) {
    if (flags & flag) {
      while (p < bytes.length && bytes[p] !== 0) p++;
      p++;
    }
  }
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
