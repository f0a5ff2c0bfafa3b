/**
 * The playground in a real browser, for the Chromium tests and `npm run bench:playground`: the page built
 * with Vite into a temporary folder, served as static files from 127.0.0.1, opened in Debian's Chromium
 * through playwright-core; plus the 6 MB Lambda event both use and the in-page measurement of a paste or
 * a drop (time to the first rows, to the parsed rows, longest main-thread task).
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { buildEnvelope, buildTransformationEvent, encodeRecord } from '../../core/samples/records.ts';
import config from '../../playground/vite.config.ts';
import { listenOnLoopback } from '../support/listen.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const TYPES: Readonly<Record<string, string>> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' };

/** A built page served on loopback, and the browser to open it in. */
export interface PlaygroundSite {
  readonly origin: string;
  readonly browser: Browser;
  close(): Promise<void>;
}

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

/** Builds the page, serves it and launches Chromium. */
export async function startPlayground(): Promise<PlaygroundSite> {
  await mkdir(join(ROOT, 'dist'), { recursive: true });
  const outDir = await mkdtemp(join(ROOT, 'dist', 'playground-test-'));
  await build({ ...config, configFile: false, logLevel: 'silent', build: { ...config.build, outDir, emptyOutDir: true } });
  const server = await listenOnLoopback(staticServer(outDir));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--font-render-hinting=none'],
  });
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    browser,
    close: async () => {
      await browser.close();
      await new Promise((done) => server.close(done));
      await rm(outDir, { recursive: true, force: true });
    },
  };
}

/** A Lambda event near Lambda's 6 MB payload limit: 100 records of 1,000 MySQL general-log events, random enough not to compress away. */
export function largeEvent(): { text: string; events: number } {
  let seed = 7;
  const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const token = () => Math.floor(random() * 2 ** 52).toString(36);
  const records: Uint8Array[] = [];
  for (let r = 0; r < 100; r++) {
    const lines: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const micros = String(Math.floor(random() * 1e6)).padStart(6, '0');
      lines.push(
        `2026-11-25T11:41:${String(i % 60).padStart(2, '0')}.${micros}Z\t${
          1000 + Math.floor(random() * 9000)
        } Query\tSELECT id, total FROM orders WHERE customer = ${Math.floor(random() * 1e9)} AND token = '${token()}' AND session = '${token()}'`,
      );
    }
    records.push(encodeRecord(buildEnvelope({ lines, idSeed: r + 1, startTime: Date.UTC(2026, 10, 25, 11, 41) + r * 1000 })));
  }
  return { text: JSON.stringify(buildTransformationEvent(records)), events: 100_000 };
}

/** What {@link measureArrival} saw. */
export interface Arrival {
  /** From the paste or drop event to the first event row in the DOM. */
  readonly firstRowMs: number;
  /** ... to the rows' parse status (the second pass of a large input). */
  readonly parsedMs: number;
  /** The worker's first pass: `decodeInput` without documents, as the worker timed it. */
  readonly decodeMs: number;
  /** Main-thread tasks over 50 ms, from the paste or drop until the rows were parsed and scrolled. */
  readonly longTasks: readonly { readonly duration: number; readonly at: number }[];
  readonly domRows: number;
  /** `data-index` of the last event row after scrolling to the end. */
  readonly lastRow: string | null | undefined;
}

/**
 * Pastes `text` into the page (a real paste event carrying it) or drops it as a file, as a user does,
 * and measures in the page how long the first rows and the parsed rows take, then scrolls the events
 * table to the middle and the end; returns once the worker is done (for a Lambda event, its answer shown).
 */
export async function measureArrival(page: Page, text: string, how: 'paste' | 'drop'): Promise<Arrival> {
  await page.locator('#output').evaluate((output) => output.replaceChildren());
  const arrival = await page.evaluate(
    async ([pasted, way]) => {
      if (!PerformanceObserver.supportedEntryTypes.includes('longtask')) throw new Error('this Chromium does not report long tasks');
      let start = performance.now();
      const longTasks: { duration: number; at: number }[] = [];
      const observer = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) longTasks.push({ duration: entry.duration, at: entry.startTime - start });
      });
      observer.observe({ type: 'longtask', buffered: false });
      const input = document.getElementById('input');
      const panel = document.getElementById('decode-panel');
      const output = document.getElementById('output');
      if (!input || !panel || !output) throw new Error('page elements missing');
      const data = new DataTransfer();
      if (way === 'paste') data.setData('text/plain', pasted);
      else data.items.add(new File([pasted], 'event.json', { type: 'application/json' }));
      // Let the task that brought the 6 MB argument into the page end before timing.
      await new Promise((done) => setTimeout(done, 50));
      start = performance.now();
      // No named inner functions here: tsx's keep-names helper (__name) does not exist in the page.
      const [firstRow, parsed] = ['.vtable.events .vrow', '[data-parsed] .vtable.events .vrow:not([data-status="pending"])'].map(
        (selector) =>
          new Promise<number>((resolve) => {
            new MutationObserver((_, watcher) => {
              if (!output.querySelector(selector)) return;
              watcher.disconnect();
              resolve(performance.now() - start);
            }).observe(output, { childList: true, subtree: true, attributes: true });
          }),
      ) as [Promise<number>, Promise<number>];
      if (way === 'paste') input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      else panel.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
      const firstRowMs = await firstRow;
      const parsedMs = await parsed;
      // Scroll the events table to the middle and the end: rows must follow.
      const body = output.querySelector<HTMLElement>('.vtable.events .vbody');
      for (const fraction of [0.5, 1]) {
        if (body) body.scrollTop = body.scrollHeight * fraction;
        await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
      }
      await new Promise((done) => setTimeout(done, 300));
      observer.disconnect();
      return {
        firstRowMs,
        parsedMs,
        decodeMs: Number(output.querySelector('[data-decode-ms]')?.getAttribute('data-decode-ms')),
        longTasks,
        domRows: output.querySelectorAll('.vtable.events .vrow').length,
        lastRow: output.querySelector('.vtable.events .vrow:last-child')?.getAttribute('data-index'),
      };
    },
    [text, how] as const,
  );
  // The worker goes on to plan the Lambda's answer: let it finish, so the next arrival starts on an idle worker.
  if ((await page.locator('[data-testid="description"]').getAttribute('data-kind')) === 'firehose-transformation-event') {
    await page.locator('[data-testid="transform"]').waitFor({ timeout: 60_000 });
  }
  return arrival;
}
