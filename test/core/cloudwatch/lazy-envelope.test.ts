import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gzip } from '../../../core/bytes/gzip.ts';
import { encodeUtf8 } from '../../../core/bytes/utf8.ts';
import { decodeLazily } from '../../../core/cloudwatch/lazy-envelope.ts';
import { decodeRecordData } from '../../../core/cloudwatch/record.ts';
import { buildControlMessage, buildEnvelope, encodeRecord } from '../../../core/samples/records.ts';

describe('decodeLazily', () => {
  it('gives the same envelope as the whole-record decoder, events decoded only when read', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { minLength: 0, maxLength: 30 }), (lines) => {
        const bytes = encodeRecord(buildEnvelope({ lines, logGroup: '/ecs/{api}', subscriptionFilters: ['a"[b]', '{'] }));
        const lazy = decodeLazily(bytes, {});
        const whole = decodeRecordData(bytes);
        if (!whole.ok || whole.value.kind !== 'cloudwatch') throw new Error('not an envelope');
        expect(lazy.ok).toBe(true);
        if (!lazy.ok || lazy.value.kind !== 'cloudwatch') return;
        const [envelope] = lazy.value.envelopes;
        expect({ ...envelope, logEvents: [...envelope!.logEvents] }).toEqual(whole.value.envelopes[0]);
      }),
      { numRuns: 60 },
    );
  });

  it('reads as an array does: slice, forEach, map and in see every event (the target is all holes)', () => {
    const bytes = encodeRecord(buildEnvelope({ lines: ['a', 'b', 'c', 'd'], logGroup: '/ecs/api' }));
    const lazy = decodeLazily(bytes, {});
    const whole = decodeRecordData(bytes);
    if (!lazy.ok || lazy.value.kind !== 'cloudwatch' || !whole.ok || whole.value.kind !== 'cloudwatch') throw new Error('not an envelope');
    const events = lazy.value.envelopes[0]!.logEvents;
    const expected = whole.value.envelopes[0]!.logEvents;
    expect(events.slice(1, 3)).toEqual(expected.slice(1, 3));
    expect(events.map((e) => e.message)).toEqual(['a', 'b', 'c', 'd']);
    const seen: string[] = [];
    events.forEach((e) => seen.push(e.message));
    expect(seen).toEqual(['a', 'b', 'c', 'd']);
    expect(3 in events).toBe(true);
    expect(4 in events).toBe(false);
  });

  it('drops its inflated bytes on release: events read before stay whole, reading after is refused', () => {
    const bytes = encodeRecord(buildEnvelope({ lines: ['one', 'two'], logGroup: '/ecs/api' }));
    const lazy = decodeLazily(bytes, {});
    if (!lazy.ok || lazy.value.kind !== 'cloudwatch') throw new Error('not an envelope');
    const events = lazy.value.envelopes[0]!.logEvents;
    const first = events[0];
    lazy.value.release!();
    expect(first!.message).toBe('one');
    expect(() => events[1]).toThrow(RangeError);
  });

  it('refuses what the whole-record decoder refuses, with the same code', () => {
    const envelope = buildEnvelope({ lines: ['a', 'b'] });
    const cases = [
      JSON.stringify({ ...envelope, logEvents: [envelope.logEvents[0], { id: 1, timestamp: 2, message: 'x' }] }),
      JSON.stringify({ ...envelope, logGroup: 3 }),
      JSON.stringify({ ...envelope, logEvents: 'no' }),
      `${JSON.stringify(envelope).slice(0, -3)}`,
      `${JSON.stringify(envelope)} trailing`,
    ];
    for (const text of cases) {
      const bytes = gzip(encodeUtf8(text));
      const whole = decodeRecordData(bytes);
      const lazy = decodeLazily(bytes, {});
      expect(whole.ok).toBe(false);
      expect(lazy.ok).toBe(false);
      if (!whole.ok && !lazy.ok) expect(lazy.error.code).toBe(whole.error.code);
    }
  });

  it('hands other records (control messages, several members, plain JSON) to the whole-record decoder', () => {
    const control = encodeRecord(buildControlMessage());
    expect(decodeLazily(control, {})).toEqual(decodeRecordData(control));
    const two = new Uint8Array([...encodeRecord(buildEnvelope({ lines: ['a'] })), ...encodeRecord(buildEnvelope({ lines: ['b'] }))]);
    expect(decodeLazily(two, {})).toEqual(decodeRecordData(two));
    const plain = gzip(encodeUtf8('{"level":"info"}'));
    expect(decodeLazily(plain, {})).toEqual(decodeRecordData(plain));
  });
});
