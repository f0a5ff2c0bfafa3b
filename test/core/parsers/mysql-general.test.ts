import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMysqlGeneral, mysqlGeneral, mysqlGeneralLine } from '../../../core/parsers/mysql-general.ts';
import { mulberry32, SAMPLE_START_MS, sampleEvents } from '../../../core/samples/log-lines.ts';
import { expectLinearGrowth, isoMicros, parseChecked, testParser } from './harness.ts';

const T = '2026-11-25T11:41:00.123456Z';
/** An expected success; `null` for a line without a time of its own. */
const ok = (fields: Record<string, string | number | boolean>, timestamp: string | null = T) =>
  timestamp === null ? { ok: true as const, fields } : { ok: true as const, fields, timestamp };

/** Every command name in the server's `command_name[]` (8.0 and 5.x). */
const COMMANDS = [
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
] as const;

testParser(
  mysqlGeneral,
  [
    { line: `${T}\t   42 Query\tSELECT 1`, expected: ok({ thread_id: 42, command: 'Query', argument: 'SELECT 1' }) },
    { name: 'two-word command', line: `${T}\t   42 Init DB\tshop`, expected: ok({ thread_id: 42, command: 'Init DB', argument: 'shop', db: 'shop' }) },
    {
      name: 'three-word command, empty argument',
      line: `${T}\t    7 Binlog Dump GTID\t`,
      expected: ok({ thread_id: 7, command: 'Binlog Dump GTID', argument: '' }),
    },
    { name: 'no trailing tab', line: `${T}\t   42 Quit`, expected: ok({ thread_id: 42, command: 'Quit', argument: '' }) },
    { name: 'wide thread id pushes the column', line: `${T}\t1234567 Close stmt\t`, expected: ok({ thread_id: 1234567, command: 'Close stmt', argument: '' }) },
    {
      name: 'Connect over TLS',
      line: `${T}\t   42 Connect\tadmin@10.0.1.5 on mydb using SSL/TLS`,
      expected: ok({
        thread_id: 42,
        command: 'Connect',
        argument: 'admin@10.0.1.5 on mydb using SSL/TLS',
        user: 'admin',
        host: '10.0.1.5',
        db: 'mydb',
        auth_method: 'SSL/TLS',
      }),
    },
    {
      name: 'Connect with no database',
      line: `${T}\t    3 Connect\trdsadmin@localhost on  using Socket`,
      expected: ok({
        thread_id: 3,
        command: 'Connect',
        argument: 'rdsadmin@localhost on  using Socket',
        user: 'rdsadmin',
        host: 'localhost',
        auth_method: 'Socket',
      }),
    },
    {
      name: 'Connect over TCP/IP',
      line: `${T}\t   42 Connect\tapp@10.0.0.7 on shop using TCP/IP`,
      expected: ok({
        thread_id: 42,
        command: 'Connect',
        argument: 'app@10.0.0.7 on shop using TCP/IP',
        user: 'app',
        host: '10.0.0.7',
        db: 'shop',
        auth_method: 'TCP/IP',
      }),
    },
    {
      name: 'Connect as a proxied user (8.0)',
      line: `${T}\t   42 Connect\tbob@10.0.0.7 as app on shop using TCP/IP`,
      expected: ok({
        thread_id: 42,
        command: 'Connect',
        argument: 'bob@10.0.0.7 as app on shop using TCP/IP',
        user: 'bob',
        host: '10.0.0.7',
        authenticated_as: 'app',
        db: 'shop',
        auth_method: 'TCP/IP',
      }),
    },
    {
      name: 'Connect, 5.6 form without transport',
      line: '251125 11:41:00\t   42 Connect\tapp@10.0.0.7 on shop',
      expected: ok({ thread_id: 42, command: 'Connect', argument: 'app@10.0.0.7 on shop', user: 'app', host: '10.0.0.7', db: 'shop' }, '2025-11-25T11:41:00Z'),
    },
    {
      name: 'refused login',
      line: `${T}\t   42 Connect\tAccess denied for user 'app'@'10.0.0.7' (using password: YES)`,
      expected: ok({
        thread_id: 42,
        command: 'Connect',
        argument: "Access denied for user 'app'@'10.0.0.7' (using password: YES)",
        user: 'app',
        host: '10.0.0.7',
        access_denied: true,
      }),
    },
    {
      name: 'Change user',
      line: `${T}\t   42 Change user\tapp@10.0.0.7 on shop_archive using TCP/IP`,
      expected: ok({
        thread_id: 42,
        command: 'Change user',
        argument: 'app@10.0.0.7 on shop_archive using TCP/IP',
        user: 'app',
        host: '10.0.0.7',
        db: 'shop_archive',
        auth_method: 'TCP/IP',
      }),
    },
    {
      name: 'multi-line argument keeps its newlines and tabs',
      line: `${T}\t   42 Query\tSELECT a,\n\tb\nFROM t\tWHERE x = 'y'`,
      expected: ok({ thread_id: 42, command: 'Query', argument: "SELECT a,\n\tb\nFROM t\tWHERE x = 'y'" }),
    },
    {
      name: 'unknown future command word',
      line: `${T}\t   42 Group Replication Data Stream\tx`,
      expected: ok({ thread_id: 42, command: 'Group Replication Data Stream', argument: 'x' }),
    },
    { name: 'lower-case command (clone)', line: `${T}\t   42 clone\t`, expected: ok({ thread_id: 42, command: 'clone', argument: '' }) },
    {
      name: 'MySQL 5.6 time',
      line: '251125 11:41:00\t   42 Query\tSELECT 1',
      expected: ok({ thread_id: 42, command: 'Query', argument: 'SELECT 1' }, '2025-11-25T11:41:00Z'),
    },
    {
      name: 'MySQL 5.6 one-digit hour',
      line: '251125  1:41:00\t   42 Query\tSELECT 1',
      expected: ok({ thread_id: 42, command: 'Query', argument: 'SELECT 1' }, '2025-11-25T01:41:00Z'),
    },
    {
      name: 'MySQL 5.6 same second (no time)',
      line: '\t\t   42 Query\tSELECT 1',
      expected: ok({ thread_id: 42, command: 'Query', argument: 'SELECT 1' }, null),
    },
    {
      name: 'time with an offset is converted',
      line: '2026-11-25T11:41:00.5+01:00\t 1 Ping\t',
      expected: ok({ thread_id: 1, command: 'Ping', argument: '' }, '2026-11-25T10:41:00.5Z'),
    },
    {
      name: 'whole-second time',
      line: '2026-11-25T11:41:00Z\t 1 Ping\t',
      expected: ok({ thread_id: 1, command: 'Ping', argument: '' }, '2026-11-25T11:41:00Z'),
    },
    {
      name: 'version banner',
      line: '/rdsdbbin/mysql/bin/mysqld, Version: 8.0.35 (Source distribution). started with:',
      expected: {
        ok: true,
        header: true,
        fields: { header: 'version', program: '/rdsdbbin/mysql/bin/mysqld', version: '8.0.35', version_comment: 'Source distribution' },
      },
    },
    {
      name: 'version banner with parentheses in the comment',
      line: '/rdsdbbin/mysql/bin/mysqld, Version: 5.6.51-log (MySQL Community Server (GPL)). started with:',
      expected: {
        ok: true,
        header: true,
        fields: { header: 'version', program: '/rdsdbbin/mysql/bin/mysqld', version: '5.6.51-log', version_comment: 'MySQL Community Server (GPL)' },
      },
    },
    {
      name: 'listen banner',
      line: 'Tcp port: 3306  Unix socket: /tmp/mysql.sock',
      expected: { ok: true, header: true, fields: { header: 'listen', port: 3306, socket: '/tmp/mysql.sock' } },
    },
    { name: 'column banner', line: 'Time                 Id Command    Argument', expected: { ok: true, header: true, fields: { header: 'columns' } } },
    {
      name: 'whole banner in one event',
      line:
        '/rdsdbbin/mysql/bin/mysqld, Version: 8.0.35 (Source distribution). started with:\nTcp port: 3306  Unix socket: /tmp/mysql.sock\nTime                 Id Command    Argument\n',
      expected: {
        ok: true,
        header: true,
        fields: {
          header: 'version',
          program: '/rdsdbbin/mysql/bin/mysqld',
          version: '8.0.35',
          version_comment: 'Source distribution',
          port: 3306,
          socket: '/tmp/mysql.sock',
        },
      },
    },
    // Copies: the server's separators turned into spaces, NO-BREAK SPACEs or other Unicode spaces, CRLF.
    { name: 'spaces for every tab', line: `${T}      42 Query    SELECT 1`, expected: ok({ thread_id: 42, command: 'Query', argument: 'SELECT 1' }) },
    {
      name: 'spaces for the tab, two-word command',
      line: `${T}   42 Init DB     shop`,
      expected: ok({ thread_id: 42, command: 'Init DB', argument: 'shop', db: 'shop' }),
    },
    {
      name: 'spaces for the tab, longest command wins',
      line: `${T}    7 Binlog Dump GTID    Log: '' Pos: 4`,
      expected: ok({ thread_id: 7, command: 'Binlog Dump GTID', argument: "Log: '' Pos: 4" }),
    },
    {
      name: 'spaces for the tab, Binlog Dump alone',
      line: `${T}    7 Binlog Dump  GTIDs are off`,
      expected: ok({ thread_id: 7, command: 'Binlog Dump', argument: 'GTIDs are off' }),
    },
    {
      name: 'spaces for the tab, Connect Out is not Connect',
      line: `${T}    7 Connect Out  db2@10.0.0.9:3306`,
      expected: ok({ thread_id: 7, command: 'Connect Out', argument: 'db2@10.0.0.9:3306' }),
    },
    { name: 'a single space for the tab', line: `${T}\t   42 Close stmt 17`, expected: ok({ thread_id: 42, command: 'Close stmt', argument: '17' }) },
    { name: 'spaces for the tab, Long Data', line: `${T}\t   42 Long Data   `, expected: ok({ thread_id: 42, command: 'Long Data', argument: '' }) },
    {
      name: 'spaces for the tab, Reset Connection',
      line: `${T}\t   42 Reset Connection  `,
      expected: ok({ thread_id: 42, command: 'Reset Connection', argument: '' }),
    },
    {
      name: 'spaces for the tab, Change user',
      line: `${T}\t   42 Change user   app@10.0.0.7 on shop using TCP/IP`,
      expected: ok({
        thread_id: 42,
        command: 'Change user',
        argument: 'app@10.0.0.7 on shop using TCP/IP',
        user: 'app',
        host: '10.0.0.7',
        db: 'shop',
        auth_method: 'TCP/IP',
      }),
    },
    { name: 'trailing spaces then the tab', line: `${T}\t   42 Quit    \t`, expected: ok({ thread_id: 42, command: 'Quit', argument: '' }) },
    {
      name: 'NO-BREAK SPACE between the columns',
      line: `${T}\u00a0\u00a0 42\u00a0Init DB\u00a0shop`,
      expected: ok({ thread_id: 42, command: 'Init DB', argument: 'shop', db: 'shop' }),
    },
    {
      name: 'NO-BREAK SPACE inside a command name',
      line: `${T}\t42 Init\u00a0DB\u00a0shop`,
      expected: ok({ thread_id: 42, command: 'Init DB', argument: 'shop', db: 'shop' }),
    },
    {
      name: 'other Unicode spaces (U+3000, U+2003, U+202F)',
      line: `${T}\u3000 42\u2003Query\u202fSELECT 1`,
      expected: ok({ thread_id: 42, command: 'Query', argument: 'SELECT 1' }),
    },
    { name: 'CRLF line end', line: `${T}\t   42 Query\tSELECT 1\r`, expected: ok({ thread_id: 42, command: 'Query', argument: 'SELECT 1' }) },
    {
      name: 'CRLF inside a multi-line argument is kept',
      line: `${T}\t   42 Query\tSELECT 1\r\nFROM t\r`,
      expected: ok({ thread_id: 42, command: 'Query', argument: 'SELECT 1\r\nFROM t' }),
    },
    {
      name: 'MySQL 5.6 time, spaces for the tabs',
      line: '251125 11:41:00      42 Query       SELECT 1',
      expected: ok({ thread_id: 42, command: 'Query', argument: 'SELECT 1' }, '2025-11-25T11:41:00Z'),
    },
    {
      name: 'MySQL 5.6 time, spaces in the time',
      line: '051007   21:55:24\t     42 Connect     root@localhost on db1',
      expected: ok(
        { thread_id: 42, command: 'Connect', argument: 'root@localhost on db1', user: 'root', host: 'localhost', db: 'db1' },
        '2005-10-07T21:55:24Z',
      ),
    },
    {
      name: 'MySQL 5.6 one-digit hour, all spaces',
      line: '100211  0:55:24      51 Query       SELECT 1',
      expected: ok({ thread_id: 51, command: 'Query', argument: 'SELECT 1' }, '2010-02-11T00:55:24Z'),
    },
    {
      name: 'MySQL 5.6 same second, spaces for the tabs',
      line: '                     51 Query       SELECT 1',
      expected: ok({ thread_id: 51, command: 'Query', argument: 'SELECT 1' }, null),
    },
    {
      name: 'MySQL 5.6 same second, wide padding',
      line: '\t\t                 11 Init DB     my_webstats',
      expected: ok({ thread_id: 11, command: 'Init DB', argument: 'my_webstats', db: 'my_webstats' }, null),
    },
    {
      name: 'old Connect with an empty database',
      line: '061226 15:42:36\t     11 Connect     root@localhost on  ',
      expected: ok({ thread_id: 11, command: 'Connect', argument: 'root@localhost on  ', user: 'root', host: 'localhost' }, '2006-12-26T15:42:36Z'),
    },
    {
      name: 'anonymous proxy login (MariaDB)',
      line: '\t\t12345 Connect\tnobody@localhost as  on ',
      expected: ok({ thread_id: 12345, command: 'Connect', argument: 'nobody@localhost as  on ', user: 'nobody', host: 'localhost' }, null),
    },
    {
      name: 'spaces for the tab, empty argument, then more lines',
      line: `${T}   42 Query  \nSELECT 1`,
      expected: ok({ thread_id: 42, command: 'Query', argument: 'SELECT 1' }),
    },
    { name: 'unknown command without a tab', line: `${T}   42 Frobnicate  x`, expected: { ok: false } },
    { name: 'a command name glued to the argument', line: `${T}   42 QuerySELECT 1`, expected: { ok: false } },
    { name: 'a continuation line of a statement', line: '                FROM auction_category_map ', expected: { ok: false } },
    { name: 'empty', line: '', expected: { ok: false } },
    { name: 'prose', line: 'hello world', expected: { ok: false } },
    { name: 'invalid date', line: '2026-11-31T11:41:00.123456Z\t   42 Query\tSELECT 1', expected: { ok: false } },
    {
      name: 'spaces instead of the tab after the time',
      line: `${T}    42 Query\tSELECT 1`,
      expected: ok({ thread_id: 42, command: 'Query', argument: 'SELECT 1' }),
    },
    { name: 'no thread id', line: `${T}\tQuery\tSELECT 1`, expected: { ok: false } },
    { name: 'command glued to the id', line: `${T}\t   42Query\tSELECT 1`, expected: { ok: false } },
    { name: 'punctuation in the command', line: `${T}\t   42 Que-ry\tSELECT 1`, expected: { ok: false } },
    {
      name: 'one tab for the same-second time',
      line: '\t   42 Query\tSELECT 1',
      expected: ok({ thread_id: 42, command: 'Query', argument: 'SELECT 1' }, null),
    },
    { name: 'a banner line followed by SQL', line: 'Tcp port: 3306  Unix socket: /tmp/mysql.sock\nSELECT 1', expected: { ok: false } },
  ],
  {
    pathological: [
      (n) => '2026-11-25T11:41:00.123456Z\t' + '9'.repeat(n),
      (n) => `${T}\t   42 ${'A'.repeat(n)}`,
      (n) => `${T}\t   42 ${'Binlog Dump '.repeat(n / 12)}`,
      (n) => `\t\t   42 Init DB${' \u00a0'.repeat(n / 2)}shop`,
    ],
  },
);

