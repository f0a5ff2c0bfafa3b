/**
 * Horizontal whitespace as the parsers accept it where a server writes a separator. Servers write TAB or
 * space; text that went through an editor, a ticket or a web page has runs of spaces for TABs, NO-BREAK
 * SPACE (U+00A0) or another Unicode space separator (category Zs) between the columns. Line breaks are
 * not blanks: they end a line.
 *
 * @example
 * ```ts
 * isBlank(0x09);   // true (TAB)
 * isBlank(0xa0);   // true (NO-BREAK SPACE)
 * skipBlanks("a \u00a0\tb", 1); // 4
 * ```
 * @module
 */

/**
 * Whether a UTF-16 code unit is TAB or a Unicode space separator (Zs): U+0020, U+00A0, U+1680,
 * U+2000–U+200A, U+202F, U+205F, U+3000. False for line breaks and past the end (NaN).
 *
 * @example
 * ```ts
 * isBlank("\u3000".charCodeAt(0)); // true
 * isBlank(10);                     // false (LF)
 * ```
 */
export function isBlank(code: number): boolean {
  if (code === 32 || code === 9) return true;
  if (code < 0xa0) return false;
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x202f || code === 0x205f || code === 0x3000;
}

/**
 * The index of the first code unit at or after `at` that is not a blank (`text.length` at the end).
 *
 * @example
 * ```ts
 * skipBlanks("  x", 0); // 2
 * ```
 */
export function skipBlanks(text: string, at: number): number {
  while (isBlank(text.charCodeAt(at))) at++;
  return at;
}

/**
 * `text` without the blanks at its end.
 *
 * @example
 * ```ts
 * trimBlanksEnd("shop \u00a0"); // "shop"
 * ```
 */
export function trimBlanksEnd(text: string): string {
  let end = text.length;
  while (end > 0 && isBlank(text.charCodeAt(end - 1))) end--;
  return end === text.length ? text : text.slice(0, end);
}

/**
 * `message` without one trailing CR (a Windows line end left on the last line).
 *
 * @example
 * ```ts
 * stripTrailingCr("SELECT 1\r"); // "SELECT 1"
 * ```
 */
export function stripTrailingCr(message: string): string {
  return message.charCodeAt(message.length - 1) === 13 ? message.slice(0, -1) : message;
}
