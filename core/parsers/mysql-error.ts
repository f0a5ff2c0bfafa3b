/**
 * MySQL / MariaDB error log (RDS log group `.../error`). Layouts:
 * - 8.0: `2026-11-25T11:41:00.123456Z 0 [Warning] [MY-010055] [Server] IP address ... could not be resolved`
 * - 5.7: `2026-11-25T11:41:00.123456Z 0 [Note] Aborted connection 42 ...`
 * - MariaDB 10 / MySQL 5.6: `2026-11-25 11:41:00 0 [Note] InnoDB: ...`
 * - legacy: `251125 11:41:00 server_audit: STOPPED`, `251125  1:41:00 [Note] ...`
 *
 * Each part after the timestamp is optional and read in order: thread id, `[Level]`, `[MY-nnnnnn]`,
 * `[Subsystem]` (only after a code, as 8.0 writes it); the rest is the text, which may span lines.
 * The level is what makes a line an error-log line: the ISO layouts always write it, so an ISO time
 * followed by anything else is refused (a general-log `<time> 17 Connect ...`, a PostgreSQL line). Only
 * the legacy `YYMMDD` layout has free text after the time, and no thread id, so a number then a word is
 * refused there too (MySQL 5.6's general log has that shape). MySQL 5.0/5.1 wrote some InnoDB lines
 * right after the time (`091119 22:27:11InnoDB: ...`); those are read.
 * The level is kept as the server wrote it (`Note`, `Warning`, `ERROR`, `System`).
 *
 * Fields: `thread_id` (number), `level`, `error_code`, `subsystem` (each when present), `text`.
 *
 * @example
 * ```ts
 * mysqlError.parse("2026-11-25T11:41:00.123456Z 0 [Warning] [MY-010055] [Server] IP address could not be resolved");
 * // { ok: true, timestamp: "2026-11-25T11:41:00.123456Z", fields: { thread_id: 0, level: "Warning",
 * //   error_code: "MY-010055", subsystem: "Server", text: "IP address could not be resolved" } }
 * ```
 * @module
 */

import { isBlank, skipBlanks, stripTrailingCr } from './blanks.ts';
import { defineParser, type Fields, type ParseResult, type SampledParserPlugin } from './parser.ts';
import { APP_IPS, int, isoMicros, mysqlShortTime, pick, type Rng, THREADS_APP, weighted } from './sample-lines.ts';
import { parseMysqlHeader } from './mysql-header.ts';
import { type Cursor, isDigitAt, scanIso, scanMysqlShort, startsWithTimestamp } from './timestamps.ts';

const OPEN = 91;
const CLOSE = 93;

/** Longest bracketed word accepted as a level or subsystem; longer brackets belong to the text. */
const MAX_TAG_LENGTH = 24;

const cursor: Cursor = { pos: 0 };

const isLetter = (code: number) => (code >= 65 && code <= 90) || (code >= 97 && code <= 122);

