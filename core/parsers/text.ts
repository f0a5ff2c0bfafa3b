/**
 * The catch-all parser: accepts any message and extracts nothing, so the document holds the raw
 * `message` and no parse error. The default for log groups of unknown format whose message is not JSON.
 *
 * @example
 * ```ts
 * text.parse("anything at all"); // { ok: true, fields: {} }
 * ```
 * @module
 */

import { defineParser, type NamedParserPlugin, type ParseResult } from './parser.ts';

/**
 * Accepts any message; a fresh `fields` object each time because the document builder may add to it.
 *
 * @example
 * ```ts
 * parseText(""); // { ok: true, fields: {} }
 * ```
 */
export function parseText(_message: string): ParseResult {
  return { ok: true, fields: {} };
}

/**
 * The plain-text parser plug-in.
 *
 * @example
 * ```ts
 * text.name; // "text"
 * ```
 */
export const text: NamedParserPlugin<'text'> = defineParser({
  name: 'text',
  description: 'Any text: keeps the raw message, extracts no fields',
  fields: {},
  parse: parseText,
});
