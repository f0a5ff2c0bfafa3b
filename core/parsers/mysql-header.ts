/**
 * The banner mysqld writes at the top of its general and slow query logs each time it opens or flushes
 * them. Both parsers recognise it and answer `{ ok: true, header: true }` so it is indexed as what it is
 * rather than reported as an unparsable line.
 *
 * Fields: `header` (`"version"`, `"listen"` or `"columns"`: the kind of the first line), `program`,
 * `version`, `version_comment`, `port` (number) and `socket`, from whichever lines the message holds.
 *
 * @example
 * ```ts
 * parseMysqlHeader("Tcp port: 3306  Unix socket: /tmp/mysql.sock");
 * // { ok: true, header: true, fields: { header: "listen", port: 3306, socket: "/tmp/mysql.sock" } }
 * ```
 * @module
 */

import type { Fields, ParseResult } from './parser.ts';

const VERSION_MARK = ', Version: ';
const STARTED_WITH = ' started with:';
const TCP_PORT = 'Tcp port: ';
const UNIX_SOCKET = '  Unix socket: ';
// No nested quantifiers, so a long line that fails near the end costs one linear pass.
const COLUMNS = /^Time +Id +Command +Argument *$/;

/** Adds one banner line's fields; returns its kind, or undefined when the line is not a banner line. */
function headerLine(line: string, fields: Fields): string | undefined {
  const versionAt = line.indexOf(VERSION_MARK);
  if (versionAt > 0 && line.endsWith(STARTED_WITH)) {
    // `<program>, Version: <version> (<comment>). started with:`; the comment may itself hold
    // parentheses ("MySQL Community Server (GPL)"), so it runs to the last ")." before the tail.
    const rest = line.slice(versionAt + VERSION_MARK.length, line.length - STARTED_WITH.length);
    const space = rest.indexOf(' ');
    fields['program'] = line.slice(0, versionAt);
    if (space < 0) {
      fields['version'] = rest.endsWith('.') ? rest.slice(0, -1) : rest;
    } else {
      fields['version'] = rest.slice(0, space);
      const comment = rest.slice(space + 1);
      if (comment.startsWith('(') && comment.endsWith(').')) fields['version_comment'] = comment.slice(1, -2);
    }
    return 'version';
  }
  if (line.startsWith(TCP_PORT)) {
    const socketAt = line.indexOf(UNIX_SOCKET, TCP_PORT.length);
    const portText = line.slice(TCP_PORT.length, socketAt < 0 ? line.length : socketAt).trim();
    if (!/^\d{1,5}$/.test(portText)) return undefined;
    fields['port'] = Number(portText);
    if (socketAt >= 0) fields['socket'] = line.slice(socketAt + UNIX_SOCKET.length).trim();
    return 'listen';
  }
  if (line.charCodeAt(0) === 84 && COLUMNS.test(line)) return 'columns';
  return undefined;
}

/**
 * Recognises a message made only of banner lines (blank lines allowed). Returns undefined otherwise,
 * so the caller goes on to its own format.
 *
 * @example
 * ```ts
 * parseMysqlHeader("Time                 Id Command    Argument"); // { ok: true, header: true, fields: { header: "columns" } }
 * parseMysqlHeader("SELECT 1"); // undefined
 * ```
 */
export function parseMysqlHeader(message: string): ParseResult | undefined {
  const fields: Fields = {};
  let kind: string | undefined;
  let start = 0;
  while (start <= message.length) {
    let end = message.indexOf('\n', start);
    if (end < 0) end = message.length;
    let line = message.slice(start, end);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.trim() !== '') {
      const lineKind = headerLine(line, fields);
      if (lineKind === undefined) return undefined;
      kind ??= lineKind;
    }
    start = end + 1;
  }
  if (kind === undefined) return undefined;
  return { ok: true, header: true, fields: { header: kind, ...fields } };
}
