/**
 * `firewatch serve --playground`: the real Node server serving the built playground at /playground/,
 * with content types and the page's Content Security Policy; a clear error when the build is missing.
 */
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import config from '../../playground/vite.config.ts';
import { type RunningServer, startServer } from '../../scripts/cli/serve.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

let outDir: string;
let dataDir: string;
let server: RunningServer;
const logs: string[] = [];

beforeAll(async () => {
  await mkdir(join(ROOT, 'dist'), { recursive: true });
  outDir = await mkdtemp(join(ROOT, 'dist', 'playground-serve-test-'));
  dataDir = await mkdtemp(join(tmpdir(), 'firewatch-serve-playground-'));
  await build({ ...config, configFile: false, logLevel: 'silent', build: { ...config.build, outDir, emptyOutDir: true } });
  server = await startServer({ env: {}, port: 0, dataDir, playgroundDir: outDir, log: (line) => logs.push(line) });
}, 30_000);

afterAll(async () => {
  await server?.close();
  if (outDir) await rm(outDir, { recursive: true, force: true });
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('firewatch serve --playground', () => {
  it('serves the page at /playground/ as text/html with its Content Security Policy', async () => {
    // Act
    const response = await fetch(`${server.url}/playground/`);

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain('http-equiv="Content-Security-Policy"');
    expect(response.headers.get('content-security-policy')).toContain("connect-src 'none'");
    expect(response.headers.get('content-security-policy')).toContain("worker-src 'self'");
    expect(logs.join('\n')).toContain(`${server.url}/playground/`);
  });

  it('serves the assets with their content types, redirects /playground, refuses paths outside the build', async () => {
    // Prepare
    const assets = await readdir(join(outDir, 'assets'));
    const script = assets.find((name) => name.endsWith('.js'));
    const style = assets.find((name) => name.endsWith('.css'));
    if (!script || !style) throw new Error(`the build has no script or style: ${assets.join(', ')}`);

    // Act + Assess
    expect((await fetch(`${server.url}/playground/assets/${script}`)).headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await fetch(`${server.url}/playground/assets/${style}`)).headers.get('content-type')).toMatch(/^text\/css/);
    const bare = await fetch(`${server.url}/playground`, { redirect: 'manual' });
    expect(bare.status).toBe(308);
    expect(bare.headers.get('location')).toBe('/playground/');
    expect((await fetch(`${server.url}/playground/missing.js`)).status).toBe(404);
    expect((await fetch(`${server.url}/playground/..%2F..%2Fpackage.json`)).status).toBe(404);
    // The endpoint itself is still there.
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });

  it('runs in Chromium from the server: the worker decodes the sample under the served policy', async () => {
    // Prepare
    const browser = await chromium.launch({
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (message) => void (message.type() === 'error' && problems.push(message.text())));
      page.on('pageerror', (error) => problems.push(error.message));
      await page.goto(`${server.url}/playground/`, { waitUntil: 'networkidle' });

      // Act
      await page.locator('#sample').click();
      await page.locator('[data-testid="transform"]').waitFor();

      // Assess
      expect(await page.locator('[data-testid="description"]').getAttribute('data-kind')).toBe('firehose-transformation-event');
      expect(await page.locator('[data-testid="transform"] [data-stat="re-ingested records"]').textContent()).toBe('12');
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 30_000);

  it('says how to build the playground when it is missing', async () => {
    await expect(startServer({ env: {}, port: 0, dataDir, playgroundDir: join(dataDir, 'nothing-here'), log: () => {} })).rejects.toThrow(
      /npm run build:playground/,
    );
  });
});
