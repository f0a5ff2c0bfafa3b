/**
 * PostgreSQL's CSV log (`log_destination = csvlog`, which RDS and Aurora PostgreSQL write beside the text
 * log). One record per event; its columns, per the PostgreSQL manual ("Using CSV-Format Log Output"):
 * `log_time, user_name, database_name, process_id, connection_from, session_id, session_line_num,
 * command_tag, session_start_time, virtual_transaction_id, transaction_id, error_severity,
 * sql_state_code, message, detail, hint, internal_query, internal_query_pos, context, query, query_pos,
 * location, application_name`, then `backend_type` (13+), `leader_pid` and `query_id` (14+).
 * Text columns are double-quoted with `""` for a quote and may span lines.
 *
 * RDS names no CloudWatch log type of its own for the CSV file (PostgreSQL's are `postgresql`, `upgrade`
 * and `iam-db-auth-error`), so this parser claims none: it reads log groups named `.../postgresql-csv` or
 * `.../csvlog` (a CloudWatch agent shipping the files, say), and any other through `FIREWATCH_PARSERS`.
 *
 * Fields: `user`, `db`, `pid`, `client_host`, `client_port` (TCP only), `session_id`, `session_line`,
 * `command_tag`, `severity`, `sql_state`, `text` (the message), `detail`, `hint`, `context`,
 * `statement` (the `query` column, or the statement a `statement:` / `duration:` message names),
 * `duration_ms`, `application_name`, `backend_type`; empty columns are left out.
 *
 * @example
 * ```ts
 * postgresqlCsv.parse('2026-11-25 11:41:00.123 UTC,"app","shop",1234,"10.0.0.7:54321",6742f0a1.4d2,3,"SELECT",2026-11-25 11:40:58 UTC,3/17,0,LOG,00000,"duration: 1.5 ms  statement: SELECT 1",,,,,,,,,"psql","client backend"');
 * // { ok: true, timestamp: "2026-11-25T11:41:00.123Z", fields: { user: "app", db: "shop", pid: 1234, client_host: "10.0.0.7",
 * //   client_port: 54321, session_id: "6742f0a1.4d2", session_line: 3, command_tag: "SELECT", severity: "LOG", sql_state: "00000",
 * //   text: "duration: 1.5 ms  statement: SELECT 1", duration_ms: 1.5, statement: "SELECT 1", application_name: "psql", backend_type: "client backend" } }
 * ```
 * @module
 */

import { stripTrailingCr } from './blanks.ts';
import { defineParser, type Fields, type ParseResult, type SampledParserPlugin } from './parser.ts';
import { APP_IPS, appQuery, int, pick, type Rng, weighted } from './sample-lines.ts';
import { type Cursor, scanIso, scanZoneWord, shiftIso, startsWithTimestamp } from './timestamps.ts';

const COMMA = 44;
const QUOTE = 34;
/** Columns up to `application_name`: every PostgreSQL version since 9.0 writes at least these. */
const MIN_COLUMNS = 23;
/** Columns read at most; later versions may add more, which are ignored. */
const MAX_COLUMNS = 26;
const DURATION = /^duration:\s(\d+(?:\.\d+)?)\sms(?:\s{1,2}|$)/;
const STATEMENT = /^(?:statement|execute [^:\n]{1,200}):\s/;

const cursor: Cursor = { pos: 0 };

/**
 * Splits one CSV record into at most {@link MAX_COLUMNS} columns in one pass; undefined when a quote is
 * not closed or is followed by something other than a comma or the end.
 */
function splitColumns(record: string): string[] | undefined {
  const columns: string[] = [];
  let p = 0;
  while (columns.length < MAX_COLUMNS) {
    if (record.charCodeAt(p) === QUOTE) {
      let value = '';
      let from = p + 1;
      for (;;) {
        const close = record.indexOf('"', from);
        if (close < 0) return undefined;
        value += record.slice(from, close);
        if (record.charCodeAt(close + 1) !== QUOTE) {
          p = close + 1;
          break;
        }
        value += '"';
        from = close + 2;
      }
      columns.push(value);
      if (p < record.length && record.charCodeAt(p) !== COMMA) return undefined;
    } else {
      const comma = record.indexOf(',', p);
      const end = comma < 0 ? record.length : comma;
      columns.push(record.slice(p, end));
      p = end;
    }
    if (p >= record.length) break;
    p++;
  }
  return columns;
}

