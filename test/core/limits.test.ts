import { describe, expect, it } from 'vitest';
import * as limits from '../../core/limits.ts';

describe('limits', () => {
  it('keeps the response budget under the Lambda payload limit', () => {
    expect(limits.DEFAULT_RESPONSE_BUDGET_BYTES).toBeLessThan(limits.LAMBDA_SYNC_PAYLOAD_BYTES);
    expect(limits.LAMBDA_SYNC_PAYLOAD_BYTES).toBe(6_291_456);
    expect(limits.FIREHOSE_RECORD_BYTES).toBe(1_024_000);
  });
});
