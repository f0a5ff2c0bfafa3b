import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMysqlSlow, mysqlSlow } from '../../../core/parsers/mysql-slow.ts';
import { sampleEvents } from '../../../core/samples/log-lines.ts';
import { identifier, isoMicros, parseChecked, testParser } from './harness.ts';

const ENTRY_80 = [
  '# Time: 2026-11-25T11:41:00.123456Z',
  '# User@Host: app[app] @ ip-10-0-0-7.ec2.internal [10.0.0.7]  Id:    42',
  '# Query_time: 2.000123  Lock_time: 0.000101 Rows_sent: 1  Rows_examined: 250000',
  'use shop;',
  'SET timestamp=1795606860;',
  'SELECT c.id, SUM(o.total_cents)',
  'FROM customers c JOIN orders o ON o.customer_id = c.id',
  'GROUP BY c.id;',
].join('\n');

const ENTRY_MARIADB = [
  '# Time: 251125 11:41:00',
  '# User@Host: app[app] @ localhost []',
  '# Thread_id: 42  Schema: shop  QC_hit: No',
  '# Query_time: 2.000123  Lock_time: 0.000101  Rows_sent: 1  Rows_examined: 250000',
  '# Rows_affected: 0  Bytes_sent: 56',
  '# explain: id select_type table type possible_keys key key_len ref rows r_rows filtered r_filtered Extra',
  '# explain: 1 SIMPLE orders ALL NULL NULL NULL NULL 250000 250000.00 100.00 0.00 Using where',
  'SET timestamp=1764070860;',
  "SELECT * FROM orders WHERE note LIKE '%gift%';",
].join('\n');

const BASE = { query_time: 2.000123, lock_time: 0.000101, rows_sent: 1, rows_examined: 250000 };

