/**
 * Counts in words, right for one and many, with thousands grouped: `1 record`, `2 records`,
 * `1,024 batches`. One home for the CLI's and the servers' summary lines.
 *
 * @module
 */

/**
 * `n` and the noun, singular for exactly one.
 *
 * @example
 * ```ts
 * plural(1, "record"); // "1 record"
 * plural(1234, "batch"); // "1,234 batches"
 * plural(2, "entry", "entries"); // "2 entries"
 * ```
 */
export function plural(n: number, noun: string, many?: string): string {
  const word = n === 1 ? noun : (many ?? (/(?:ch|sh|s|x)$/.test(noun) ? `${noun}es` : `${noun}s`));
  return `${n.toLocaleString('en-US')} ${word}`;
}
