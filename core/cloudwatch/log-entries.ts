/**
 * Log text as a server writes it to a file, turned back into log events: one event per entry, a
 * multi-line entry joined the way its parser expects (a general-log statement continues on lines that do
 * not start with a timestamp, a slow-log entry runs from `# Time:`/`# User@Host:` to the next, a PostgreSQL
 * message from its `%t` prefix to the next), and which parser fits when nobody said: the one that
 * parses most of the first entries.
 *
 * CloudWatch Logs does this grouping itself (the RDS agent sends one event per entry), so this serves
 * the inputs that lost it: plain log lines given to `firewatch decode` or the playground, and Firehose
 * records written with "message extraction", which hold only the messages, newline-joined.
 *
 * @example
 * ```ts
 * const detection = detectParser(text);       // { parser: mysqlGeneral, reason: "18 of 20 entries parse; ...", scores }
 * for (const entry of splitLogEntries(text, detection.parser)) console.log(entry.line, entry.message);
 * ```
 * @module
 */
import { builtinParsers, parseMysqlHeader, type LogParser } from '../parsers/mod.ts';

/** One entry of log text: what becomes one log event. */
export interface LogEntry {
  /** The entry's text lines joined with `\n` (a trailing CR of each line removed). */
  readonly message: string;
  /** 1-based number of its first line in the text. */
  readonly line: number;
  /** How many text lines it spans. */
  readonly lines: number;
}

/**
 * Whether `line` starts a new entry, given the lines of the entry being built (at least one). A line for
 * which it answers false continues that entry.
 */
type StartsEntry = (line: string, current: readonly string[], parser: LogParser) => boolean;

// Anchored, no nested quantifiers: one linear look at the start of each line.
const TIMESTAMP_START = /^[ \t\u00a0]*(?:\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}|\d{6}[ \t\u00a0]+\d{1,2}:\d{2}:\d{2}|\d{8}[ \t\u00a0]\d{2}:\d{2}:\d{2})/;
const SLOW_TIME = /^#[ \t\u00a0]*Time:/;
const SLOW_USER_HOST = /^#[ \t\u00a0]*User@Host:/;

const startsWithTimestamp = (line: string) => TIMESTAMP_START.test(line);
const isHeader = (line: string) => parseMysqlHeader(line) !== undefined;

/** Entry rules per parser name; parsers not listed (json, text, auto, regex) read one line per entry. */
const ENTRY_RULES: Readonly<Record<string, StartsEntry>> = {
  // Statements continue on lines of their own; MySQL 5.6 omits the time of same-second lines (`\t\t  42 Query`).
  'mysql-general': (line, _current, parser) => startsWithTimestamp(line) || isHeader(line) || (/^[ \t]/.test(line) && parser.parse(line).ok),
  // `# Time:` opens an entry; `# User@Host:` opens one too unless it follows that `# Time:` (5.6 omits it within a second).
  'mysql-slow': (line, current) => SLOW_TIME.test(line) || (SLOW_USER_HOST.test(line) && !current.every((l) => SLOW_TIME.test(l))) || isHeader(line),
  'mysql-error': (line) => startsWithTimestamp(line) || isHeader(line),
  'mariadb-audit': startsWithTimestamp,
  // RDS's log_line_prefix starts with the time (%t); further lines of a message do not.
  postgresql: startsWithTimestamp,
  // csvlog rows start with log_time; a quoted field (a statement) may hold line breaks.
  'postgresql-csv': startsWithTimestamp,
};

/**
 * Splits log text into entries for `parser`. Blank lines between entries are dropped; inside an entry
 * (a statement with an empty line) they are kept. Linear in the text.
 *
 * @example
 * ```ts
 * splitLogEntries("2026-11-25T11:41:00.1Z\t 1 Query\tSELECT 1\nFROM t\n", mysqlGeneral);
 * // [{ message: "2026-11-25T11:41:00.1Z\t 1 Query\tSELECT 1\nFROM t", line: 1, lines: 2 }]
 * ```
 */
