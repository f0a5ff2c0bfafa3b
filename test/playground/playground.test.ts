/**
 * The playground in a real browser: the page is built with Vite, served as static files from 127.0.0.1,
 * and driven in Chromium. Every request the page makes is recorded: after it has loaded, it must make
 * none (decoding happens in the page), and while loading, only its own files.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeInput } from '../../core/inspect/decode-input.ts';
import { buildSampleEvent, buildSampleRecords } from '../../core/samples/events.ts';
import config from '../../playground/vite.config.ts';
import { listenOnLoopback } from '../support/listen.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const TYPES: Readonly<Record<string, string>> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' };

let outDir: string;
let server: Server;
let origin: string;
let browser: Browser;
let page: Page;
/** Every request the page made, in order, and how many of them the initial load made. */
const requests: string[] = [];
let loadRequests = 0;
/** Console errors and CSP violations: a blocked script or style shows up here. */
const problems: string[] = [];

/** Serves the built files, and nothing outside them. */
function staticServer(dir: string): Server {
  return createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const file = resolve(dir, `.${path.endsWith('/') ? `${path}index.html` : path}`);
    if (!file.startsWith(dir + sep)) return void response.writeHead(404).end();
    readFile(file).then(
      (body) => response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => response.writeHead(404).end(),
    );
  });
}

beforeAll(async () => {
  await mkdir(join(ROOT, 'dist'), { recursive: true });
  outDir = await mkdtemp(join(ROOT, 'dist', 'playground-test-'));
  await build({ ...config, configFile: false, logLevel: 'silent', build: { ...config.build, outDir, emptyOutDir: true } });
  server = await listenOnLoopback(staticServer(outDir));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 960 } });
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(`${origin}/`, { waitUntil: 'networkidle' });
  loadRequests = requests.length;
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((done) => (server ? server.close(done) : done(undefined)));
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

/** Puts `text` in the textarea as a paste does: the page decodes on the paste event. */
async function paste(text: string): Promise<void> {
  await page.locator('#output').evaluate((output) => output.replaceChildren());
  await page.locator('#input').fill(text);
  await page.locator('#input').dispatchEvent('paste');
  await page.locator('[data-testid="description"]').waitFor();
}

const stat = (name: string) => page.locator(`[data-stat="${name}"]`).textContent();

describe('playground', () => {
  it('decodes a pasted Firehose event: summary counts and parsed documents', async () => {
    // Prepare
    const text = JSON.stringify(buildSampleEvent({ records: 3, events: 5 }));
    const expected = decodeInput(text).summary;

    // Act
    await paste(text);

    // Assess
    expect(await page.locator('[data-testid="description"]').getAttribute('data-kind')).toBe('firehose-transformation-event');
    expect(await stat('records')).toBe(String(expected.records));
    expect(await stat('events')).toBe(String(expected.events));
    expect(await stat('errors')).toBe('0');
    expect(await page.locator('table.events tbody tr').count()).toBe(15);
    const output = await page.locator('#output').textContent();
    expect(output).toContain('"thread_id"');
    expect(output).toContain('/aws/rds/instance/');
  });

  it('shows a truncated record with its error code, and the records beside it decoded', async () => {
    // Prepare: the middle record's gzip cut in half, in a Lambda event and as base64 lines.
    const event = buildSampleEvent({ records: 3, events: 2 });
    const records = event.records.map((r, i) => (i === 1 ? { ...r, data: Buffer.from(r.data, 'base64').subarray(0, 40).toString('base64') } : r));
    const text = JSON.stringify({ ...event, records });
    const expected = decodeInput(text).items[1]?.decoded;
    if (expected === undefined || expected.ok) throw new Error('the damaged record should fail to decode');
    const lines = records.map((r) => r.data).join('\n');

    for (const [input, bad] of [[text, 'records[1]'], [lines, 'line 2']] as const) {
      // Act
      await paste(input);

      // Assess
      const failed = page.locator('li.item.failed');
      expect(await failed.count()).toBe(1);
      expect(await failed.getAttribute('data-position')).toBe(bad);
      expect(await failed.locator('.code').textContent()).toBe(expected.error.code);
      expect(await page.locator('li.item:not(.failed)').count()).toBe(2);
      expect(await page.locator('li.item:not(.failed) table.events tbody tr').count()).toBe(4);
      expect(await stat('errors')).toBe('1');
    }
  });

  it('says clearly when the input is nothing it knows', async () => {
    await paste('hello, world');
    expect(await page.locator('[data-testid="description"]').textContent()).toMatch(/^Nothing decoded/);
    expect(await page.locator('.input-error .code').textContent()).toBe('FORMAT_UNKNOWN');
  });

  it('decodes a chosen multi-member gzip file, and a dropped one', async () => {
    // Prepare: an S3 object as Firehose writes it, one gzip member per record.
    const twoMembers = Buffer.concat(buildSampleRecords({ records: 2, events: 3 }));
    const threeMembers = Buffer.concat(buildSampleRecords({ records: 3, events: 1, seed: 9 }));

    // Act: the file input
    await page.locator('#file').setInputFiles({ name: 'records.gz', mimeType: 'application/gzip', buffer: twoMembers });
    await page.locator('.source', { hasText: 'records.gz' }).waitFor();

    // Assess
    expect(await page.locator('[data-testid="description"]').getAttribute('data-kind')).toBe('gzip');
    expect(await page.locator('li.item:not(.failed)').count()).toBe(2);
    expect(await page.locator('li.item h2').allTextContents()).toEqual([expect.stringMatching(/^gzip member 1/), expect.stringMatching(/^gzip member 2/)]);
    expect(await stat('events')).toBe('6');

    // Act: a drop on the drop zone
    await page.locator('#input-area').evaluate((zone, bytes) => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(bytes)], 'dropped.gz', { type: 'application/gzip' }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    }, [...threeMembers]);
    await page.locator('.source', { hasText: 'dropped.gz' }).waitFor();

    // Assess
    expect(await page.locator('li.item:not(.failed)').count()).toBe(3);
    expect(await stat('events')).toBe('3');
  });

  it('loads a sample with one click (and saves the screenshot the README shows)', async () => {
    await page.locator('#output').evaluate((output) => output.replaceChildren());
    await page.locator('#sample').click();
    await page.locator('[data-testid="description"]').waitFor();
    expect(await page.locator('#input').inputValue()).toContain('"records"');
    expect(await stat('records')).toBe('3');
    await page.locator('details.document').first().evaluate((details) => details.setAttribute('open', ''));
    await page.screenshot({ path: join(ROOT, 'playground', 'screenshot.png') });
  });

  it('made no request after loading, and only for its own files while loading', async () => {
    expect(requests.length).toBe(loadRequests);
    expect(loadRequests).toBeGreaterThan(0);
    for (const url of requests) {
      expect(url.startsWith(`${origin}/`)).toBe(true);
      const path = new URL(url).pathname;
      expect(path === '/' || /^\/assets\/[\w-]+\.(?:js|css)$/.test(path)).toBe(true);
    }
    expect(problems).toEqual([]);
  });
});
