import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mysqlGeneral } from '../../../core/parsers/mysql-general.ts';
import { formatMysqlGeneral, mulberry32, mysqlGeneralLine, SAMPLE_START_MS, sampleEvents } from '../../../core/samples/log-lines.ts';
import { isoMicros, parseChecked, testParser } from './harness.ts';

const T = '2026-11-25T11:41:00.123456Z';
/** An expected success; `null` for a line without a time of its own. */
const ok = (fields: Record<string, string | number | boolean>, timestamp: string | null = T) =>
  timestamp === null ? { ok: true as const, fields } : { ok: true as const, fields, timestamp };

/** Every command name in the server's `command_name[]` (8.0 and 5.x). */
const COMMANDS = [
  'Sleep', 'Quit', 'Init DB', 'Query', 'Field List', 'Create DB', 'Drop DB', 'Refresh', 'Shutdown', 'Statistics',
  'Processlist', 'Connect', 'Kill', 'Debug', 'Ping', 'Time', 'Delayed insert', 'Change user', 'Binlog Dump',
  'Table Dump', 'Connect Out', 'Register Slave', 'Prepare', 'Execute', 'Long Data', 'Close stmt', 'Reset stmt',
  'Set option', 'Fetch', 'Daemon', 'Binlog Dump GTID', 'Reset Connection', 'clone', 'Error',
] as const;