testParser(mysqlSlow, [
  {
    name: 'collapsed blanks (RDS 8.0 slow log as copied), CRLF',
    line:
      '# Time: 2024-01-03T01:35:35.952622Z\r\n# User@Host: admin[admin] @ [127.0.0.1] Id: 260259\r\n# Query_time: 2.000294 Lock_time: 0.000000 Rows_sent: 1 Rows_examined: 1\r\nSET timestamp=1704245733;\r\nselect sleep(2);\r',
    expected: {
      ok: true,
      timestamp: '2024-01-03T01:35:35.952622Z',
      fields: {
        user: 'admin',
        ip: '127.0.0.1',
        thread_id: 260259,
        query_time: 2.000294,
        lock_time: 0,
        rows_sent: 1,
        rows_examined: 1,
        statement: 'select sleep(2);',
      },
    },
  },
  {
    name: 'NO-BREAK SPACEs between the header parts',
    line:
      '#\u00a0Time:\u00a0251125\u00a0\u00a011:41:00\n# User@Host:\u00a0app[app]\u00a0@\u00a0localhost\u00a0[]\n# Query_time:\u00a01.5\u00a0\u00a0Lock_time:\u00a00\u00a0Rows_sent:\u00a00\u00a0Rows_examined:\u00a00\nuse\u00a0shop;\nDO 1;',
    expected: {
      ok: true,
      timestamp: '2025-11-25T11:41:00Z',
      fields: { user: 'app', host: 'localhost', query_time: 1.5, lock_time: 0, rows_sent: 0, rows_examined: 0, db: 'shop', statement: 'DO 1;' },
    },
  },
  {
    name: 'time and user on one line (old servers)',
    line:
      '# Time: 071218 11:48:27 # User@Host: [SQL_SLAVE] @  []\n# Thread_id: 10\n# Query_time: 0.000012  Lock_time: 0.000000  Rows_sent: 0  Rows_examined: 0\nBEGIN;',
    expected: {
      ok: true,
      timestamp: '2007-12-18T11:48:27Z',
      fields: { user: 'SQL_SLAVE', thread_id: 10, query_time: 0.000012, lock_time: 0, rows_sent: 0, rows_examined: 0, statement: 'BEGIN;' },
    },
  },
  {
    name: 'MySQL 8.0 entry with use and a multi-line statement',
    line: ENTRY_80,
    expected: {
      ok: true,
      timestamp: '2026-11-25T11:41:00.123456Z',
      fields: {
        ...BASE,
        user: 'app',
        host: 'ip-10-0-0-7.ec2.internal',
        ip: '10.0.0.7',
        thread_id: 42,
        db: 'shop',
        statement: 'SELECT c.id, SUM(o.total_cents)\nFROM customers c JOIN orders o ON o.customer_id = c.id\nGROUP BY c.id;',
      },
    },
  },
  {
    name: 'MariaDB entry with Thread_id/Schema and explain lines',
    line: ENTRY_MARIADB,
    expected: {
      ok: true,
      timestamp: '2025-11-25T11:41:00Z',
      fields: {
        ...BASE,
        user: 'app',
        host: 'localhost',
        thread_id: 42,
        db: 'shop',
        qc_hit: 'No',
        rows_affected: 0,
        bytes_sent: 56,
        statement: "SELECT * FROM orders WHERE note LIKE '%gift%';",
      },
    },
  },
  {
    name: 'no # Time: line: the time comes from SET timestamp',
    line:
      '# User@Host: app[app] @  [10.0.0.7]  Id:    42\n# Query_time: 2.000123  Lock_time: 0.000101 Rows_sent: 1  Rows_examined: 250000\nSET timestamp=1764070860;\nSELECT 1;',
    expected: { ok: true, timestamp: '2025-11-25T11:41:00Z', fields: { ...BASE, user: 'app', ip: '10.0.0.7', thread_id: 42, statement: 'SELECT 1;' } },
  },
  {
    name: 'administrator command',
    line:
      '# Time: 2026-11-25T11:41:00.123456Z\n# User@Host: rdsadmin[rdsadmin] @ localhost []  Id:     5\n# Query_time: 2.000123  Lock_time: 0.000101 Rows_sent: 1  Rows_examined: 250000\nSET timestamp=1795606860;\n# administrator command: Ping;',
    expected: {
      ok: true,
      timestamp: '2026-11-25T11:41:00.123456Z',
      fields: { ...BASE, user: 'rdsadmin', host: 'localhost', thread_id: 5, statement: '# administrator command: Ping;' },
    },
  },
  {
    name: 'log_slow_extra counters and a privilege user differing from the login',
    line: '# Time: 2026-11-25T11:41:00.123456Z\n# User@Host: app[bob] @ ip-10-0-0-7.ec2.internal [10.0.0.7]  Id:    42\n' +
      '# Query_time: 2.000123  Lock_time: 0.000101 Rows_sent: 1  Rows_examined: 250000 Thread_id: 42 Errno: 0 Killed: 0 Bytes_received: 0 Bytes_sent: 56 Start: 2026-11-25T11:40:58.123333Z End: 2026-11-25T11:41:00.123456Z\n' +
      'use `shop-eu`;\nSET timestamp=1795606860;\nSELECT 1;',
    expected: {
      ok: true,
      timestamp: '2026-11-25T11:41:00.123456Z',
      fields: {
        ...BASE,
        user: 'bob',
        priv_user: 'app',
        host: 'ip-10-0-0-7.ec2.internal',
        ip: '10.0.0.7',
        thread_id: 42,
        errno: 0,
        killed: 0,
        bytes_received: 0,
        bytes_sent: 56,
        start: '2026-11-25T11:40:58.123333Z',
        end: '2026-11-25T11:41:00.123456Z',
        db: 'shop-eu',
        statement: 'SELECT 1;',
      },
    },
  },
  {
    name: 'banner before the entry (after FLUSH LOGS)',
    line:
      '/rdsdbbin/mysql/bin/mysqld, Version: 8.0.35 (Source distribution). started with:\nTcp port: 3306  Unix socket: /tmp/mysql.sock\nTime                 Id Command    Argument\n# Query_time: 1.5  Lock_time: 0.0 Rows_sent: 0  Rows_examined: 0\nSET timestamp=1764070860;\nDO SLEEP(1.5);',
    expected: {
      ok: true,
      timestamp: '2025-11-25T11:41:00Z',
      fields: { query_time: 1.5, lock_time: 0, rows_sent: 0, rows_examined: 0, statement: 'DO SLEEP(1.5);' },
    },
  },
  {
    name: 'banner alone',
    line: 'Time                 Id Command    Argument',
    expected: { ok: true, header: true, fields: { header: 'columns' } },
  },
  {
    name: 'a # line naming a reserved field is prefixed',
    line: '# Query_time: 1.5  Lock_time: 0.0 Rows_sent: 0  Rows_examined: 0\n# Message: hello  Error: 3\nSELECT 1;',
    expected: {
      ok: true,
      fields: { query_time: 1.5, lock_time: 0, rows_sent: 0, rows_examined: 0, parsed_message: 'hello', parsed_error: 3, statement: 'SELECT 1;' },
    },
  },
  {
    name: 'keys keep the type their name has everywhere',
    line: '# Query_time: 1.5  Lock_time: 0.0 Rows_sent: 0  Rows_examined: 0\n# Schema: 2024  User: 12  Thread_id: abc  Tmp_tables: 3  QC_hit: No\nSELECT 1;',
    expected: {
      ok: true,
      fields: { query_time: 1.5, lock_time: 0, rows_sent: 0, rows_examined: 0, db: '2024', user: '12', tmp_tables: 3, qc_hit: 'No', statement: 'SELECT 1;' },
    },
  },
  { name: 'a statement without header', line: 'SELECT 1;', expected: { ok: false } },
  {
    name: 'header without Query_time',
    line: '# Time: 2026-11-25T11:41:00.123456Z\n# User@Host: app[app] @ localhost []  Id: 1\nSELECT 1;',
    expected: { ok: false },
  },
  { name: 'empty', line: '', expected: { ok: false } },
]);

