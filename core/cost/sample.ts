/**
 * The shape of a log volume measured from a pasted sample (anything `decodeInput` reads: records, an
 * event, backup lines, log text): the average line size, and, when the sample holds CloudWatch Logs
 * records, the events per record and the gzip ratio.
 *
 * @example
 * ```ts
 * const shape = measureSample(decodeInput(text));
 * if (shape.ok) estimateCosts({ eventsPerSecond: 500, eventsPerRecord: 50, compressionRatio: 6, ...shape.value });
 * ```
 * @module
 */
import { utf8Length } from '../bytes/utf8.ts';
import { fail, ok, type Result } from '../errors.ts';
import type { DecodedInput } from '../inspect/types.ts';
import { MessageType } from '../cloudwatch/envelope.ts';

/** What a sample says about the volume; the fields it cannot tell are absent. */
export interface SampleShape {
  readonly events: number;
  readonly lineBytes: number;
  readonly eventsPerRecord?: number;
  readonly compressionRatio?: number;
}

/**
 * Measures a decoded sample; fails with `FORMAT_UNKNOWN` when it holds no log events.
 *
 * @example
 * ```ts
 * const shape = measureSample(decodeInput("2026-11-25T11:41:00.000000Z\t   12 Query\tSELECT 1\n"));
 * if (shape.ok) shape.value.events; // 1
 * ```
 */
export function measureSample(decoded: DecodedInput): Result<SampleShape> {
  let events = 0;
  let bytes = 0;
  let dataRecords = 0;
  let recordEvents = 0;
  for (const item of decoded.items) {
    if (!item.decoded.ok) continue;
    const payload = item.decoded.value;
    if (payload.kind === 'cloudwatch') {
      let inRecord = 0;
      for (const envelope of payload.envelopes) {
        if (envelope.messageType !== MessageType.DATA) continue;
        for (const event of envelope.logEvents) {
          inRecord++;
          bytes += utf8Length(event.message);
        }
      }
      if (inRecord > 0) dataRecords++;
      recordEvents += inRecord;
      events += inRecord;
      continue;
    }
    // Log text and extracted lines: events without records around them.
    const lines = (payload as { events?: unknown }).events;
    if (!Array.isArray(lines)) continue;
    for (const line of lines) {
      const message = (line as { message?: unknown }).message;
      if (typeof message !== 'string') continue;
      events++;
      bytes += utf8Length(message);
    }
  }
  if (events === 0) return fail('FORMAT_UNKNOWN', `the sample holds no log events (${decoded.description})`);
  const { compressedBytes, inflatedBytes } = decoded.summary;
  return ok({
    events,
    lineBytes: bytes / events,
    ...(dataRecords > 0 ? { eventsPerRecord: recordEvents / dataRecords } : {}),
    ...(compressedBytes > 0 && inflatedBytes > 0 ? { compressionRatio: inflatedBytes / compressedBytes } : {}),
  });
}
