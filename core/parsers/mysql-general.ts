/**
 * MySQL / MariaDB general query log (RDS log group `/aws/rds/instance/<db>/general`).
 *
 * Layouts, all read by one left-to-right scan (no RegExp on the hot path):
 * - 5.7 / 8.0: `2026-11-25T11:41:00.123456Z\t   42 Query\tSELECT 1`
 * - 5.6 / MariaDB: `251125 11:41:00\t   42 Query\tSELECT 1` (hour space-padded: `251125  1:41:00`)
 * - 5.6 within the same second: `\t\t   42 Query\tSELECT 1` (no timestamp in the result)
 * - the banner lines mysqld writes on open (`... Version: ... started with:`, `Tcp port: ...`,
 *   `Time  Id Command  Argument`): `{ ok: true, header: true }`, fields as in `mysql-header.ts`.
 *
 * The thread id is printed `%5u ` (right-aligned; wider ids push the column), and the command runs to
 * the next tab and may contain spaces (`Init DB`, `Binlog Dump GTID`), which is why `(\w*)` is wrong.
 * Command words not in the server's list are accepted when a TAB ends them: the list grows between versions.
 *
 * Tolerant of copies: wherever the server writes a separator (the TABs, the spaces of `%5u `, the space
 * inside `YYMMDD H:MM:SS`) any run of blanks is accepted (spaces, TAB, U+00A0 and the other Unicode
 * space separators), and a trailing CR is dropped. When no TAB ends the command (an editor or a web page
 * turned it into spaces), the server's command list ends it: the longest name that matches, followed by
 * a blank or the end of the line, so `Init DB     shop` is still `Init DB` with argument `shop`.
 *
 * Fields: `thread_id` (number), `command`, `argument` (may span lines); for `Connect` and `Change user`
 * also `user`, `host`, `db` (when not empty), `auth_method` (`TCP/IP`, `Socket`, `SSL/TLS`...),
 * `authenticated_as` (proxy login), or `access_denied: true` for a refused login; for `Init DB`, `db`.
 *
 * @example
 * ```ts
 * mysqlGeneral.parse("2026-11-25T11:41:00.123456Z\t   42 Connect\tapp@10.0.0.7 on shop using TCP/IP");
 * // { ok: true, timestamp: "2026-11-25T11:41:00.123456Z", fields: { thread_id: 42, command: "Connect",
 * //   argument: "app@10.0.0.7 on shop using TCP/IP", user: "app", host: "10.0.0.7", db: "shop", auth_method: "TCP/IP" } }
 * ```
 * @module
 */

import { isBlank, skipBlanks, stripTrailingCr, trimBlanksEnd } from './blanks.ts';
import { MYSQL_HEADER_FIELDS, parseMysqlHeader } from './mysql-header.ts';
import { defineParser, type Fields, type ParseResult, type SampledParserPlugin } from './parser.ts';
import { APP_IPS, appQuery, int, isoMicros, mysqlShortTime, pad, pick, rdsadminQuery, type Rng, THREADS_APP, weighted } from './sample-lines.ts';
import { type Cursor, isDigitAt, scanIso, scanMysqlShort, startsWithTimestamp } from './timestamps.ts';

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const DASH = 45;

/** Longer than any real command name; bounds the scan on garbage input. */
const MAX_COMMAND_LENGTH = 40;
/** Thread ids are 32-bit in 8.0 and 64-bit in 5.6; past 15 digits a Number would round them. */
const MAX_THREAD_ID_DIGITS = 15;

/**
 * The server's command names (`command_name[]` in sql/sql_parse.cc, 5.x and 8.0), longest first so that
 * `Binlog Dump GTID` wins over `Binlog Dump` and `Connect Out` over `Connect`. Used only where no TAB
 * ends the command (text whose TABs became spaces); with a TAB, any command word is accepted.
 */
const COMMAND_NAMES: readonly string[] = [
  'Sleep',
  'Quit',
  'Init DB',
  'Query',
  'Field List',
  'Create DB',
  'Drop DB',
  'Refresh',
  'Shutdown',
  'Statistics',
  'Processlist',
  'Connect',
  'Kill',
  'Debug',
  'Ping',
  'Time',
  'Delayed insert',
  'Change user',
  'Binlog Dump',
  'Table Dump',
  'Connect Out',
  'Register Slave',
  'Prepare',
  'Execute',
  'Long Data',
  'Close stmt',
  'Reset stmt',
  'Set option',
  'Fetch',
  'Daemon',
  'Binlog Dump GTID',
  'Reset Connection',
  'clone',
  'Error',
].sort((a, b) => b.length - a.length);

