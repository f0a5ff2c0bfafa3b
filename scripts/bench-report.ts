/**
 * How `npm run bench` talks: progress on stderr while it runs (which section, how far), and each figure
 * printed with its target and a ✓/✗ verdict, then one summary line. Every bench section uses it
 * (scripts/bench.ts, scripts/bench-overload.ts, the playground's measurement), so the verdicts read the
 * same everywhere and end up together in `--json`'s `verdicts` array. /work/notes/bench-api.md (and the
 * README's Performance section) describe the API for section authors.
 *
 * @example
 * ```ts
 * const report = createBenchReport({ json: false, sections: ['transform', 'endpoint'] });
 * report.section('transform');
 * for (let round = 1; round <= 10; round++) report.progress(round, 10);
 * report.say(`  ndjson 41.2 ms  ${report.check('transform ndjson ratio', 0.45, { atLeast: 0.4 })}`);
 * report.finish(); // "bench: 1 of 1 figures met their targets ✓"
 * ```
 * @module
 */

/** What a figure must be: at least or at most a number (in the figure's unit). */
export type Target = { readonly atLeast: number } | { readonly atMost: number };

/** One figure judged against its target. */
export interface Verdict {
  /** Stable name, e.g. `transform 1000x10 ndjson ratio`; a key for machines, read by people too. */
  readonly name: string;
  readonly value: number;
  readonly target: Target;
  /** Unit shown after numbers (`ms`, `MiB`, ``); empty for ratios. */
  readonly unit: string;
  readonly pass: boolean;
}

/**
 * Judges a figure.
 *
 * @example
 * ```ts
 * judge('endpoint gzip ratio', 0.28, { atLeast: 0.3 }).pass; // false
 * ```
 */
export function judge(name: string, value: number, target: Target, unit = ''): Verdict {
  const pass = 'atLeast' in target ? value >= target.atLeast : value <= target.atMost;
  return { name, value, target, unit, pass };
}

const withUnit = (n: number, unit: string) => `${n.toLocaleString('en-US', { maximumFractionDigits: 3 })}${unit === '' ? '' : ` ${unit}`}`;

/**
 * The target as people write it: `≥ 0.4`, `≤ 64 MiB`.
 *
 * @example
 * ```ts
 * formatTarget({ atMost: 64 }, 'MiB'); // "≤ 64 MiB"
 * ```
 */
export function formatTarget(target: Target, unit = ''): string {
  return 'atLeast' in target ? `≥ ${withUnit(target.atLeast, unit)}` : `≤ ${withUnit(target.atMost, unit)}`;
}

/**
 * A verdict as it appears after a figure: `0.45 ✓ (target ≥ 0.4)`.
 *
 * @example
 * ```ts
 * formatVerdict(judge('x', 0.28, { atLeast: 0.3 })); // "0.28 ✗ (target ≥ 0.3)"
 * ```
 */
export function formatVerdict(verdict: Verdict): string {
  return `${withUnit(verdict.value, verdict.unit)} ${verdict.pass ? '✓' : '✗'} (target ${formatTarget(verdict.target, verdict.unit)})`;
}

/**
 * The closing line: how many figures met their targets, and which missed.
 *
 * @example
 * ```ts
 * summaryLine([judge('a', 1, { atLeast: 0.5 }), judge('b', 3, { atMost: 2 })]);
 * // "bench: 1 of 2 figures met their targets; missed: b 3 ✗ (target ≤ 2)"
 * ```
 */
export function summaryLine(verdicts: readonly Verdict[]): string {
  const missed = verdicts.filter((v) => !v.pass);
  const head = `bench: ${verdicts.length - missed.length} of ${verdicts.length} figure${verdicts.length === 1 ? '' : 's'} met ${
    verdicts.length === 1 ? 'its target' : 'their targets'
  }`;
  return missed.length === 0 ? `${head} ✓` : `${head}; missed: ${missed.map((v) => `${v.name} ${formatVerdict(v)}`).join('; ')}`;
}

