/**
 * Real log text no one here wrote (test/fixtures/corpus/, sources in its SOURCES.md), read by the
 * parsers as CloudWatch would hand it over: one entry per event. For every file, and for variants made
 * from it here (spaces for TABs, NO-BREAK SPACEs and other Unicode spaces between the columns, CRLF), the
 * test counts the entries whose fields are right, prints the share per file, and asserts it.
 *
 * The expected fields never come from the parsers: for general logs whose commands end at a TAB they are
 * cut at the TABs the format documents; for the few old files that have spaces instead they are in a
 * hand-checked `<file>.expected.json`; for the other formats a plain regular expression over the entry
 * reads the documented layout. A line in no documented layout is right when the parser refuses it (the
 * raw line is then indexed with an error tag, never lost).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectParser } from '../../../core/cloudwatch/log-entries.ts';
import { mariadbAudit } from '../../../core/parsers/mariadb-audit.ts';
import { mysqlError } from '../../../core/parsers/mysql-error.ts';
import { mysqlGeneral } from '../../../core/parsers/mysql-general.ts';
import { mysqlSlow } from '../../../core/parsers/mysql-slow.ts';
import type { JsonValue, LogParser, ParseResult } from '../../../core/parsers/parser.ts';
import { postgresql } from '../../../core/parsers/postgresql.ts';
import { expectValidResult } from './harness.ts';

const CORPUS = new URL('../../fixtures/corpus/', import.meta.url);

/** What one entry must parse to: fields that must equal (argument compared with blanks collapsed), or a refusal. */
type Expectation = { readonly header: true } | { readonly refused: true } | {
  readonly fields: Readonly<Record<string, JsonValue>>;
  readonly timestamp?: string | null;
};

interface Kind {
  readonly parser: LogParser;
  /** Whether a line starts a new entry (the other lines continue the entry before them). */
  readonly startsEntry: (line: string, previous: string | undefined) => boolean;
  /** The expectations of a file's entries, derived without the parser. */
  readonly expect: (entries: readonly string[], name: string) => Expectation[];
  /** Least share of right entries per file and variant. */
  readonly minimumShare: number;
}

/** One line of the banner mysqld writes on open (general and slow logs). */
const BANNER = /^(?:\S.*, Version:.*started with:|Tcp port:\s*\d+.*|Time\s+Id\s+Command\s+Argument)\s*$/;

/**
 * General logs as the server wrote them, TABs and all: 100% right, not just 99%. (The percona files
 * genlog001–003 and 005 hold spaces where the server wrote TABs.)
 */
const EXACT_SERVER_OUTPUT: ReadonlySet<string> = new Set(['general/percona-genlog004', 'general/percona-pt-1573-system', 'general/clo-aurora-mysql8-general']);

/** Blanks collapsed: a copied argument keeps its words, not its spacing. */
const collapse = (text: string): string => text.replace(/\s+/g, ' ').trim();

// ---------------------------------------------------------------------------------------------------
// Per format: where entries start and what they must hold.

/** Commands that end at a TAB, per the documented layout: `<time>\t<id> <Command>\t<Argument>`. */
const TAB_CUT = /^(\S*)\s+(\d+) ([^\t\n]+)\t/;

function generalExpectations(entries: readonly string[], name: string): Expectation[] {
  let handChecked: Expectation[] | undefined;
  try {
    const json = JSON.parse(readFileSync(new URL(`general/${name}.expected.json`, CORPUS), 'utf8')) as { timestamp: string | null; [key: string]: JsonValue }[];
    handChecked = json.map(({ timestamp, ...fields }) => ({ fields, timestamp }));
  } catch {
    handChecked = undefined;
  }
  const events = entries.filter((entry) => !BANNER.test(entry));
  if (handChecked !== undefined) expect([name, events.length]).toEqual([name, handChecked.length]);
  let event = 0;
  return entries.map((entry) => {
    if (BANNER.test(entry)) return { header: true };
    const checked = handChecked?.[event++];
    if (checked !== undefined) return checked;
    const cut = TAB_CUT.exec(entry);
    if (cut === null) return { refused: true };
    return { fields: { thread_id: Number(cut[2]), command: cut[3]!, argument: entry.slice(cut[0].length) } };
  });
}

