/**
 * The live suites' contract on a machine without Java: `npm test` skips only them, saying why in one
 * line, and under `CI=true` the skipped suite fails the run. Runs vitest on one live file with a PATH that
 * holds `node` and nothing else.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../opensearch/engine.ts';

const bin = mkdtempSync(join(tmpdir(), 'firewatch-nojava-'));
symlinkSync(process.execPath, join(bin, 'node'));

function vitestWithoutJava(ci: boolean): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string> = {
      ...Object.fromEntries(
        Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && e[0] !== 'CI' && !e[0].startsWith('VITEST')),
      ),
      PATH: bin,
      NO_COLOR: '1',
    };
    if (ci) env['CI'] = 'true';
    const child = spawn(join(bin, 'node'), [join(REPO_ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', 'test/live/engine.test.ts'], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('live OpenSearch suites without Java', () => {
  afterAll(() => rmSync(bin, { recursive: true, force: true }));

  it('skip with one line saying why, and the run passes', async () => {
    const run = await vitestWithoutJava(false);
    expect(run.output.match(/live OpenSearch suites skipped: .*/g)).toEqual([
      'live OpenSearch suites skipped: no Java on PATH (the live OpenSearch suites need Java 17 and Maven; see README prerequisites)',
    ]);
    expect(run.output).toMatch(/Tests\s+1 skipped/);
    expect(run.code).toBe(0);
  });

  it('fail the run under CI=true', async () => {
    const run = await vitestWithoutJava(true);
    expect(run.output).toContain('live suite skipped under CI=true: no Java on PATH');
    expect(run.code).toBe(1);
  });
});
