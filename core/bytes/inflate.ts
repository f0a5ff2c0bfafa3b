/**
 * Raw DEFLATE inflaters behind one signature, so the gzip reader can walk concatenated members on
 * every runtime and a platform with a native zlib can plug it in (the Lambda adapter passes node:zlib,
 * ~2.5× faster than fflate on Node; see the README's benchmark).
 *
 * @module
 */
import { Inflate } from 'fflate';
import { fail, ok, type Result } from '../errors.ts';

/** What an inflater returns: the inflated bytes and how many input bytes the deflate stream used. */
export interface Inflated {
  readonly output: Uint8Array;
  readonly consumed: number;
}

/**
 * Inflates the raw DEFLATE stream at the start of `input` (anything after the stream's end is left
 * alone) and stops with `GZIP_TOO_LARGE` once the output would exceed `maxOutputBytes`.
 * Errors: `GZIP_TRUNCATED` when the input ends inside the stream, `GZIP_CORRUPT` for invalid data.
 * `sizeHint`, when given, is the expected output size (a gzip trailer's ISIZE) and only saves copies.
 */
export type RawInflate = (input: Uint8Array, maxOutputBytes: number, sizeHint?: number) => Result<Inflated>;

/** fflate's streaming inflater keeps its state in these fields; we read them to learn where the stream ended. */
interface InflateInternals {
  /** Unconsumed input. */
  p: Uint8Array;
  /** State: `f` final block seen, `l` inside a block (null when the block is done), `p` bit offset into `p`. */
  s: { f?: number; l?: unknown; p?: number };
  /** Output window; pre-sizing it avoids fflate's grow-and-copy steps. */
  o: Uint8Array;
}

/** Input fed per step: a 16 KiB step inflates to at most ~16.5 MiB (DEFLATE's ratio tops out near 1032:1), which bounds the overshoot past the cap. */
const STEP_BYTES = 16 * 1024;
/** fflate grows its buffer by this much ahead of each block; sizing the window with it avoids regrowth. */
const FFLATE_SLACK = 131072 + 32768;

/**
 * The portable inflater: fflate (pure JavaScript), identical on Node, Deno, Bun, workerd and browsers.
 *
 * @example
 * ```ts
 * const result = fflateInflateRaw(deflateBytes, 64 * 1024 * 1024);
 * if (result.ok) console.log(result.value.output.length, result.value.consumed);
 * ```
 */
export const fflateInflateRaw: RawInflate = (input, maxOutputBytes, sizeHint) => {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const inflater = new Inflate((chunk: Uint8Array) => {
    if (chunk.length > 0) {
      chunks.push(chunk);
      total += chunk.length;
    }
  });
  const state = inflater as unknown as InflateInternals;
  // A hint is only trusted as far as the input could possibly inflate, so a lying trailer cannot make us allocate.
  if (sizeHint !== undefined && sizeHint <= maxOutputBytes && sizeHint <= input.length * 1032) state.o = new Uint8Array(sizeHint + FFLATE_SLACK);
  const done = () => state.s.f === 1 && !state.s.l;
  // Inputs too small to inflate past the cap in one go skip the stepping.
  const step = input.length * 1032 <= maxOutputBytes ? input.length : STEP_BYTES;
  let pushed = 0;
  try {
    while (pushed < input.length && !done()) {
      const chunk = input.subarray(pushed, pushed + step);
      inflater.push(chunk, false);
      pushed += chunk.length;
      if (total > maxOutputBytes) return tooLarge(maxOutputBytes);
    }
    if (!done()) inflater.push(new Uint8Array(0), true);
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    return /unexpected EOF/i.test(message)
      ? fail('GZIP_TRUNCATED', 'compressed data ends before the deflate stream does', { cause })
      : fail('GZIP_CORRUPT', `invalid deflate data (${message})`, { cause });
  }
  if (total > maxOutputBytes) return tooLarge(maxOutputBytes);
  // fflate keeps what it has not used of the pushed input in `p`, the final byte included when partly used.
  const consumed = pushed - state.p.length + (state.s.p ? 1 : 0);
  return ok({ output: concat(chunks, total), consumed });
};

const tooLarge = (max: number): Result<Inflated> => fail('GZIP_TOO_LARGE', `inflated data exceeds the ${max}-byte cap (a gzip bomb, or raise the cap)`);

/** Joins chunks, without a copy in the common single-chunk case. */
export function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
