/**
 * MySQL / MariaDB slow query log (RDS log group `.../slowquery`), one multi-line entry per message:
 *
 * ```
 * # Time: 2026-11-25T11:41:00.123456Z
 * # User@Host: app[app] @ ip-10-0-0-7.ec2.internal [10.0.0.7]  Id:    42
 * # Query_time: 2.000123  Lock_time: 0.000101 Rows_sent: 1  Rows_examined: 250000
 * use shop;
 * SET timestamp=1764070860;
 * SELECT ...;
 * ```
 *
 * `# Time:` may be missing (5.6 omits it within a second; the time then comes from `SET timestamp=`) or
 * in 5.6 form (`# Time: 251125 11:41:00`). Other `# Key: value  Key: value` lines (MariaDB's
 * `# Thread_id: 42  Schema: shop  QC_hit: No`, 8.0's `log_slow_extra` counters) add their keys in
 * snake_case: numbers when the value is numeric, strings otherwise, `Schema` as `db`. `#` lines that are
 * not key/value pairs (MariaDB's `# explain:` rows) are skipped. A message holding only the mysqld banner
 * is a header, as in the general log.
 *
 * Fields: `query_time`, `lock_time` (seconds), `rows_sent`, `rows_examined`, `thread_id` (numbers),
 * `user`, `priv_user` (when it differs), `host`, `ip` (when not empty), `db` (from `use` or `Schema`),
 * `statement` (may span lines), plus the extra keys above.
 *
 * @example
 * ```ts
 * mysqlSlow.parse("# Query_time: 2.5  Lock_time: 0.0 Rows_sent: 1  Rows_examined: 9\nSET timestamp=1764070860;\nSELECT 1;");
 * // { ok: true, timestamp: "2025-11-25T11:41:00Z",
 * //   fields: { query_time: 2.5, lock_time: 0, rows_sent: 1, rows_examined: 9, statement: "SELECT 1;" } }
 * ```
 * @module
 */

import { isBlank, skipBlanks, stripTrailingCr } from './blanks.ts';
import { safeFieldName } from './field-names.ts';
import { MYSQL_HEADER_FIELDS, parseMysqlHeader } from './mysql-header.ts';
import { defineParser, type Fields, type FieldType, type ParseResult, type SampledParserPlugin } from './parser.ts';
import { APP_IPS, dateTime, int, isoMicros, pick, type Rng, THREADS_APP, weighted } from './sample-lines.ts';
import { type Cursor, epochDigitsToIso, isDigitAt, scanIso, scanMysqlShort } from './timestamps.ts';

const TIME_LINE = /^#[ \t\u00a0]*Time:/;
const USER_HOST_LINE = /^#[ \t\u00a0]*User@Host:/;

const TIME_KEY = 'Time:';
const USER_HOST_KEY = 'User@Host:';
// `\s` takes the blanks of a copied log (U+00A0 and the other Unicode spaces) as well as the server's.
const SET_TIMESTAMP = /^SET\s+timestamp=(\d{1,12})(?:\.(\d{1,6}))?;\s*$/;
const USE_DB = /^use\s+(`?)([^`;]*)\1;\s*$/;

const cursor: Cursor = { pos: 0 };

/**
 * The fields this parser declares. `start` and `end` are 8.0's `log_slow_extra` times, kept as written.
 * Other `# Key: value` pairs are added too, undeclared (numbers when numeric).
 */
const SLOW_FIELDS = {
  query_time: 'double',
  lock_time: 'double',
  rows_sent: 'long',
  rows_examined: 'long',
  thread_id: 'long',
  user: 'keyword',
  priv_user: 'keyword',
  host: 'keyword',
  ip: 'keyword',
  db: 'keyword',
  statement: 'text',
  start: 'keyword',
  end: 'keyword',
} as const satisfies Readonly<Record<string, FieldType>>;

const DECLARED_TYPES: ReadonlyMap<string, FieldType> = new Map(Object.entries(SLOW_FIELDS));

/** Keys whose name in the document differs from the lowercased log key. */
const RENAMED_KEYS: Readonly<Record<string, string>> = { schema: 'db', id: 'thread_id' };

