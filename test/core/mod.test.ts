import { describe, expect, it } from 'vitest';
import { buildSampleEvent, decodeInput, planTransformation } from '../../core/mod.ts';

describe('core/mod.ts', () => {
  it('runs the module example', () => {
    const event = buildSampleEvent({ format: 'mysql-general', records: 2, events: 3 });
    const plan = planTransformation(event, { mode: 'split' });
    expect(plan.response.records).toHaveLength(2);
    expect(plan.stats.reingestedRecords).toBe(4);
    expect(decodeInput(JSON.stringify(event)).summary).toMatchObject({ records: 2, events: 6, errors: 0 });
  });
});
