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
 * Command words not in the server's list are accepted: the list grows between versions.
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

import { parseMysqlHeader } from './mysql-header.ts';
import type { Fields, LogParser, ParseResult } from './parser.ts';
import { type Cursor, isDigitAt, scanIso, scanMysqlShort } from './timestamps.ts';

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const DASH = 45;

/** Longer than any real command name; bounds the scan on garbage input. */
const MAX_COMMAND_LENGTH = 40;
/** Thread ids are 32-bit in 8.0 and 64-bit in 5.6; past 15 digits a Number would round them. */
const MAX_THREAD_ID_DIGITS = 15;

const cursor: Cursor = { pos: 0 };

const failure = (reason: string): ParseResult => ({ ok: false, reason });

/** Letters, digits, `_` and space: every command name the servers print. */
function isCommandChar(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === SPACE || (code >= 48 && code <= 57) || code === 95;
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
  const onAt = argument.indexOf(' on ');
  // The host never holds '@' but a quoted user name may, so split at the last '@' before " on ".
  const at = onAt < 0 ? argument.lastIndexOf('@') : argument.lastIndexOf('@', onAt);
  if (at < 0) return;
  let host = argument.slice(at + 1, onAt < 0 ? argument.length : onAt);
  const asAt = host.indexOf(' as ');
  let authenticatedAs: string | undefined;
  if (asAt >= 0) {
    authenticatedAs = host.slice(asAt + 4);
    host = host.slice(0, asAt);
  }
  if (host === '' || host.includes(' ')) return;
  if (at > 0) fields['user'] = argument.slice(0, at);
  fields['host'] = host;
  if (authenticatedAs !== undefined && authenticatedAs !== '') fields['authenticated_as'] = authenticatedAs;
  if (onAt < 0) return;
  // "on  using Socket" is an empty database; the transport never contains " using ", the db name might.
  const rest = argument.slice(onAt + 4);
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
  const first = message.charCodeAt(0);
  let timestamp: string | undefined;
  let p: number;
  if (first === TAB) {
    if (message.charCodeAt(1) !== TAB) return failure('a line starting with a tab must start with two (5.6 same-second form)');
    p = 2;
  } else if (first >= 48 && first <= 57) {
    cursor.pos = 0;
    timestamp = message.charCodeAt(4) === DASH ? scanIso(message, cursor) : scanMysqlShort(message, cursor);
    if (timestamp === undefined) return failure('the line does not start with a valid timestamp');
    p = cursor.pos;
    if (message.charCodeAt(p) !== TAB) return failure('no tab after the timestamp');
    p++;
  } else {
    return parseMysqlHeader(message) ?? failure('the line starts with neither a timestamp nor a tab');
  }

  while (message.charCodeAt(p) === SPACE) p++;
  const idStart = p;
  let threadId = 0;
  while (isDigitAt(message, p)) {
    threadId = threadId * 10 + (message.charCodeAt(p) - 48);
    p++;
  }
  if (p === idStart) return failure('no thread id');
  if (p - idStart > MAX_THREAD_ID_DIGITS) return failure('thread id too long');
  if (message.charCodeAt(p) !== SPACE) return failure('no space after the thread id');
  p++;

  const commandStart = p;
  let code = message.charCodeAt(p);
  if (!((code >= 65 && code <= 90) || (code >= 97 && code <= 122))) return failure('no command after the thread id');
  while (p - commandStart <= MAX_COMMAND_LENGTH) {
    code = message.charCodeAt(p);
    if (code === TAB || code === LF || code === CR || Number.isNaN(code)) break;
    if (!isCommandChar(code)) return failure('the command holds characters no command name has');
    p++;
  }
  if (p - commandStart > MAX_COMMAND_LENGTH) return failure('the command is too long');
  if (message.charCodeAt(p - 1) === SPACE) return failure('the command ends with a space');
  const command = message.slice(commandStart, p);

  let argument: string;
  if (code === TAB) {
    argument = message.slice(p + 1);
  } else if (Number.isNaN(code)) {
    argument = '';
  } else {
    // An empty argument written without its tab, then more lines: those lines are the argument.
    argument = message.slice(code === CR && message.charCodeAt(p + 1) === LF ? p + 2 : p + 1);
  }

  const fields: Fields = { thread_id: threadId, command, argument };
  if (command === 'Connect' || command === 'Change user') addConnectFields(argument, fields);
  else if (command === 'Init DB' && argument !== '') fields['db'] = argument;
  return timestamp === undefined ? { ok: true, fields } : { ok: true, fields, timestamp };
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
export const mysqlGeneral: LogParser = {
  name: 'mysql-general',
  description: 'MySQL/MariaDB general query log (5.6, 5.7, 8.0 and MariaDB layouts)',
  parse: parseMysqlGeneral,
};
