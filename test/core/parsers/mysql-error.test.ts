import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMysqlError, mysqlError } from '../../../core/parsers/mysql-error.ts';
import { sampleEvents } from '../../../core/samples/log-lines.ts';
import { isoMicros, parseChecked, testParser } from './harness.ts';

const T = '2026-11-25T11:41:00.123456Z';

testParser(mysqlError, [
  {
    name: '8.0 with code and subsystem',
    line: `${T} 0 [Warning] [MY-010055] [Server] IP address '10.0.0.9' could not be resolved: Name or service not known`,
    expected: {
      ok: true,
      timestamp: T,
      fields: {
        thread_id: 0,
        level: 'Warning',
        error_code: 'MY-010055',
        subsystem: 'Server',
        text: "IP address '10.0.0.9' could not be resolved: Name or service not known",
      },
    },
  },
  {
    name: '8.0 ERROR in InnoDB, multi-line text',
    line:
      `${T} 12 [ERROR] [MY-012592] [InnoDB] Operating system error number 2 in a file operation.\nThe error means the system cannot find the path specified.`,
    expected: {
      ok: true,
      timestamp: T,
      fields: {
        thread_id: 12,
        level: 'ERROR',
        error_code: 'MY-012592',
        subsystem: 'InnoDB',
        text: 'Operating system error number 2 in a file operation.\nThe error means the system cannot find the path specified.',
      },
    },
  },
  {
    name: '5.7',
    line: `${T} 0 [Note] Aborted connection 42 to db: 'shop' user: 'app' host: '10.0.0.7' (Got timeout reading communication packets)`,
    expected: {
      ok: true,
      timestamp: T,
      fields: {
        thread_id: 0,
        level: 'Note',
        text: "Aborted connection 42 to db: 'shop' user: 'app' host: '10.0.0.7' (Got timeout reading communication packets)",
      },
    },
  },
  {
    name: 'MariaDB 10',
    line: '2026-11-25 11:41:00 0 [Note] InnoDB: Buffer pool(s) load completed at 251125 11:41:00',
    expected: {
      ok: true,
      timestamp: '2026-11-25T11:41:00Z',
      fields: { thread_id: 0, level: 'Note', text: 'InnoDB: Buffer pool(s) load completed at 251125 11:41:00' },
    },
  },
  {
    name: 'legacy server_audit',
    line: '251125 11:41:00 server_audit: STOPPED',
    expected: { ok: true, timestamp: '2025-11-25T11:41:00Z', fields: { text: 'server_audit: STOPPED' } },
  },
  {
    name: 'legacy with level, one-digit hour',
    line: '251125  1:41:00 [ERROR] Aborting',
    expected: { ok: true, timestamp: '2025-11-25T01:41:00Z', fields: { level: 'ERROR', text: 'Aborting' } },
  },
  {
    name: 'a bracket in the text after the level is text',
    line: `${T} 0 [Note] [some text] here`,
    expected: { ok: true, timestamp: T, fields: { thread_id: 0, level: 'Note', text: '[some text] here' } },
  },
  { name: 'no timestamp', line: "Version: '8.0.35'  socket: '/tmp/mysql.sock'  port: 3306  Source distribution.", expected: { ok: false } },
  { name: 'timestamp only', line: T, expected: { ok: false } },
  { name: 'timestamp and spaces', line: `${T}   `, expected: { ok: false } },
  {
    name: 'NO-BREAK SPACEs between the parts, CRLF',
    line: `${T}\u00a00\u00a0[Warning]\u00a0[MY-010055]\u00a0[Server]\u00a0x\r`,
    expected: { ok: true, timestamp: T, fields: { thread_id: 0, level: 'Warning', error_code: 'MY-010055', subsystem: 'Server', text: 'x' } },
  },
  {
    name: 'legacy time with spaces in it',
    line: '080721   3:04:00 [Warning] option',
    expected: { ok: true, timestamp: '2008-07-21T03:04:00Z', fields: { level: 'Warning', text: 'option' } },
  },
  {
    name: 'tab after the timestamp (a copy)',
    line: `${T}\t0 [Note] x`,
    expected: { ok: true, timestamp: T, fields: { thread_id: 0, level: 'Note', text: 'x' } },
  },
  { name: 'empty', line: '', expected: { ok: false } },
  {
    name: 'MySQL 5.0/5.1 InnoDB text glued to the time',
    line: '091119 22:27:11InnoDB: Started; log sequence number 0 46409',
    expected: { ok: true, timestamp: '2009-11-19T22:27:11Z', fields: { text: 'InnoDB: Started; log sequence number 0 46409' } },
  },
  {
    name: 'a general-log line (a thread id, then a command) is not an error-log line',
    line: `${T}\t 17 Connect\tapp@10.0.0.7 on shop using TCP/IP`,
    expected: { ok: false },
  },
  { name: 'a MySQL 5.6 general-log line in the legacy layout', line: '161124 10:00:00\t   42 Query\tSELECT 1', expected: { ok: false } },
  {
    name: 'an ISO time without a level (a PostgreSQL line)',
    line: '2026-11-25 11:41:00 UTC:10.0.0.1(5432):app@db:[42]:LOG:  statement: SELECT 1',
    expected: { ok: false },
  },
  { name: 'a thread id glued to the time is no layout', line: '091119 22:27:1142 [Note] x', expected: { ok: false } },
]);