/**
 * Parses one CSV log record. Never throws.
 *
 * @example
 * ```ts
 * parsePostgresqlCsv("2026-11-25 11:41:00.123 UTC,,,571,,6742f0a1.23b,1,,2026-11-25 11:40:00 UTC,,0,LOG,00000,\"checkpoint starting: time\",,,,,,,,,\"\",\"checkpointer\"");
 * // { ok: true, timestamp: "2026-11-25T11:41:00.123Z", fields: { pid: 571, session_id: "6742f0a1.23b", session_line: 1,
 * //   severity: "LOG", sql_state: "00000", text: "checkpoint starting: time", backend_type: "checkpointer" } }
 * ```
 */
export function parsePostgresqlCsv(message: string): ParseResult {
  const columns = splitColumns(stripTrailingCr(message));
  if (columns === undefined) return { ok: false, reason: 'a quoted column is not closed' };
  if (columns.length < MIN_COLUMNS) return { ok: false, reason: `only ${columns.length} of the at least ${MIN_COLUMNS} comma-separated columns` };
  const [
    logTime = '',
    user = '',
    db = '',
    pid = '',
    from = '',
    sessionId = '',
    sessionLine = '',
    commandTag = '',
    ,
    ,
    ,
    severity = '',
    sqlState = '',
    text = '',
    detail = '',
    hint = '',
    ,
    ,
    context = '',
    query = '',
    ,
    ,
    applicationName = '',
    backendType = '',
  ] = columns;

  cursor.pos = 0;
  let timestamp = scanIso(logTime, cursor);
  if (timestamp === undefined) return { ok: false, reason: 'the record does not start with a valid log_time' };
  if (cursor.pos < logTime.length) {
    const offset = scanZoneWord(logTime, cursor, true);
    // An abbreviation it cannot convert (`EST`) keeps the record but not its time.
    timestamp = Number.isNaN(offset) ? undefined : shiftIso(timestamp, offset);
  }
  if (!/^\d{1,10}$/.test(pid)) return { ok: false, reason: 'process_id is not a number' };
  if (!/^[A-Z0-9]{1,10}$/.test(severity)) return { ok: false, reason: 'no error_severity (LOG, ERROR, ...) in column 12' };

  const fields: Fields = {};
  if (user !== '') fields['user'] = user;
  if (db !== '') fields['db'] = db;
  fields['pid'] = Number(pid);
  // `host:port` over TCP (an IPv6 host holds colons too, so the port is after the last one), else `[local]`.
  const portAt = from.lastIndexOf(':');
  if (portAt > 0 && /^\d{1,5}$/.test(from.slice(portAt + 1))) {
    fields['client_host'] = from.slice(0, portAt);
    fields['client_port'] = Number(from.slice(portAt + 1));
  } else if (from !== '') {
    fields['client_host'] = from;
  }
  if (sessionId !== '') fields['session_id'] = sessionId;
  if (/^\d{1,15}$/.test(sessionLine)) fields['session_line'] = Number(sessionLine);
  if (commandTag !== '') fields['command_tag'] = commandTag;
  fields['severity'] = severity;
  if (sqlState !== '') fields['sql_state'] = sqlState;
  fields['text'] = text;
  if (detail !== '') fields['detail'] = detail;
  if (hint !== '') fields['hint'] = hint;
  if (context !== '') fields['context'] = context;
  const duration = DURATION.exec(text);
  if (duration?.[1] !== undefined) fields['duration_ms'] = Number(duration[1]);
  const rest = duration === null ? text : text.slice(duration[0].length);
  const statement = STATEMENT.exec(rest);
  if (query !== '') fields['statement'] = query;
  else if (statement !== null) fields['statement'] = rest.slice(statement[0].length);
  if (applicationName !== '') fields['application_name'] = applicationName;
  if (backendType !== '') fields['backend_type'] = backendType;
  return timestamp === undefined ? { ok: true, fields } : { ok: true, fields, timestamp };
}