/** Whether `token` is a key with its colon: a letter, then letters, digits or `_`, then `:`. */
function isKey(token: string): boolean {
  const last = token.length - 1;
  if (last < 1 || token.charCodeAt(last) !== 58) return false;
  for (let p = 0; p < last; p++) {
    const code = token.charCodeAt(p);
    const letter = (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
    if (!letter && (p === 0 || !((code >= 48 && code <= 57) || code === 95))) return false;
  }
  return true;
}

/** Whether `value` is what MySQL prints for counters and times: optional sign, digits, optional fraction. */
function isNumber(value: string): boolean {
  let p = value.charCodeAt(0) === 45 ? 1 : 0;
  const digits = p;
  while (isDigitAt(value, p)) p++;
  if (p === digits) return false;
  if (p === value.length) return true;
  if (value.charCodeAt(p) !== 46) return false;
  const fraction = ++p;
  while (isDigitAt(value, p)) p++;
  return p === value.length && p > fraction;
}

/** A log key's field name and declared type. */
interface KeyField {
  readonly name: string;
  readonly type: FieldType | undefined;
}

/**
 * Field of each `Key:` token seen: a slow log repeats the same few keys on every entry. Bounded, so
 * a log of ever-new keys costs a lookup, not memory.
 */
const KEY_FIELDS = new Map<string, KeyField>();
const KEY_FIELDS_MAX = 256;

function keyField(token: string): KeyField {
  let field = KEY_FIELDS.get(token);
  if (field === undefined) {
    const lower = token.slice(0, -1).toLowerCase();
    const name = safeFieldName(RENAMED_KEYS[lower] ?? lower);
    field = { name, type: DECLARED_TYPES.get(name) };
    if (KEY_FIELDS.size < KEY_FIELDS_MAX) KEY_FIELDS.set(token, field);
  }
  return field;
}

/**
 * Adds `Key: value  Key: value` pairs; returns false (adding nothing) for a line of another shape: a
 * first pass over the tokens checks the shape, a second adds.
 */
function addKeyValues(body: string, fields: Fields): boolean {
  const tokens = body.split(/\s+/);
  for (let pass = 0; pass < 2; pass++) {
    let pairs = 0;
    let i = 0;
    while (i < tokens.length) {
      const token = tokens[i]!;
      i++;
      if (token === '') continue;
      if (!isKey(token)) return false;
      const value = tokens[i];
      // A key directly followed by another key (MariaDB's `Schema:  QC_hit: No`) has an empty value.
      if (value === undefined || value === '' || isKey(value)) continue;
      i++;
      pairs++;
      if (pass === 0) continue;
      const { name, type } = keyField(token);
      // Declared names keep their type (a schema named `2024` is still a name; a non-numeric `Thread_id`
      // is dropped); other keys are numbers when they look like one.
      const numeric = isNumber(value);
      if (type === 'long' || type === 'double') {
        if (numeric) fields[name] = Number(value);
      } else {
        fields[name] = numeric && type === undefined ? Number(value) : value;
      }
    }
    if (pairs === 0) return false;
  }
  return true;
}

/** `priv_user[user] @ host [ip]  Id: 42` (the `Id` part is absent on MariaDB; any blanks between the parts). */
function addUserHost(body: string, fields: Fields): void {
  const open = body.indexOf('[');
  const close = body.indexOf(']', open + 1);
  if (open < 0 || close < 0) return;
  let p = skipBlanks(body, close + 1);
  if (body.charCodeAt(p) !== 64 || !isBlank(body.charCodeAt(p + 1))) return;
  p = skipBlanks(body, p + 1);
  const privUser = body.slice(0, open);
  const user = body.slice(open + 1, close) || privUser;
  if (user !== '') fields['user'] = user;
  if (privUser !== '' && privUser !== user) fields['priv_user'] = privUser;
  const hostStart = p;
  while (p < body.length && !isBlank(body.charCodeAt(p)) && body.charCodeAt(p) !== 91) p++;
  if (p > hostStart) fields['host'] = body.slice(hostStart, p);
  p = skipBlanks(body, p);
  if (body.charCodeAt(p) !== 91) return;
  const ipClose = body.indexOf(']', p + 1);
  if (ipClose < 0) return;
  if (ipClose > p + 1) fields['ip'] = body.slice(p + 1, ipClose);
  const idMatch = /^\s+Id:\s+(\d{1,15})\s*$/.exec(body.slice(ipClose + 1));
  if (idMatch?.[1] !== undefined) fields['thread_id'] = Number(idMatch[1]);
}

/**
 * Reads a `# Time:` or `# User@Host:` header (or other `# Key: value` pairs) from `line` at `from`, just
 * after its `#` and blanks. Returns whether it was a `# Query_time:` line.
 */
function addHeaderLine(line: string, from: number, fields: Fields, time: { value?: string }): boolean {
  let p = from;
  // Old servers could write `# Time: 071218 11:48:27 # User@Host: ...` on one line: a loop over the
  // parts, never recursion over user data.
  while (line.startsWith(TIME_KEY, p)) {
    cursor.pos = skipBlanks(line, p + TIME_KEY.length);
    const isIso = line.charCodeAt(cursor.pos + 4) === 45;
    const value = isIso ? scanIso(line, cursor) : scanMysqlShort(line, cursor);
    if (value === undefined) return false;
    const rest = skipBlanks(line, cursor.pos);
    if (rest < line.length && line.charCodeAt(rest) !== 35) return false;
    time.value = value;
    if (rest === line.length) return false;
    p = skipBlanks(line, rest + 1);
  }
  if (line.startsWith(USER_HOST_KEY, p)) {
    addUserHost(line.slice(skipBlanks(line, p + USER_HOST_KEY.length)), fields);
    return false;
  }
  const body = line.slice(p);
  return addKeyValues(body, fields) && body.startsWith('Query_time:');
}

/**
 * Parses one slow-log entry. Never throws.
 *
 * @example
 * ```ts
 * parseMysqlSlow("# Time: 251125 11:41:00\n# Query_time: 1.0  Lock_time: 0.0  Rows_sent: 0  Rows_examined: 0\nDO SLEEP(1);");
 * // { ok: true, timestamp: "2025-11-25T11:41:00Z", fields: { query_time: 1, lock_time: 0, rows_sent: 0, rows_examined: 0, statement: "DO SLEEP(1);" } }
 * ```
 */
export function parseMysqlSlow(message: string): ParseResult {
  message = stripTrailingCr(message);
  const fields: Fields = {};
  const time: { value?: string } = {};
  let timestamp: string | undefined;
  let sawQueryTime = false;
  let start = 0;
  let inHeader = true;
  let useSeen = false;
  let statementStart = -1;

  // Leading banner lines (after a log flush) are skipped; a message of nothing else is a header.
  const banner = parseMysqlHeader(message);
  if (banner !== undefined) return banner;

  while (start < message.length) {
    let end = message.indexOf('\n', start);
    if (end < 0) end = message.length;
    const line = message.charCodeAt(end - 1) === 13 ? message.slice(start, end - 1) : message.slice(start, end);
    if (inHeader && line.charCodeAt(0) === 35 && isBlank(line.charCodeAt(1))) {
      const from = skipBlanks(line, 2);
      if (!line.startsWith('administrator command:', from)) {
        if (addHeaderLine(line, from, fields, time)) sawQueryTime = true;
        timestamp = time.value;
        start = end + 1;
        continue;
      }
    }
    if (line.trim() === '' || (inHeader && parseMysqlHeader(line) !== undefined)) {
      start = end + 1;
      continue;
    }
    if (inHeader && !sawQueryTime) return { ok: false, reason: 'no "# Query_time:" line before the statement' };
    inHeader = false;
    if (statementStart < 0) {
      const useMatch = useSeen ? null : USE_DB.exec(line);
      if (useMatch?.[2] !== undefined) {
        useSeen = true;
        if (useMatch[2] !== '') fields['db'] = useMatch[2];
        start = end + 1;
        continue;
      }
      const setMatch = SET_TIMESTAMP.exec(line);
      if (setMatch?.[1] !== undefined) {
        const fraction = setMatch[2] ?? '';
        timestamp ??= epochDigitsToIso(setMatch[1] + fraction, fraction.length);
        start = end + 1;
        continue;
      }
      statementStart = start;
      break;
    }
  }
  if (!sawQueryTime) return { ok: false, reason: 'no "# Query_time:" line' };
  if (statementStart >= 0) fields['statement'] = message.slice(statementStart);
  return timestamp === undefined ? { ok: true, fields } : { ok: true, fields, timestamp };
}

/** The fields of one slow-log entry. */
export interface MysqlSlowEntry {
  /** Canonical UTC ISO time for `# Time:`; absent to leave the line out. */
  readonly time?: string;
  readonly user: string;
  readonly host?: string;
  readonly ip?: string;
  readonly threadId: number;
  readonly queryTime: number;
  readonly lockTime: number;
  readonly rowsSent: number;
  readonly rowsExamined: number;
  readonly db?: string;
  /** Epoch seconds for `SET timestamp=`. */
  readonly setTimestamp: number;
  readonly statement: string;
}

/**
 * Writes a slow-log entry in the 8.0 layout (six-decimal times).
 *
 * @example
 * ```ts
 * formatMysqlSlow({ time: "2026-11-25T11:41:00.123456Z", user: "app", host: "ip-10-0-0-7.ec2.internal", ip: "10.0.0.7",
 *   threadId: 42, queryTime: 2.000123, lockTime: 0.000101, rowsSent: 1, rowsExamined: 250000, db: "shop",
 *   setTimestamp: 1795606860, statement: "SELECT 1;" });
 * // "# Time: 2026-11-25T11:41:00.123456Z\n# User@Host: app[app] @ ip-10-0-0-7.ec2.internal [10.0.0.7]  Id:    42\n..."
 * ```
 */
export function formatMysqlSlow(entry: MysqlSlowEntry): string {
  const lines: string[] = [];
  if (entry.time !== undefined) lines.push(`# Time: ${entry.time}`);
  lines.push(`# User@Host: ${entry.user}[${entry.user}] @ ${entry.host ?? ''} [${entry.ip ?? ''}]  Id: ${String(entry.threadId).padStart(5, ' ')}`);
  lines.push(
    `# Query_time: ${entry.queryTime.toFixed(6)}  Lock_time: ${entry.lockTime.toFixed(6)} Rows_sent: ${entry.rowsSent}  Rows_examined: ${entry.rowsExamined}`,
  );
  if (entry.db !== undefined) lines.push(`use ${entry.db};`);
  lines.push(`SET timestamp=${entry.setTimestamp};`);
  lines.push(entry.statement);
  return lines.join('\n');
}

/**
 * One realistic slow-log entry (several lines) at `epochMs`.
 *
 * @example
 * ```ts
 * mysqlSlowEntry(mulberry32(1), Date.UTC(2026, 10, 25, 11, 41)).split("\n")[0]; // "# Time: 2026-11-25T11:41:00.…Z"
 * ```
 */
export function mysqlSlowEntry(rng: Rng, epochMs: number): string {
  const queryTime = int(rng, 1_000_000, 30_000_000) / 1e6;
  const ip = pick(rng, APP_IPS);
  const statement = weighted(rng, [
    [
      3,
      `SELECT c.id, c.email, SUM(o.total_cents) AS lifetime_cents FROM customers c JOIN orders o ON o.customer_id = c.id WHERE o.created_at >= '${
        dateTime(rng, epochMs)
      }' GROUP BY c.id ORDER BY lifetime_cents DESC LIMIT 100;`,
    ],
    [
      2,
      `SELECT p.id, p.name, SUM(oi.quantity) AS sold\nFROM order_items oi\n  JOIN products p ON p.id = oi.product_id\nWHERE oi.created_at >= '${
        dateTime(rng, epochMs)
      }'\nGROUP BY p.id, p.name\nORDER BY sold DESC;`,
    ],
    [2, `UPDATE orders SET status = 'delivered' WHERE status = 'shipped' AND shipped_at < '${dateTime(rng, epochMs)}';`],
    [1, `DELETE FROM sessions WHERE last_seen_at < '${dateTime(rng, epochMs)}';`],
  ]);
  return formatMysqlSlow({
    time: isoMicros(epochMs, int(rng, 0, 999)),
    user: 'app',
    host: `ip-${ip.replaceAll('.', '-')}.ec2.internal`,
    ip,
    threadId: int(rng, 10, 10 + THREADS_APP),
    queryTime,
    lockTime: int(rng, 50, 2000) / 1e6,
    rowsSent: int(rng, 0, 100),
    rowsExamined: int(rng, 10_000, 5_000_000),
    db: 'shop',
    setTimestamp: Math.floor(epochMs / 1000),
    statement,
  });
}

/**
 * The slow-query-log parser plug-in.
 *
 * @example
 * ```ts
 * mysqlSlow.name; // "mysql-slow"
 * ```
 */
export const mysqlSlow: SampledParserPlugin<'mysql-slow'> = defineParser({
  name: 'mysql-slow',
  description: 'MySQL/MariaDB slow query log entries (# Time / # User@Host / # Query_time ... statement)',
  rdsLogTypes: ['slowquery'],
  fields: { ...SLOW_FIELDS, ...MYSQL_HEADER_FIELDS },
  parse: parseMysqlSlow,
  // `# Time:` opens an entry; `# User@Host:` opens one too unless it follows that `# Time:` (5.6 omits it within a second).
  startsEntry: (line, current) =>
    TIME_LINE.test(line) || (USER_HOST_LINE.test(line) && !current.every((l) => TIME_LINE.test(l))) || parseMysqlHeader(line) !== undefined,
  sample: { logGroup: '/aws/rds/instance/shop-db/slowquery', generate: mysqlSlowEntry },
});
