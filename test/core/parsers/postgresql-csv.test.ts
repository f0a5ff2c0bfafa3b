import { describe, expect, it } from 'vitest';
import { postgresqlCsv } from '../../../core/parsers/postgresql-csv.ts';
import { parserForLogGroup } from '../../../core/parsers/registry.ts';
import { sampleEvents } from '../../../core/samples/log-lines.ts';
import { parseChecked, testParser } from './harness.ts';

const T = '2026-11-25T11:41:00.123Z';
const HEAD = '2026-11-25 11:41:00.123 UTC,"app","shop",1234,"10.0.0.7:54321",6742f0a1.4d2,3';
const WHO = { user: 'app', db: 'shop', pid: 1234, client_host: '10.0.0.7', client_port: 54321, session_id: '6742f0a1.4d2', session_line: 3 };

testParser(postgresqlCsv, [
  {
    name: 'duration and statement (PostgreSQL 13+ columns)',
    line: `${HEAD},"SELECT",2026-11-25 11:40:58 UTC,3/17,0,LOG,00000,"duration: 1.5 ms  statement: SELECT 1",,,,,,,,,"psql","client backend"`,
    expected: {
      ok: true,
      timestamp: T,
      fields: {
        ...WHO,
        command_tag: 'SELECT',
        severity: 'LOG',
        sql_state: '00000',
        text: 'duration: 1.5 ms  statement: SELECT 1',
        duration_ms: 1.5,
        statement: 'SELECT 1',
        application_name: 'psql',
        backend_type: 'client backend',
      },
    },
  },
  {
    name: 'error with detail, the query column, quotes doubled and a multi-line query (14+ columns)',
    line:
      `${HEAD},"INSERT",2026-11-25 11:40:58 UTC,3/18,731,ERROR,23505,"duplicate key value violates unique constraint ""invoices_number_key""","Key (number)=(INV-1) already exists.",,,,,"INSERT INTO invoices (number)\nVALUES ('INV-1')",13,,"billing-api","client backend",,0`,
    expected: {
      ok: true,
      timestamp: T,
      fields: {
        ...WHO,
        command_tag: 'INSERT',
        severity: 'ERROR',
        sql_state: '23505',
        text: 'duplicate key value violates unique constraint "invoices_number_key"',
        detail: 'Key (number)=(INV-1) already exists.',
        statement: "INSERT INTO invoices (number)\nVALUES ('INV-1')",
        application_name: 'billing-api',
        backend_type: 'client backend',
      },
    },
  },
  {
    name: 'a background process (PostgreSQL 9.x/12 columns, no backend_type), CRLF',
    line: '2026-11-25 11:41:00.123 UTC,,,571,,6742f0a1.23b,1,,2026-11-25 11:40:00 UTC,,0,LOG,00000,"checkpoint starting: time",,,,,,,,,""\r',
    expected: {
      ok: true,
      timestamp: T,
      fields: { pid: 571, session_id: '6742f0a1.23b', session_line: 1, severity: 'LOG', sql_state: '00000', text: 'checkpoint starting: time' },
    },
  },
  {
    name: 'a local connection and a zone with an offset',
    line:
      '2026-11-25 12:41:00.123 +01,"postgres","postgres",77,"[local]",1.4d,1,"idle",2026-11-25 12:40:00 +01,2/0,0,FATAL,57P01,"terminating connection due to administrator command",,,,,,,,,"psql"',
    expected: {
      ok: true,
      timestamp: T,
      fields: {
        user: 'postgres',
        db: 'postgres',
        pid: 77,
        client_host: '[local]',
        session_id: '1.4d',
        session_line: 1,
        command_tag: 'idle',
        severity: 'FATAL',
        sql_state: '57P01',
        text: 'terminating connection due to administrator command',
        application_name: 'psql',
      },
    },
  },
  {
    name: 'IPv6 client',
    line:
      '2026-11-25 11:41:00.123 UTC,"app","shop",1,"2001:db8::1:5432",1.1,1,"",2026-11-25 11:41:00 UTC,,0,LOG,00000,"connection authorized: user=app",,,,,,,,,""',
    expected: {
      ok: true,
      timestamp: T,
      fields: {
        user: 'app',
        db: 'shop',
        pid: 1,
        client_host: '2001:db8::1',
        client_port: 5432,
        session_id: '1.1',
        session_line: 1,
        severity: 'LOG',
        sql_state: '00000',
        text: 'connection authorized: user=app',
      },
    },
  },
  { name: 'a text-log line', line: '2026-11-25 11:41:00 UTC:10.0.0.7(54321):app@shop:[1234]:LOG:  statement: SELECT 1', expected: { ok: false } },
  { name: 'too few columns', line: '2026-11-25 11:41:00.123 UTC,"app","shop",1234', expected: { ok: false } },
  { name: 'unclosed quote', line: `${HEAD},"SELECT`, expected: { ok: false } },
  { name: 'empty', line: '', expected: { ok: false } },
]);

describe('postgresql-csv specifics', () => {
  it('parses every sample line, with the statement and its duration where the message has them', () => {
    for (const event of sampleEvents('postgresql-csv', { count: 500, seed: 6 })) {
      const result = parseChecked(postgresqlCsv, event.message);
      expect(result.ok).toBe(true);
      if (!result.ok) continue;
      expect(Math.abs(Date.parse(result.timestamp ?? '') - event.timestamp)).toBeLessThan(1000);
      expect(typeof result.fields['statement']).toBe('string');
    }
  });

  it('is the parser for log groups named .../postgresql-csv or .../csvlog, never for the RDS postgresql log type', () => {
    expect(parserForLogGroup('/aurora/billing-db/postgresql-csv').name).toBe('postgresql-csv');
    expect(parserForLogGroup('/ec2/pg-1/csvlog').name).toBe('postgresql-csv');
    expect(parserForLogGroup('/aws/rds/cluster/billing/postgresql').name).toBe('postgresql');
  });
});
