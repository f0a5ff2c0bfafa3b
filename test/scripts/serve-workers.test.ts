/**
 * `firewatch serve --workers N` as users run it: a primary process and N workers sharing the port, every
 * delivery answered by one of them, SIGTERM stopping them all, and a worker that dies replaced.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeBase64 } from '../../core/bytes/base64.ts';
import { buildEnvelope, encodeRecord } from '../../core/samples/records.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'firewatch-workers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Child pids of `pid` (Linux /proc). */
const childrenOf = (pid: number): number[] =>
  (() => {
    try {
      return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8');
    } catch {
      return '';
    }
  })()
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map(Number);

describe('firewatch serve --workers', () => {
  it('runs N workers on one port, answers deliveries, replaces a worker that dies, and stops them all on SIGTERM', async () => {
    const child = spawn(process.execPath, ['scripts/firewatch.mjs', 'serve', '--port', '0', '--workers', '2', '--data', dir], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, OPENSEARCH_URL: '', FIREWATCH_ACCESS_KEYS: '' },
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const waitFor = async (pattern: RegExp) => {
        while (!pattern.test(output)) {
          if (child.exitCode !== null) throw new Error(`serve exited: ${output}`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      };
      await waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)![1]!;
      // A child may end between listing and reading (the replaced worker): it is then not a worker.
      const commandOf = (pid: number) => {
        try {
          return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        } catch {
          return '';
        }
      };
      const workers = () => childrenOf(child.pid!).filter((pid) => commandOf(pid).includes('firewatch'));
      while (workers().length < 2) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(workers()).toHaveLength(2);
      // The start-up lines are printed once, not once per worker.
      expect(output.match(/listening on/g)).toHaveLength(1);

      const post = (i: number) =>
        fetch(`${url}/`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-amz-firehose-protocol-version': '1.0', 'x-amz-firehose-request-id': `w-${i}` },
          body: JSON.stringify({
            requestId: `w-${i}`,
            timestamp: 1,
            records: [{ data: encodeBase64(encodeRecord(buildEnvelope({ lines: [`line ${i}`], idSeed: i }))) }],
          }),
        });
      expect((await Promise.all(Array.from({ length: 6 }, (_, i) => post(i)))).map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);

      const [victim] = workers();
      process.kill(victim!, 'SIGKILL');
      await waitFor(/worker \d+ ended \(SIGKILL\); starting another/);
      while (workers().length < 2 || workers().includes(victim!)) await new Promise((resolve) => setTimeout(resolve, 50));
      expect((await post(9)).status).toBe(200);

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(output).toMatch(/stopping 2 workers/);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 60_000);
});
