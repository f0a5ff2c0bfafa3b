/**
 * MariaDB audit plugin log (RDS MySQL / MariaDB option group `MARIADB_AUDIT_PLUGIN`, log group `.../audit`):
 * `timestamp,serverhost,username,host,connectionid,queryid,operation,database,object,retcode`.
 *
 * - The timestamp is `YYYYMMDD HH:MM:SS` (RDS MySQL/MariaDB) or epoch microseconds (Aurora MySQL's
 *   advanced auditing writes `1764070860123456`), always UTC.
 * - QUERY events quote the object in single quotes, escaping `'` `\` newline, CR and tab with a
 *   backslash (`'SELECT \'x\', b'`): it may hold commas. CONNECT events leave it empty, and table events
 *   (READ, WRITE...) write the bare table name and no retcode (`...,READ,shop,orders,`).
 *
 * Fields: `server_host`, `user`, `host`, `connection_id`, `query_id` (numbers), `operation`, `db`,
 * `object` (unescaped), `retcode` (number). Empty strings and an empty retcode are left out.
 *
 * @example
 * ```ts
 * mariadbAudit.parse("20261125 11:41:00,ip-10-0-0-1,app,10.0.0.7,42,1001,QUERY,shop,'SELECT \\'x\\'',0");
 * // { ok: true, timestamp: "2026-11-25T11:41:00Z", fields: { server_host: "ip-10-0-0-1", user: "app",
 * //   host: "10.0.0.7", connection_id: 42, query_id: 1001, operation: "QUERY", db: "shop", object: "SELECT 'x'", retcode: 0 } }
 * ```
 * @module
 */

import { isBlank, stripTrailingCr } from './blanks.ts';
import { defineParser, type Fields, type ParseResult, type SampledParserPlugin } from './parser.ts';
import { APP_IPS, appQuery, int, isoParts, pad, pick, rdsadminQuery, type Rng, THREADS_APP, weighted } from './sample-lines.ts';
import { type Cursor, epochDigitsToIso, isDigitAt, scanCompact, startsWithTimestamp } from './timestamps.ts';

const AURORA_TIME = /^\d{16},/;

const COMMA = 44;
const QUOTE = 39;
const BACKSLASH = 92;
const INTEGER = /^-?\d{1,15}$/;

const cursor: Cursor = { pos: 0 };

/** Undoes the plugin's escaping; an unknown escape keeps its backslash, as the plugin never writes one. */
function unescape(text: string): string {
  if (!text.includes('\\')) return text;
  let out = '';
  let from = 0;
  let at = text.indexOf('\\');
  while (at >= 0 && at + 1 < text.length) {
    const next = text.charCodeAt(at + 1);
    const replacement = next === 110 ? '\n' : next === 114 ? '\r' : next === 116 ? '\t' : next === QUOTE ? "'" : next === BACKSLASH ? '\\' : undefined;
    if (replacement === undefined) {
      at = text.indexOf('\\', at + 1);
      continue;
    }
    out += text.slice(from, at) + replacement;
    from = at + 2;
    at = text.indexOf('\\', from);
  }
  return out + text.slice(from);
}

/**
 * The return code: the column at `from`, up to a comma. Newer RDS plugin versions write more columns
 * after it (`...,0,,`), which carry nothing here.
 */
function retcodeColumn(message: string, from: number): string {
  const comma = message.indexOf(',', from);
  return (comma < 0 ? message.slice(from) : message.slice(from, comma)).trimEnd();
}

/**
 * Parses one audit record. Never throws.
 *
 * @example
 * ```ts
 * parseMariadbAudit("20261125 11:41:00,ip-10-0-0-1,app,10.0.0.7,42,0,CONNECT,shop,,0");
 * // { ok: true, timestamp: "2026-11-25T11:41:00Z", fields: { server_host: "ip-10-0-0-1", user: "app", host: "10.0.0.7",
 * //   connection_id: 42, query_id: 0, operation: "CONNECT", db: "shop", retcode: 0 } }
 * ```
 */
