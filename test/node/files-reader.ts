/** Reads what the files sink wrote, as the shared sink harness expects it. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { StoredDocument } from '../support/sink-harness.ts';

/** Reads every file back as the bulk pairs it holds; the last pair per index and id wins (retries append duplicates). */
export async function readFilesSink(directory: string): Promise<StoredDocument[]> {
  const latest = new Map<string, StoredDocument>();
  let names: string[];
  try {
    names = await readdir(directory);
  } catch {
    return [];
  }
  for (const name of names.filter((n) => n.endsWith('.ndjson')).sort()) {
    const lines = (await readFile(join(directory, name), 'utf8')).split('\n');
    expect(lines.pop()).toBe(''); // every line ends with \n, the last one too
    for (let i = 0; i < lines.length; i += 2) {
      const action = JSON.parse(lines[i]!) as { index: { _index: string; _id: string } };
      expect(`${action.index._index}.ndjson`).toBe(name);
      latest.set(`${action.index._index}\u0000${action.index._id}`, { index: action.index._index, id: action.index._id, json: lines[i + 1]! });
    }
  }
  return [...latest.values()];
}