describe('mysql-general specifics', () => {
  it('splits every known command at the tab, never at its first space', () => {
    for (const command of COMMANDS) {
      const result = mysqlGeneral.parse(`${T}\t   42 ${command}\targ with spaces`);
      expect(result.ok && result.fields['command']).toBe(command);
      expect(result.ok && result.fields['argument']).toBe('arg with spaces');
    }
  });

  it('round-trips formatter → parser (8.0 layout)', () => {
    // Command words as servers print them: words joined by single spaces (the list grows between versions).
    const command = fc.oneof(fc.constantFrom(...COMMANDS), fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,8}(?: [A-Za-z0-9_]{1,8}){0,3}$/));
    fc.assert(
      fc.property(isoMicros, fc.integer({ min: 0, max: 2 ** 32 - 1 }), command, fc.string({ unit: 'binary' }), (time, threadId, cmd, argument) => {
        const result = parseChecked(mysqlGeneral, formatMysqlGeneral({ time, threadId, command: cmd, argument }));
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(result.timestamp).toBe(time);
        // A CR at the very end is taken for a Windows line end and dropped.
        expect(result.fields).toMatchObject({ thread_id: threadId, command: cmd, argument: argument.replace(/\r$/, '') });
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips the 5.6 layouts (whole seconds, and the timestamp-less form)', () => {
    fc.assert(
      fc.property(isoMicros, fc.boolean(), fc.nat(99_999), fc.string(), (time, same, threadId, argument) => {
        const line = formatMysqlGeneral(same ? { threadId, command: 'Query', argument } : { time, threadId, command: 'Query', argument, layout: '5.6' });
        const result = parseChecked(mysqlGeneral, line);
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(result.timestamp).toBe(same ? undefined : `${time.slice(0, 19)}Z`);
        expect(result.fields).toEqual({ thread_id: threadId, command: 'Query', argument: argument.replace(/\r$/, '') });
      }),
    );
  });

  it('parses every sample line', () => {
    for (const event of sampleEvents('mysql-general', { count: 2000, seed: 11 })) {
      const result = parseChecked(mysqlGeneral, event.message);
      expect(result.ok).toBe(true);
    }
  });

  it('parses n sample lines in time linear in n (growth, not elapsed time)', () => {
    const rng = mulberry32(5);
    const lines = Array.from({ length: 8000 }, (_, i) => mysqlGeneralLine(rng, SAMPLE_START_MS + i));
    expectLinearGrowth('mysql-general over sample lines', (count) => {
      for (let i = 0; i < count; i++) mysqlGeneral.parse(lines[i]!);
    }, 1000);
  });
});
