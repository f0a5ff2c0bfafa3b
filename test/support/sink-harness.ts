/**
 * The tests every sink must pass, in the manner of unstorage's `testDriver`: one harness, one call per
 * sink file. Each test gets a fresh sink from `makeSink` and cleans it up, so sinks need no reset API.
 *
 * @example
 * ```ts
 * testSink('files', async () => {
 *   const directory = await mkdtemp(join(tmpdir(), 'fw-'));
 *   const sink = createFilesSink({ directory, fs: nodeFileOperations });
 *   return { sink, read: () => readFilesSink(directory), cleanup: () => rm(directory, { recursive: true }) };
 * });
 * ```
 * @module
 */
import { describe, expect, it } from 'vitest';
import type { Sink, SinkDocument } from '../../core/sinks/sink.ts';

/** A document as the sink stored it: `json` is the stored text, compared byte for byte. */
export interface StoredDocument {
  readonly index: string;
  readonly id: string;
  readonly json: string;
}

/** What `makeSink` gives the harness for one test. */
export interface SinkUnderTest {
  readonly sink: Sink;
  /** Everything the sink stored so far (any order). */
  read(): Promise<readonly StoredDocument[]>;
  /** Releases what `makeSink` made (servers, directories); the harness calls `sink.close()` itself. */
  cleanup(): Promise<void>;
}

// A safety net only: no sink under test should come near it, however busy the machine.
const deadline = () => Date.now() + 60_000;

const doc = (n: number, extra: Record<string, unknown> = {}): SinkDocument => ({
  index: `harness-${n % 2}`,
  id: `id-${n}`,
  json: JSON.stringify({ '@timestamp': new Date(Date.UTC(2026, 10, 25, 12, 0, n)).toISOString(), n, ...extra }),
});

const byKey = (docs: readonly StoredDocument[]) => [...docs].sort((a, b) => `${a.index}/${a.id}`.localeCompare(`${b.index}/${b.id}`));
const plain = (docs: readonly SinkDocument[]) => byKey(docs.map(({ index, id, json }) => ({ index, id, json })));

/** Registers the shared sink tests under `describe(name)`. */
export function testSink(name: string, makeSink: () => Promise<SinkUnderTest>): void {
  const withSink = async (body: (under: SinkUnderTest) => Promise<void>) => {
    const under = await makeSink();
    try {
      await body(under);
    } finally {
      await under.sink.close?.();
      await under.cleanup();
    }
  };

  describe(`sink ${name} (shared harness)`, () => {
    it('stores every document once', () =>
      withSink(async ({ sink, read }) => {
        const docs = Array.from({ length: 25 }, (_, n) => doc(n));
        const result = await sink.write(docs, { deadline: deadline() });
        expect(result).toEqual({ ok: true, stored: 25, deadLettered: 0 });
        expect(byKey(await read())).toEqual(plain(docs));
      }));

    it('keeps one copy per id when the same documents are written twice', () =>
      withSink(async ({ sink, read }) => {
        const docs = Array.from({ length: 10 }, (_, n) => doc(n));
        expect((await sink.write(docs, { deadline: deadline() })).ok).toBe(true);
        expect((await sink.write(docs, { deadline: deadline() })).ok).toBe(true);
        expect(byKey(await read())).toEqual(plain(docs));
      }));

    it('succeeds on an empty write', () =>
      withSink(async ({ sink, read }) => {
        expect(await sink.write([], { deadline: deadline() })).toEqual({ ok: true, stored: 0, deadLettered: 0 });
        expect(await read()).toEqual([]);
      }));

    it('keeps unicode and large documents byte-exact', () =>
      withSink(async ({ sink, read }) => {
        const docs = [
          doc(1, { message: 'naïve café 日本語 🔥 \u2028 "quoted" \\ tab\t', lone: '\ud800' }),
          doc(2, { message: 'x'.repeat(300_000) + '😀'.repeat(50_000) }),
        ];
        expect((await sink.write(docs, { deadline: deadline() })).ok).toBe(true);
        expect(byKey(await read())).toEqual(plain(docs));
      }));
  });
}
