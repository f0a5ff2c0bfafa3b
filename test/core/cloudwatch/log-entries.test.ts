import { describe, expect, it } from 'vitest';
import { extractedEventId, extractedParser, extractLines, isExtractedEnvelope } from '../../../core/cloudwatch/extracted-lines.ts';
import { detectParser, splitLogEntries } from '../../../core/cloudwatch/log-entries.ts';
import { builtinParsers } from '../../../core/parsers/mod.ts';

const SLOW = [
  '# Time: 2026-11-25T11:41:00.000470Z',
  '# User@Host: app[app] @ ip-10-0-1-23.ec2.internal [10.0.1.23]  Id:    44',
  '# Query_time: 16.847226  Lock_time: 0.000977 Rows_sent: 5  Rows_examined: 2615691',
  'SET timestamp=1795606860;',
  'SELECT 1',
  'FROM t;',
  '# User@Host: app[app] @ localhost []  Id:    45',
  '# Query_time: 1.0  Lock_time: 0.0 Rows_sent: 1  Rows_examined: 1',
  'SET timestamp=1795606860;',
  'SELECT 2;',
].join('\n');

describe('splitLogEntries', () => {
  it('joins slow-log entries from # Time: or a # User@Host: that does not follow one', () => {
    const entries = splitLogEntries(SLOW, builtinParsers['mysql-slow']);
    expect(entries.map((e) => [e.line, e.lines])).toEqual([
      [1, 6],
      [7, 4],
    ]);
  });

  it('joins PostgreSQL lines to the message their time prefix opened, and strips CR', () => {
    const text =
      '2026-11-25 11:41:00 UTC:10.0.0.1(5432):app@db:[42]:LOG:  statement: SELECT 1\r\n\tFROM t\r\n2026-11-25 11:41:01 UTC:10.0.0.1(5432):app@db:[42]:LOG:  disconnection\r\n';
    expect(splitLogEntries(text, builtinParsers.postgresql).map((e) => e.message)).toEqual([
      '2026-11-25 11:41:00 UTC:10.0.0.1(5432):app@db:[42]:LOG:  statement: SELECT 1\n\tFROM t',
      '2026-11-25 11:41:01 UTC:10.0.0.1(5432):app@db:[42]:LOG:  disconnection',
    ]);
  });

  it('reads MySQL 5.6 same-second general-log lines and banners as entries of their own', () => {
    const text = 'Tcp port: 3306  Unix socket: /tmp/mysql.sock\n161124 10:00:00\t   42 Query\tSELECT 1\n\t\t   42 Quit\t\n';
    expect(splitLogEntries(text, builtinParsers['mysql-general'])).toHaveLength(3);
  });

  it('is linear: 4× the text takes about 4× the steps, not 16×', () => {
    const line = '2026-11-25T11:41:00.123456Z\t   42 Query\tSELECT 1\n';
    const count = (n: number) => splitLogEntries(line.repeat(n), builtinParsers['mysql-general']).length;
    expect(count(4000)).toBe(4 * count(1000));
  });
});

describe('detectParser', () => {
  it('picks the parser that recognises most and says why', () => {
    const postgres = '2026-11-25 11:41:00 UTC:10.0.0.1(5432):app@db:[42]:LOG:  statement: SELECT 1\n';
    const detection = detectParser(postgres.repeat(3));
    expect(detection.parser.name).toBe('postgresql');
    expect(detection.reason).toBe('3 of 3 entries parse; next best mysql-general 0 of 3');
    expect(detectParser(SLOW).parser.name).toBe('mysql-slow');
  });

  it('does not take general-log lines for error-log lines (a thread id, then a command, no [Level])', () => {
    const text = 'garbage first\n2026-11-25T11:41:00.1Z\t 17 Connect\tapp@10.0.0.7 on shop using TCP/IP\n2026-11-25T11:41:00.2Z\t 17 Query\tSELECT 1\n';
    const detection = detectParser(text);
    expect(detection.parser.name).toBe('mysql-general');
    expect(detection.scores.find((score) => score.parser === 'mysql-error')?.parsed).toBe(0);
  });

  it('reads the legacy error-log layout, and breaks an exact tie by list order', () => {
    // The legacy error-log layout has free text after the time; no other parser reads these lines.
    const legacy = '080721  3:04:00 [Warning] option adjusted\n091119 22:27:11InnoDB: Started\n';
    expect(detectParser(legacy).parser.name).toBe('mysql-error');
    // mysqld's banner opens both the general and the slow log, and both read it alike: the earlier wins.
    const banner = '/rdsdbbin/mysql/bin/mysqld, Version: 8.0.35 (Source distribution). started with:\nTcp port: 3306  Unix socket: /tmp/mysql.sock\n';
    expect(detectParser(banner).reason).toMatch(/^2 of 2 entries parse; next best mysql-slow 2 of \d+, a tie won by list order$/);
  });

  it('falls back to auto when no server format recognises anything', () => {
    const detection = detectParser('just some words\nand more\n');
    expect(detection.parser.name).toBe('auto');
    expect(detection.reason).toMatch(/^no server format recognises any of the first entries/);
  });
});

describe('extractLines', () => {
  it('makes one event per entry with ids from the record key, dated by the arrival', () => {
    const extracted = extractLines(SLOW, { key: 'record-7', arrival: 1_764_070_860_000 });
    expect(extracted.parser.name).toBe('mysql-slow');
    expect(extracted.detection?.reason).toMatch(/^2 of 2 entries parse/);
    expect(extracted.envelope.logEvents.map((e) => [e.id, e.timestamp])).toEqual([
      ['record-7:0', 1_764_070_860_000],
      ['record-7:1', 1_764_070_860_000],
    ]);
    expect(isExtractedEnvelope(extracted.envelope)).toBe(true);
    expect(extractedParser(extracted.envelope, undefined).name).toBe('mysql-slow');
    expect(extractedParser(extracted.envelope, builtinParsers.text).name).toBe('text');
  });

  it('uses a configured parser when given one', () => {
    const extracted = extractLines('a\nb\n', { key: 'k', arrival: 0, parser: builtinParsers.json });
    expect(extracted.parser.name).toBe('json');
    expect(extracted.detection).toBeUndefined();
    expect(extracted.envelope.logEvents).toHaveLength(2);
  });

  it('hashes a key too long for an OpenSearch _id, the same way every time', () => {
    const key = 'é'.repeat(400);
    const id = extractedEventId(key, 12);
    expect(id).toMatch(/^[0-9a-f]{32}:12$/);
    expect(extractedEventId(key, 12)).toBe(id);
    expect(extractedEventId(`${key}x`, 12)).not.toBe(id);
  });
});