testParser(
  mysqlGeneral,
  [
    { line: `${T}\t   42 Query\tSELECT 1`, expected: ok({ thread_id: 42, command: 'Query', argument: 'SELECT 1' }) },
    { name: 'two-word command', line: `${T}\t   42 Init DB\tshop`, expected: ok({ thread_id: 42, command: 'Init DB', argument: 'shop', db: 'shop' }) },
    { name: 'three-word command, empty argument', line: `${T}\t    7 Binlog Dump GTID\t`, expected: ok({ thread_id: 7, command: 'Binlog Dump GTID', argument: '' }) },
    { name: 'no trailing tab', line: `${T}\t   42 Quit`, expected: ok({ thread_id: 42, command: 'Quit', argument: '' }) },
    { name: 'wide thread id pushes the column', line: `${T}\t1234567 Close stmt\t`, expected: ok({ thread_id: 1234567, command: 'Close stmt', argument: '' }) },
    {
      name: 'Connect over TLS',
      line: `${T}\t   42 Connect\tadmin@10.0.1.5 on mydb using SSL/TLS`,
      expected: ok({ thread_id: 42, command: 'Connect', argument: 'admin@10.0.1.5 on mydb using SSL/TLS', user: 'admin', host: '10.0.1.5', db: 'mydb', auth_method: 'SSL/TLS' }),
    },
    {
      name: 'Connect with no database',
      line: `${T}\t    3 Connect\trdsadmin@localhost on  using Socket`,
      expected: ok({ thread_id: 3, command: 'Connect', argument: 'rdsadmin@localhost on  using Socket', user: 'rdsadmin', host: 'localhost', auth_method: 'Socket' }),
    },
    {
      name: 'Connect over TCP/IP',
      line: `${T}\t   42 Connect\tapp@10.0.0.7 on shop using TCP/IP`,
      expected: ok({ thread_id: 42, command: 'Connect', argument: 'app@10.0.0.7 on shop using TCP/IP', user: 'app', host: '10.0.0.7', db: 'shop', auth_method: 'TCP/IP' }),
    },
    {
      name: 'Connect as a proxied user (8.0)',
      line: `${T}\t   42 Connect\tbob@10.0.0.7 as app on shop using TCP/IP`,
      expected: ok({ thread_id: 42, command: 'Connect', argument: 'bob@10.0.0.7 as app on shop using TCP/IP', user: 'bob', host: '10.0.0.7', authenticated_as: 'app', db: 'shop', auth_method: 'TCP/IP' }),
    },
    {
      name: 'Connect, 5.6 form without transport',
      line: '251125 11:41:00\t   42 Connect\tapp@10.0.0.7 on shop',
      expected: ok({ thread_id: 42, command: 'Connect', argument: 'app@10.0.0.7 on shop', user: 'app', host: '10.0.0.7', db: 'shop' }, '2025-11-25T11:41:00Z'),
    },
    {
      name: 'refused login',
      line: `${T}\t   42 Connect\tAccess denied for user 'app'@'10.0.0.7' (using password: YES)`,
      expected: ok({ thread_id: 42, command: 'Connect', argument: "Access denied for user 'app'@'10.0.0.7' (using password: YES)", user: 'app', host: '10.0.0.7', access_denied: true }),
    },
    {
      name: 'Change user',
      line: `${T}\t   42 Change user\tapp@10.0.0.7 on shop_archive using TCP/IP`,
      expected: ok({ thread_id: 42, command: 'Change user', argument: 'app@10.0.0.7 on shop_archive using TCP/IP', user: 'app', host: '10.0.0.7', db: 'shop_archive', auth_method: 'TCP/IP' }),
    },
    {
      name: 'multi-line argument keeps its newlines and tabs',
      line: `${T}\t   42 Query\tSELECT a,\n\tb\nFROM t\tWHERE x = 'y'`,
      expected: ok({ thread_id: 42, command: 'Query', argument: "SELECT a,\n\tb\nFROM t\tWHERE x = 'y'" }),
    },
    { name: 'unknown future command word', line: `${T}\t   42 Group Replication Data Stream\tx`, expected: ok({ thread_id: 42, command: 'Group Replication Data Stream', argument: 'x' }) },
    { name: 'lower-case command (clone)', line: `${T}\t   42 clone\t`, expected: ok({ thread_id: 42, command: 'clone', argument: '' }) },
    { name: 'MySQL 5.6 time', line: '251125 11:41:00\t   42 Query\tSELECT 1', expected: ok({ thread_id: 42, command: 'Query', argument: 'SELECT 1' }, '2025-11-25T11:41:00Z') },
    { name: 'MySQL 5.6 one-digit hour', line: '251125  1:41:00\t   42 Query\tSELECT 1', expected: ok({ thread_id: 42, command: 'Query', argument: 'SELECT 1' }, '2025-11-25T01:41:00Z') },
    { name: 'MySQL 5.6 same second (no time)', line: '\t\t   42 Query\tSELECT 1', expected: ok({ thread_id: 42, command: 'Query', argument: 'SELECT 1' }, null) },
    { name: 'time with an offset is converted', line: '2026-11-25T11:41:00.5+01:00\t 1 Ping\t', expected: ok({ thread_id: 1, command: 'Ping', argument: '' }, '2026-11-25T10:41:00.5Z') },
    { name: 'whole-second time', line: '2026-11-25T11:41:00Z\t 1 Ping\t', expected: ok({ thread_id: 1, command: 'Ping', argument: '' }, '2026-11-25T11:41:00Z') },
    {
      name: 'version banner',
      line: '/rdsdbbin/mysql/bin/mysqld, Version: 8.0.35 (Source distribution). started with:',
      expected: { ok: true, header: true, fields: { header: 'version', program: '/rdsdbbin/mysql/bin/mysqld', version: '8.0.35', version_comment: 'Source distribution' } },
    },
    {
      name: 'version banner with parentheses in the comment',
      line: '/rdsdbbin/mysql/bin/mysqld, Version: 5.6.51-log (MySQL Community Server (GPL)). started with:',
      expected: { ok: true, header: true, fields: { header: 'version', program: '/rdsdbbin/mysql/bin/mysqld', version: '5.6.51-log', version_comment: 'MySQL Community Server (GPL)' } },
    },
    { name: 'listen banner', line: 'Tcp port: 3306  Unix socket: /tmp/mysql.sock', expected: { ok: true, header: true, fields: { header: 'listen', port: 3306, socket: '/tmp/mysql.sock' } } },
    { name: 'column banner', line: 'Time                 Id Command    Argument', expected: { ok: true, header: true, fields: { header: 'columns' } } },
    {
      name: 'whole banner in one event',
      line: '/rdsdbbin/mysql/bin/mysqld, Version: 8.0.35 (Source distribution). started with:\nTcp port: 3306  Unix socket: /tmp/mysql.sock\nTime                 Id Command    Argument\n',
      expected: { ok: true, header: true, fields: { header: 'version', program: '/rdsdbbin/mysql/bin/mysqld', version: '8.0.35', version_comment: 'Source distribution', port: 3306, socket: '/tmp/mysql.sock' } },
    },
    { name: 'empty', line: '', expected: { ok: false } },
    { name: 'prose', line: 'hello world', expected: { ok: false } },
    { name: 'invalid date', line: '2026-11-31T11:41:00.123456Z\t   42 Query\tSELECT 1', expected: { ok: false } },
    { name: 'space instead of tab after the time', line: `${T}    42 Query\tSELECT 1`, expected: { ok: false } },
    { name: 'no thread id', line: `${T}\tQuery\tSELECT 1`, expected: { ok: false } },
    { name: 'command glued to the id', line: `${T}\t   42Query\tSELECT 1`, expected: { ok: false } },
    { name: 'punctuation in the command', line: `${T}\t   42 Que-ry\tSELECT 1`, expected: { ok: false } },
    { name: 'one tab only', line: '\t   42 Query\tSELECT 1', expected: { ok: false } },
    { name: 'a banner line followed by SQL', line: 'Tcp port: 3306  Unix socket: /tmp/mysql.sock\nSELECT 1', expected: { ok: false } },
  ],
  { pathological: ['2026-11-25T11:41:00.123456Z\t' + '9'.repeat(1_000_000), `${T}\t   42 ${'A'.repeat(1_000_000)}`] },
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
    const command = fc.oneof(fc.constantFrom(...COMMANDS), fc.stringMatching(/^[A-Za-z][A-Za-z0-9_ ]{0,20}[A-Za-z0-9_]$/));
    fc.assert(
      fc.property(isoMicros, fc.integer({ min: 0, max: 2 ** 32 - 1 }), command, fc.string({ unit: 'binary' }), (time, threadId, cmd, argument) => {
        const result = parseChecked(mysqlGeneral, formatMysqlGeneral({ time, threadId, command: cmd, argument }));
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(result.timestamp).toBe(time);
        expect(result.fields).toMatchObject({ thread_id: threadId, command: cmd, argument });
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
        expect(result.fields).toEqual({ thread_id: threadId, command: 'Query', argument });
      }),
    );
  });

  it('parses every sample line', () => {
    for (const event of sampleEvents('mysql-general', { count: 2000, seed: 11 })) {
      const result = parseChecked(mysqlGeneral, event.message);
      expect(result.ok).toBe(true);
    }
  });

  it('parses 10,000 sample lines in well under 100 ms', () => {
    const rng = mulberry32(5);
    const lines = Array.from({ length: 10_000 }, (_, i) => mysqlGeneralLine(rng, SAMPLE_START_MS + i));
    for (const line of lines) mysqlGeneral.parse(line); // warm up the JIT
    let best = Number.POSITIVE_INFINITY;
    for (let round = 0; round < 5; round++) {
      const started = performance.now();
      for (const line of lines) mysqlGeneral.parse(line);
      best = Math.min(best, performance.now() - started);
    }
    expect(best).toBeLessThan(100);
  });
});
