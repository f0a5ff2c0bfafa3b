import { describe, expect, it } from 'vitest';
import { validateEnvelope } from '../../../core/cloudwatch/envelope.ts';
import { buildControlMessage, buildEnvelope } from '../../../core/samples/records.ts';

describe('validateEnvelope', () => {
  it('accepts a data message and a control message', () => {
    expect(validateEnvelope(buildEnvelope({ lines: ['a', 'b'] })).ok).toBe(true);
    expect(validateEnvelope(buildControlMessage()).ok).toBe(true);
  });

  it('accepts the optional policyLevel and unknown extra keys', () => {
    const envelope = { ...buildEnvelope({ lines: ['a'], policyLevel: 'ACCOUNT_LEVEL_POLICY' }), newField: 1 };
    expect(validateEnvelope(envelope).ok).toBe(true);
  });

  it('names the field that is wrong', () => {
    const good = buildEnvelope({ lines: ['a', 'b'] });
    const cases: [unknown, string, string][] = [
      [null, 'ENVELOPE_INVALID', 'not a JSON object'],
      [[], 'ENVELOPE_INVALID', 'not a JSON object'],
      [{ ...good, messageType: 'HEARTBEAT' }, 'MESSAGE_TYPE_UNKNOWN', 'HEARTBEAT'],
      [{ ...good, messageType: 3 }, 'ENVELOPE_INVALID', 'messageType'],
      [{ ...good, logGroup: undefined }, 'ENVELOPE_INVALID', 'logGroup'],
      [{ ...good, subscriptionFilters: 'x' }, 'ENVELOPE_INVALID', 'subscriptionFilters'],
      [{ ...good, logEvents: {} }, 'ENVELOPE_INVALID', 'logEvents'],
      [{ ...good, logEvents: [good.logEvents[0], { id: 1, timestamp: 1, message: 'x' }] }, 'ENVELOPE_INVALID', 'logEvents[1]: id'],
      [{ ...good, logEvents: [{ id: '1', timestamp: 'now', message: 'x' }] }, 'ENVELOPE_INVALID', 'logEvents[0]: timestamp'],
      [{ ...good, logEvents: [{ id: '1', timestamp: 1e20, message: 'x' }] }, 'ENVELOPE_INVALID', 'logEvents[0]: timestamp'],
      [{ ...good, logEvents: [{ id: '1', timestamp: 1, message: null }] }, 'ENVELOPE_INVALID', 'logEvents[0]: message'],
      [{ ...good, policyLevel: 7 }, 'ENVELOPE_INVALID', 'policyLevel'],
    ];
    for (const [value, code, words] of cases) {
      const result = validateEnvelope(value);
      expect(result.ok ? 'accepted' : result.error.code).toBe(code);
      if (!result.ok) expect(result.error.message).toContain(words);
    }
  });
});
