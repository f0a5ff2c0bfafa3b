/** The files sink against the real file system, through the shared sink harness. */
import { appendFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFilesSink } from '../../../core/sinks/files.ts';
import { testSink } from '../../support/sink-harness.ts';
import { readFilesSink } from '../../node/files-reader.ts';

const fs = {
  appendFile: (path: string, text: string) => appendFile(path, text, 'utf8'),
  mkdir: async (path: string) => void (await mkdir(path, { recursive: true })),
};

const fresh = async () => {
  const directory = join(await mkdtemp(join(tmpdir(), 'firewatch-files-')), 'data');
  return { directory, sink: createFilesSink({ directory, fs }) };
};

testSink('files', async () => {
  const { directory, sink } = await fresh();
  return { sink, read: () => readFilesSink(directory), cleanup: () => rm(join(directory, '..'), { recursive: true, force: true }) };
});

describe('files sink', () => {
  it('refuses index names that are not file names, and multi-line documents, for good', async () => {
    const { directory, sink } = await fresh();
    for (const index of ['../escape', '.hidden', 'a/b', 'UPPER']) {
      const result = await sink.write([{ index, id: '1', json: '{}' }], { deadline: Date.now() + 1000 });
      expect(result).toMatchObject({ ok: false, retryable: false, error: { code: 'SINK_REJECTED' } });
    }
    expect(await sink.write([{ index: 'ok', id: '1', json: '{\n}' }], { deadline: Date.now() + 1000 })).toMatchObject({ ok: false, retryable: false });
    await rm(join(directory, '..'), { recursive: true, force: true });
  });

  it('does not interleave concurrent writes to one file', async () => {
    const { directory, sink } = await fresh();
    const big = (n: number) =>
      Array.from({ length: 200 }, (_, i) => ({ index: 'same', id: `${n}-${i}`, json: JSON.stringify({ n, i, pad: 'x'.repeat(2000) }) }));
    const results = await Promise.all([1, 2, 3, 4].map((n) => sink.write(big(n), { deadline: Date.now() + 10_000 })));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(await readFilesSink(directory)).toHaveLength(800);
    await rm(join(directory, '..'), { recursive: true, force: true });
  });

  it('reports a failing disk as retryable', async () => {
    const sink = createFilesSink({
      directory: '/nonexistent',
      fs: { appendFile: () => Promise.reject(new Error('ENOSPC')), mkdir: () => Promise.resolve(undefined) },
    });
    expect(await sink.write([{ index: 'a', id: '1', json: '{}' }], { deadline: Date.now() + 1000 })).toMatchObject({
      ok: false,
      retryable: true,
      error: { code: 'SINK_UNAVAILABLE' },
    });
  });
});
