/**
 * The byte-level operations on the hot path, bundled so a runtime with faster native versions can plug
 * them in at the edge while core stays on Web standards. {@link portableCodecs} runs everywhere; the Lambda
 * adapter passes node:zlib and `Buffer` versions (scripts/node/codecs.ts).
 *
 * @module
 */
import type { Result } from '../errors.ts';
import { decodeBase64, encodeBase64 } from './base64.ts';
import { fflateInflateRaw, type RawInflate } from './inflate.ts';
import { encodeUtf8 } from './utf8.ts';

/** Hot-path byte operations. Every implementation must accept and reject exactly the same inputs. */
export interface Codecs {
  /** Base64 to bytes; whitespace skipped, anything else outside the alphabet is `BASE64_INVALID`. */
  readonly decodeBase64: (text: string) => Result<Uint8Array>;
  /** A string's UTF-8 bytes as base64, in one step (the shape of every Firehose response record). */
  readonly encodeBase64Utf8: (text: string) => string;
  /** Lines as NDJSON (each followed by `\n`), UTF-8, base64: an `ndjson` answer without an intermediate string. */
  readonly encodeBase64Lines: (lines: readonly string[]) => string;
  /** Raw DEFLATE inflation with a cap; see {@link RawInflate}. */
  readonly inflateRaw: RawInflate;
}

/**
 * Web-standard codecs: portable base64 (or `Uint8Array.fromBase64` where the runtime has it) and fflate.
 *
 * @example
 * ```ts
 * portableCodecs.encodeBase64Utf8("héllo"); // "aMOpbGxv"
 * ```
 */
export const portableCodecs: Codecs = {
  decodeBase64,
  encodeBase64Utf8: (text) => encodeBase64(encodeUtf8(text)),
  encodeBase64Lines: (lines) => encodeBase64(encodeUtf8(lines.length === 0 ? '' : `${lines.join('\n')}\n`)),
  inflateRaw: fflateInflateRaw,
};
