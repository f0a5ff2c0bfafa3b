/**
 * PostgreSQL log with the RDS default `log_line_prefix` `%t:%r:%u@%d:[%p]:` (log group `.../postgresql`):
 * `2026-11-25 11:41:00 UTC:10.0.0.7(54321):app@shop:[1234]:LOG:  statement: SELECT 1`.
 *
 * `%r` may be empty, `[local]`, an IPv6 address (colons!) or a host name, always with `(port)` for TCP;
 * user and database may be empty. `%t` may carry milliseconds (`%m`), and a zone other than UTC is
 * converted when numeric (`+03`); an abbreviation such as `EST` keeps the line but drops its time.
 * Continuation lines (multi-line statements) stay in `text`.
 *
 * Fields: `client_host`, `client_port` (number, TCP only), `user`, `db` (when not empty), `pid` (number),
 * `severity` (`LOG`, `ERROR`, `FATAL`, `WARNING`, `DETAIL`, `STATEMENT`...), `text`; from
 * `statement: ...`, `execute <name>: ...`, `duration: 12.345 ms  statement: ...` or a `STATEMENT` line
 * also `statement` and `duration_ms`.
 *
 * @example
 * ```ts
 * postgresql.parse("2026-11-25 11:41:00 UTC:10.0.0.7(54321):app@shop:[1234]:LOG:  duration: 12.345 ms  statement: SELECT 1");
 * // { ok: true, timestamp: "2026-11-25T11:41:00Z", fields: { client_host: "10.0.0.7", client_port: 54321, user: "app",
 * //   db: "shop", pid: 1234, severity: "LOG", text: "duration: 12.345 ms  statement: SELECT 1", duration_ms: 12.345, statement: "SELECT 1" } }
 * ```
 * @module
 */

import { isBlank, stripTrailingCr } from './blanks.ts';
import { defineParser, type Fields, type ParseResult, type SampledParserPlugin } from './parser.ts';
import { APP_IPS, appQuery, int, pick, type Rng, weighted } from './sample-lines.ts';
import { type Cursor, isDigitAt, scanIso, scanZoneWord, shiftIso, startsWithTimestamp } from './timestamps.ts';

const COLON = 58;
const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;
const CLOSE_BRACKET = 93;

const LOCAL = '[local]';
/** Longest client address accepted: a host name is at most 255 characters. */
const MAX_HOST_LENGTH = 255;
// `\s` also takes the Unicode spaces of a copied line.
const DURATION = /^duration:\s(\d+(?:\.\d+)?)\sms(?:\s{1,2}|$)/;
const STATEMENT = /^statement:\s/;
const EXECUTE = /^execute [^:\n]{1,200}:\s/;

const cursor: Cursor = { pos: 0 };

/** Characters of an IPv4/IPv6 address (with `%zone`) or a host name. */
function isHostChar(code: number): boolean {
  return (code >= 48 && code <= 58) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 46 || code === 45 || code === 95 || code === 37;
}

const failure = (reason: string): ParseResult => ({ ok: false, reason });

/** Adds `statement` / `duration_ms` when the message text announces them. */
function addStatement(severity: string, text: string, fields: Fields): void {
  if (severity === 'STATEMENT') {
    fields['statement'] = text;
    return;
  }
  let rest = text;
  const duration = DURATION.exec(text);
  if (duration?.[1] !== undefined) {
    fields['duration_ms'] = Number(duration[1]);
    rest = text.slice(duration[0].length);
  }
  if (STATEMENT.test(rest)) {
    fields['statement'] = rest.slice(11);
    return;
  }
  const execute = EXECUTE.exec(rest);
  if (execute !== null) fields['statement'] = rest.slice(execute[0].length);
}

/**
 * Parses one PostgreSQL log event. Never throws.
 *
 * @example
 * ```ts
 * parsePostgresql("2026-11-25 11:41:00 UTC:[local]:rdsadmin@rdsadmin:[77]:FATAL:  terminating connection");
 * // { ok: true, timestamp: "2026-11-25T11:41:00Z", fields: { client_host: "[local]", user: "rdsadmin", db: "rdsadmin",
 * //   pid: 77, severity: "FATAL", text: "terminating connection" } }
 * ```
 */