const cursor: Cursor = { pos: 0 };

const failure = (reason: string): ParseResult => ({ ok: false, reason });

/** Letters, digits and `_`: the characters of a command word. */
function isWordChar(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 95;
}

/**
 * The server command name written at `at` (a space in the name matches any one blank), only when a
 * blank, a line break or the end follows it; undefined when no name matches. Constant work per call:
 * at most 34 names of at most 16 characters.
 */
function knownCommandAt(message: string, at: number): string | undefined {
  for (const name of COMMAND_NAMES) {
    let i = 0;
    while (i < name.length) {
      const code = message.charCodeAt(at + i);
      if (name.charCodeAt(i) === SPACE ? !isBlank(code) : code !== name.charCodeAt(i)) break;
      i++;
    }
    if (i < name.length) continue;
    const next = message.charCodeAt(at + i);
    if (Number.isNaN(next) || next === LF || next === CR || isBlank(next)) return name;
  }
  return undefined;
}

/**
 * Adds the login fields of a `Connect` (or `Change user`) argument. The server writes
 * `user@host on db using transport`, `user@host as proxied on db using transport` (8.0), `user@host on db`
 * (5.6), `user@host as anonymous on db` (MariaDB), or `Access denied for user 'u'@'h' (using password: YES)`.
 */
function addConnectFields(argument: string, fields: Fields): void {
  if (argument.startsWith("Access denied for user '")) {
    const userStart = 24;
    const userEnd = argument.indexOf("'@'", userStart);
    if (userEnd < 0) return;
    const hostEnd = argument.indexOf("'", userEnd + 3);
    if (hostEnd < 0) return;
    if (userEnd > userStart) fields['user'] = argument.slice(userStart, userEnd);
    if (hostEnd > userEnd + 3) fields['host'] = argument.slice(userEnd + 3, hostEnd);
    fields['access_denied'] = true;
    return;
  }
  // Old servers end an empty database with the space after "on" and nothing else ("root@localhost on ").
  const text = trimBlanksEnd(argument);
  let onAt = text.indexOf(' on ');
  if (onAt < 0 && text.endsWith(' on')) onAt = text.length - 3;
  // The host never holds '@' but a quoted user name may, so split at the last '@' before " on ".
  const at = onAt < 0 ? text.lastIndexOf('@') : text.lastIndexOf('@', onAt);
  if (at < 0) return;
  let host = text.slice(at + 1, onAt < 0 ? text.length : onAt);
  const asAt = host.indexOf(' as');
  let authenticatedAs: string | undefined;
  if (asAt >= 0 && (asAt + 3 === host.length || host.charCodeAt(asAt + 3) === SPACE)) {
    authenticatedAs = host.slice(asAt + 4);
    host = host.slice(0, asAt);
  }
  if (host === '' || host.includes(' ')) return;
  if (at > 0) fields['user'] = text.slice(0, at);
  fields['host'] = host;
  if (authenticatedAs !== undefined && authenticatedAs !== '') fields['authenticated_as'] = authenticatedAs;
  if (onAt < 0) return;
  // "on  using Socket" is an empty database; the transport never contains " using ", the db name might.
  const rest = text.slice(onAt + 4);
  const usingAt = rest.lastIndexOf(' using ');
  const db = usingAt < 0 ? rest : rest.slice(0, usingAt);
  if (db !== '') fields['db'] = db;
  if (usingAt >= 0 && usingAt + 7 < rest.length) fields['auth_method'] = rest.slice(usingAt + 7);
}

/**
 * Parses one general-log event. Never throws.
 *
 * @example
 * ```ts
 * parseMysqlGeneral("\t\t   42 Quit\t"); // { ok: true, fields: { thread_id: 42, command: "Quit", argument: "" } }
 * ```
 */