export function splitLogEntries(text: string, parser: LogParser, maxEntries = Number.POSITIVE_INFINITY): LogEntry[] {
  const rule = ENTRY_RULES[parser.name];
  const entries: LogEntry[] = [];
  let current: string[] = [];
  let first = 0;
  let blanks = 0;
  const close = () => {
    if (current.length > 0) entries.push({ message: current.join('\n'), line: first, lines: current.length });
    current = [];
  };
  let start = 0;
  for (let n = 1; start <= text.length && entries.length < maxEntries; n++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
    start = end + 1;
    if (line.trim() === '') {
      blanks++;
      continue;
    }
    if (current.length === 0 || rule === undefined || rule(line, current, parser)) {
      close();
      first = n;
    } else {
      for (; blanks > 0; blanks--) current.push('');
    }
    blanks = 0;
    current.push(line);
  }
  if (entries.length < maxEntries) close();
  return entries;
}

/** How one candidate did on the sample. */
export interface ParserScore {
  readonly parser: string;
  /** Entries it recognised (banner lines included). */
  readonly parsed: number;
  /** Entries the sample made with its entry rule. */
  readonly entries: number;
}

/** Which parser {@link detectParser} chose, and why. */
export interface ParserDetection {
  readonly parser: LogParser;
  /** One sentence: `"20 of 20 entries parse; next best mysql-error 0 of 20"`. */
  readonly reason: string;
  /** Every candidate, in the order tried. */
  readonly scores: readonly ParserScore[];
}

/** Parsers that accept anything: never candidates, `auto` is the fallback. */
const FALLBACKS: readonly string[] = ['text', 'auto'];
/**
 * Parsers that read nearly any line of their shape and so lose ties: `mysql-error` takes any line that
 * starts with a time (5.7's `<time> <thread> [Level] text` and older free text; a PostgreSQL line is one
 * too), `json` any object.
 */
const LENIENT: readonly string[] = ['mysql-error', 'json'];

/**
 * Candidates, most specific first (a tie goes to the earlier one): the built-in parsers in registry order,
 * the lenient ones last, so a parser added to the registry takes part without a change here.
 */
function candidates(): LogParser[] {
  const all: LogParser[] = Object.values(builtinParsers).filter((parser) => !FALLBACKS.includes(parser.name));
  return [...all.filter((parser) => !LENIENT.includes(parser.name)), ...all.filter((parser) => LENIENT.includes(parser.name))];
}

/** Entries tried per candidate: enough to outvote a few odd lines, small enough to cost nothing. */
export const DETECTION_SAMPLE_ENTRIES = 50;
/** Text looked at for detection: the first entries are near the start. */
const DETECTION_SAMPLE_CHARS = 256 * 1024;

/**
 * Picks the parser for log text of unknown origin: each candidate splits the start of the text with its
 * entry rule and parses the first {@link DETECTION_SAMPLE_ENTRIES} entries; the one that recognises most
 * wins, ties going to the more specific. When none recognises anything, `auto` (JSON or plain text).
 *
 * @example
 * ```ts
 * detectParser("2026-11-25 11:41:00 UTC:10.0.0.1(5432):app@db:[42]:LOG:  statement: SELECT 1").parser.name; // "postgresql"
 * ```
 */
export function detectParser(text: string): ParserDetection {
  const sample = text.length > DETECTION_SAMPLE_CHARS ? text.slice(0, text.lastIndexOf('\n', DETECTION_SAMPLE_CHARS) + 1 || DETECTION_SAMPLE_CHARS) : text;
  const scores: ParserScore[] = [];
  let best: { parser: LogParser; score: ParserScore } | undefined;
  const tried = candidates();
  for (const parser of tried) {
    const name = parser.name;
    const entries = splitLogEntries(sample, parser, DETECTION_SAMPLE_ENTRIES);
    let parsed = 0;
    for (const entry of entries) if (parser.parse(entry.message).ok) parsed++;
    const score = { parser: name, parsed, entries: entries.length };
    scores.push(score);
    if (parsed > 0 && (best === undefined || parsed > best.score.parsed)) best = { parser, score };
  }
  const others = scores.filter((s) => s.parser !== best?.parser.name).sort((a, b) => b.parsed - a.parsed);
  const runnerUp = others[0];
  const tie = runnerUp !== undefined && runnerUp.parsed === best?.score.parsed ? ', a tie won by the more specific format' : '';
  const next = runnerUp ? `; next best ${runnerUp.parser} ${runnerUp.parsed} of ${runnerUp.entries}${tie}` : '';
  if (best === undefined) return { parser: builtinParsers.auto, reason: `no server format recognises any of the first entries (tried ${tried.map((p) => p.name).join(', ')})`, scores };
  return { parser: best.parser, reason: `${best.score.parsed} of ${best.score.entries} entries parse${next}`, scores };
}
