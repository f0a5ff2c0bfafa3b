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
import { planTransformation } from '../../core/firehose/transform.ts';
import { decodeInput } from '../../core/inspect/decode-input.ts';
import { builtinParsers } from '../../core/parsers/registry.ts';
import { DEFAULT_RESPONSE_BUDGET_BYTES } from '../../core/limits.ts';
import { buildSampleEvent, buildSampleHttpRequest, buildSampleRecords } from '../../core/samples/events.ts';
import { buildEnvelope, buildTransformationEvent, encodeRecord } from '../../core/samples/records.ts';
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

/** A Lambda event near Lambda's 6 MB payload limit: 100 records of 1,000 MySQL general-log events, random enough not to compress away. */
function largeEvent(): { text: string; events: number } {
  let seed = 7;
  const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const token = () => Math.floor(random() * 2 ** 52).toString(36);
  const records: Uint8Array[] = [];
  for (let r = 0; r < 100; r++) {
    const lines: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const micros = String(Math.floor(random() * 1e6)).padStart(6, '0');
      lines.push(`2026-11-25T11:41:${String(i % 60).padStart(2, '0')}.${micros}Z\t${1000 + Math.floor(random() * 9000)} Query\tSELECT id, total FROM orders WHERE customer = ${Math.floor(random() * 1e9)} AND token = '${token()}' AND session = '${token()}'`);
    }
    records.push(encodeRecord(buildEnvelope({ lines, idSeed: r + 1, startTime: Date.UTC(2026, 10, 25, 11, 41) + r * 1000 })));
  }
  return { text: JSON.stringify(buildTransformationEvent(records)), events: 100_000 };
}

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
    expect(await page.locator('.vtable.events .vrow').count()).toBe(15);
    expect(await page.locator('.vtable.records').textContent()).toContain('/aws/rds/instance/');
    await page.locator('.vtable.events .vrow').first().click();
    expect(await page.locator('[data-testid="detail"] pre.document').textContent()).toContain('"thread_id"');

    // Act + Assess: the keyboard moves the chosen row.
    await page.locator('.vtable.events .vbody').press('End');
    expect(await page.locator('[data-testid="detail"] h3').textContent()).toBe('records[2], row 15');
    expect(await page.locator('.vtable.events .vrow.selected').getAttribute('data-index')).toBe('14');
    await page.locator('.vtable.events .vbody').press('ArrowUp');
    expect(await page.locator('[data-testid="detail"] h3').textContent()).toBe('records[2], row 14');
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
      const failed = page.locator('.vtable.records .vrow.failed');
      expect(await failed.count()).toBe(1);
      expect(await failed.getAttribute('data-position')).toBe(bad);
      expect(await failed.locator('.code').textContent()).toBe(expected.error.code);
      expect(await page.locator('.vtable.records .vrow:not(.failed)').count()).toBe(2);
      expect(await page.locator('.vtable.events .vrow').count()).toBe(4);
      await failed.click();
      expect(await page.locator('[data-testid="detail"] .error .code').textContent()).toBe(expected.error.code);
      expect(await stat('errors')).toBe('1');
    }
  });

  it('decodes every other input kind: a Lambda response, an HTTP endpoint body, S3 backup lines with their error codes', async () => {
    // Prepare
    const event = buildSampleEvent({ records: 2, events: 3 });
    const response = planTransformation(event, { mode: 'ndjson' }).response;
    const http = buildSampleHttpRequest({ records: 2, events: 3 });
    const failed = event.records.map((record, i) =>
      JSON.stringify({
        attemptsMade: 4,
        arrivalTimestamp: 1_795_606_865_000 + i,
        errorCode: 'Lambda.ProcessingFailedStatus',
        errorMessage: 'The data could not be decoded.',
        attemptEndingTimestamp: 1_795_606_925_000,
        rawData: record.data,
        lambdaArn: 'arn:aws:lambda:us-east-1:123456789012:function:firewatch-transform:$LATEST',
      }),
    );
    const cases = [
      { text: JSON.stringify(response), kind: 'firehose-transformation-response', records: 2 },
      { text: JSON.stringify(http), kind: 'firehose-http-endpoint-request', records: 2 },
      { text: failed.join('\n'), kind: 's3-backup-lines', records: 2 },
    ];

    for (const { text, kind, records } of cases) {
      // Act
      await paste(text);

      // Assess: detected as the same kind as in Node, every record decoded.
      expect(decodeInput(text).kind).toBe(kind);
      expect(await page.locator('[data-testid="description"]').getAttribute('data-kind')).toBe(kind);
      expect(await stat('records')).toBe(String(records));
      expect(await stat('errors')).toBe('0');
    }

    // Assess: a backup line shows its error code and message beside the decoded data.
    await page.locator('.vtable.records .vrow').first().click();
    const detail = await page.locator('[data-testid="detail"]').textContent();
    expect(detail).toContain('Lambda.ProcessingFailedStatus');
    expect(detail).toContain('The data could not be decoded.');
    expect(await page.locator('.vtable.events .vrow').count()).toBe(6);
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
    expect(await page.locator('.vtable.records .vrow:not(.failed)').count()).toBe(2);
    expect(await page.locator('.vtable.records .vrow .position').allTextContents()).toEqual([expect.stringMatching(/^gzip member 1/), expect.stringMatching(/^gzip member 2/)]);
    expect(await stat('events')).toBe('6');

    // Act: a drop on the drop zone
    await page.locator('#input-area').evaluate((zone, bytes) => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(bytes)], 'dropped.gz', { type: 'application/gzip' }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    }, [...threeMembers]);
    await page.locator('.source', { hasText: 'dropped.gz' }).waitFor();

    // Assess
    expect(await page.locator('.vtable.records .vrow:not(.failed)').count()).toBe(3);
    expect(await stat('events')).toBe('3');
  });

  it('loads a sample with one click (and saves the screenshot the README shows)', async () => {
    await page.locator('#output').evaluate((output) => output.replaceChildren());
    await page.locator('#sample').click();
    await page.locator('[data-testid="description"]').waitFor();
    expect(await page.locator('#input').inputValue()).toContain('"records"');
    expect(await stat('records')).toBe('3');
    await page.locator('.vtable.events .vrow').first().click();
    await page.locator('[data-testid="detail"] pre.document').waitFor();
    // The whole page: the tables, the chosen event's document and the regex tester are below the fold.
    await page.screenshot({ path: join(ROOT, 'playground', 'screenshot.png'), fullPage: true });
  });

  it('decodes a 6 MB Lambda event of 100,000 events in the worker: no long task on the page, first rows fast', async () => {
    // Prepare
    const { text, events } = largeEvent();
    expect(text.length).toBeGreaterThan(5_500_000);
    expect(text.length).toBeLessThanOrEqual(6_291_456); // Lambda's payload limit
    await page.locator('#output').evaluate((output) => output.replaceChildren());

    // Act: a real paste (the text comes with the event), timed in the page from the paste to the first row.
    const measured = await page.evaluate(async (pasted) => {
      if (!PerformanceObserver.supportedEntryTypes.includes('longtask')) throw new Error('this Chromium does not report long tasks');
      let start = performance.now();
      const longTasks: { duration: number; at: number }[] = [];
      const observer = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) longTasks.push({ duration: entry.duration, at: entry.startTime - start });
      });
      observer.observe({ type: 'longtask', buffered: false });
      const target = document.getElementById('input');
      const output = document.getElementById('output');
      if (!target || !output) throw new Error('page elements missing');
      const data = new DataTransfer();
      data.setData('text/plain', pasted);
      // Let the task that brought the 6 MB argument into the page end before timing.
      await new Promise((done) => setTimeout(done, 50));
      start = performance.now();
      const firstRow = new Promise<number>((resolve) => {
        const seen = new MutationObserver(() => {
          if (output.querySelector('.vtable.events .vrow')) {
            seen.disconnect();
            resolve(performance.now() - start);
          }
        });
        seen.observe(output, { childList: true, subtree: true });
      });
      target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      const firstRowMs = await firstRow;
      // Scroll the events table to the middle and the end: rows must follow without a long task.
      const body = output.querySelector<HTMLElement>('.vtable.events .vbody');
      for (const fraction of [0.5, 1]) {
        if (body) body.scrollTop = body.scrollHeight * fraction;
        await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
      }
      await new Promise((done) => setTimeout(done, 300));
      observer.disconnect();
      const result = output.querySelector('[data-decode-ms]');
      return {
        firstRowMs,
        longTasks,
        decodeMs: Number(result?.getAttribute('data-decode-ms')),
        workerMs: Number(result?.getAttribute('data-worker-ms')),
        domRows: output.querySelectorAll('.vtable.events .vrow').length,
        lastRow: output.querySelector('.vtable.events .vrow:last-child')?.getAttribute('data-index'),
      };
    }, text);

    // Assess
    const longest = Math.max(0, ...measured.longTasks.map((t) => t.duration));
    console.log(
      `6 MB event (${text.length.toLocaleString('en-US')} characters, ${events.toLocaleString('en-US')} events): first rows after ${measured.firstRowMs.toFixed(0)} ms; ` +
        `decodeInput in the worker ${measured.decodeMs} ms (with flattening ${measured.workerMs} ms); longest main-thread task ${longest.toFixed(0)} ms ` +
        `(${measured.longTasks.length} tasks over 50 ms: ${measured.longTasks.map((t) => `${t.duration.toFixed(0)} ms at +${t.at.toFixed(0)} ms`).join(', ') || 'none'}); ${measured.domRows} event rows in the DOM`,
    );
    expect(await stat('events')).toBe(events.toLocaleString('en-US'));
    expect(await stat('errors')).toBe('0');
    expect(measured.domRows).toBeLessThan(100);
    expect(measured.lastRow).toBe(String(events - 1));
    expect(longest).toBeLessThanOrEqual(200);
    expect(measured.firstRowMs).toBeLessThanOrEqual(1_500);
    expect(await page.locator('#input').inputValue()).toBe('');
  }, 60_000);

  it('decodes with the parser chosen in the selector, and by log group again with "auto"', async () => {
    // Prepare
    const names = await page.locator('#parser option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(names).toEqual(['', ...Object.keys(builtinParsers)]);
    await paste(JSON.stringify(buildSampleEvent({ records: 1, events: 2 })));
    const documentOfFirstRow = async () => {
      await page.locator('.vtable.events .vrow').first().click();
      return JSON.parse((await page.locator('[data-testid="detail"] pre.document').textContent()) ?? 'null') as { parser?: string };
    };
    expect((await documentOfFirstRow()).parser).toBe('mysql-general');

    for (const [choice, parser] of [['text', 'text'], ['json', 'json'], ['', 'mysql-general']] as const) {
      // Act
      await page.locator('#output').evaluate((output) => output.replaceChildren());
      await page.locator('#parser').selectOption(choice);
      await page.locator('[data-testid="description"]').waitFor();

      // Assess
      expect((await documentOfFirstRow()).parser).toBe(parser);
      expect(await stat('events')).toBe('2');
    }
  });

  it('tests a regular expression live: its named groups as a table, or the pattern\'s error', async () => {
    // Act
    await page.locator('#regex-pattern').fill('^(?<level>[A-Z]+) (?<pid>\\d+) (?<text>.*)$');
    await page.locator('#regex-line').fill('WARN 4711 disk almost full');

    // Assess
    const rows = page.locator('#regex-result table.groups tbody tr');
    expect(await rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)))).toEqual([
      ['level', 'WARN'],
      ['pid', '4711'],
      ['text', 'disk almost full'],
    ]);

    // Act + Assess: a line that does not match, a pattern that does not compile, one without a named group.
    await page.locator('#regex-line').fill('warn: lower case');
    expect(await page.locator('#regex-result [data-regex]').getAttribute('data-regex')).toBe('no-match');
    await page.locator('#regex-pattern').fill('(?<level>[A-Z]+');
    expect(await page.locator('#regex-result .code').textContent()).toBe('PATTERN_INVALID');
    await page.locator('#regex-pattern').fill('^[A-Z]+');
    expect(await page.locator('#regex-result .error').textContent()).toContain('no named group');
  });

  it('builds a record, a Lambda event and an HTTP request from typed lines; the Lambda event decodes back to the same lines', async () => {
    // Prepare
    const lines = ['2026-11-25T11:41:00.000000Z\t   17 Query\tSELECT 1', 'ERROR disk "full" ü', 'third line'];
    expect(await page.locator('#builder-group').inputValue()).toBe('/aws/rds/instance/shop-db/general');
    expect(await page.locator('#builder-stream').inputValue()).toBe('shop-db');

    // Act
    await page.locator('#builder-lines').fill(`${lines.join('\n')}\n`);
    await page.locator('#builder-group').fill('/ecs/checkout');
    await page.locator('#builder-stream').fill('web/1');
    await page.locator('#builder-source').selectOption('kinesis');

    // Assess: the three outputs, each as Node's decoder reads it.
    const lambda = await page.locator('#built-lambda').inputValue();
    const record = await page.locator('#built-record').inputValue();
    const http = await page.locator('#built-http').inputValue();
    expect(await page.locator('#built-lambda').getAttribute('readonly')).not.toBeNull();
    const messages = (text: string) => decodeInput(text).items.flatMap((item) => (item.decoded.ok && item.decoded.value.kind === 'cloudwatch' ? item.decoded.value.envelopes.flatMap((e) => e.logEvents.map((l) => l.message)) : []));
    expect(decodeInput(lambda).kind).toBe('firehose-transformation-event');
    expect((JSON.parse(lambda) as { sourceKinesisStreamArn?: string }).sourceKinesisStreamArn).toMatch(/^arn:aws:kinesis:/);
    expect(decodeInput(http).kind).toBe('firehose-http-endpoint-request');
    expect(Object.keys(JSON.parse(http) as object)).toEqual(['requestId', 'timestamp', 'records']);
    for (const text of [lambda, record, http]) expect(messages(text)).toEqual(lines);

    // Act + Assess: pasted back into the decoder, the same lines in the same log group.
    await paste(lambda);
    expect(await page.locator('[data-testid="description"]').getAttribute('data-kind')).toBe('firehose-transformation-event');
    expect(await page.locator('.vtable.events .vrow .c2').allTextContents()).toEqual(lines);
    expect(await page.locator('.vtable.records').textContent()).toContain('/ecs/checkout');

    // Act + Assess: Copy puts the text on the clipboard.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    await page.locator('button.copy[data-copy="built-http"]').click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(http);
    await page.locator('#builder-lines').fill('');
    await page.locator('#builder-source').selectOption('direct');
  });

  it('shows what the transformation Lambda would answer a Lambda event: per record, the response size, the re-ingested records', async () => {
    // Prepare
    const event = buildSampleEvent();
    const expected = planTransformation(event, { mode: 'split' });
    expect(expected.stats.reingestedRecords).toBe(12);

    // Act
    await paste(JSON.stringify(event));
    const transform = page.locator('[data-testid="transform"]');
    await transform.waitFor();

    // Assess
    expect(await transform.locator('table.answers tbody tr .result-cell').allTextContents()).toEqual(['Ok', 'Ok', 'Ok']);
    expect(await transform.locator('[data-stat="re-ingested records"]').textContent()).toBe('12');
    expect(await transform.locator('[data-testid="response-size"]').getAttribute('data-bytes')).toBe(String(expected.stats.responseBytes));
    expect(await transform.locator('[data-testid="response-size"]').textContent()).toContain(`of ${DEFAULT_RESPONSE_BUDGET_BYTES.toLocaleString('en-US')} bytes`);

    // Act + Assess: a truncated record answers ProcessingFailed with its code; other inputs get no plan.
    const records = event.records.map((r, i) => (i === 1 ? { ...r, data: Buffer.from(r.data, 'base64').subarray(0, 40).toString('base64') } : r));
    await paste(JSON.stringify({ ...event, records }));
    await transform.waitFor();
    expect(await transform.locator('table.answers tbody tr .result-cell').allTextContents()).toEqual(['Ok', 'ProcessingFailed', 'Ok']);
    expect(await transform.locator('table.answers tbody tr').nth(1).locator('.code').textContent()).toMatch(/^[A-Z_]+$/);
    await paste(JSON.stringify(buildSampleHttpRequest()));
    await page.waitForTimeout(100);
    expect(await transform.count()).toBe(0);
  });

  it('keeps working offline once loaded', async () => {
    await page.context().setOffline(true);
    try {
      await paste(JSON.stringify(buildSampleEvent({ records: 2, events: 2 })));
      expect(await stat('events')).toBe('4');
    } finally {
      await page.context().setOffline(false);
    }
  });

  it('made no request after loading, and only for its own files while loading', async () => {
    expect(requests.length).toBe(loadRequests);
    expect(loadRequests).toBeGreaterThan(0);
    for (const url of requests) {
      expect(url.startsWith(`${origin}/`)).toBe(true);
      const path = new URL(url).pathname;
      expect(path === '/' || /^\/assets\/[\w-]+\.(?:js|css)$/.test(path)).toBe(true);
    }
    // The decoder is a module worker built from the page's own files.
    expect(requests.some((url) => /\/assets\/decode-worker[\w-]*\.js$/.test(url))).toBe(true);
    expect(problems).toEqual([]);
  });
});