describe('mysql-slow specifics', () => {
  it('round-trips formatter → parser', () => {
    const statement = fc.string({ unit: 'binary' }).map((rest) => `SELECT ${rest}`);
    const entry = fc.record({
      time: isoMicros,
      user: identifier,
      host: fc.domain(),
      ip: fc.ipV4(),
      threadId: fc.integer({ min: 1, max: 2 ** 32 - 1 }),
      queryTime: fc.integer({ min: 0, max: 1e9 }).map((micros) => micros / 1e6),
      lockTime: fc.integer({ min: 0, max: 1e8 }).map((micros) => micros / 1e6),
      rowsSent: fc.nat(),
      rowsExamined: fc.nat(),
      db: identifier,
      setTimestamp: fc.integer({ min: 946_684_800, max: 4_102_444_799 }),
      statement,
    });
    fc.assert(
      fc.property(entry, (e) => {
        const result = parseChecked(mysqlSlow, formatMysqlSlow(e));
        expect(result).toEqual({
          ok: true,
          timestamp: e.time,
          fields: {
            user: e.user,
            host: e.host,
            ip: e.ip,
            thread_id: e.threadId,
            query_time: e.queryTime,
            lock_time: e.lockTime,
            rows_sent: e.rowsSent,
            rows_examined: e.rowsExamined,
            db: e.db,
            // A CR at the very end is taken for a Windows line end and dropped.
            statement: e.statement.replace(/\r$/, ''),
          },
        });
      }),
      { numRuns: 300 },
    );
  });

  it('parses every sample entry', () => {
    for (const event of sampleEvents('mysql-slow', { count: 500, seed: 3 })) expect(parseChecked(mysqlSlow, event.message).ok).toBe(true);
  });
});