const SLOW_QUERY_TIME = /# Query_time:\s+([\d.]+)\s+Lock_time:\s+([\d.]+)\s+Rows_sent:\s+(\d+)\s+Rows_examined:\s+(\d+)/;
const SLOW_USER = /# User@Host:\s+(\S*?)\[([^\]]*)\]/;

function slowExpectations(entries: readonly string[]): Expectation[] {
  return entries.map((entry) => {
    if (entry.split('\n').every((line) => line.trim() === '' || BANNER.test(line))) return { header: true };
    const times = SLOW_QUERY_TIME.exec(entry);
    if (times === null) return { refused: true };
    const fields: Record<string, JsonValue> = {
      query_time: Number(times[1]),
      lock_time: Number(times[2]),
      rows_sent: Number(times[3]),
      rows_examined: Number(times[4]),
    };
    const user = SLOW_USER.exec(entry);
    if (user !== null && (user[2] || user[1])) fields['user'] = user[2] || user[1]!;
    return { fields };
  });
}

/**
 * The documented layouts: an ISO time, an optional thread id and always a `[Level]` (5.6 and later,
 * MariaDB 10); or the legacy `YYMMDD H:MM:SS`, free text after it (an optional `[Level]`, no thread id),
 * glued to the time in some MySQL 5.0/5.1 InnoDB lines.
 */
const ERROR_LINE =
  /^(?:\d{4}-\d\d-\d\d[T ][\d:.]+Z?\s+(?:(\d+)\s+)?(?=\[)|\d{6}\s+\d{1,2}:\d\d:\d\d(?:\s+|(?=[A-Za-z]))(?!\d+\s))(?:\[(\w+)\]\s+)?(?:\[(MY-\d+)\]\s+)?(?:\[(\w+)\]\s+)?/;

function errorExpectations(entries: readonly string[]): Expectation[] {
  return entries.map((entry) => {
    const parts = ERROR_LINE.exec(entry);
    if (parts === null || (/^\d{4}-/.test(entry) && parts[2] === undefined)) return { refused: true };
    const fields: Record<string, JsonValue> = {};
    if (parts[1] !== undefined) fields['thread_id'] = Number(parts[1]);
    if (parts[2] !== undefined) fields['level'] = parts[2];
    if (parts[3] !== undefined) fields['error_code'] = parts[3];
    if (parts[3] !== undefined && parts[4] !== undefined) fields['subsystem'] = parts[4];
    return { fields };
  });
}

const AUDIT_LINE = /^(\d{8} \d\d:\d\d:\d\d|\d{16}),([^,]*),([^,]*),([^,]*),(\d+),(\d+),([A-Z_]+),([^,]*),(?:'(?:[^'\\]|\\.)*'|[^,]*),(-?\d*)(?:,|$)/;

function auditExpectations(entries: readonly string[]): Expectation[] {
  return entries.map((entry) => {
    const parts = AUDIT_LINE.exec(entry);
    if (parts === null) return { refused: true };
    const fields: Record<string, JsonValue> = { connection_id: Number(parts[5]), query_id: Number(parts[6]), operation: parts[7]! };
    if (parts[3] !== '') fields['user'] = parts[3]!;
    if (parts[8] !== '') fields['db'] = parts[8]!;
    if (parts[9] !== '') fields['retcode'] = Number(parts[9]);
    return { fields };
  });
}

const POSTGRES_LINE = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)? [A-Z]{3,4}:(?:\[local\]|[^:()]*\(\d+\)|):([^@:]*)@([^:]*):\[(\d+)\]:([A-Z0-9]+):/;

function postgresqlExpectations(entries: readonly string[]): Expectation[] {
  return entries.map((entry) => {
    const parts = POSTGRES_LINE.exec(entry);
    if (parts === null) return { refused: true };
    const fields: Record<string, JsonValue> = { pid: Number(parts[3]), severity: parts[4]! };
    if (parts[1] !== '') fields['user'] = parts[1]!;
    if (parts[2] !== '') fields['db'] = parts[2]!;
    return { fields };
  });
}

