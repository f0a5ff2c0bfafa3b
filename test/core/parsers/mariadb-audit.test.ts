import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMariadbAudit, mariadbAudit } from '../../../core/parsers/mariadb-audit.ts';
import { sampleEvents } from '../../../core/samples/log-lines.ts';
import { identifier, isoSeconds, parseChecked, testParser } from './harness.ts';

const HEAD = '20261125 11:41:00,ip-10-0-0-1,app,10.0.0.7,42';
const T = '2026-11-25T11:41:00Z';
const WHO = { server_host: 'ip-10-0-0-1', user: 'app', host: '10.0.0.7', connection_id: 42 };

testParser(mariadbAudit, [
  {
    name: 'extra empty columns after the return code (newer RDS plugin)',
    line: "20240323 13:36:07,ip-172-17-4-137,rdsadmin,localhost,4,149867,QUERY,,'SELECT 1',0,,",
    expected: {
      ok: true,
      timestamp: '2024-03-23T13:36:07Z',
      fields: {
        server_host: 'ip-172-17-4-137',
        user: 'rdsadmin',
        host: 'localhost',
        connection_id: 4,
        query_id: 149867,
        operation: 'QUERY',
        object: 'SELECT 1',
        retcode: 0,
      },
    },
  },
  {
    name: 'CONNECT with extra empty columns',
    line: '20240323 13:36:07,ip-172-17-4-137,rdsadmin,localhost,4,0,CONNECT,,,0,,',
    expected: {
      ok: true,
      timestamp: '2024-03-23T13:36:07Z',
      fields: { server_host: 'ip-172-17-4-137', user: 'rdsadmin', host: 'localhost', connection_id: 4, query_id: 0, operation: 'CONNECT', retcode: 0 },
    },
  },
  {
    name: 'NO-BREAK SPACE in the time, CRLF',
    line: '20261125\u00a011:41:00,ip-10-0-0-1,app,10.0.0.7,42,0,DISCONNECT,shop,,0\r',
    expected: { ok: true, timestamp: T, fields: { ...WHO, query_id: 0, operation: 'DISCONNECT', db: 'shop', retcode: 0 } },
  },
  {
    name: 'QUERY with escaped quotes and a comma in the object',
    line: `${HEAD},1001,QUERY,shop,'SELECT * FROM t WHERE a = \\'x\\', b',0`,
    expected: {
      ok: true,
      timestamp: T,
      fields: { ...WHO, query_id: 1001, operation: 'QUERY', db: 'shop', object: "SELECT * FROM t WHERE a = 'x', b", retcode: 0 },
    },
  },
  {
    name: 'escaped newline, tab and backslash',
    line: `${HEAD},1002,QUERY,shop,'INSERT INTO t VALUES (\\'a\\\\b\\')\\n\\tON DUPLICATE KEY UPDATE v = 1',1062`,
    expected: {
      ok: true,
      timestamp: T,
      fields: {
        ...WHO,
        query_id: 1002,
        operation: 'QUERY',
        db: 'shop',
        object: "INSERT INTO t VALUES ('a\\b')\n\tON DUPLICATE KEY UPDATE v = 1",
        retcode: 1062,
      },
    },
  },
  {
    name: 'empty quoted object',
    line: `${HEAD},1003,QUERY,shop,'',0`,
    expected: { ok: true, timestamp: T, fields: { ...WHO, query_id: 1003, operation: 'QUERY', db: 'shop', retcode: 0 } },
  },
  {
    name: 'CONNECT',
    line: `${HEAD},0,CONNECT,shop,,0`,
    expected: { ok: true, timestamp: T, fields: { ...WHO, query_id: 0, operation: 'CONNECT', db: 'shop', retcode: 0 } },
  },
  {
    name: 'FAILED_CONNECT without a database',
    line: '20261125 11:41:00,ip-10-0-0-1,app,10.0.0.7,43,0,FAILED_CONNECT,,,1045',
    expected: { ok: true, timestamp: T, fields: { ...WHO, connection_id: 43, query_id: 0, operation: 'FAILED_CONNECT', retcode: 1045 } },
  },
  {
    name: 'table event: bare object, no retcode',
    line: `${HEAD},1004,READ,shop,orders,`,
    expected: { ok: true, timestamp: T, fields: { ...WHO, query_id: 1004, operation: 'READ', db: 'shop', object: 'orders' } },
  },
  {
    name: 'Aurora: epoch microseconds',
    line: "1795606860123456,ip-10-0-0-1,app,10.0.0.7,42,1001,QUERY,shop,'SELECT 1',0",
    expected: {
      ok: true,
      timestamp: '2026-11-25T11:41:00.123456Z',
      fields: { ...WHO, query_id: 1001, operation: 'QUERY', db: 'shop', object: 'SELECT 1', retcode: 0 },
    },
  },
  { name: 'unterminated quote', line: `${HEAD},1001,QUERY,shop,'SELECT 1,0`, expected: { ok: false } },
  { name: 'too few columns', line: `${HEAD},1001,QUERY`, expected: { ok: false } },
  { name: 'non-numeric connection id', line: '20261125 11:41:00,h,u,h,x,1,QUERY,d,,0', expected: { ok: false } },
  { name: 'non-numeric retcode', line: `${HEAD},1001,QUERY,shop,'x',ok`, expected: { ok: false } },
  { name: 'bad date', line: '20261345 11:41:00,h,u,h,1,1,QUERY,d,,0', expected: { ok: false } },
  { name: 'empty', line: '', expected: { ok: false } },
]);

