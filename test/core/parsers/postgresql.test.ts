import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPostgresql, postgresql } from '../../../core/parsers/postgresql.ts';
import { sampleEvents } from '../../../core/samples/log-lines.ts';
import { identifier, isoSeconds, parseChecked, testParser } from './harness.ts';

const T = '2026-11-25T11:41:00Z';
const APP = { client_host: '10.0.0.7', client_port: 54321, user: 'app', db: 'shop', pid: 1234 };

testParser(postgresql, [
  {
    name: 'copied: NO-BREAK SPACEs for the blanks, CRLF',
    line: '2026-11-25\u00a011:41:00\u00a0UTC:10.0.0.7(54321):app@shop:[1234]:LOG:\u00a0\u00a0duration: 12.345\u00a0ms\u00a0\u00a0statement: SELECT 1\r',
    expected: {
      ok: true,
      timestamp: T,
      fields: { ...APP, severity: 'LOG', text: 'duration: 12.345\u00a0ms\u00a0\u00a0statement: SELECT 1', duration_ms: 12.345, statement: 'SELECT 1' },
    },
  },
  {
    name: 'duration with one space before statement (as some versions write it)',
    line: '2023-11-29 09:23:51 UTC:10.0.2.55(57562):postgres@postgres:[29735]:LOG:  duration: 100.50 ms statement: SELECT 1',
    expected: {
      ok: true,
      timestamp: '2023-11-29T09:23:51Z',
      fields: {
        client_host: '10.0.2.55',
        client_port: 57562,
        user: 'postgres',
        db: 'postgres',
        pid: 29735,
        severity: 'LOG',
        text: 'duration: 100.50 ms statement: SELECT 1',
        duration_ms: 100.5,
        statement: 'SELECT 1',
      },
    },
  },
  {
    name: 'statement',
    line: '2026-11-25 11:41:00 UTC:10.0.0.7(54321):app@shop:[1234]:LOG:  statement: SELECT 1',
    expected: { ok: true, timestamp: T, fields: { ...APP, severity: 'LOG', text: 'statement: SELECT 1', statement: 'SELECT 1' } },
  },
  {
    name: 'duration and statement',
    line: '2026-11-25 11:41:00 UTC:10.0.0.7(54321):app@shop:[1234]:LOG:  duration: 12.345 ms  statement: SELECT *\n\tFROM invoices',
    expected: {
      ok: true,
      timestamp: T,
      fields: {
        ...APP,
        severity: 'LOG',
        text: 'duration: 12.345 ms  statement: SELECT *\n\tFROM invoices',
        duration_ms: 12.345,
        statement: 'SELECT *\n\tFROM invoices',
      },
    },
  },
  {
    name: 'duration alone',
    line: '2026-11-25 11:41:00 UTC:10.0.0.7(54321):app@shop:[1234]:LOG:  duration: 0.051 ms',
    expected: { ok: true, timestamp: T, fields: { ...APP, severity: 'LOG', text: 'duration: 0.051 ms', duration_ms: 0.051 } },
  },
  {
    name: 'extended protocol execute',
    line: '2026-11-25 11:41:00 UTC:10.0.0.7(54321):app@shop:[1234]:LOG:  duration: 1.5 ms  execute <unnamed>: SELECT * FROM t WHERE id = $1',
    expected: {
      ok: true,
      timestamp: T,
      fields: {
        ...APP,
        severity: 'LOG',
        text: 'duration: 1.5 ms  execute <unnamed>: SELECT * FROM t WHERE id = $1',
        duration_ms: 1.5,
        statement: 'SELECT * FROM t WHERE id = $1',
      },
    },
  },
  {
    name: 'STATEMENT line after an ERROR',
    line: '2026-11-25 11:41:00 UTC:10.0.0.7(54321):app@shop:[1234]:STATEMENT:  INSERT INTO t VALUES (1)',
    expected: { ok: true, timestamp: T, fields: { ...APP, severity: 'STATEMENT', text: 'INSERT INTO t VALUES (1)', statement: 'INSERT INTO t VALUES (1)' } },
  },
  {
    name: 'background process: empty client, user and database',
    line: '2026-11-25 11:41:00 UTC::@:[571]:LOG:  checkpoint starting: time',
    expected: { ok: true, timestamp: T, fields: { pid: 571, severity: 'LOG', text: 'checkpoint starting: time' } },
  },
  {
    name: 'local socket, milliseconds',
    line: '2026-11-25 11:41:00.123 UTC:[local]:rdsadmin@rdsadmin:[77]:FATAL:  terminating connection due to administrator command',
    expected: {
      ok: true,
      timestamp: '2026-11-25T11:41:00.123Z',
      fields: {
        client_host: '[local]',
        user: 'rdsadmin',
        db: 'rdsadmin',
        pid: 77,
        severity: 'FATAL',
        text: 'terminating connection due to administrator command',
      },
    },
  },
  {
    name: 'IPv6 client, numeric zone',
    line: '2026-11-25 11:41:00 +03:2001:db8::1(5432):app@shop:[1]:WARNING:  there is no transaction in progress',
    expected: {
      ok: true,
      timestamp: '2026-11-25T08:41:00Z',
      fields: {
        client_host: '2001:db8::1',
        client_port: 5432,
        user: 'app',
        db: 'shop',
        pid: 1,
        severity: 'WARNING',
        text: 'there is no transaction in progress',
      },
    },
  },
  {
    name: 'user name with @',
    line: '2026-11-25 11:41:00 UTC:10.0.0.7(54321):jane@example.com@shop:[1234]:LOG:  connection authorized',
    expected: { ok: true, timestamp: T, fields: { ...APP, user: 'jane@example.com', severity: 'LOG', text: 'connection authorized' } },
  },
  {
    name: 'zone abbreviation: line kept, time dropped',
    line: '2026-11-25 11:41:00 EST:10.0.0.7(54321):app@shop:[1234]:DEBUG1:  x',
    expected: { ok: true, fields: { ...APP, severity: 'DEBUG1', text: 'x' } },
  },
  { name: 'no prefix', line: 'LOG:  statement: SELECT 1', expected: { ok: false } },
  { name: 'no severity', line: '2026-11-25 11:41:00 UTC:10.0.0.7(54321):app@shop:[1234]:  x', expected: { ok: false } },
  { name: 'port not a number', line: '2026-11-25 11:41:00 UTC:10.0.0.7(abc):app@shop:[1234]:LOG:  x', expected: { ok: false } },
  { name: 'pid not a number', line: '2026-11-25 11:41:00 UTC:10.0.0.7(1):app@shop:[x]:LOG:  x', expected: { ok: false } },
  { name: 'empty', line: '', expected: { ok: false } },
]);

