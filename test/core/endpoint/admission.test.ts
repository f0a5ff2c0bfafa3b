import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Admission, inflatedSizeOf, LARGE_RESERVATION_BYTES } from '../../../core/endpoint/admission.ts';
import { encodeBase64 } from '../../../core/bytes/base64.ts';
import { declaredInflatedSize } from '../../../core/cloudwatch/lazy-envelope.ts';
import { gzip } from '../../../core/bytes/gzip.ts';
import { encodeUtf8 } from '../../../core/bytes/utf8.ts';

describe('Admission', () => {
  it('admits at most maxDeliveries at once and frees a place on leave', () => {
    const admission = new Admission({ maxDeliveries: 2, inflatedBudgetBytes: 100 });
    const a = admission.enter();
    const b = admission.enter();
    expect(a && b).toBe(true);
    expect(admission.enter()).toBe(false);
    admission.leave();
    expect(admission.enter()).toBe(true);
    expect(admission.inFlight).toBe(2);
  });

  it('grants inflated bytes in order within the budget, and a reservation larger than the budget alone', async () => {
    const admission = new Admission({ maxDeliveries: 10, inflatedBudgetBytes: 100 });
    const granted: string[] = [];
    const first = await admission.reserve(60);
    const second = admission.reserve(60).then((release) => {
      granted.push('second');
      return release;
    });
    const huge = admission.reserve(500).then((release) => {
      granted.push('huge');
      return release;
    });
    await Promise.resolve();
    expect(granted).toEqual([]);
    first!();
    const releaseSecond = await second;
    expect(granted).toEqual(['second']);
    releaseSecond!();
    (await huge)!();
    expect(granted).toEqual(['second', 'huge']);
    expect(admission.reservedBytes).toBe(0);
  });

  it('gives up a wait when the signal aborts, and the bytes are not taken', async () => {
    const admission = new Admission({ maxDeliveries: 10, inflatedBudgetBytes: 100 });
    const held = await admission.reserve(100);
    const controller = new AbortController();
    const waiting = admission.reserve(10, controller.signal);
    controller.abort();
    expect(await waiting).toBeUndefined();
    held!();
    expect(admission.reservedBytes).toBe(0);
    const again = await admission.reserve(100);
    expect(admission.reservedBytes).toBe(100);
    again!();
  });
});

describe('inflatedSizeOf', () => {
  it('reads the inflated size a gzip record declares in its trailer, and the decoded size of anything else', () => {
    const text = 'x'.repeat(100_000);
    expect(inflatedSizeOf(encodeBase64(gzip(encodeUtf8(text))))).toBe(100_000);
    expect(inflatedSizeOf(encodeBase64(encodeUtf8('hello world')))).toBe(11);
    expect(inflatedSizeOf('')).toBe(0);
    expect(inflatedSizeOf('H4sI')).toBe(3);
  });

  it('reads the last four bytes as the trailer whatever the base64 tail looks like (property)', () => {
    // Oracle: the size the decoded bytes themselves declare (their gzip trailer, else their length).
    fc.assert(
      fc.property(fc.boolean(), fc.uint8Array({ maxLength: 64 }), (gzipped, tail) => {
        const bytes = gzipped ? Uint8Array.of(0x1f, 0x8b, 8, ...tail) : tail;
        expect(inflatedSizeOf(encodeBase64(bytes))).toBe(declaredInflatedSize(bytes));
      }),
      { numRuns: 2_000 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4_000 }), (bytes) => {
        expect(inflatedSizeOf(encodeBase64(gzip(bytes)))).toBe(bytes.length);
      }),
      { numRuns: 200 },
    );
  });
});

describe('Admission.collect', () => {
  it('collects after a large reservation is released, before the next waiting one is granted, and never after small ones', async () => {
    const events: string[] = [];
    const admission = new Admission({ maxDeliveries: 4, inflatedBudgetBytes: LARGE_RESERVATION_BYTES, collect: () => events.push('collect') });
    const large = await admission.reserve(LARGE_RESERVATION_BYTES);
    const next = admission.reserve(LARGE_RESERVATION_BYTES).then((release) => {
      events.push('granted');
      return release;
    });
    large!();
    (await next)!();
    (await admission.reserve(1024))!();
    expect(events).toEqual(['collect', 'granted', 'collect']);
  });
});
