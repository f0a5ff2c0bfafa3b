import { describe, expect, it } from 'vitest';
import { countResults, type TransformationResponse } from '../../../core/firehose/lambda-event.ts';

describe('countResults', () => {
  it('counts each answer of a response once', () => {
    const response: TransformationResponse = {
      records: [
        { recordId: '1', result: 'Ok', data: 'e30=' },
        { recordId: '2', result: 'Dropped' },
        { recordId: '3', result: 'ProcessingFailed' },
        { recordId: '4', result: 'Ok', data: 'e30=' },
      ],
    };
    expect(countResults(response)).toEqual({ ok: 2, dropped: 1, processingFailed: 1 });
    expect(countResults({ records: [] })).toEqual({ ok: 0, dropped: 0, processingFailed: 0 });
  });
});