export function parsePostgresql(message: string): ParseResult {
  message = stripTrailingCr(message);
  cursor.pos = 0;
  let timestamp = scanIso(message, cursor);
  if (timestamp === undefined) return failure('the line does not start with a valid timestamp');
  if (message.charCodeAt(cursor.pos) !== COLON) {
    const offset = scanZoneWord(message, cursor);
    if (Number.isNaN(offset)) {
      // An unconvertible zone abbreviation: skip the word, keep the line, drop the time.
      const colon = message.indexOf(':', cursor.pos);
      if (colon < 0 || colon - cursor.pos > 8) return failure('no ":" after the time zone');
      cursor.pos = colon;
      timestamp = undefined;
    } else {
      timestamp = shiftIso(timestamp, offset);
    }
  }
  let p = cursor.pos;
  if (message.charCodeAt(p) !== COLON) return failure('no ":" after the timestamp');
  p++;

  const fields: Fields = {};
  if (message.startsWith(LOCAL, p)) {
    fields['client_host'] = LOCAL;
    p += LOCAL.length;
  } else {
    // An IPv6 client may start with ':' (`::1(5432)`), so an empty %r is only decided after looking for
    // `host(port)`: host characters up to '(' then digits and ')'.
    let open = p;
    while (open - p <= MAX_HOST_LENGTH && isHostChar(message.charCodeAt(open))) open++;
    let close = open + 1;
    while (isDigitAt(message, close) && close - open <= 5) close++;
    if (open > p && message.charCodeAt(open) === OPEN_PAREN && close > open + 1 && message.charCodeAt(close) === CLOSE_PAREN) {
      fields['client_host'] = message.slice(p, open);
      fields['client_port'] = Number(message.slice(open + 1, close));
      p = close + 1;
    } else if (message.charCodeAt(p) !== COLON) {
      return failure('the client is neither host(port), [local] nor empty');
    }
  }
  if (message.charCodeAt(p) !== COLON) return failure('no ":" after the client');
  p++;

  // `%u@%d:[` — the first ":[" ends it; the last '@' splits it, since user names may hold '@'.
  const pidOpen = message.indexOf(':[', p);
  if (pidOpen < 0) return failure('no ":[pid]" in the prefix');
  const userAt = message.lastIndexOf('@', pidOpen);
  if (userAt < p) return failure('no "user@db" in the prefix');
  const user = message.slice(p, userAt);
  const db = message.slice(userAt + 1, pidOpen);
  if (user !== '') fields['user'] = user;
  if (db !== '') fields['db'] = db;

  p = pidOpen + 2;
  const pidStart = p;
  while (isDigitAt(message, p) && p - pidStart < 10) p++;
  if (p === pidStart || message.charCodeAt(p) !== CLOSE_BRACKET || message.charCodeAt(p + 1) !== COLON) return failure('the pid is not a number in brackets');
  fields['pid'] = Number(message.slice(pidStart, p));
  p += 2;

  const severityStart = p;
  for (;;) {
    const code = message.charCodeAt(p);
    if (!((code >= 65 && code <= 90) || (code >= 48 && code <= 57 && p > severityStart))) break;
    p++;
  }
  if (p === severityStart || p - severityStart > 10 || message.charCodeAt(p) !== COLON) return failure('no severity (LOG:, ERROR:, ...) after the prefix');
  const severity = message.slice(severityStart, p);
  p++;
  // PostgreSQL pads the severity with two spaces; tolerate one or none, or other blanks in a copy.
  if (isBlank(message.charCodeAt(p))) p++;
  if (isBlank(message.charCodeAt(p))) p++;
  const text = message.slice(p);
  fields['severity'] = severity;
  fields['text'] = text;
  addStatement(severity, text, fields);
  return timestamp === undefined ? { ok: true, fields } : { ok: true, fields, timestamp };
}

/** The fields of one PostgreSQL log line. */
export interface PostgresqlLine {
  readonly time: string;
  /** An address or `[local]`; absent for background processes. */
  readonly clientHost?: string;
  readonly clientPort?: number;
  readonly user?: string;
  readonly db?: string;
  readonly pid: number;
  readonly severity: string;
  readonly text: string;
}