export function parseMysqlGeneral(message: string): ParseResult {
  message = stripTrailingCr(message);
  const first = message.charCodeAt(0);
  let timestamp: string | undefined;
  let p: number;
  if (first >= 48 && first <= 57) {
    cursor.pos = 0;
    timestamp = message.charCodeAt(4) === DASH ? scanIso(message, cursor) : scanMysqlShort(message, cursor);
    if (timestamp === undefined) return failure('the line does not start with a valid timestamp');
    p = cursor.pos;
    if (!isBlank(message.charCodeAt(p))) return failure('no tab or space after the timestamp');
    p = skipBlanks(message, p + 1);
  } else if (isBlank(first)) {
    // 5.6 within the same second writes `\t\t` for the time; copies turn that into any run of blanks.
    p = skipBlanks(message, 1);
  } else {
    return parseMysqlHeader(message) ?? failure('the line starts with neither a timestamp nor a tab');
  }

  const idStart = p;
  let threadId = 0;
  while (isDigitAt(message, p)) {
    threadId = threadId * 10 + (message.charCodeAt(p) - 48);
    p++;
  }
  if (p === idStart) return failure('no thread id');
  if (p - idStart > MAX_THREAD_ID_DIGITS) return failure('thread id too long');
  if (!isBlank(message.charCodeAt(p))) return failure('no space after the thread id');
  p = skipBlanks(message, p + 1);

  const commandStart = p;
  let code = message.charCodeAt(p);
  if (!((code >= 65 && code <= 90) || (code >= 97 && code <= 122))) return failure('no command after the thread id');
  // Exact server output: words joined by single spaces, ended by a TAB (or by the end of an
  // argument-less line). Anything else (spaces for the TAB, other blanks) is decided by the command list.
  let exact = true;
  for (;;) {
    code = message.charCodeAt(p);
    if (code === TAB || code === LF || code === CR || Number.isNaN(code)) break;
    if (p - commandStart >= MAX_COMMAND_LENGTH || (code === SPACE ? !isWordChar(message.charCodeAt(p + 1)) : !isWordChar(code))) {
      exact = false;
      break;
    }
    p++;
  }

  let command: string;
  if (exact && code === TAB) {
    command = message.slice(commandStart, p);
  } else {
    // No TAB ends the command: the server's own list says where it ends (and how it is spelled).
    const known = knownCommandAt(message, commandStart);
    if (known === undefined) return failure('no tab after the command, and it does not start with a known command name');
    command = known;
    p = commandStart + known.length;
    // Blanks up to and including the first TAB separate; what follows that TAB is the argument as written.
    while (isBlank(message.charCodeAt(p)) && message.charCodeAt(p) !== TAB) p++;
    code = message.charCodeAt(p);
  }
  let argumentStart = p;
  if (code === TAB || code === LF) argumentStart = p + 1;
  else if (code === CR) argumentStart = message.charCodeAt(p + 1) === LF ? p + 2 : p + 1;
  const argument = argumentStart >= message.length ? '' : message.slice(argumentStart);

  const fields: Fields = { thread_id: threadId, command, argument };
  if (command === 'Connect' || command === 'Change user') addConnectFields(argument, fields);
  else if (command === 'Init DB') {
    const db = trimBlanksEnd(argument);
    if (db !== '') fields['db'] = db;
  }
  return timestamp === undefined ? { ok: true, fields } : { ok: true, fields, timestamp };
}

/** The fields of one general-log line. */
export interface MysqlGeneralLine {
  /** Canonical UTC ISO time; absent for 5.6's same-second `\t\t` lines. */
  readonly time?: string;
  readonly threadId: number;
  readonly command: string;
  readonly argument: string;
  /** `iso` (5.7/8.0, the default) or `5.6` (`YYMMDD H:MM:SS`, whole seconds). */
  readonly layout?: 'iso' | '5.6';
}

/**
 * Writes a general-log line exactly as mysqld does (`%5u ` thread id, tab-separated command).
 *
 * @example
 * ```ts
 * formatMysqlGeneral({ time: "2026-11-25T11:41:00.123456Z", threadId: 42, command: "Query", argument: "SELECT 1" });
 * // "2026-11-25T11:41:00.123456Z\t   42 Query\tSELECT 1"
 * ```
 */
export function formatMysqlGeneral(line: MysqlGeneralLine): string {
  const time = line.time === undefined ? '\t' : line.layout === '5.6' ? mysqlShortTime(line.time) : line.time;
  return `${time}\t${String(line.threadId).padStart(5, ' ')} ${line.command}\t${line.argument}`;
}

const ADMIN_IPS = ['10.0.1.5', '10.0.3.77'] as const;

/**
 * One realistic general-log line at `epochMs` (plus random microseconds).
 *
 * @example
 * ```ts
 * mysqlGeneralLine(mulberry32(1), Date.UTC(2026, 10, 25, 11, 41)); // "2026-11-25T11:41:00.…Z\t   … Query\t…"
 * ```
 */
