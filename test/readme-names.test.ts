/**
 * The READMEs name only what exists (issue 9): every `npm run` script, every `firewatch` command and its
 * options, and every FIREWATCH_ / OPENSEARCH_ variable that README.md and README.zh-CN.md show in code
 * must be in package.json, the CLI's command table, or the source that reads it. A translation that
 * falls behind the code (a renamed option, a variable that no longer exists) fails here.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../scripts/cli.ts';
import { commandPage } from '../scripts/cli/help.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const scripts = Object.keys((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);

/** Every .ts file under a folder of the project. */
function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(join(ROOT, path)).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Variable names the code reads or documents: quoted FIREWATCH_* and OPENSEARCH_* names in core, lambda and scripts. */
const knownVariables = new Set(
  ['core', 'lambda', 'scripts'].flatMap(sources).flatMap((file) =>
    [...readFileSync(join(ROOT, file), 'utf8').matchAll(/['"`](FIREWATCH_[A-Z0-9_]+|OPENSEARCH_[A-Z0-9_]+)['"`=]/g)].map((m) => m[1]!)
  ),
);

/** The code in a Markdown text: fenced blocks and inline code spans, with the line each starts on. */
function codeOf(markdown: string): { line: number; code: string }[] {
  const pieces: { line: number; code: string }[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (/^\s*```/.test(lines[i]!)) {
      const end = lines.findIndex((line, j) => j > i && /^\s*```\s*$/.test(line));
      const last = end < 0 ? lines.length : end;
      pieces.push({ line: i + 1, code: lines.slice(i + 1, last).join('\n') });
      i = last;
      continue;
    }
    for (const span of lines[i]!.matchAll(/`([^`]+)`/g)) pieces.push({ line: i + 1, code: span[1]! });
  }
  return pieces;
}

/** What a README names that does not exist, one line each. */
function unknownNames(markdown: string): string[] {
  const problems: string[] = [];
  const names = new Set(COMMANDS.map((c) => c.name));
  for (const { line, code } of codeOf(markdown)) {
    for (const m of code.matchAll(/\bnpm run(?: --silent)? ([\w:-]+)/g)) {
      if (!scripts.includes(m[1]!)) problems.push(`line ${line}: npm run ${m[1]}: no such script in package.json`);
    }
    // A firewatch command line, up to the end of the command (pipe, ;, &&, end of line); `npm start --` is serve.
    for (const m of code.matchAll(/(?:(?:^|[\s(|;&])(?:npx )?firewatch(?: --)?|npm run(?: --silent)? firewatch --|npm start --)\s+([^|;&\n]*)/g)) {
      const words = m[1]!.trim().split(/\s+/);
      const command = m[0].includes('npm start') ? 'serve' : words.shift();
      if (command === undefined || command === '' || command.startsWith('-') && ['--help', '-h', '--version', '-v'].includes(command)) continue;
      if (!/^[a-z][a-z-]*$/.test(command)) continue; // prose such as "firewatch 把" or a path, not a command
      if (command === 'help') continue;
      if (!names.has(command)) {
        problems.push(`line ${line}: firewatch ${command}: no such command`);
        continue;
      }
      const page = commandPage(COMMANDS.find((c) => c.name === command)!);
      for (const word of words) {
        const flag = /^(--[a-z][\w-]*)/.exec(word)?.[1];
        if (flag !== undefined && flag !== '--help' && !page.includes(flag)) problems.push(`line ${line}: firewatch ${command} ${flag}: no such option`);
      }
    }
    for (const m of code.matchAll(/\b(FIREWATCH_[A-Z0-9_]+|OPENSEARCH_[A-Z0-9_]+)\b/g)) {
      if (!knownVariables.has(m[1]!)) problems.push(`line ${line}: ${m[1]}: no code reads this variable`);
    }
  }
  return [...new Set(problems)];
}

describe('the READMEs name only what exists', () => {
  it('finds what does not (the check this relies on)', () => {
    expect(
      unknownNames(
        'Run `npm run bild`, then `npx firewatch sned x` and `firewatch send URL --retry-secs 5`; set `FIREWATCH_NOPE=1`.\n```sh\nnpm start -- --playgrund\nnpx firewatch sample --output lines | npx firewatch decode --documents\n```',
      ),
    ).toEqual([
      'line 1: npm run bild: no such script in package.json',
      'line 1: firewatch sned: no such command',
      'line 1: firewatch send --retry-secs: no such option',
      'line 1: FIREWATCH_NOPE: no code reads this variable',
      'line 2: firewatch serve --playgrund: no such option',
    ]);
    expect(knownVariables.has('FIREWATCH_ACCESS_KEYS')).toBe(true);
  });

  for (const file of ['README.md', 'README.zh-CN.md']) {
    it(`${file}: npm scripts, firewatch commands and options, variables`, () => {
      expect(unknownNames(readFileSync(join(ROOT, file), 'utf8'))).toEqual([]);
    });
  }
});
