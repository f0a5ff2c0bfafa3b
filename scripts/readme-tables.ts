/**
 * Writes the README's configuration tables from the catalogue of settings (core/settings.ts): one table
 * per front between `<!-- settings:<table> -->` and `<!-- /settings:<table> -->`, plus the OpenSearch
 * sink's own table, shared by the fronts that write to OpenSearch. Only the text between markers
 * changes. test/readme.test.ts fails when the README differs from what this writes.
 *
 * Usage: `npm run docs:tables` (writes README.md), `npm run docs:tables -- --check` (exit 1 when stale).
 *
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Front, type Setting } from '../core/config/env.ts';
import { isOpenSearchSetting, settings, settingsOf } from '../core/settings.ts';

/** The tables the README may hold: one per front, and `opensearch`. */
export const tableNames = ['opensearch', ...Object.values(Front)] as const;
export type TableName = (typeof tableNames)[number];

/** The settings of one table: a front's without the OpenSearch sink's, which have a table of their own. */
export function tableSettings(table: TableName): readonly Setting[] {
  if (table === 'opensearch') return settings.filter(isOpenSearchSetting);
  return settingsOf(table).filter((s) => !isOpenSearchSetting(s));
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/**
 * The Markdown table of one front.
 *
 * @example
 * ```ts
 * renderTable("cli"); // "| variable | default | meaning |\n| --- | --- | --- |\n| `FIREWATCH_DEBUG` | ... |"
 * ```
 */
export function renderTable(table: TableName): string {
  const rows = tableSettings(table).map((s) => `| \`${s.name}\` | ${cell(s.default)} | ${cell(s.meaning)} |`);
  return ['| variable | default | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

const MARKED = /<!-- settings:([a-z]+) -->\n[\s\S]*?<!-- \/settings:\1 -->/g;

/**
 * The README with every marked table regenerated; an unknown table name throws.
 *
 * @example
 * ```ts
 * updateTables("<!-- settings:cli -->\nold\n<!-- /settings:cli -->"); // the same markers around renderTable("cli")
 * ```
 */
export function updateTables(readme: string): string {
  return readme.replace(MARKED, (_, name: string) => {
    if (!(tableNames as readonly string[]).includes(name)) throw new Error(`readme-tables: unknown table settings:${name} (known: ${tableNames.join(', ')})`);
    return `<!-- settings:${name} -->\n${renderTable(name as TableName)}\n<!-- /settings:${name} -->`;
  });
}

/** The table names marked in a README. */
export const markedTables = (readme: string): string[] => [...readme.matchAll(MARKED)].map((m) => m[1]!);

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const path = new URL('../README.md', import.meta.url);
  const readme = readFileSync(path, 'utf8');
  const updated = updateTables(readme);
  if (process.argv.includes('--check')) {
    if (updated !== readme) {
      process.stderr.write('README.md configuration tables are stale: run npm run docs:tables\n');
      process.exit(1);
    }
  } else if (updated !== readme) {
    writeFileSync(path, updated);
    process.stdout.write(`README.md: ${markedTables(readme).join(', ')} tables written\n`);
  } else {
    process.stdout.write('README.md: tables already current\n');
  }
}