/** A CSV column as PostgreSQL quotes it. */
const quoted = (value: string): string => `"${value.replaceAll('"', '""')}"`;

/**
 * One realistic CSV log record at `epochMs` (PostgreSQL 16 columns).
 *
 * @example
 * ```ts
 * postgresqlCsvLine(mulberry32(1), Date.UTC(2026, 10, 25, 11, 41)); // "2026-11-25 11:41:00.000 UTC,\"app\",\"billing\",…"
 * ```
 */
export function postgresqlCsvLine(rng: Rng, epochMs: number): string {
  const iso = new Date(Math.floor(epochMs)).toISOString();
  const time = `${iso.slice(0, 10)} ${iso.slice(11, 23)} UTC`;
  const pid = int(rng, 1000, 32_000);
  const session = `${Math.floor(epochMs / 1000 - int(rng, 1, 3600)).toString(16)}.${pid.toString(16)}`;
  const kind = weighted(
    rng,
    [
      [6, 'statement'],
      [3, 'duration'],
      [1, 'error'],
    ] as const,
  );
  const query = appQuery(rng, epochMs);
  const [severity, state, message, detail, tag, queryColumn] = kind === 'statement'
    ? ['LOG', '00000', `statement: ${query}`, '', query.split(' ', 1)[0] ?? '', '']
    : kind === 'duration'
    ? ['LOG', '00000', `duration: ${(int(rng, 1, 5_000_000) / 1000).toFixed(3)} ms  statement: ${query}`, '', query.split(' ', 1)[0] ?? '', '']
    : [
      'ERROR',
      '23505',
      'duplicate key value violates unique constraint "invoices_number_key"',
      `Key (number)=(INV-${int(rng, 10_000, 99_999)}) already exists.`,
      'INSERT',
      query,
    ];
  return [
    time,
    quoted('app'),
    quoted('billing'),
    pid,
    quoted(`${pick(rng, APP_IPS)}:${int(rng, 32_768, 60_999)}`),
    session,
    int(rng, 1, 500),
    quoted(tag),
    `${time.slice(0, 19)} UTC`,
    `${int(rng, 1, 9)}/${int(rng, 1, 99_999)}`,
    kind === 'error' ? int(rng, 1000, 999_999) : 0,
    severity,
    state,
    quoted(message),
    detail === '' ? '' : quoted(detail),
    '',
    '',
    '',
    '',
    queryColumn === '' ? '' : quoted(queryColumn),
    '',
    '',
    quoted('billing-api'),
    quoted('client backend'),
    '',
    0,
  ].join(',');
}

/**
 * The PostgreSQL CSV log parser plug-in.
 *
 * @example
 * ```ts
 * postgresqlCsv.name; // "postgresql-csv"
 * ```
 */
export const postgresqlCsv: SampledParserPlugin<'postgresql-csv'> = defineParser({
  name: 'postgresql-csv',
  description: 'PostgreSQL CSV log (log_destination = csvlog), as RDS and Aurora PostgreSQL write it',
  logGroups: ['*/postgresql-csv', '*/csvlog'],
  fields: {
    user: 'keyword',
    db: 'keyword',
    pid: 'long',
    client_host: 'keyword',
    client_port: 'long',
    session_id: 'keyword',
    session_line: 'long',
    command_tag: 'keyword',
    severity: 'keyword',
    sql_state: 'keyword',
    text: 'text',
    detail: 'text',
    hint: 'text',
    context: 'text',
    statement: 'text',
    duration_ms: 'double',
    application_name: 'keyword',
    backend_type: 'keyword',
  },
  parse: parsePostgresqlCsv,
  // csvlog rows start with log_time; a quoted field (a statement) may hold line breaks.
  startsEntry: startsWithTimestamp,
  sample: { logGroup: '/aurora/billing-db/postgresql-csv', generate: postgresqlCsvLine },
});
