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

import { isBlank, skipBlanks, trimBlanksEnd } from './blanks.ts';
import type { Fields, FieldType, ParseResult } from './parser.ts';

const VERSION_MARK = ', Version:';
const STARTED_WITH = 'started with:';
const TCP_PORT = 'Tcp port:';
const UNIX_SOCKET = 'Unix socket:';
// No nested quantifiers, so a long line that fails near the end costs one linear pass. `\s` takes the
// Unicode spaces a copied banner may hold.
const COLUMNS = /^Time\s+Id\s+Command\s+Argument\s*$/;

/** The fields of a banner, which the general and slow query log parsers both declare. */
export const MYSQL_HEADER_FIELDS = {
  header: 'keyword',
  program: 'keyword',
  version: 'keyword',
  version_comment: 'keyword',
  port: 'long',
  socket: 'keyword',
} as const satisfies Readonly<Record<string, FieldType>>;

/** Adds one banner line's fields; returns its kind, or undefined when the line is not a banner line. */
function headerLine(rawLine: string, fields: Fields): string | undefined {
  const line = trimBlanksEnd(rawLine);
  const versionAt = line.indexOf(VERSION_MARK);
  if (versionAt > 0 && line.endsWith(STARTED_WITH) && isBlank(line.charCodeAt(line.length - STARTED_WITH.length - 1))) {
    // `<program>, Version: <version> (<comment>). started with:`; the comment may itself hold
    // parentheses ("MySQL Community Server (GPL)"), so it runs to the last ")." before the tail.
    const rest = trimBlanksEnd(line.slice(skipBlanks(line, versionAt + VERSION_MARK.length), line.length - STARTED_WITH.length));
    let space = 0;
    while (space < rest.length && !isBlank(rest.charCodeAt(space))) space++;
    fields['program'] = line.slice(0, versionAt);
    if (space === rest.length) {
      fields['version'] = rest.endsWith('.') ? rest.slice(0, -1) : rest;
    } else {
      fields['version'] = rest.slice(0, space);
      const comment = rest.slice(skipBlanks(rest, space));
      if (comment.startsWith('(') && comment.endsWith(').')) fields['version_comment'] = comment.slice(1, -2);
    }
    return 'version';
  }
  if (line.startsWith(TCP_PORT)) {
    // `Tcp port: 3306  Unix socket: /tmp/mysql.sock` (two spaces from the server, any blanks in copies).
    let p = skipBlanks(line, TCP_PORT.length);
    const portStart = p;
    while (p - portStart <= 5 && line.charCodeAt(p) >= 48 && line.charCodeAt(p) <= 57) p++;
    if (p === portStart || p - portStart > 5) return undefined;
    const port = Number(line.slice(portStart, p));
    p = skipBlanks(line, p);
    let socket: string | undefined;
    if (line.startsWith(UNIX_SOCKET, p)) socket = line.slice(skipBlanks(line, p + UNIX_SOCKET.length));
    else if (p < line.length) return undefined;
    fields['port'] = port;
    if (socket !== undefined && socket !== '') fields['socket'] = socket;
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
    const line = message.charCodeAt(end - 1) === 13 ? message.slice(start, end - 1) : message.slice(start, end);
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
