import { describe, expect, it } from 'vitest';
import { ERROR_CODES, errorCodeTable, explainErrorCode } from '../../../core/inspect/error-codes.ts';

describe('explainErrorCode', () => {
  it('explains every code Firehose writes into backup lines, each by its own row', () => {
    const cases: [string, string, string][] = [
      ['Lambda.MissingRecordId', '', '`Lambda.MissingRecordId`, `Lambda.DuplicatedRecordId`'],
      ['Lambda.DuplicatedRecordId', '', '`Lambda.MissingRecordId`, `Lambda.DuplicatedRecordId`'],
      ['Lambda.FunctionError', 'The Lambda function was successfully invoked but it returned an error result.', '`Lambda.FunctionError`'],
      ['Lambda.JsonProcessingException', '', '`Lambda.JsonProcessingException`'],
      ['Lambda.InvokeAccessDenied', '', '`Lambda.InvokeAccessDenied`'],
      ['Lambda.ProcessingFailedStatus', 'The data could not be decoded.', '`Lambda.ProcessingFailedStatus`'],
      ['HttpEndpoint.DestinationException', 'status 401', '`HttpEndpoint.DestinationException`'],
      ['HttpEndpoint.ResponseTimeout', '', 'other `HttpEndpoint.*` codes'],
      ['400', '{"type":"mapper_parsing_exception","reason":"failed to parse field [thread_id]"}', ERROR_CODES[7]!.label],
      ['OS.MapperParsingException', '', ERROR_CODES[7]!.label],
      ['403', 'security_exception: no permissions for [indices:data/write/bulk]', '403 access errors in `DestinationDelivery`'],
      ['OS.ServiceUnavailable', 'cluster_block_exception', ERROR_CODES[9]!.label],
      ['ES.ServiceException', '', ERROR_CODES[9]!.label],
    ];
    for (const [code, message, label] of cases) expect([code, explainErrorCode(code, message)?.label]).toEqual([code, label]);
  });

  it("knows nothing of codes that are not Firehose's", () => {
    expect(explainErrorCode('GZIP_TRUNCATED')).toBeUndefined();
    expect(explainErrorCode('')).toBeUndefined();
  });

  it('says what each failure means and what to do, in words', () => {
    for (const help of ERROR_CODES) {
      expect(help.meaning.length).toBeGreaterThan(20);
      expect(help.action.length).toBeGreaterThan(20);
    }
  });
});

describe('errorCodeTable', () => {
  it('is the README table: a header and one row per entry, pipes escaped', () => {
    const lines = errorCodeTable().split('\n');
    expect(lines.slice(0, 2)).toEqual(['| code | what it means | what to do |', '| --- | --- | --- |']);
    expect(lines).toHaveLength(ERROR_CODES.length + 2);
    for (const line of lines) expect(line.replaceAll('\\|', '').split('|')).toHaveLength(5);
    expect(lines[6]).toContain('`Lambda.ProcessingFailedStatus`');
  });
});
