import { describe, expect, it } from 'vitest';
import { FirewatchError } from '../../../core/errors.ts';
import { ChunkedWriter } from '../../../core/sinks/chunked-writer.ts';
import type { Sink, SinkDocument, SinkResult } from '../../../core/sinks/sink.ts';

/** A sink recording each write's ids, failing the writes whose number is in `failing` (1-based). */
function recordingSink(failing: readonly number[] = []): Sink & { writes: string[][] } {
  const writes: string[][] = [];
  return {
    name: 'recording',
    writes,
    write(documents): Promise<SinkResult> {
      writes.push(documents.map((d) => d.id));
      if (failing.includes(writes.length)) return Promise.resolve({ ok: false, retryable: true, error: new FirewatchError('SINK_UNAVAILABLE', 'down') });
      return Promise.resolve({ ok: true, stored: documents.length - 1, deadLettered: 1 });
    },
  };
}

/** `n` documents of record `record`, 10 UTF-16 units each (json 6, id 2, index 2). */
const docs = (record: number, n: number): SinkDocument[] => Array.from({ length: n }, (_, i) => ({ index: 'ix', id: `${record}${i}`, json: '"text"' }));

describe('ChunkedWriter', () => {
  it('writes whole records once a chunk is full, and the rest on flush, counting what the sink did', async () => {
    const sink = recordingSink();
    const writer = new ChunkedWriter(sink, { chunkBytes: 25, deadline: Date.now() + 60_000 });
    expect(await writer.add(docs(0, 2), 0)).toBeUndefined(); // 20: not full
    expect(await writer.add([], 1)).toBeUndefined(); // a record without documents changes nothing
    expect(await writer.add(docs(2, 1), 2)).toBeUndefined(); // 30: written
    expect(await writer.add(docs(3, 1), 3)).toBeUndefined();
    expect(await writer.flush()).toBeUndefined();
    expect(await writer.flush()).toBeUndefined(); // nothing left: no write
    expect(sink.writes).toEqual([['00', '01', '20'], ['30']]);
    expect(writer.counts).toEqual({ documents: 4, stored: 2, deadLettered: 2 });
  });

  it('names the first record of a chunk that is not stored, and drops a chunk on discard', async () => {
    const sink = recordingSink([1]);
    const writer = new ChunkedWriter(sink, { chunkBytes: 30, deadline: Date.now() + 60_000 });
    await writer.add(docs(4, 1), 4);
    const failed = await writer.add(docs(5, 2), 5);
    expect(failed?.origin).toBe(4);
    expect(failed?.result.retryable).toBe(true);
    expect(writer.counts).toEqual({ documents: 3, stored: 0, deadLettered: 0 });
    expect(writer.discard()).toBeUndefined();
    await writer.add(docs(7, 1), 7);
    expect(writer.discard()).toBe(7);
    expect(await writer.flush()).toBeUndefined();
    expect(sink.writes).toHaveLength(1);
  });

  it('with an infinite chunk, writes everything in one write', async () => {
    const sink = recordingSink();
    const writer = new ChunkedWriter(sink, { chunkBytes: Number.POSITIVE_INFINITY, deadline: Date.now() + 60_000 });
    await writer.add(docs(0, 500), 0);
    await writer.flush();
    expect(sink.writes.map((w) => w.length)).toEqual([500]);
  });
});
