import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorCodeTable } from '../core/inspect/error-codes.ts';
import { settings } from '../core/settings.ts';
import { markedTables, renderTable, updateTables } from '../scripts/readme-tables.ts';

const readme = readFileSync('README.md', 'utf8');

/** Variables firewatch sets for itself, never a user: not settings, so not in the catalogue. */
const INTERNAL = new Set(['FIREWATCH_WORKER_PORT' /* firewatch serve --workers: the port the primary passes its workers */]);

/** `FIREWATCH_…`/`OPENSEARCH_…` names quoted as string literals in the code of a folder (how the code reads them). */
function variablesReadIn(folder: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of readdirSync(folder, { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.ts')) continue;
    for (const m of readFileSync(`${folder}/${file}`, 'utf8').matchAll(/['"`]((?:FIREWATCH|OPENSEARCH)_[A-Z_]+)['"`]/g)) found.set(m[1]!, `${folder}/${file}`);
  }
  return found;
}

describe('README', () => {
  it('holds the configuration tables scripts/readme-tables.ts generates from the catalogue (npm run docs:tables)', () => {
    expect(markedTables(readme)).toEqual(expect.arrayContaining(['endpoint', 'opensearch', 'transform']));
    expect(updateTables(readme)).toBe(readme);
    expect(renderTable('transform')).toContain('| `FIREWATCH_MODE` | split |');
  });

  it('holds the troubleshooting table core/inspect/error-codes.ts prints, so the page and the README say the same', () => {
    expect(readme).toContain(errorCodeTable());
  });

  it('has a catalogue that declares every variable the code reads, each once', () => {
    const names = settings.map((s) => s.name);
    expect(names.length).toBeGreaterThan(40);
    expect(new Set(names).size).toBe(names.length);
    const read = new Map([...variablesReadIn('core'), ...variablesReadIn('lambda'), ...variablesReadIn('scripts')]);
    expect(read.size).toBeGreaterThan(20);
    const undeclared = [...read].filter(([name]) => !names.includes(name) && !INTERNAL.has(name)).map(([name, file]) => `${name} (${file})`);
    expect(undeclared).toEqual([]);
  });

  it('starts with the two set-up commands', () => {
    expect(readme.split('\n').slice(0, 6).join('\n')).toContain('npm ci && npm start\nnpm test');
  });
});