export function mysqlGeneralLine(rng: Rng, epochMs: number): string {
  const time = isoMicros(epochMs, int(rng, 0, 999));
  const rdsadmin = rng() < 0.12;
  const threadId = rdsadmin ? int(rng, 2, 9) : int(rng, 10, 10 + THREADS_APP) + (rng() < 0.05 ? 1_000_000 : 0);
  if (rdsadmin) {
    const command = weighted(
      rng,
      [
        [8, 'Query'],
        [1, 'Connect'],
        [1, 'Quit'],
      ] as const,
    );
    const argument = command === 'Query' ? rdsadminQuery(rng, epochMs) : command === 'Connect' ? 'rdsadmin@localhost on  using Socket' : '';
    return formatMysqlGeneral({ time, threadId, command, argument });
  }
  const command = weighted(
    rng,
    [
      [70, 'Query'],
      [6, 'Connect'],
      [6, 'Quit'],
      [3, 'Init DB'],
      [4, 'Prepare'],
      [5, 'Execute'],
      [3, 'Close stmt'],
      [1, 'Ping'],
      [0.3, 'Field List'],
      [0.2, 'Statistics'],
      [0.2, 'Reset Connection'],
      [0.1, 'Binlog Dump GTID'],
    ] as const,
  );
  let argument = '';
  switch (command) {
    case 'Query':
      argument = appQuery(rng, epochMs);
      break;
    case 'Connect':
      argument = weighted(rng, [
        [8, `app@${pick(rng, APP_IPS)} on shop using TCP/IP`],
        [2, `app@${pick(rng, APP_IPS)} on shop using SSL/TLS`],
        [1, `admin@${pick(rng, ADMIN_IPS)} on  using SSL/TLS`],
        [0.5, `Access denied for user 'app'@'${pick(rng, APP_IPS)}' (using password: YES)`],
      ]);
      break;
    case 'Init DB':
      argument = pick(rng, ['shop', 'shop', 'shop_archive', 'analytics']);
      break;
    case 'Prepare':
      argument = pick(rng, [
        'SELECT id, status, total_cents FROM orders WHERE customer_id = ? ORDER BY created_at DESC LIMIT ?',
        'UPDATE inventory SET reserved = reserved + ? WHERE product_id = ? AND warehouse_id = ?',
        'INSERT INTO audit_events (actor_id, action, payload, created_at) VALUES (?, ?, ?, NOW(6))',
      ]);
      break;
    case 'Execute':
      argument = `SELECT id, status, total_cents FROM orders WHERE customer_id = ${int(rng, 1000, 99_999)} ORDER BY created_at DESC LIMIT 20`;
      break;
    case 'Field List':
      argument = 'orders ';
      break;
    case 'Binlog Dump GTID':
      argument = `Log: 'mysql-bin-changelog.${pad(int(rng, 1, 99_999), 6)}'  Pos: 4 GTIDs: ''`;
      break;
    default:
      argument = '';
  }
  return formatMysqlGeneral({ time, threadId, command, argument });
}

/**
 * The general-log parser plug-in.
 *
 * @example
 * ```ts
 * mysqlGeneral.parse("251125 11:41:00\t   42 Init DB\tshop");
 * // { ok: true, timestamp: "2025-11-25T11:41:00Z", fields: { thread_id: 42, command: "Init DB", argument: "shop", db: "shop" } }
 * ```
 */
export const mysqlGeneral: SampledParserPlugin<'mysql-general'> = defineParser({
  name: 'mysql-general',
  description: 'MySQL/MariaDB general query log (5.6, 5.7, 8.0 and MariaDB layouts)',
  rdsLogTypes: ['general'],
  fields: {
    thread_id: 'long',
    command: 'keyword',
    argument: 'text',
    user: 'keyword',
    host: 'keyword',
    db: 'keyword',
    auth_method: 'keyword',
    authenticated_as: 'keyword',
    access_denied: 'boolean',
    ...MYSQL_HEADER_FIELDS,
  },
  parse: parseMysqlGeneral,
  // Statements continue on lines of their own; MySQL 5.6 omits the time of same-second lines (`\t\t  42 Query`).
  startsEntry: (line) => startsWithTimestamp(line) || parseMysqlHeader(line) !== undefined || (isBlank(line.charCodeAt(0)) && parseMysqlGeneral(line).ok),
  sample: { logGroup: '/aws/rds/instance/shop-db/general', generate: mysqlGeneralLine },
});