export function parseMariadbAudit(message: string): ParseResult {
  message = stripTrailingCr(message);
  let timestamp: string | undefined;
  let p: number;
  if (isBlank(message.charCodeAt(8))) {
    cursor.pos = 0;
    timestamp = scanCompact(message, cursor);
    if (timestamp === undefined) return { ok: false, reason: 'the record does not start with a valid timestamp' };
    p = cursor.pos;
  } else {
    p = 0;
    while (isDigitAt(message, p) && p < 20) p++;
    const digits = message.slice(0, p);
    // Aurora writes microseconds; seconds and milliseconds are accepted for hand-made records.
    const fractionDigits = digits.length >= 16 ? 6 : digits.length >= 13 ? 3 : 0;
    timestamp = digits.length >= 10 ? epochDigitsToIso(digits, fractionDigits) : undefined;
    if (timestamp === undefined) return { ok: false, reason: 'the record does not start with a timestamp' };
  }
  if (message.charCodeAt(p) !== COMMA) return { ok: false, reason: 'no comma after the timestamp' };

  // serverhost, username, host, connectionid, queryid, operation, database: never quoted, never commas.
  const parts: string[] = [];
  let from = p + 1;
  for (let i = 0; i < 7; i++) {
    const comma = message.indexOf(',', from);
    if (comma < 0) return { ok: false, reason: `only ${i + 2} of the 10 comma-separated columns` };
    parts.push(message.slice(from, comma));
    from = comma + 1;
  }
  const [serverHost = '', user = '', host = '', connectionId = '', queryId = '', operation = '', db = ''] = parts;
  if (!INTEGER.test(connectionId) || !INTEGER.test(queryId)) return { ok: false, reason: 'connection id or query id is not a number' };
  if (operation === '') return { ok: false, reason: 'no operation' };

  let object: string;
  let retcode: string;
  if (message.charCodeAt(from) === QUOTE) {
    // Scan to the closing quote, stepping over escapes; commas inside are part of the object.
    let q = from + 1;
    for (;;) {
      const code = message.charCodeAt(q);
      if (Number.isNaN(code)) return { ok: false, reason: 'the quoted object is not closed' };
      if (code === BACKSLASH) q += 2;
      else if (code === QUOTE) break;
      else q++;
    }
    object = unescape(message.slice(from + 1, q));
    if (message.charCodeAt(q + 1) !== COMMA) return { ok: false, reason: 'no comma after the quoted object' };
    retcode = retcodeColumn(message, q + 2);
  } else {
    const comma = message.indexOf(',', from);
    if (comma < 0) return { ok: false, reason: 'only 9 of the 10 comma-separated columns' };
    object = message.slice(from, comma);
    retcode = retcodeColumn(message, comma + 1);
    if (retcode !== '' && !INTEGER.test(retcode)) {
      // A bare object holding commas: the return code is then the last column.
      const last = message.lastIndexOf(',');
      object = message.slice(from, last);
      retcode = message.slice(last + 1).trimEnd();
    }
  }
  if (retcode !== '' && !INTEGER.test(retcode)) return { ok: false, reason: 'the return code is not a number' };

  const fields: Fields = {};
  if (serverHost !== '') fields['server_host'] = serverHost;
  if (user !== '') fields['user'] = user;
  if (host !== '') fields['host'] = host;
  fields['connection_id'] = Number(connectionId);
  fields['query_id'] = Number(queryId);
  fields['operation'] = operation;
  if (db !== '') fields['db'] = db;
  if (object !== '') fields['object'] = object;
  if (retcode !== '') fields['retcode'] = Number(retcode);
  return { ok: true, fields, timestamp };
}

/** The fields of one audit record. */
export interface MariadbAuditRecord {
  readonly time: string;
  readonly serverHost: string;
  readonly user: string;
  readonly host: string;
  readonly connectionId: number;
  readonly queryId: number;
  readonly operation: string;
  readonly db: string;
  readonly object: string;
  /** Absent for table events (READ, WRITE...), which end with a bare comma. */
  readonly retcode?: number;
}