describe('mysql-error specifics', () => {
  it('round-trips formatter → parser in every layout', () => {
    const text = fc.tuple(fc.constantFrom('A', 'I', 'x', '/'), fc.string({ unit: 'binary' })).map(([first, rest]) => first + rest);
    fc.assert(
      fc.property(
        isoMicros,
        fc.constantFrom('iso', 'mariadb', 'legacy'),
        fc.option(fc.nat(), { nil: undefined }),
        fc.option(
          fc.tuple(
            fc.constantFrom('Note', 'Warning', 'ERROR', 'System'),
            fc.option(fc.tuple(fc.integer({ min: 0, max: 999_999 }), fc.option(fc.constantFrom('Server', 'InnoDB', 'Repl'), { nil: undefined })), {
              nil: undefined,
            }),
          ),
          { nil: undefined },
        ),
        text,
        (time, layout, threadId, tags, message) => {
          const level = tags?.[0];
          const errorCode = tags?.[1] === undefined ? undefined : `MY-${String(tags[1][0]).padStart(6, '0')}`;
          const subsystem = tags?.[1]?.[1];
          const line = formatMysqlError({
            time,
            layout,
            text: message,
            ...(threadId === undefined ? {} : { threadId }),
            ...(level === undefined ? {} : { level }),
            ...(errorCode === undefined ? {} : { errorCode }),
            ...(errorCode === undefined || subsystem === undefined ? {} : { subsystem }),
          });
          const result = parseChecked(mysqlError, line);
          // ISO layouts always write the level, and a thread id is always followed by one: other shapes are not error-log lines.
          if (level === undefined && (layout !== 'legacy' || threadId !== undefined)) {
            expect(result.ok).toBe(false);
            return;
          }
          const expectedFields: Record<string, string | number> = {};
          if (threadId !== undefined) expectedFields['thread_id'] = threadId;
          if (level !== undefined) expectedFields['level'] = level;
          if (errorCode !== undefined) expectedFields['error_code'] = errorCode;
          if (errorCode !== undefined && subsystem !== undefined) expectedFields['subsystem'] = subsystem;
          // A CR at the very end is taken for a Windows line end and dropped.
          expectedFields['text'] = message.replace(/\r$/, '');
          expect(result).toEqual({ ok: true, timestamp: layout === 'iso' ? time : `${time.slice(0, 19)}Z`, fields: expectedFields });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('parses every sample line', () => {
    for (const event of sampleEvents('mysql-error', { count: 500, seed: 3 })) expect(parseChecked(mysqlError, event.message).ok).toBe(true);
  });
});
