/**
 * Every command the README shows runs as written (issue 9): each ```sh block of README.md is executed
 * with bash, in order, in a scratch copy of the project (its top-level entries linked, package.json
 * copied, so `npx firewatch` and `npm run ...` work as in a fresh clone and written files stay out of
 * the work tree), and must exit 0 within its time.
 *
 * The README says how a block runs in an HTML comment on the line before its fence:
 * - `<!-- not run: REASON -->`: skipped (it needs AWS, a real cluster, a placeholder value, or it is the
 *   test suite itself); the reason is the skipped test's name.
 * - `<!-- run in the background; ready when: REGEX -->`: a server; started, waited for until its output
 *   matches REGEX, left running for the blocks after it, and stopped at the end.
 * - `<!-- exit: N -->`: the block shows a failure on purpose and must exit N.
 * - `<!-- timeout: SECONDS -->`: more than the default 120 s.
 * Safe substitutions keep runs apart: `PORT` is set to a free port, and `127.0.0.1:8080` or
 * `localhost:8080` in a command becomes that port.
 *
 * Until the README declares `<!-- commands checked by test/readme-commands.test.ts -->` (a README not yet
 * written with these markers), the suite is skipped as a whole, saying so.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './runtimes/spawn-runtime.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** README.md, or the file README_UNDER_TEST names (to try a draft before it replaces README.md). */
const README_PATH = process.env['README_UNDER_TEST'] ?? join(ROOT, 'README.md');
const README = readFileSync(README_PATH, 'utf8');
/** The README's promise that its commands run; the suite holds it to that. */
const OPT_IN = '<!-- commands checked by test/readme-commands.test.ts -->';
const DEFAULT_TIMEOUT_S = 120;

/** One ```sh block and how it is to be run. */
interface Block {
  readonly line: number;
  readonly script: string;
  readonly skip?: string;
  readonly background?: RegExp;
  readonly exit: number;
  readonly timeoutS: number;
}