/**
 * Writes a line with the RDS default prefix `%t:%r:%u@%d:[%p]:` (whole seconds, ` UTC`).
 *
 * @example
 * ```ts
 * formatPostgresql({ time: "2026-11-25T11:41:00Z", clientHost: "10.0.0.7", clientPort: 54321, user: "app", db: "shop",
 *   pid: 1234, severity: "LOG", text: "statement: SELECT 1" });
 * // "2026-11-25 11:41:00 UTC:10.0.0.7(54321):app@shop:[1234]:LOG:  statement: SELECT 1"
 * ```
 */
export function formatPostgresql(line: PostgresqlLine): string {
  const client = line.clientHost === undefined ? '' : line.clientPort === undefined ? line.clientHost : `${line.clientHost}(${line.clientPort})`;
  return `${line.time.slice(0, 10)} ${line.time.slice(11, 19)} UTC:${client}:${line.user ?? ''}@${line.db ?? ''}:[${line.pid}]:${line.severity}:  ${line.text}`;
}

/**
 * One realistic PostgreSQL log line (RDS default prefix) at `epochMs`.
 *
 * @example
 * ```ts
 * postgresqlLine(mulberry32(1), Date.UTC(2026, 10, 25, 11, 41)); // "2026-11-25 11:41:00 UTC:10.0.0.7(…):app@shop:[…]:LOG:  …"
 * ```
 */
export function postgresqlLine(rng: Rng, epochMs: number): string {
  const time = new Date(Math.floor(epochMs)).toISOString();
  const pid = int(rng, 1000, 32_000);
  const client = { clientHost: pick(rng, APP_IPS), clientPort: int(rng, 32_768, 60_999), user: 'app', db: 'billing' };
  const kind = weighted(
    rng,
    [
      [6, 'statement'],
      [4, 'duration'],
      [1, 'connection'],
      [1, 'error'],
      [1, 'checkpoint'],
    ] as const,
  );
  switch (kind) {
    case 'statement':
      return formatPostgresql({ time, ...client, pid, severity: 'LOG', text: `statement: ${appQuery(rng, epochMs)}` });
    case 'duration':
      return formatPostgresql({
        time,
        ...client,
        pid,
        severity: 'LOG',
        text: `duration: ${(int(rng, 1, 5_000_000) / 1000).toFixed(3)} ms  statement: ${appQuery(rng, epochMs)}`,
      });
    case 'connection':
      return formatPostgresql({
        time,
        ...client,
        pid,
        severity: 'LOG',
        text: 'connection authorized: user=app database=billing SSL enabled (protocol=TLSv1.3, cipher=TLS_AES_256_GCM_SHA384, bits=256)',
      });
    case 'error':
      return formatPostgresql({
        time,
        ...client,
        pid,
        severity: 'ERROR',
        text: `duplicate key value violates unique constraint "invoices_number_key"\nDETAIL:  Key (number)=(INV-${int(rng, 10_000, 99_999)}) already exists.`,
      });
    default:
      return formatPostgresql({
        time,
        pid: 571,
        severity: 'LOG',
        text: `checkpoint complete: wrote ${int(rng, 10, 5000)} buffers (0.${int(rng, 1, 9)}%); 0 WAL file(s) added, 0 removed, 1 recycled`,
      });
  }
}

/**
 * The PostgreSQL parser plug-in.
 *
 * @example
 * ```ts
 * postgresql.name; // "postgresql"
 * ```
 */
export const postgresql: SampledParserPlugin<'postgresql'> = defineParser({
  name: 'postgresql',
  description: 'PostgreSQL log with the RDS default prefix %t:%r:%u@%d:[%p]:',
  rdsLogTypes: ['postgresql'],
  fields: {
    client_host: 'keyword',
    client_port: 'long',
    user: 'keyword',
    db: 'keyword',
    pid: 'long',
    severity: 'keyword',
    text: 'text',
    statement: 'text',
    duration_ms: 'double',
  },
  parse: parsePostgresql,
  // RDS's log_line_prefix starts with the time (%t); further lines of a message do not.
  startsEntry: startsWithTimestamp,
  sample: { logGroup: '/aws/rds/instance/billing-db/postgresql', generate: postgresqlLine },
});
