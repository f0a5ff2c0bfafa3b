/**
 * The README's worked cost example is what `firewatch cost` prints: the fenced block after the
 * `<!-- cost-example -->` marker starts with the command (`$ firewatch cost ...`) followed by its output,
 * and this runs the command and compares. Skipped only while the README has no such marker.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MARKER = '<!-- cost-example -->';
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const at = readme.indexOf(MARKER);

/** The command's arguments and the output the README shows. */
function example(): { args: string[]; output: string } {
  const block = /```[a-z]*\n([\s\S]*?)\n```/.exec(readme.slice(at + MARKER.length));
  if (!block) throw new Error(`README: no fenced block after ${MARKER}`);
  const [command = '', ...output] = block[1]!.split('\n');
  const match = /^\$ firewatch cost (.+)$/.exec(command);
  if (!match) throw new Error(`README: the block after ${MARKER} must start with "$ firewatch cost ...", not ${JSON.stringify(command)}`);
  return { args: match[1]!.trim().split(/\s+/), output: output.join('\n') };
}

function run(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/firewatch.mjs', 'cost', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

describe('README cost example', () => {
  it.skipIf(at < 0)('matches what firewatch cost prints for it', async () => {
    const { args, output } = example();
    const result = await run(args);
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(result.stdout.trimEnd()).toBe(output.trimEnd());
  });
});
