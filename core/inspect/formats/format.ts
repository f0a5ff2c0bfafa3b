/**
 * The input-format plug-in interface of `decodeInput`: one file per format under `core/inspect/formats/`,
 * each `{ kind, label, sniff, decode }`, tried in the order of `formats/list.ts`. `sniff` is cheap and
 * looks at an {@link InputView} (bytes, text, JSON parsed once and shared by every format); `decode` may
 * still decline with `undefined` (base64 that turns out to be a stray word), and the next format is tried.
 *
 * @example
 * ```ts
 * export const envelopeFormat: InputFormat = {
 *   kind: InputKind.ENVELOPE,
 *   label: "CloudWatch Logs envelope",
 *   sniff: (input) => looksLikeEnvelope(input.json.value),
 *   decode: (input, context) => ({ kind: InputKind.ENVELOPE, description: "...", items: [...] }),
 * };
 * ```
 * @module
 */
import type { Codecs } from '../../bytes/codecs.ts';
import { decodeUtf8 } from '../../bytes/utf8.ts';
import type { FirewatchError } from '../../errors.ts';
import type { LogParser } from '../../parsers/parser.ts';
import type { DecodedItem, InputKind } from '../types.ts';
import { type JsonLine, jsonLines } from '../json-lines.ts';
import { jsonError } from '../wording.ts';
import { parseJsonText } from '../../json-text.ts';

/** gzip inside gzip inside base64 is plausible; deeper nesting is not, and must not recurse forever. */
export const MAX_DEPTH = 3;

/** Everything the decoders need, resolved once per call. */
export interface Context {
  readonly codecs: Codecs;
  readonly maxInflatedBytes: number;
  readonly documents: boolean;
  /** Keep each record's data string on its item. */
  readonly recordData: boolean;
  readonly parserFor: (logGroup: string) => LogParser;
  /** The parser the caller forced, if any (log text is otherwise read with a detected one). */
  readonly forcedParser: LogParser | undefined;
  /** Nesting depth: gzip in base64 in a JSON string is plausible, deeper is not and must not recurse forever. */
  readonly depth: number;
  /** Decodes nested content (inflated gzip, a quoted string) one level deeper, through the whole list. */
  readonly decode: (input: string | Uint8Array, context: Context) => Found;
}

/** What a format's decoder returns; the orchestrator adds the summary and the problem counts. */
export interface Found {
  readonly kind: InputKind;
  readonly description: string;
  readonly items: readonly DecodedItem[];
  readonly context?: Readonly<Record<string, string | number>>;
  readonly warnings?: readonly FirewatchError[];
  readonly error?: FirewatchError;
}

/** The input's text seen as JSON: one value, JSON lines (or an array of objects), broken JSON, or not JSON-shaped at all. */
export type JsonView =
  | { readonly kind: 'value'; readonly value: unknown }
  | { readonly kind: 'lines'; readonly lines: readonly JsonLine[]; readonly array: boolean }
  | { readonly kind: 'invalid'; readonly error: FirewatchError }
  | { readonly kind: 'none' };

/**
 * The input as every format sees it, each view computed at most once: the bytes (when bytes were given),
 * the UTF-8 text (undefined for binary), where its first non-space character is, and its JSON.
 */
export class InputView {
  readonly bytes: Uint8Array | undefined;
  readonly #given: string | undefined;
  #text: { value: string | undefined; error?: string } | undefined;
  #json: JsonView | undefined;

  constructor(input: string | Uint8Array) {
    if (typeof input === 'string') this.#given = input;
    else this.bytes = input;
  }

  /** The text; undefined when the bytes are not UTF-8. */
  get text(): string | undefined {
    return this.#decoded().value;
  }

  /** Why the bytes are not text (the UTF-8 error detail), when they are not. */
  get textError(): string | undefined {
    return this.#decoded().error;
  }

  /** Index of the first character that is not whitespace; -1 for blank or binary input. */
  get start(): number {
    const text = this.text;
    return text === undefined ? -1 : firstNonSpace(text);
  }

  /** The JSON view, parsed once. Only text starting with `{` or `[` is looked at as JSON. */
  get json(): JsonView {
    this.#json ??= this.#parseJson();
    return this.#json;
  }

  #decoded(): { value: string | undefined; error?: string } {
    if (this.#text === undefined) {
      if (this.#given !== undefined) this.#text = { value: this.#given };
      else {
        const decoded = decodeUtf8(this.bytes!);
        this.#text = decoded.ok ? { value: decoded.value } : { value: undefined, error: decoded.error.detail };
      }
    }
    return this.#text;
  }

  #parseJson(): JsonView {
    const text = this.text;
    const start = this.start;
    if (text === undefined || start < 0) return { kind: 'none' };
    const first = text.charCodeAt(start);
    if (first !== 0x7b && first !== 0x5b) return { kind: 'none' };
    let value: unknown;
    try {
      value = parseJsonText(text);
    } catch (cause) {
      const lines = jsonLines(text);
      return lines ? { kind: 'lines', lines, array: false } : { kind: 'invalid', error: jsonError(text, cause).at('input') };
    }
    // An array of objects reads like JSON lines: S3 backup lines or envelopes collected into one document.
    if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'object' && v !== null && !Array.isArray(v))) {
      return { kind: 'lines', lines: value.map((v, i) => ({ position: `[${i}]`, value: v })), array: true };
    }
    return { kind: 'value', value };
  }
}

/** One input format. */
export interface InputFormat {
  /** The kind it answers with; absent for a wrapper (a quoted string) that answers with the kind of what it holds. */
  readonly kind?: InputKind;
  /** What it is, for the "tried ..." list of an unrecognised input. */
  readonly label: string;
  /** Whether the input looks like this format (cheap; JSON is parsed once for all formats). */
  sniff(input: InputView, context: Context): boolean;
  /** Decodes it; undefined declines after all, and the next format is tried. */
  decode(input: InputView, context: Context): Found | undefined;
}

/** True for whitespace as the base64 and JSON readers skip it. */
export const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xfeff;

/** Index of the first non-space character, -1 when there is none. */
export function firstNonSpace(text: string): number {
  for (let i = 0; i < text.length; i++) if (!isSpace(text.charCodeAt(i))) return i;
  return -1;
}

/** The parsed JSON object of a `value` view, or undefined. */
export function jsonObject(input: InputView): Record<string, unknown> | undefined {
  const json = input.json;
  if (json.kind !== 'value') return undefined;
  const value = json.value;
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
