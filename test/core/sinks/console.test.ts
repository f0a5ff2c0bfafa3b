import { describe, expect, it } from 'vitest';
import { consoleLine, createConsoleSink } from '../../../core/sinks/console.ts';
import { type StoredDocument, testSink } from '../../support/sink-harness.ts';

testSink('console', () => {
  const lines: string[] = [];
  const sink = createConsoleSink({ log: (line) => lines.push(line) });
  const read = (): Promise<StoredDocument[]> => {
    const latest = new Map<string, StoredDocument>();
    for (const line of lines) {
      const { _index, _id } = JSON.parse(line) as { _index: string; _id: string };
      const prefix = consoleLine({ index: _index, id: _id, json: '' });
      latest.set(`${_index}\u0000${_id}`, { index: _index, id: _id, json: line.slice(prefix.length - 1, -1) });
    }
    return Promise.resolve([...latest.values()]);
  };
  return Promise.resolve({ sink, read, cleanup: () => Promise.resolve() });
});

describe('console sink', () => {
  it('writes one line per document and fails, retryable, when log throws', async () => {
    const lines: string[] = [];
    const sink = createConsoleSink({ log: (line) => lines.push(line) });
    expect(await sink.write([{ index: 'logs', id: 'e1', json: '{"a":1}' }], { deadline: Date.now() + 1000 })).toEqual({ ok: true, stored: 1, deadLettered: 0 });
    expect(lines).toEqual(['{"_index":"logs","_id":"e1","_source":{"a":1}}']);
    const broken = createConsoleSink({
      log: () => {
        throw new Error('closed');
      },
    });
    expect(await broken.write([{ index: 'logs', id: 'e1', json: '{}' }], { deadline: Date.now() + 1000 })).toMatchObject({ ok: false, retryable: true });
  });
});