describe('mariadb-audit specifics', () => {
  it('round-trips formatter → parser', () => {
    const hostName = fc.stringMatching(/^[a-z0-9][a-z0-9.-]{0,30}$/);
    const record = fc.record({
      time: isoSeconds,
      serverHost: hostName,
      user: fc.oneof(identifier, fc.constant('')),
      host: fc.oneof(fc.ipV4(), fc.constant('localhost')),
      connectionId: fc.nat(),
      queryId: fc.nat(),
      db: fc.oneof(identifier, fc.constant('')),
      query: fc.string({ unit: 'binary' }),
      retcode: fc.nat(65535),
      operation: fc.constantFrom('QUERY', 'QUERY_DDL', 'CONNECT', 'DISCONNECT', 'READ'),
      table: identifier,
    });
    fc.assert(
      fc.property(record, (r) => {
        const quoted = r.operation.startsWith('QUERY');
        const object = quoted ? r.query : r.operation === 'READ' ? r.table : '';
        const retcode = r.operation === 'READ' ? undefined : r.retcode;
        const base = {
          time: r.time,
          serverHost: r.serverHost,
          user: r.user,
          host: r.host,
          connectionId: r.connectionId,
          queryId: r.queryId,
          operation: r.operation,
          db: r.db,
          object,
        };
        const line = formatMariadbAudit(retcode === undefined ? base : { ...base, retcode });
        const expected: Record<string, string | number> = {};
        if (r.serverHost !== '') expected['server_host'] = r.serverHost;
        if (r.user !== '') expected['user'] = r.user;
        expected['host'] = r.host;
        expected['connection_id'] = r.connectionId;
        expected['query_id'] = r.queryId;
        expected['operation'] = r.operation;
        if (r.db !== '') expected['db'] = r.db;
        if (object !== '') expected['object'] = object;
        if (retcode !== undefined) expected['retcode'] = retcode;
        expect(parseChecked(mariadbAudit, line)).toEqual({ ok: true, timestamp: r.time, fields: expected });
      }),
      { numRuns: 500 },
    );
  });

  it('parses every sample line', () => {
    for (const event of sampleEvents('mariadb-audit', { count: 500, seed: 3 })) expect(parseChecked(mariadbAudit, event.message).ok).toBe(true);
  });
});