const KINDS: Readonly<Record<string, Kind>> = {
  general: {
    parser: mysqlGeneral,
    // A time or the blanks of the same-second form, a thread id, a command word; or a banner line.
    startsEntry: (line) =>
      /^(?:\d{6}\s+\d{1,2}:\d\d:\d\d|\d{4}-\d\d-\d\dT\S+)?\s+\d+\s+[A-Za-z]/.test(line) || /^\d{6}\s+\d{1,2}:\d\d:\d\d\s+\d+\s+[A-Za-z]/.test(line) ||
      BANNER.test(line),
    expect: generalExpectations,
    minimumShare: 0.99,
  },
  slow: {
    parser: mysqlSlow,
    // `# Time:` starts an entry, and so does the first `#` line after a statement (5.6 omits `# Time:`).
    startsEntry: (line, previous) =>
      line.startsWith('# Time:') || (line.startsWith('#') && previous !== undefined && !previous.startsWith('#')) ||
      (BANNER.test(line) && previous !== undefined && !BANNER.test(previous)),
    expect: slowExpectations,
    minimumShare: 1,
  },
  error: {
    parser: mysqlError,
    startsEntry: (line) => /^(?:\d{6}\s+\d{1,2}:\d\d:\d\d|\d{4}-\d\d-\d\d[T ]\d\d:)/.test(line),
    expect: errorExpectations,
    minimumShare: 1,
  },
  audit: { parser: mariadbAudit, startsEntry: () => true, expect: auditExpectations, minimumShare: 1 },
  postgresql: { parser: postgresql, startsEntry: (line) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/.test(line), expect: postgresqlExpectations, minimumShare: 1 },
};

/** Splits a file into entries; blank lines between entries are dropped. */
function splitEntries(text: string, kind: Kind): string[] {
  const entries: string[] = [];
  let current: string[] = [];
  let previous: string | undefined;
  for (const line of text.split('\n')) {
    if (current.length > 0 && kind.startsEntry(line, previous)) {
      entries.push(current.join('\n'));
      current = [];
    }
    if (current.length > 0 || line.replace(/\r$/, '').trim() !== '') current.push(line);
    previous = line;
  }
  if (current.length > 0) entries.push(current.join('\n'));
  return entries.map((entry) => entry.replace(/(?:\r?\n[ \t\r]*)+$/, ''));
}

// ---------------------------------------------------------------------------------------------------
// Variants, made from the real text as editors, tickets and web pages make them.

/** A deterministic cycle of choices, so every run makes the same variants. */
function cycle<T>(items: readonly T[]): () => T {
  let i = 0;
  return () => items[i++ % items.length]!;
}

const VARIANTS: Readonly<Record<string, (text: string) => string>> = {
  exact: (text) => text,
  'spaces for TABs': (text) => {
    const width = cycle([1, 4, 8, 2, 3]);
    return text.replace(/\t/g, () => ' '.repeat(width()));
  },
  'NO-BREAK SPACE between columns': (text) =>
    text.replace(/\t/g, '\u00a0').replace(/ {2,}/g, (run) => '\u00a0 '.repeat(run.length / 2) + (run.length % 2 === 1 ? '\u00a0' : '')),
  'Unicode spaces for TABs': (text) => {
    const space = cycle(['\u2003', '\u3000', '\u202f', '\u205f', '\u2009', '\u2000']);
    return text.replace(/\t/g, () => space());
  },
  CRLF: (text) => text.replace(/\n/g, '\r\n'),
};

/** Whether a result holds what the expectation says. */
function isRight(result: ParseResult, expectation: Expectation): boolean {
  if ('refused' in expectation) return !result.ok;
  if (!result.ok) return false;
  if ('header' in expectation) return result.header === true;
  if (result.header === true) return false;
  for (const [name, value] of Object.entries(expectation.fields)) {
    const actual = result.fields[name];
    if (name === 'argument' && typeof value === 'string' && typeof actual === 'string' ? collapse(actual) !== collapse(value) : actual !== value) return false;
  }
  if (expectation.timestamp === null && result.timestamp !== undefined) return false;
  if (typeof expectation.timestamp === 'string' && result.timestamp !== expectation.timestamp) return false;
  return true;
}