/** The plugin's escaping of a quoted object. */
function escapeAuditObject(object: string): string {
  return object.replace(/[\\'\n\r\t]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\${c}`));
}

/**
 * Writes an audit record as the MariaDB audit plugin does: QUERY* objects quoted and escaped, others bare.
 *
 * @example
 * ```ts
 * formatMariadbAudit({ time: "2026-11-25T11:41:00Z", serverHost: "ip-10-0-0-1", user: "app", host: "10.0.0.7",
 *   connectionId: 42, queryId: 1001, operation: "QUERY", db: "shop", object: "SELECT 'x'", retcode: 0 });
 * // "20261125 11:41:00,ip-10-0-0-1,app,10.0.0.7,42,1001,QUERY,shop,'SELECT \\'x\\'',0"
 * ```
 */
export function formatMariadbAudit(record: MariadbAuditRecord): string {
  const t = isoParts(record.time);
  const object = record.operation.startsWith('QUERY') ? `'${escapeAuditObject(record.object)}'` : record.object;
  return [
    `${t.y}${t.mo}${t.d} ${pad(t.h)}:${t.mi}:${t.s}`,
    record.serverHost,
    record.user,
    record.host,
    record.connectionId,
    record.queryId,
    record.operation,
    record.db,
    object,
    record.retcode ?? '',
  ].join(',');
}

/**
 * One realistic MariaDB audit record at `epochMs`.
 *
 * @example
 * ```ts
 * mariadbAuditLine(mulberry32(1), Date.UTC(2026, 10, 25, 11, 41)); // "20261125 11:41:00,ip-10-0-0-1,app,10.0.0.7,…"
 * ```
 */
export function mariadbAuditLine(rng: Rng, epochMs: number): string {
  const operation = weighted(
    rng,
    [
      [8, 'QUERY'],
      [1, 'CONNECT'],
      [1, 'DISCONNECT'],
      [0.2, 'FAILED_CONNECT'],
    ] as const,
  );
  const admin = rng() < 0.1;
  const failed = operation === 'FAILED_CONNECT';
  return formatMariadbAudit({
    time: new Date(Math.floor(epochMs / 1000) * 1000).toISOString().slice(0, 19) + 'Z',
    serverHost: 'ip-10-0-0-1',
    user: admin ? 'rdsadmin' : 'app',
    host: admin ? 'localhost' : pick(rng, APP_IPS),
    connectionId: int(rng, 10, 10 + THREADS_APP),
    queryId: operation === 'QUERY' ? int(rng, 1000, 9_999_999) : 0,
    operation,
    db: admin ? '' : 'shop',
    object: operation === 'QUERY' ? (admin ? rdsadminQuery(rng, epochMs) : appQuery(rng, epochMs)) : '',
    retcode: failed ? 1045 : 0,
  });
}

/**
 * The audit-log parser plug-in.
 *
 * @example
 * ```ts
 * mariadbAudit.name; // "mariadb-audit"
 * ```
 */
export const mariadbAudit: SampledParserPlugin<'mariadb-audit'> = defineParser({
  name: 'mariadb-audit',
  description: 'MariaDB audit plugin CSV (RDS MySQL/MariaDB) and Aurora MySQL advanced auditing',
  rdsLogTypes: ['audit'],
  fields: {
    server_host: 'keyword',
    user: 'keyword',
    host: 'keyword',
    connection_id: 'long',
    query_id: 'long',
    operation: 'keyword',
    db: 'keyword',
    object: 'text',
    retcode: 'long',
  },
  parse: parseMariadbAudit,
  // A record starts with its time: `YYYYMMDD HH:MM:SS` (MariaDB plugin) or microseconds since the epoch (Aurora).
  startsEntry: (line) => startsWithTimestamp(line) || AURORA_TIME.test(line),
  sample: { logGroup: '/aws/rds/instance/shop-db/audit', generate: mariadbAuditLine },
});