describe('postgresql specifics', () => {
  it('round-trips formatter → parser', () => {
    const client = fc.oneof(
      fc.record({ clientHost: fc.oneof(fc.ipV4(), fc.ipV6(), fc.domain()), clientPort: fc.integer({ min: 1, max: 65535 }) }),
      fc.constant({ clientHost: '[local]' }),
      fc.constant({}),
    );
    const text = fc.tuple(fc.constantFrom('c', 'S', 'x'), fc.string({ unit: 'binary' })).map(([first, rest]) => first + rest);
    fc.assert(
      fc.property(
        isoSeconds,
        client,
        fc.option(identifier, { nil: undefined }),
        fc.option(identifier, { nil: undefined }),
        fc.integer({ min: 1, max: 4_194_304 }),
        fc.constantFrom('LOG', 'ERROR', 'FATAL', 'WARNING', 'NOTICE', 'DETAIL', 'HINT', 'DEBUG2'),
        text,
        (time, c, user, db, pid, severity, message) => {
          const line = formatPostgresql({
            time,
            ...c,
            ...(user === undefined ? {} : { user }),
            ...(db === undefined ? {} : { db }),
            pid,
            severity,
            text: message,
          });
          const expected: Record<string, string | number> = {};
          if ('clientHost' in c) expected['client_host'] = c.clientHost;
          if ('clientPort' in c) expected['client_port'] = c.clientPort;
          if (user !== undefined && user !== '') expected['user'] = user;
          if (db !== undefined && db !== '') expected['db'] = db;
          expected['pid'] = pid;
          expected['severity'] = severity;
          // A CR at the very end is taken for a Windows line end and dropped.
          expected['text'] = message.replace(/\r$/, '');
          expect(parseChecked(postgresql, line)).toEqual({ ok: true, timestamp: time, fields: expected });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('parses every sample line', () => {
    for (const event of sampleEvents('postgresql', { count: 500, seed: 3 })) expect(parseChecked(postgresql, event.message).ok).toBe(true);
  });
});
