/**
 * Base64 (RFC 4648, standard alphabet) without `Buffer` or `atob`, which are either Node-only or slow.
 * Decoding skips line breaks and spaces, as Python's `base64.encodebytes` and MIME encoders insert them,
 * and rejects anything else with the offending position.
 *
 * @example
 * ```ts
 * const bytes = decodeBase64("aGVs\nbG8=");
 * if (bytes.ok) encodeBase64(bytes.value); // "aGVsbG8="
 * ```
 * @module
 */
import { fail, ok, type Result } from '../errors.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const INVALID = 255;
const SKIP = 254;
const PAD = 253;

const DECODE = new Uint8Array(256).fill(INVALID);
for (let i = 0; i < 64; i++) DECODE[ALPHABET.charCodeAt(i)] = i;
for (const c of ' \t\r\n') DECODE[c.charCodeAt(0)] = SKIP;
DECODE['='.charCodeAt(0)] = PAD;

const ENCODE = new Uint8Array(64);
for (let i = 0; i < 64; i++) ENCODE[i] = ALPHABET.charCodeAt(i);
const PAD_CODE = '='.charCodeAt(0);
const ascii = new TextDecoder();

type NativeBase64 = { fromBase64?: (text: string) => Uint8Array };
const native = Uint8Array as unknown as NativeBase64;

/**
 * Decodes base64, ignoring spaces and line breaks. Padding is optional; characters outside the
 * alphabet, padding in the middle and an impossible length are errors (`BASE64_INVALID`).
 *
 * @example
 * ```ts
 * decodeBase64("not base64!"); // { ok: false, error: FirewatchError BASE64_INVALID "invalid base64 character '!' at offset 10" }
 * ```
 */
export function decodeBase64(text: string): Result<Uint8Array> {
  if (native.fromBase64 !== undefined) {
    // Uint8Array.fromBase64 (Chromium, Firefox, Safari, Bun) skips whitespace and accepts missing padding, like ours.
    try {
      return ok(native.fromBase64(text));
    } catch {
      // Fall through: the portable decoder says precisely what is wrong.
    }
  }
  return decodePortable(text);
}

function decodePortable(text: string): Result<Uint8Array> {
  const length = text.length;
  const out = new Uint8Array(Math.ceil((length * 3) / 4));
  let o = 0;
  let i = 0;
  // Fast path: four alphabet characters at a time until whitespace, padding or garbage shows up.
  while (i + 4 <= length) {
    const a = DECODE[text.charCodeAt(i) & 255]!;
    const b = DECODE[text.charCodeAt(i + 1) & 255]!;
    const c = DECODE[text.charCodeAt(i + 2) & 255]!;
    const d = DECODE[text.charCodeAt(i + 3) & 255]!;
    if ((a | b | c | d) > 63 || text.charCodeAt(i) > 255 || text.charCodeAt(i + 1) > 255 || text.charCodeAt(i + 2) > 255 || text.charCodeAt(i + 3) > 255) break;
    out[o++] = (a << 2) | (b >> 4);
    out[o++] = ((b & 15) << 4) | (c >> 2);
    out[o++] = ((c & 3) << 6) | d;
    i += 4;
  }
  // Slow path: one character at a time, skipping whitespace, handling padding.
  let acc = 0;
  let have = 0;
  let padding = 0;
  for (; i < length; i++) {
    const code = text.charCodeAt(i);
    const value = code > 255 ? INVALID : DECODE[code]!;
    if (value === SKIP) continue;
    if (value === INVALID) return invalid(`invalid base64 character ${JSON.stringify(text[i])} at offset ${i}`);
    if (value === PAD) {
      padding++;
      continue;
    }
    if (padding > 0) return invalid(`base64 data continues after padding at offset ${i}`);
    acc = (acc << 6) | value;
    if (++have === 4) {
      out[o++] = acc >> 16;
      out[o++] = (acc >> 8) & 255;
      out[o++] = acc & 255;
      acc = 0;
      have = 0;
    }
  }
  if (have === 1) return invalid('base64 data has an impossible length (one character too many)');
  if (padding > 0 && (have + padding !== 4 || padding > 2)) return invalid('base64 padding does not match the data length');
  if (have === 2) out[o++] = acc >> 4;
  else if (have === 3) {
    out[o++] = acc >> 10;
    out[o++] = (acc >> 2) & 255;
  }
  return ok(out.subarray(0, o));
}

const invalid = (detail: string): Result<Uint8Array> => fail('BASE64_INVALID', detail);

/**
 * Encodes bytes as padded base64 on one line: `Uint8Array.prototype.toBase64` where the runtime has it,
 * else a table loop writing ASCII bytes that one native UTF-8 decode turns into the string (building the
 * string by concatenation measured ~10× slower on 5 MB).
 *
 * @example
 * ```ts
 * encodeBase64(new TextEncoder().encode("hello")); // "aGVsbG8="
 * ```
 */
export function encodeBase64(bytes: Uint8Array): string {
  const native = (bytes as Uint8Array & { toBase64?: () => string }).toBase64;
  if (native !== undefined) return native.call(bytes);
  const length = bytes.length;
  const whole = length - (length % 3);
  const out = new Uint8Array(Math.ceil(length / 3) * 4);
  let o = 0;
  for (let i = 0; i < whole; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[o] = ENCODE[v >> 18]!;
    out[o + 1] = ENCODE[(v >> 12) & 63]!;
    out[o + 2] = ENCODE[(v >> 6) & 63]!;
    out[o + 3] = ENCODE[v & 63]!;
    o += 4;
  }
  const rest = length - whole;
  if (rest > 0) {
    const v = (bytes[whole]! << 16) | (rest === 2 ? bytes[whole + 1]! << 8 : 0);
    out[o] = ENCODE[v >> 18]!;
    out[o + 1] = ENCODE[(v >> 12) & 63]!;
    out[o + 2] = rest === 2 ? ENCODE[(v >> 6) & 63]! : PAD_CODE;
    out[o + 3] = PAD_CODE;
  }
  return ascii.decode(out);
}
