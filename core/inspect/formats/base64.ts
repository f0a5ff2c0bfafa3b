/**
 * A record's data as base64 text (line breaks allowed, as encoders wrap it), or several records one per
 * line (pasted `data` values). Plain words are base64 too ("test" is three bytes of binary), so only
 * gzip or readable text counts as a record.
 *
 * @module
 */
import { isGzip } from '../../bytes/gzip.ts';
import { decodeUtf8 } from '../../bytes/utf8.ts';
import { recordItem } from '../records.ts';
import { type DecodedItem, InputKind } from '../types.ts';
import { describePayload } from '../wording.ts';
import { type Context, type Found, type InputFormat, isSpace } from './format.ts';

/** The base64 format. */
export const base64Format: InputFormat = {
  kind: InputKind.BASE64,
  label: 'base64 record',
  sniff: (input) => input.start >= 0 && looksLikeBase64(input.text!, input.start),
  decode: (input, context) => decodeBase64Text(input.text!, context),
};

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
  if (!isGzip(bytes.value)) {
    const decoded = decodeUtf8(bytes.value);
    if (!decoded.ok || hasControlCharacters(decoded.value)) return undefined;
  }
  const item = recordItem('input', 'input', text, context, {}, 0, bytes.value);
  const wrapped = lines.filter((l) => l !== '').length > 1 ? ', line breaks ignored' : '';
  const inner = item.decoded.ok ? ` holding ${describePayload(item.decoded.value)}` : '';
  return { kind: InputKind.BASE64, description: `A base64 record (${item.bytes} bytes${wrapped})${inner}.`, items: [item] };
}

/** Control characters other than tab and line breaks: binary, not text. */
function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c && c !== 0x0b) || c === 0x7f) return true;
  }
  return false;
}