/** The shell blocks of a Markdown text, with the marker comment on the line before each fence. */
function shellBlocks(markdown: string): Block[] {
  const lines = markdown.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^(\s*)(`{3,})(sh|bash|shell|console)\s*$/.exec(lines[i]!);
    if (!fence) continue;
    const end = lines.findIndex((line, j) => j > i && line.trim() === fence[2]);
    if (end < 0) break;
    const body = lines.slice(i + 1, end).map((line) => line.slice(fence[1]!.length));
    let before = i - 1;
    while (before >= 0 && lines[before]!.trim() === '') before--;
    const marker = before >= 0 ? lines[before]!.trim() : '';
    const notRun = /^<!--\s*not run:\s*(.+?)\s*-->$/.exec(marker)?.[1];
    const background = /^<!--\s*run in the background; ready when:\s*(.+?)\s*-->$/.exec(marker)?.[1];
    const exit = Number(/^<!--\s*exit:\s*(\d+)\s*-->$/.exec(marker)?.[1] ?? 0);
    const timeoutS = Number(/^<!--\s*timeout:\s*(\d+)\s*-->$/.exec(marker)?.[1] ?? DEFAULT_TIMEOUT_S);
    // `$ ` prompts (console blocks) are stripped; lines without one there are output, not commands.
    const script = fence[3] === 'console' ? body.filter((l) => l.startsWith('$ ')).map((l) => l.slice(2)).join('\n') : body.join('\n');
    blocks.push({ line: i + 1, script, ...(notRun ? { skip: notRun } : {}), ...(background ? { background: new RegExp(background) } : {}), exit, timeoutS });
    i = end;
  }
  return blocks;
}

/** A scratch copy of the project: top-level entries linked, package.json copied, nothing written back into the work tree's root. */
function scratchProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'firewatch-readme-'));
  for (const entry of readdirSync(ROOT)) {
    // dist/ stays the scratch copy's own: a build there must not race the package test rebuilding the real one.
    if (entry === '.git' || entry === 'data' || entry === 'dist' || entry === 'package.json') continue;
    symlinkSync(join(ROOT, entry), join(dir, entry));
  }
  copyFileSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  return dir;
}

interface Ran {
  readonly code: number | null;
  readonly output: string;
}

function bash(script: string, cwd: string, env: NodeJS.ProcessEnv, timeoutS: number): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-e', '-o', 'pipefail', '-c', script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      output += `\n(stopped after ${timeoutS} s)`;
      stopGroup(child);
    }, timeoutS * 1000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** Ends a block's process group (its pipeline and the servers it started), by the id of the process this test started. */
function stopGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
}

const blocks = shellBlocks(README);
const optedIn = README.includes(OPT_IN);

describe.skipIf(!optedIn)('README commands, run as written', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let port: number;
  const background: ChildProcess[] = [];

  beforeAll(async () => {
    dir = scratchProject();
    port = await freePort();
    // The user's environment, minus what would change the commands' meaning here.
    const { FIREWATCH_ACCESS_KEYS: _keys, OPENSEARCH_URL: _url, ...rest } = process.env;
    env = { ...rest, PORT: String(port), NO_COLOR: '1', CI: '' };
  });
  afterAll(() => {
    for (const child of background) stopGroup(child);
    rmSync(dir, { recursive: true, force: true });
  });

  const substitute = (script: string) => script.replace(/\b(?:127\.0\.0\.1|localhost):8080\b/g, () => `127.0.0.1:${port}`);

  for (const block of blocks) {
    const name = `${README_PATH === join(ROOT, 'README.md') ? 'README.md' : README_PATH}:${block.line}: ${block.script.split('\n')[0]!.slice(0, 80)}`;
    if (block.skip !== undefined) {
      it.skip(`${name} (not run: ${block.skip})`, () => undefined);
      continue;
    }
    it(
      name,
      async () => {
        // The scratch copy links the real node_modules: an install would rewrite it, and npm test would run this suite inside itself.
        const forbidden = /\bnpm (?:ci|install|i|test)\b/.exec(block.script)?.[0];
        if (forbidden !== undefined) throw new Error(`${forbidden} cannot run here: mark the block <!-- not run: REASON --> in the README`);
        if (block.background !== undefined) {
          const child = spawn('bash', ['-c', substitute(block.script)], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
          background.push(child);
          let output = '';
          await new Promise<void>((resolve, reject) => {
            const timer = setTimeout(
              () => reject(new Error(`not ready within ${block.timeoutS} s (waiting for ${block.background}):\n${output}`)),
              block.timeoutS * 1000,
            );
            const check = (chunk: Buffer) => {
              output += chunk.toString();
              if (block.background!.test(output)) {
                clearTimeout(timer);
                resolve();
              }
            };
            child.stdout!.on('data', check);
            child.stderr!.on('data', check);
            child.once('exit', (code) => {
              clearTimeout(timer);
              reject(new Error(`exited (${code}) before it was ready:\n${output}`));
            });
          });
          return;
        }
        const ran = await bash(substitute(block.script), dir, env, block.timeoutS);
        expect({ code: ran.code, output: ran.output.slice(-3000) }).toMatchObject({ code: block.exit });
      },
      (block.timeoutS + 30) * 1000,
    );
  }
});

describe('README command blocks', () => {
  it('are found with their markers (the parser this suite relies on)', () => {
    const parsed = shellBlocks(
      [
        '```sh',
        'npm ci',
        '```',
        '',
        '<!-- not run: needs AWS -->',
        '```sh',
        'aws s3 ls',
        '```',
        '<!-- run in the background; ready when: listening on -->',
        '```sh',
        'npm start',
        '```',
        '<!-- exit: 2 -->',
        '```bash',
        'npx firewatch sned',
        '```',
        '```console',
        '$ npx firewatch --version',
        'firewatch 0.1.0',
        '```',
      ].join('\n'),
    );
    expect(parsed.map(({ line, script, skip, background, exit }) => ({ line, script, skip, background: background?.source, exit }))).toEqual([
      { line: 1, script: 'npm ci', skip: undefined, background: undefined, exit: 0 },
      { line: 6, script: 'aws s3 ls', skip: 'needs AWS', background: undefined, exit: 0 },
      { line: 10, script: 'npm start', skip: undefined, background: 'listening on', exit: 0 },
      { line: 14, script: 'npx firewatch sned', skip: undefined, background: undefined, exit: 2 },
      { line: 17, script: 'npx firewatch --version', skip: undefined, background: undefined, exit: 0 },
    ]);
  });

  if (!optedIn) it.skip(`README.md does not yet declare ${OPT_IN}: its commands are not run`, () => undefined);
});