const files = (kind: string): string[] =>
  readdirSync(new URL(`${kind}/`, CORPUS))
    .filter((name) => name.endsWith('.log'))
    .map((name) => name.slice(0, -4))
    .sort();

describe('corpus of real logs (test/fixtures/corpus)', () => {
  const report: string[] = [];

  for (const [kindName, kind] of Object.entries(KINDS)) {
    for (const name of files(kindName)) {
      it(`${kindName}/${name}: every variant parses right on at least ${kind.minimumShare * 100}% of its entries`, () => {
        const text = readFileSync(new URL(`${kindName}/${name}.log`, CORPUS), 'utf8');
        const entries = splitEntries(text, kind);
        const expectations = kind.expect(entries, name);
        expect(entries.length).toBeGreaterThan(0);
        for (const [variantName, variant] of Object.entries(VARIANTS)) {
          const variantEntries = splitEntries(variant(text), kind);
          expect([name, variantName, variantEntries.length]).toEqual([name, variantName, entries.length]);
          const wrong: string[] = [];
          for (const [index, entry] of variantEntries.entries()) {
            const result = kind.parser.parse(entry);
            expectValidResult(result);
            if (!isRight(result, expectations[index]!)) {
              wrong.push(`#${index} ${JSON.stringify(entry.slice(0, 100))} -> ${JSON.stringify(result).slice(0, 300)}`);
            }
          }
          const share = (entries.length - wrong.length) / entries.length;
          report.push(
            `${`${kindName}/${name}`.padEnd(42)} ${variantName.padEnd(31)} ${String(entries.length - wrong.length).padStart(3)}/${
              String(entries.length).padEnd(3)
            } ${(share * 100).toFixed(1)}%`,
          );
          const minimum = EXACT_SERVER_OUTPUT.has(`${kindName}/${name}`) && variantName === 'exact' ? 1 : kind.minimumShare;
          if (share < minimum) {
            throw new Error(
              `${kindName}/${name} (${variantName}): ${(share * 100).toFixed(1)}% right, below ${minimum * 100}%; wrong entries:\n${wrong.join('\n')}`,
            );
          }
          expect(share).toBeGreaterThanOrEqual(minimum);
        }
      });
    }
  }

  it('covers at least four real general logs and every other format', () => {
    expect(files('general').length).toBeGreaterThanOrEqual(4);
    for (const kind of ['slow', 'error', 'audit', 'postgresql']) expect(files(kind).length).toBeGreaterThan(0);
  });

  it('prints the share of right entries per file and variant', () => {
    console.log(`entries parsed right, per file and variant:\n${report.join('\n')}`);
    expect(report.length).toBe(Object.keys(KINDS).reduce((n, kind) => n + files(kind).length, 0) * Object.keys(VARIANTS).length);
  });
});

/** Lines a paste picks up around real log text: a note, a cut mark, a number, half a JSON object. */
const GARBAGE = ['see the log below:', '-- cut here --', '42', '{"half": '];

/** The text with a garbage line before it and after every seventh line. */
function withGarbage(text: string): string {
  const next = cycle(GARBAGE);
  const lines = text.split('\n');
  return [next(), ...lines.flatMap((line, index) => (index % 7 === 6 ? [line, next()] : [line]))].join('\n');
}

describe('parser detection on the corpus, mixed with garbage lines', () => {
  for (const [kindName, kind] of Object.entries(KINDS)) {
    for (const name of files(kindName)) {
      it(`${kindName}/${name}: every variant is detected as ${kind.parser.name}`, () => {
        const text = withGarbage(readFileSync(new URL(`${kindName}/${name}.log`, CORPUS), 'utf8'));
        for (const [variantName, variant] of Object.entries(VARIANTS)) {
          const detection = detectParser(variant(text));
          expect([variantName, detection.parser.name, detection.reason]).toEqual([variantName, kind.parser.name, detection.reason]);
        }
      });
    }
  }
});