/** Options of {@link createBenchReport}. */
export interface BenchReportOptions {
  /** `--json`: figures go to the JSON object only; stdout carries nothing else. Progress stays on stderr. */
  readonly json: boolean;
  /** The sections planned, in order, for the `[n/total]` counter; a section not listed is added at its start. */
  readonly sections?: readonly string[];
  /** Where figures go (default stdout, one line each). */
  readonly out?: (line: string) => void;
  /** Where progress goes (default process.stderr). */
  readonly progressStream?: { write(text: string): unknown; readonly isTTY?: boolean };
  /** Epoch ms, for the seconds each section took. Default `Date.now`. */
  readonly now?: () => number;
}

/** The reporter every bench section writes through. */
export interface BenchReport {
  /** Starts a section: one progress line on stderr, `bench: [3/7] endpoint throughput`. */
  section(name: string): void;
  /**
   * How far the current section is (`done` of `total` steps). On a terminal the progress line is redrawn
   * in place; elsewhere (CI logs) a line is written at each quarter, so logs stay short.
   */
  progress(done: number, total: number, what?: string): void;
  /** A figure line for people (stdout), silent under `--json`. */
  say(line: string): void;
  /** Judges a figure, keeps the verdict for the summary and `--json`, and returns `0.45 ✓ (target ≥ 0.4)` to print. */
  check(name: string, value: number, target: Target, unit?: string): string;
  /** Every verdict so far, in order. */
  readonly verdicts: readonly Verdict[];
  /** Ends the progress display and prints the summary line (stdout, or stderr under `--json`); returns the verdicts. */
  finish(): readonly Verdict[];
}

/**
 * Creates the reporter.
 *
 * @example
 * ```ts
 * const report = createBenchReport({ json: process.argv.includes('--json'), sections: ['transform', 'inflate'] });
 * ```
 */
export function createBenchReport(options: BenchReportOptions): BenchReport {
  const out = options.out ?? ((line: string) => console.log(line));
  const stream = options.progressStream ?? process.stderr;
  const tty = stream.isTTY === true;
  const now = options.now ?? Date.now;
  const planned = [...(options.sections ?? [])];
  const verdicts: Verdict[] = [];
  let current: { name: string; index: number; started: number; quarter: number } | undefined;
  let drawn = false;

  const clear = () => {
    if (drawn) stream.write('\r\x1b[2K');
    drawn = false;
  };
  const label = () => (current === undefined ? 'bench' : `bench: [${current.index}/${planned.length}] ${current.name}`);
  const endSection = () => {
    if (current === undefined) return;
    clear();
    if (tty) stream.write(`${label()} done in ${((now() - current.started) / 1000).toFixed(1)} s\n`);
    current = undefined;
  };

  return {
    section(name) {
      endSection();
      let index = planned.indexOf(name);
      if (index < 0) {
        planned.push(name);
        index = planned.length - 1;
      }
      current = { name, index: index + 1, started: now(), quarter: 0 };
      stream.write(`${label()}…\n`);
    },
    progress(done, total, what) {
      if (current === undefined || total <= 0) return;
      const fraction = Math.min(1, Math.max(0, done / total));
      const text = `${label()}: ${Math.round(fraction * 100)}%${what ? ` (${what})` : ''}`;
      if (tty) {
        stream.write(`\r\x1b[2K${text}`);
        drawn = true;
        return;
      }
      const quarter = Math.floor(fraction * 4);
      if (quarter > current.quarter && quarter < 4) {
        current.quarter = quarter;
        stream.write(`${text}\n`);
      }
    },
    say(line) {
      if (options.json) return;
      clear();
      out(line);
    },
    check(name, value, target, unit = '') {
      const verdict = judge(name, value, target, unit);
      verdicts.push(verdict);
      return formatVerdict(verdict);
    },
    verdicts,
    finish() {
      endSection();
      const line = summaryLine(verdicts);
      if (options.json) stream.write(`${line}\n`);
      else out(line);
      return verdicts;
    },
  };
}