/** End index (exclusive of `]`) of a `[Word]` at `at` made of letters, digits, `_` and `-`; -1 otherwise. */
function tagEnd(text: string, at: number): number {
  if (text.charCodeAt(at) !== OPEN) return -1;
  let p = at + 1;
  while (p - at <= MAX_TAG_LENGTH) {
    const code = text.charCodeAt(p);
    if (code === CLOSE) return p > at + 1 ? p : -1;
    const wordChar = (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 95 || code === 45;
    if (!wordChar) return -1;
    p++;
  }
  return -1;
}

/**
 * Parses one error-log event. Never throws.
 *
 * @example
 * ```ts
 * parseMysqlError("251125 11:41:00 server_audit: STOPPED");
 * // { ok: true, timestamp: "2025-11-25T11:41:00Z", fields: { text: "server_audit: STOPPED" } }
 * ```
 */
export function parseMysqlError(message: string): ParseResult {
  message = stripTrailingCr(message);
  if (!isDigitAt(message, 0)) return { ok: false, reason: 'the line does not start with a timestamp' };
  cursor.pos = 0;
  const legacy = message.charCodeAt(4) !== 45;
  const timestamp = legacy ? scanMysqlShort(message, cursor) : scanIso(message, cursor);
  if (timestamp === undefined) return { ok: false, reason: 'the line does not start with a valid timestamp' };
  const next = message.charCodeAt(cursor.pos);
  if (!isBlank(next) && !(legacy && isLetter(next))) return { ok: false, reason: 'no space after the timestamp' };
  let p = skipBlanks(message, cursor.pos);
  const fields: Fields = {};

  const idStart = p;
  while (isDigitAt(message, p) && p - idStart < 16) p++;
  if (p > idStart && isBlank(message.charCodeAt(p))) {
    fields['thread_id'] = Number(message.slice(idStart, p));
    p = skipBlanks(message, p);
  } else {
    p = idStart;
  }

  let end = tagEnd(message, p);
  if (end < 0 && (!legacy || 'thread_id' in fields)) return { ok: false, reason: 'no [Level] after the time and thread id' };
  if (end > 0) {
    fields['level'] = message.slice(p + 1, end);
    p = skipBlanks(message, end + 1);
    end = tagEnd(message, p);
    if (end > 0 && message.startsWith('MY-', p + 1)) {
      fields['error_code'] = message.slice(p + 1, end);
      p = skipBlanks(message, end + 1);
      end = tagEnd(message, p);
      if (end > 0) {
        fields['subsystem'] = message.slice(p + 1, end);
        p = skipBlanks(message, end + 1);
      }
    }
  }
  if (p >= message.length) return { ok: false, reason: 'nothing after the timestamp' };
  fields['text'] = message.slice(p);
  return { ok: true, fields, timestamp };
}

/** The fields of one error-log line. */
export interface MysqlErrorLine {
  readonly time: string;
  readonly threadId?: number;
  readonly level?: string;
  readonly errorCode?: string;
  readonly subsystem?: string;
  readonly text: string;
  /** `iso` (5.7/8.0, the default), `mariadb` (`YYYY-MM-DD HH:MM:SS`) or `legacy` (`YYMMDD H:MM:SS`). */
  readonly layout?: 'iso' | 'mariadb' | 'legacy';
}

/**
 * Writes an error-log line; the bracketed parts appear only when given.
 *
 * @example
 * ```ts
 * formatMysqlError({ time: "2026-11-25T11:41:00.123456Z", threadId: 0, level: "Warning", errorCode: "MY-010055", subsystem: "Server", text: "x" });
 * // "2026-11-25T11:41:00.123456Z 0 [Warning] [MY-010055] [Server] x"
 * ```
 */
export function formatMysqlError(line: MysqlErrorLine): string {
  const time = line.layout === 'legacy'
    ? mysqlShortTime(line.time)
    : line.layout === 'mariadb'
    ? `${line.time.slice(0, 10)} ${line.time.slice(11, 19)}`
    : line.time;
  const parts = [time];
  if (line.threadId !== undefined) parts.push(String(line.threadId));
  if (line.level !== undefined) parts.push(`[${line.level}]`);
  if (line.errorCode !== undefined) parts.push(`[${line.errorCode}]`);
  if (line.subsystem !== undefined) parts.push(`[${line.subsystem}]`);
  parts.push(line.text);
  return parts.join(' ');
}

/**
 * One realistic MySQL 8.0 error-log line at `epochMs`.
 *
 * @example
 * ```ts
 * mysqlErrorLine(mulberry32(1), Date.UTC(2026, 10, 25, 11, 41)); // "2026-11-25T11:41:00.…Z 0 [Note] [MY-…] [Server] …"
 * ```
 */
export function mysqlErrorLine(rng: Rng, epochMs: number): string {
  const time = isoMicros(epochMs, int(rng, 0, 999));
  const thread = int(rng, 10, 10 + THREADS_APP);
  const [level, errorCode, subsystem, text] = weighted(
    rng,
    [
      [5, [
        'Note',
        'MY-010914',
        'Server',
        `Aborted connection ${thread} to db: 'shop' user: 'app' host: '${pick(rng, APP_IPS)}' (Got an error reading communication packets).`,
      ]],
      [3, ['Warning', 'MY-010055', 'Server', `IP address '${pick(rng, APP_IPS)}' could not be resolved: Name or service not known`]],
      [1, [
        'Warning',
        'MY-013360',
        'Server',
        "Plugin sha256_password reported: ''sha256_password' is deprecated and will be removed in a future release. Please use caching_sha2_password instead'",
      ]],
      [1, ['System', 'MY-010116', 'Server', '/rdsdbbin/mysql/bin/mysqld (mysqld 8.0.35) starting as process 512']],
      [1, ['Note', 'MY-012487', 'InnoDB', 'DDL log recovery : begin']],
      [1, [
        'ERROR',
        'MY-010584',
        'Repl',
        "Replica SQL for channel '': Error 'Duplicate entry '1042' for key 'orders.PRIMARY'' on query. Default database: 'shop'.",
      ]],
    ] as const,
  );
  return formatMysqlError({ time, threadId: level === 'Note' && errorCode === 'MY-010914' ? thread : 0, level, errorCode, subsystem, text });
}

/**
 * The error-log parser plug-in.
 *
 * @example
 * ```ts
 * mysqlError.name; // "mysql-error"
 * ```
 */
export const mysqlError: SampledParserPlugin<'mysql-error'> = defineParser({
  name: 'mysql-error',
  description: 'MySQL/MariaDB error log (8.0 [MY-nnnnnn] [Subsystem], 5.7, MariaDB and legacy YYMMDD layouts)',
  rdsLogTypes: ['error'],
  fields: { thread_id: 'long', level: 'keyword', error_code: 'keyword', subsystem: 'keyword', text: 'text' },
  parse: parseMysqlError,
  // An entry runs from its time to the next (a statement quoted in a message spans lines); banners stand alone.
  startsEntry: (line) => startsWithTimestamp(line) || parseMysqlHeader(line) !== undefined,
  sample: { logGroup: '/aws/rds/instance/shop-db/error', generate: mysqlErrorLine },
});
