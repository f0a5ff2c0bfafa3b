/**
 * "Did you mean": the closest known name to a mistyped command or option, when one is close enough to
 * be a typo (a letter missing, extra, wrong or two swapped) or the input is the start of one name.
 *
 * @example
 * ```ts
 * closest("sned", ["decode", "send", "serve"]); // "send"
 * closest("--retry-secs", ["--retry-seconds", "--gzip"]); // "--retry-seconds"
 * closest("frobnicate", ["decode", "send"]); // undefined
 * ```
 * @module
 */

/**
 * Edits (insert, delete, substitute, swap two neighbours) from `a` to `b`: the optimal string alignment
 * distance. Quadratic, for short names only.
 *
 * @example
 * ```ts
 * editDistance("sned", "send"); // 1
 * ```
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The candidate `input` most likely meant, or undefined when none is close: within a third of the
 * name's length in edits (at least one, at most three), or the only candidate starting with `input`.
 */
export function closest(input: string, candidates: readonly string[]): string | undefined {
  const lower = input.toLowerCase();
  if (lower.length > 64) return undefined;
  let best: { name: string; distance: number } | undefined;
  for (const name of candidates) {
    const distance = editDistance(lower, name.toLowerCase());
    if (best === undefined || distance < best.distance) best = { name, distance };
  }
  if (best !== undefined && best.distance <= Math.min(3, Math.max(1, Math.floor(best.name.length / 3)))) return best.name;
  const prefixed = candidates.filter((name) => lower.length >= 2 && name.toLowerCase().startsWith(lower));
  return prefixed.length === 1 ? prefixed[0] : undefined;
}

/**
 * `; did you mean X?` for an error message, or the empty string when nothing is close.
 *
 * @example
 * ```ts
 * `unknown command "sned"${didYouMean("sned", ["send"])}`; // 'unknown command "sned"; did you mean send?'
 * ```
 */
export function didYouMean(input: string, candidates: readonly string[]): string {
  const name = closest(input, candidates);
  return name === undefined ? '' : `; did you mean ${name}?`;
}
