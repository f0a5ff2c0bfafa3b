import { describe, expect, it } from 'vitest';
import { gzip } from '../../../core/bytes/gzip.ts';
import { type DecodedInput, decodeInput, formatProblems, InputKind, type LinesPayload } from '../../../core/inspect/mod.ts';
import { buildSampleEnvelopes } from '../../../core/samples/events.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

/** What `firewatch sample --output lines` writes: each event's message on its own line(s). */
const sampleLines = (format: 'mysql-general' | 'mysql-slow' | 'mysql-error' | 'mariadb-audit' | 'postgresql' | 'json', events = 20) =>
  buildSampleEnvelopes({ format, records: 2, events, seed: 3 }).flatMap((e) => e.logEvents.map((event) => `${event.message}\n`)).join('');

const linesOf = (decoded: DecodedInput): LinesPayload & { documents: readonly Record<string, unknown>[] } => {
  const item = decoded.items[0];
  if (!item?.decoded.ok || item.decoded.value.kind !== 'lines') throw new Error(`not log lines: ${decoded.description}`);
  return item.decoded.value;
};

describe('decodeInput: plain log lines', () => {
  it('detects the format of each sample, joins multi-line entries, and parses every entry', () => {
    for (const format of ['mysql-general', 'mysql-slow', 'mysql-error', 'mariadb-audit', 'postgresql', 'json'] as const) {
      // Prepare: the messages of 40 events, as a server's log file holds them
      const text = sampleLines(format);

      // Act
      const decoded = decodeInput(text);

      // Assess: one event per original event, each line's document parsed, and the choice explained
      expect(decoded.kind).toBe(InputKind.LOG_LINES);
      const payload = linesOf(decoded);
      expect(payload.parser).toBe(format);
      expect(payload.events).toHaveLength(40);
      expect(decoded.summary).toMatchObject({ records: 1, events: 40, documents: 40, errors: 0, unparsed: 0 });
      expect(payload.documents.every((d) => d['error'] === undefined && d['parser'] === format)).toBe(true);
      expect(payload.detection?.reason).toMatch(/^40 of 40 entries parse; next best /);
      expect(decoded.description).toMatch(new RegExp(`^Log text: 40 entries on \\d+ lines, parsed with ${format} \\(detected: 40 of 40 entries parse`));
    }
  });

  it('keeps a multi-line statement in one event, with its first line and line count', () => {
    const text = '2026-11-25T11:41:00.123456Z\t   42 Query\tSELECT id\nFROM orders\n\nWHERE id = 1\n2026-11-25T11:41:00.223456Z\t   42 Quit\t\n';
    const payload = linesOf(decodeInput(text));
    expect(payload.events).toEqual([
      { line: 1, lines: 4, message: '2026-11-25T11:41:00.123456Z\t   42 Query\tSELECT id\nFROM orders\n\nWHERE id = 1' },
      { line: 5, lines: 1, message: '2026-11-25T11:41:00.223456Z\t   42 Quit\t' },
    ]);
    expect(payload.documents[0]).toMatchObject({
      '@timestamp': '2026-11-25T11:41:00.123456Z',
      thread_id: 42,
      command: 'Query',
      argument: 'SELECT id\nFROM orders\n\nWHERE id = 1',
    });
  });

  it('uses a given parser instead of detecting one, and counts what it did not recognise, with reasons', () => {
    const text = sampleLines('mysql-error', 3);
    const decoded = decodeInput(text, { parser: 'mysql-general' });
    const payload = linesOf(decoded);
    expect(payload.parser).toBe('mysql-general');
    expect(payload.detection).toBeUndefined();
    expect(decoded.description).toMatch(/parsed with mysql-general \(given\)\.$/);
    expect(decoded.summary.unparsed).toBe(6);
    expect(decoded.problems.parsers).toEqual([{ parser: 'mysql-general', documents: 6, unparsed: 6, reasons: [{ reason: expect.any(String), count: 6 }] }]);
    expect(formatProblems(decoded.problems)).toEqual([expect.stringMatching(/^mysql-general: 6 of 6 unparsed — .+ ×6$/)]);
  });

  it('takes any text no other format claims, JSON log lines included, and a gzip file of log text', () => {
    expect(linesOf(decodeInput('hello world')).documents).toEqual([expect.objectContaining({ message: 'hello world', parser: 'auto' })]);
    expect(linesOf(decodeInput('"some text"')).events).toHaveLength(1);
    const json = decodeInput('{"level":"warn","msg":"a"}\n{"level":"info","msg":"b"}\n');
    expect(linesOf(json)).toMatchObject({ parser: 'json', documents: [{ level: 'warn' }, { level: 'info' }] });
    const zipped = decodeInput(gzip(utf8(sampleLines('postgresql', 2))));
    expect(zipped.kind).toBe(InputKind.LOG_LINES);
    expect(zipped.description).toMatch(/^gzip data \(\d+ bytes, \d+ inflated\) holding: Log text: 4 entries/);
  });

  it('counts backup lines by error code', () => {
    const line = (errorCode: string) =>
      JSON.stringify({ attemptsMade: 4, arrivalTimestamp: 1, errorCode, errorMessage: `${errorCode} happened`, rawData: 'aGVsbG8=' });
    const decoded = decodeInput([line('Lambda.ProcessingFailedStatus'), line('Lambda.FunctionError'), line('Lambda.ProcessingFailedStatus')].join('\n'));
    expect(decoded.problems.backupErrors).toEqual([
      { errorCode: 'Lambda.ProcessingFailedStatus', count: 2, message: 'Lambda.ProcessingFailedStatus happened' },
      { errorCode: 'Lambda.FunctionError', count: 1, message: 'Lambda.FunctionError happened' },
    ]);
    expect(formatProblems(decoded.problems)).toEqual([
      'backup Lambda.ProcessingFailedStatus: 2 lines — Lambda.ProcessingFailedStatus happened',
      'backup Lambda.FunctionError: 1 line — Lambda.FunctionError happened',
    ]);
  });
});
