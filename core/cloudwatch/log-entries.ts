/**
 * Log text as a server writes it to a file, turned back into log events: one event per entry, a
 * multi-line entry joined by the rule its parser declares (`LogParser.startsEntry`: a general-log
 * statement continues on lines that do not start with a timestamp, a slow-log entry runs from
 * `# Time:`/`# User@Host:` to the next, a PostgreSQL message from its `%t` prefix to the next), and which
 * parser fits when nobody said: the one that parses most of the first entries.
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
import { builtinParsers, type LogParser } from '../parsers/mod.ts';

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
 * Splits log text into entries for `parser`, by its `startsEntry` rule (none: one line per entry). Blank
 * lines between entries are dropped; inside an entry (a statement with an empty line) they are kept.
 * Linear in the text.
 *
 * @example
 * ```ts
 * splitLogEntries("2026-11-25T11:41:00.1Z\t 1 Query\tSELECT 1\nFROM t\n", mysqlGeneral);
 * // [{ message: "2026-11-25T11:41:00.1Z\t 1 Query\tSELECT 1\nFROM t", line: 1, lines: 2 }]
 * ```
 */
export function splitLogEntries(text: string, parser: LogParser, maxEntries = Number.POSITIVE_INFINITY): LogEntry[] {
  const rule = parser.startsEntry;
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
    if (current.length === 0 || rule === undefined || rule(line, current)) {
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
  /** Fields it extracted from the entries it recognised: what breaks a tie. */
  readonly fields: number;
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

/** Entries tried per candidate: enough to outvote a few odd lines, small enough to cost nothing. */
export const DETECTION_SAMPLE_ENTRIES = 50;
/** Text looked at for detection: the first entries are near the start. */
const DETECTION_SAMPLE_CHARS = 256 * 1024;

/** Whether score `a` beats `b`: more entries recognised, then more fields read from them. */
const beats = (a: ParserScore, b: ParserScore) => a.parsed > b.parsed || (a.parsed === b.parsed && a.fields > b.fields);

/**
 * Picks the parser for log text of unknown origin: each built-in parser splits the start of the text
 * with its entry rule and parses the first {@link DETECTION_SAMPLE_ENTRIES} entries; the one that
 * recognises most entries wins, a tie going to the one that reads more fields from them (a parser that
 * takes a line for free text reads less of it than the parser of its format), then to the earlier in
 * the list. When none recognises anything, `auto` (JSON or plain text).
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
  const tried = Object.values(builtinParsers).filter((parser) => !FALLBACKS.includes(parser.name));
  for (const parser of tried) {
    const entries = splitLogEntries(sample, parser, DETECTION_SAMPLE_ENTRIES);
    let parsed = 0;
    let fields = 0;
    for (const entry of entries) {
      const result = parser.parse(entry.message);
      if (!result.ok) continue;
      parsed++;
      fields += Object.keys(result.fields).length;
    }
    const score = { parser: parser.name, parsed, entries: entries.length, fields };
    scores.push(score);
    if (parsed > 0 && (best === undefined || beats(score, best.score))) best = { parser, score };
  }
  if (best === undefined) {
    return {
      parser: builtinParsers.auto,
      reason: `no server format recognises any of the first entries (tried ${tried.map((p) => p.name).join(', ')})`,
      scores,
    };
  }
  const chosen = best.score;
  const runnerUp = scores.filter((s) => s !== chosen).reduce<ParserScore | undefined>((top, s) => (top === undefined || beats(s, top) ? s : top), undefined);
  let next = '';
  if (runnerUp !== undefined) {
    const tie = runnerUp.parsed !== chosen.parsed
      ? ''
      : runnerUp.fields < chosen.fields
      ? `, a tie won by more fields (${chosen.fields} against ${runnerUp.fields})`
      : ', a tie won by list order';
    next = `; next best ${runnerUp.parser} ${runnerUp.parsed} of ${runnerUp.entries}${tie}`;
  }
  return { parser: best.parser, reason: `${chosen.parsed} of ${chosen.entries} entries parse${next}`, scores };
}
