/**
 * The default parser for log groups of unknown format: JSON when the message starts with `{` (after
 * whitespace), else plain text.
 *
 * @example
 * ```ts
 * auto.parse('{"level":"warn"}'); // { ok: true, fields: { level: "warn" } }
 * auto.parse('GET /');            // { ok: true, fields: {} }
 * ```
 * @module
 */

import { parseJson } from './json.ts';
import { defineParser, type NamedParserPlugin, type ParseResult } from './parser.ts';
import { parseText } from './text.ts';

/**
 * Parses as JSON when the message starts with `{` (after whitespace), else as plain text. A message that
 * starts with `{` but is not valid JSON is reported as such, so the document says why it has no fields.
 *
 * @example
 * ```ts
 * parseAuto('  {"a":1}'); // { ok: true, fields: { a: 1 } }
 * parseAuto('GET /');     // { ok: true, fields: {} }
 * ```
 */
export function parseAuto(message: string): ParseResult {
  for (let i = 0; i < message.length; i++) {
    const code = message.charCodeAt(i);
    if (code === 123) return parseJson(message);
    if (code !== 32 && code !== 9 && code !== 10 && code !== 13) break;
  }
  return parseText(message);
}

/**
 * The default parser for log groups of unknown format.
 *
 * @example
 * ```ts
 * auto.parse('{"level":"warn"}'); // { ok: true, fields: { level: "warn" } }
 * ```
 */
export const auto: NamedParserPlugin<'auto'> = defineParser({
  name: 'auto',
  description: 'JSON when the message starts with "{", otherwise plain text',
  fields: {},
  parse: parseAuto,
});
