import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { LAMBDA_ENTRIES, packageLambdas } from '../../scripts/package.ts';

// Inside the project, so unzipped handlers resolve the SDK and hono from node_modules as a runtime would.
mkdirSync('dist', { recursive: true });
const dir = mkdtempSync(join('dist', 'package-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run package', () => {
  it('writes one zip per Lambda entry whose index.mjs exports a handler', async () => {
    const results = await packageLambdas(join(dir, 'out'), 'external');
    expect(results.map((r) => r.name)).toEqual(Object.keys(LAMBDA_ENTRIES));
    for (const result of results) {
      const files = unzipSync(new Uint8Array(readFileSync(result.zip)));
      expect(Object.keys(files).sort()).toEqual(['index.mjs', 'index.mjs.map']);
      const unzipped = resolve(dir, `unzipped-${result.name}`);
      mkdirSync(unzipped, { recursive: true });
      for (const [name, bytes] of Object.entries(files)) writeFileSync(join(unzipped, name), bytes);
      const kind = execFileSync(process.execPath, [
        '--input-type=module',
        '-e',
        `const m = await import(${JSON.stringify(pathToFileURL(join(unzipped, 'index.mjs')).href)}); console.log(typeof m.handler);`,
      ], {
        encoding: 'utf8',
        env: { ...process.env, OPENSEARCH_URL: 'http://127.0.0.1:9', FIREWATCH_ACCESS_KEYS: 'k' },
      });
      // The last line: the HTTP endpoint logs its OpenSearch start-up check (nothing at port 9) before it.
      expect([result.name, kind.trim().split('\n').at(-1)]).toEqual([result.name, 'function']);
    }
  });

  it('zips the same build to the same bytes', async () => {
    const [first] = await packageLambdas(join(dir, 'a'), 'external');
    const [second] = await packageLambdas(join(dir, 'b'), 'external');
    expect(readFileSync(first!.zip).equals(readFileSync(second!.zip))).toBe(true);
  });
});
