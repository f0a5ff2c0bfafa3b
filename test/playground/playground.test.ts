/**
 * The playground in a real browser: the page is built with Vite, served as static files from 127.0.0.1,
 * and driven in Chromium (test/playground/harness.ts). Every request the page makes is recorded: after it
 * has loaded, it must make none but fetching its regex worker again after a time-out (decoding happens in
 * the page), and while loading, only its own files. The run writes the screenshots the README shows to
 * playground/screenshots/: fixed viewport, fixed inputs with fixed timestamps, no animations or caret.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { unzlibSync } from 'fflate';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planTransformation } from '../../core/firehose/transform.ts';
import { decodeInput, documentStatus } from '../../core/inspect/mod.ts';
import { explainErrorCode } from '../../core/inspect/error-codes.ts';
import { builtinParsers } from '../../core/parsers/registry.ts';
import { DEFAULT_RESPONSE_BUDGET_BYTES } from '../../core/limits.ts';
import { buildSampleEvent, buildSampleHttpRequest, buildSampleRecords } from '../../core/samples/events.ts';
import { buildEnvelope, buildTransformationEvent, encodeRecord, SAMPLE_TIME } from '../../core/samples/records.ts';
import { largeEvent, measureArrival, type PlaygroundSite, ROOT, startPlayground } from './harness.ts';

const SCREENSHOTS = join(ROOT, 'playground', 'screenshots');

let site: PlaygroundSite;
let origin: string;
let page: Page;
/** Every request the page made, in order, and how many of them the initial load made. */
const requests: string[] = [];
let loadRequests = 0;
/** Console errors and CSP violations: a blocked script or style shows up here. */
const problems: string[] = [];

beforeAll(async () => {
  site = await startPlayground();
  origin = site.origin;
  await mkdir(SCREENSHOTS, { recursive: true });
  page = await site.browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'light', reducedMotion: 'reduce' });
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(`${origin}/`, { waitUntil: 'networkidle' });
  loadRequests = requests.length;
}, 60_000);

afterAll(async () => {
  await site?.close();
});

/** Opens a tab of the page. */
const tab = (id: 'decode' | 'builder' | 'regex') => page.locator(`[data-tab="${id}"]`).click();

/** Puts `text` in the textarea as a paste does (opening the input first if a result collapsed it): the page decodes on the paste event. */
async function paste(text: string): Promise<void> {
  await tab('decode');
  await page.locator('#output').evaluate((output) => output.replaceChildren());
  if (await page.locator('#edit-input').isVisible()) await page.locator('#edit-input').click();
  await page.locator('#input').fill(text);
  await page.locator('#input').dispatchEvent('paste');
  await page.locator('[data-testid="description"]').waitFor();
  await page.locator('[data-parsed]').or(page.locator('.input-error')).first().waitFor();
}

const stat = (name: string) => page.locator(`[data-stat="${name}"]`).textContent();
/** How many rows a virtual table has (only those in view are in the DOM). */
const rowCount = async (table: 'records' | 'events') => Number(await page.locator(`.vtable.${table}`).getAttribute('aria-rowcount')) - 1;
/** The texts of the cells of the rendered rows of a table, row by row. */
const cells = (table: 'records' | 'events') =>
  page.locator(`.vtable.${table} .vrow`).evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('.vcell')].map((cell) => cell.textContent ?? '')));
/** A column's header index by name. */
const column = async (table: 'records' | 'events', name: string) => (await page.locator(`.vtable.${table} .vhead .vcell`).allTextContents()).indexOf(name);

/** Saves a screenshot for the README: nothing hovered or focused, no caret, no animation. */
async function screenshot(name: string): Promise<void> {
  await page.mouse.move(0, 0);
  await page.evaluate(() => (document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined));
  const path = join(SCREENSHOTS, `${name}.png`);
  const shot = await page.screenshot({ animations: 'disabled', caret: 'hide' });
  if (!existsSync(path) || !samePicture(readFileSync(path), shot)) writeFileSync(path, shot);
}

/**
 * Whether two PNGs show the same picture up to anti-aliasing: Chromium draws a few edge pixels
 * differently from run to run, and the committed screenshots must not change with them. Compares the
 * inflated image data (filtered scanlines), allowing one byte in 10,000 to differ.
 */
function samePicture(a: Uint8Array, b: Uint8Array): boolean {
  const x = pngImageData(a);
  const y = pngImageData(b);
  if (x.length !== y.length) return false;
  let differing = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) differing++;
  return differing <= x.length / 10_000;
}

/** A PNG's IDAT chunks joined and inflated; the header (size, depth) is inside the compared length. */
function pngImageData(png: Uint8Array): Uint8Array {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const parts: Uint8Array[] = [];
  let header: Uint8Array = new Uint8Array(0);
  for (let at = 8; at + 8 <= png.length;) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    if (type === 'IHDR') header = png.subarray(at + 8, at + 8 + length);
    if (type === 'IDAT') parts.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const joined = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  const pixels = unzlibSync(joined);
  const out = new Uint8Array(header.length + pixels.length);
  out.set(header);
  out.set(pixels, header.length);
  return out;
}

/** `processing-failed/` lines as Firehose writes them, for the records of `event`; the second one's data cut short. */
function processingFailedLines(event = buildSampleEvent({ records: 3, events: 4 })): string[] {
  return event.records.map((record, i) =>
    JSON.stringify({
      attemptsMade: 4,
      arrivalTimestamp: SAMPLE_TIME + i,
      errorCode: 'Lambda.ProcessingFailedStatus',
      errorMessage: 'The data could not be decoded.',
      attemptEndingTimestamp: SAMPLE_TIME + 60_000,
      rawData: i === 1 ? record.data.slice(0, 40) : record.data,
      lambdaArn: 'arn:aws:lambda:us-east-1:123456789012:function:firewatch-transform:$LATEST',
    })
  );
}

/** General-log lines as they arrive from the real world: some the parser reads, some it does not. */
const MIXED_LINES = [
  '2026-11-25T11:41:00.000000Z\t   17 Connect\tshop@10.0.3.7 on shop using TCP/IP',
  '2026-11-25T11:41:00.120000Z\t   17 Query\tSELECT id, total FROM orders WHERE customer = 42',
  'mysqld: ready for connections.',
  '2026-11-25T11:41:01.500000Z\t   17 Init DB\tshop',
  'Version: 8.0.39 (Source distribution) - copied from a ticket',
  '2026-11-25T11:41:02.250000Z\t   18 Query\tSELECT 1',
  '--- pasted from a chat ---',
];

/** A general log as the server writes its file (banner first), with two entries the parser cannot read. */
const PLAIN_LINES = [
  '/usr/sbin/mysqld, Version: 8.0.39 (Source distribution). started with:',
  'Tcp port: 3306  Unix socket: /tmp/mysql.sock',
  'Time                 Id Command    Argument',
  '2026-11-25T11:41:00.000000Z\t   17 Connect\tshop@10.0.3.7 on shop using TCP/IP',
  '2026-11-25T11:41:00.120000Z\t   17 Query\tSELECT id, total FROM orders WHERE customer = 42',
  '2026-11-25T11:41:01.500000Z\t   17 Init DB\tshop',
  '2026-11-25T11:41:02.000000Z\tQuery\tSELECT 2',
  '2026-11-25T11:41:02.250000Z\t   18 Query\tSELECT 1',
  '2026-11-25T11:41:03.000000Z',
  '2026-11-25T11:41:04.000000Z\t   18 Quit\t',
];

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
    expect(await rowCount('events')).toBe(15);
    expect(await page.locator('.vtable.records').textContent()).toContain('/aws/rds/instance/');
    // The general log's fields as columns, read from each event's document.
    expect(await page.locator('.vtable.events .vhead .vcell').allTextContents()).toEqual([
      'record',
      'time',
      'status',
      'thread_id',
      'command',
      'argument',
      'message',
    ]);
    const first = decodeInput(text).items[0];
    const document = first?.decoded.ok ? (first.decoded.value.documents[0] as Record<string, unknown>) : {};
    expect((await cells('events'))[0]?.slice(2, 6)).toEqual(['parsed', String(document['thread_id']), document['command'], document['argument']]);
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
      expect(await rowCount('events')).toBe(4);
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
      })
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
    expect(await rowCount('events')).toBe(6);
  });

  it('shows why processing-failed lines failed without a click: error code, message and meaning in the records table, what to do above it', async () => {
    // Prepare
    const lines = processingFailedLines();
    const help = explainErrorCode('Lambda.ProcessingFailedStatus');
    if (help === undefined) throw new Error('core explains Lambda.ProcessingFailedStatus');
    const plain = (text: string) => text.replaceAll('`', '');
    const truncated = decodeInput(lines.join('\n')).items[1]?.decoded;
    if (truncated === undefined || truncated.ok) throw new Error('the cut record should fail to decode');

    // Act
    await paste(lines.join('\n'));

    // Assess: every record a problem; the status column IS the failure, the next one says what it means.
    expect(await page.locator('[data-testid="description"]').getAttribute('data-kind')).toBe('s3-backup-lines');
    expect(await page.locator('.vtable.records .vhead .vcell').allTextContents()).toEqual([
      'record',
      'status',
      'what it means',
      'log group',
      'log stream',
      'contents',
    ]);
    const rows = await cells('records');
    expect(rows.map((row) => row[0])).toEqual(['line 1', 'line 2', 'line 3']);
    for (const i of [0, 2]) {
      expect(rows[i]?.[1]).toBe('Lambda.ProcessingFailedStatus The data could not be decoded.');
      expect(rows[i]?.[2]).toBe(`${plain(help.meaning)}. ${plain(help.action)}`);
      expect(rows[i]?.[3]).toBe('/aws/rds/instance/shop-db/general');
    }
    // The record whose data does not decode: the decoder's own error, and still what the backup code means.
    expect(rows[1]?.[1]).toBe(`${truncated.error.code} ${truncated.error.message}`);
    expect(rows[1]?.[2]).toBe(`${plain(help.meaning)}. ${plain(help.action)}`);
    expect(await page.locator('.vtable.records .vrow.failed').count()).toBe(3);
    expect(await stat('failed records')).toBe('3');
    // Above the tables: each failure once, with its count, meaning and what to do.
    const failure = page.locator('[data-testid="problems"] li[data-code="Lambda.ProcessingFailedStatus"]');
    expect(await failure.textContent()).toBe(
      `3 backup lines Lambda.ProcessingFailedStatus “The data could not be decoded.” — ${plain(help.meaning)}. What to do: ${plain(help.action)}`,
    );
    expect(await page.locator('[data-testid="problems"] li[data-code="decode"]').textContent()).toBe(
      `1 record does not decode: line 2 ${truncated.error.code} ${truncated.error.message}`,
    );
    // Nothing was clicked: the detail pane still invites a choice.
    expect(await page.locator('[data-testid="detail"] .item').count()).toBe(0);
    await screenshot('processing-failed');
  });

  it('shows unparsed lines without a click: parse status and reason per event, counts and reasons per parser in the summary, and the "only problems" filter', async () => {
    // Prepare: the reasons are the parser's own.
    const parser = builtinParsers['mysql-general'];
    const reasons = MIXED_LINES.map((line) => {
      const parsed = parser.parse(line);
      return parsed.ok ? undefined : parsed.reason;
    });
    const unparsed = reasons.filter((r) => r !== undefined);
    expect(unparsed.length).toBeGreaterThanOrEqual(3);
    const event = buildTransformationEvent([
      encodeRecord(buildEnvelope({ lines: MIXED_LINES, idSeed: 1, startTime: SAMPLE_TIME })),
      encodeRecord(buildEnvelope({ lines: MIXED_LINES.filter((_, i) => reasons[i] === undefined), idSeed: 2, startTime: SAMPLE_TIME + 60_000 })),
    ]);

    // Act
    await paste(JSON.stringify(event));

    // Assess: the events table's status column says which lines failed and why.
    const status = await column('events', 'status');
    const rows = await cells('events');
    expect(rows.slice(0, MIXED_LINES.length).map((row) => row[status])).toEqual(
      reasons.map((reason) => (reason === undefined ? 'parsed' : `unparsed: ${reason}`)),
    );
    expect(await page.locator('.vtable.events .vrow[data-status="unparsed"]').count()).toBe(unparsed.length);
    // The summary counts them, and names the parser and the most common reasons.
    expect(await stat('unparsed')).toBe(String(unparsed.length));
    const line = page.locator('[data-testid="problems"] li[data-parser="mysql-general"]');
    const total = MIXED_LINES.length + MIXED_LINES.length - unparsed.length;
    expect(await line.textContent()).toContain(`${unparsed.length} of ${total} lines unparsed by mysql-general`);
    for (const reason of new Set(unparsed)) expect(await line.textContent()).toContain(reason);
    // The record holding them says so too.
    expect((await cells('records'))[0]?.[1]).toBe(`ok, ${unparsed.length} unparsed`);
    await screenshot('unparsed');

    // Act + Assess: only problems: the unparsed lines and the record that holds them.
    await page.locator('[data-testid="only-problems"]').check();
    expect(await rowCount('events')).toBe(unparsed.length);
    expect(await rowCount('records')).toBe(1);
    expect(await page.locator('.vtable.events .vrow:not([data-status="unparsed"])').count()).toBe(0);
    await page.locator('[data-testid="only-problems"]').uncheck();
    expect(await rowCount('events')).toBe(total);
  });

  it("shows plain log lines as documents, one per entry, with the parser detected from the text, each line's status and fields without a click", async () => {
    // Prepare: what the CLI's decode makes of the same text is the reference.
    const text = PLAIN_LINES.join('\n');
    const decoded = decodeInput(text);
    const payload = decoded.items[0]?.decoded;
    if (payload === undefined || !payload.ok || payload.value.kind !== 'lines') throw new Error('plain lines decode to one lines payload');
    const { events, documents } = payload.value;
    const statuses = documents.map((d) => documentStatus(d));
    expect(statuses.some((s) => s.status === 'unparsed')).toBe(true);

    // Act
    await paste(text);

    // Assess: one row per entry, its message, its parse status (with the reason), the general log's fields.
    expect(await page.locator('[data-testid="description"]').getAttribute('data-kind')).toBe('log-lines');
    expect(await page.locator('[data-testid="description"]').textContent()).toBe(decoded.description);
    expect(await rowCount('events')).toBe(events.length);
    const status = await column('events', 'status');
    const thread = await column('events', 'thread_id');
    const command = await column('events', 'command');
    const message = await column('events', 'message');
    const rows = await cells('events');
    rows.forEach((row, i) => {
      const document = documents[i] as Record<string, unknown>;
      const s = statuses[i]!;
      expect(row[message]).toBe(events[i]?.message);
      expect(row[status]).toBe(s.status === 'unparsed' ? `unparsed: ${s.reason}` : s.status);
      expect([row[thread], row[command]]).toEqual([document['thread_id'] === undefined ? '' : String(document['thread_id']), document['command'] ?? '']);
    });
    expect(await stat('unparsed')).toBe(String(decoded.summary.unparsed));
    const line = page.locator(`[data-testid="problems"] li[data-parser="${payload.value.parser}"]`);
    expect(await line.textContent()).toContain(`${decoded.summary.unparsed} of ${documents.length} lines unparsed by ${payload.value.parser}`);
    for (const { reason } of decoded.problems.parsers[0]?.reasons ?? []) expect(await line.textContent()).toContain(reason);

    // Act + Assess: a row's document in full.
    await page.locator('.vtable.events .vrow').first().click();
    expect(JSON.parse((await page.locator('[data-testid="detail"] pre.document').textContent()) ?? 'null')).toEqual(documents[0]);
    await screenshot('log-lines');
  });

  it('filters the tables by a chart bar (command, parser, status, time), by pointer and keyboard, and shows all again', async () => {
    // Prepare
    const text = JSON.stringify(buildSampleEvent({ records: 3, events: 20 }));
    await paste(text);
    const total = await rowCount('events');
    const command = await column('events', 'command');
    const counts = new Map<string, number>();
    for (const item of decodeInput(text).items) {
      if (!item.decoded.ok) continue;
      for (const document of item.decoded.value.documents) {
        const name = String((document as Record<string, unknown>)['command']);
        counts.set(name, (counts.get(name) ?? 0) + 1);
      }
    }
    // The smallest bar of its own (the chart sums the rarest commands as "other").
    const labels = await page.locator('svg[data-chart="commands"] g.share:not(.other)').evaluateAll((bars) =>
      bars.map((bar) => bar.getAttribute('data-label') ?? '')
    );
    const rare = labels.at(-1) ?? '';
    const rareCount = counts.get(rare);
    expect(rareCount).toBeGreaterThan(0);

    // Act: a click on a bar of the commands chart.
    await page.locator(`svg[data-chart="commands"] g.share[data-label="${rare}"]`).click();

    // Assess
    expect(await rowCount('events')).toBe(rareCount);
    expect(new Set((await cells('events')).map((row) => row[command]))).toEqual(new Set([rare]));
    expect(await page.locator('[data-testid="filter-note"]').textContent()).toBe(`Showing command ${rare}.`);
    expect(await page.locator(`svg[data-chart="commands"] g.share.chosen`).getAttribute('data-label')).toBe(rare);

    // Act + Assess: the same bar again shows all; the keyboard chooses a bar too.
    await page.locator(`svg[data-chart="commands"] g.share[data-label="${rare}"]`).click();
    expect(await rowCount('events')).toBe(total);
    await page.locator('svg[data-chart="statuses"] g.share[data-label="parsed"]').focus();
    await page.keyboard.press('Enter');
    expect(await rowCount('events')).toBe(total);
    expect(await page.locator('[data-testid="filter-note"]').textContent()).toBe('Showing parsed.');

    // Act + Assess: a histogram bar keeps the events of its time span.
    const bin = page.locator('[data-testid="chart-time"] g.bin').filter({ has: page.locator('rect.bar:not([data-count="0"])') }).first();
    const from = Number(await bin.getAttribute('data-from'));
    const inBin = Number(await bin.locator('rect.bar').getAttribute('data-count'));
    await bin.click();
    expect(await rowCount('events')).toBe(inBin);
    const time = await column('events', 'time');
    for (const row of await cells('events')) expect(Date.parse(row[time] ?? '')).toBeGreaterThanOrEqual(from);
    await page.locator('.clear-filter').click();
    expect(await rowCount('events')).toBe(total);
  });

  it('moves through records and events with the keyboard: arrows choose, Enter on a record shows its events, Enter on an event opens its detail', async () => {
    // Prepare
    await paste(JSON.stringify(buildSampleEvent({ records: 3, events: 5 })));

    // Act + Assess: the records table
    await page.locator('.vtable.records .vbody').focus();
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('[data-testid="detail"] h3').textContent()).toBe('records[0]');
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('[data-testid="detail"] h3').textContent()).toBe('records[1]');
    await page.keyboard.press('Enter');

    // Assess: the events of records[1] only, and the keyboard is in the events table.
    expect(await rowCount('events')).toBe(5);
    expect(new Set((await cells('events')).map((row) => row[0]))).toEqual(new Set(['records[1]']));
    expect(await page.evaluate(() => document.activeElement?.closest('.vtable')?.classList.contains('events'))).toBe(true);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('[data-testid="detail"] h3').textContent()).toBe('records[1], row 7');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('detail');
    await page.locator('[data-testid="detail"] pre.document').waitFor();
    await page.locator('.clear-filter').click();
    expect(await rowCount('events')).toBe(15);
  });

  it('says clearly when the input is nothing it knows', async () => {
    await paste('{"records": {}}');
    expect(await page.locator('[data-testid="description"]').textContent()).toMatch(/^Nothing decoded/);
    expect(await page.locator('.input-error .code').textContent()).toBe(decodeInput('{"records": {}}').error?.code);
    // Input that did not decode stays open, to be fixed.
    expect(await page.locator('#input').isVisible()).toBe(true);
  });

  it('decodes a chosen multi-member gzip file, and a dropped one', async () => {
    // Prepare: an S3 object as Firehose writes it, one gzip member per record.
    const twoMembers = Buffer.concat(buildSampleRecords({ records: 2, events: 3 }));
    const threeMembers = Buffer.concat(buildSampleRecords({ records: 3, events: 1, seed: 9 }));

    // Act: the file input
    await page.locator('#file').setInputFiles({ name: 'records.gz', mimeType: 'application/gzip', buffer: twoMembers });
    await page.locator('[data-testid="input-label"]', { hasText: 'records.gz' }).waitFor();

    // Assess
    expect(await page.locator('[data-testid="description"]').getAttribute('data-kind')).toBe('gzip');
    expect(await page.locator('.vtable.records .vrow:not(.failed)').count()).toBe(2);
    expect(await page.locator('.vtable.records .vrow .c0').allTextContents()).toEqual([
      expect.stringMatching(/^gzip member 1/),
      expect.stringMatching(/^gzip member 2/),
    ]);
    expect(await stat('events')).toBe('6');

    // Act: a drop on the drop zone
    await page.locator('#input-area').evaluate((zone, bytes) => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(bytes)], 'dropped.gz', { type: 'application/gzip' }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    }, [...threeMembers]);
    await page.locator('[data-testid="input-label"]', { hasText: 'dropped.gz' }).waitFor();

    // Assess
    expect(await page.locator('.vtable.records .vrow:not(.failed)').count()).toBe(3);
    expect(await stat('events')).toBe('3');
  });

  it('loads a sample with one click; the decode view fits one screen, in light and dark (screenshots for the README)', async () => {
    // Act
    await tab('decode');
    await page.locator('#output').evaluate((output) => output.replaceChildren());
    if (await page.locator('#edit-input').isVisible()) await page.locator('#edit-input').click();
    await page.locator('#sample').click();
    await page.locator('[data-parsed]').waitFor();

    // Assess: decoded, the input collapsed to one line, the tables beside the detail pane, nothing below the fold.
    expect(await page.locator('#input').inputValue()).toContain('"records"');
    expect(await stat('records')).toBe('3');
    expect(await page.locator('#input').isVisible()).toBe(false);
    expect(await page.locator('[data-testid="input-label"]').textContent()).toBe('A sample Firehose transformation event');
    expect(await page.evaluate(() => document.documentElement.scrollHeight <= innerHeight)).toBe(true);
    const detail = await page.locator('[data-testid="detail"]').boundingBox();
    const events = await page.locator('.vtable.events').boundingBox();
    expect(detail !== null && events !== null && detail.x > events.x + events.width).toBe(true);
    expect(await page.locator('[data-testid="charts"] svg').count()).toBeGreaterThanOrEqual(3);

    await page.locator('.vtable.events .vrow').nth(1).click();
    await page.locator('[data-testid="detail"] pre.document').waitFor();
    await screenshot('decode');
    await page.emulateMedia({ colorScheme: 'dark' });
    try {
      expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe('rgb(255, 255, 255)');
      await screenshot('decode-dark');
    } finally {
      await page.emulateMedia({ colorScheme: 'light' });
    }
  });

  it('decodes a 6 MB Lambda event of 100,000 events in the worker, pasted or dropped: rows first, then parsed, only those in view in the DOM', async () => {
    // Prepare (how fast is measured by `npm run bench:playground`, not here: no test asserts wall-clock time)
    const { text, events } = largeEvent();
    expect(text.length).toBeGreaterThan(5_500_000);
    expect(text.length).toBeLessThanOrEqual(6_291_456); // Lambda's payload limit
    await tab('decode');

    for (const how of ['paste', 'drop'] as const) {
      // Act: a real paste (the text comes with the event), or a drop of it as a file.
      const arrival = await measureArrival(page, text, how);

      // Assess
      expect(await stat('events')).toBe(events.toLocaleString('en-US'));
      expect(await stat('documents')).toBe(events.toLocaleString('en-US'));
      expect(await stat('errors')).toBe('0');
      expect(arrival.domRows).toBeLessThan(100);
      expect(arrival.lastRow).toBe(String(events - 1));
      expect(await page.locator('.vtable.events .vrow').last().getAttribute('data-status')).toBe('parsed');
      expect(await page.locator('#input').inputValue()).toBe('');
    }
  }, 120_000);

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

    await page.locator('#edit-input').click();
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

  it("tests a regular expression live in a worker: its named groups as a table, or the pattern's error", async () => {
    // Act
    await tab('regex');
    await page.locator('#regex-pattern').fill('^(?<level>[A-Z]+) (?<pid>\\d+) (?<text>.*)$');
    await page.locator('#regex-line').fill('WARN 4711 disk almost full');

    // Assess
    const rows = page.locator('#regex-result table.groups tbody tr');
    await expect
      .poll(() => rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent))))
      .toEqual([
        ['level', 'WARN'],
        ['pid', '4711'],
        ['text', 'disk almost full'],
      ]);

    // Act + Assess: a line that does not match, a pattern that does not compile, one without a named group.
    const result = () => page.locator('#regex-result [data-regex]').getAttribute('data-regex');
    await page.locator('#regex-line').fill('warn: lower case');
    await expect.poll(result).toBe('no-match');
    await page.locator('#regex-pattern').fill('(?<level>[A-Z]+');
    await expect.poll(result).toBe('invalid');
    expect(await page.locator('#regex-result .code').textContent()).toBe('PATTERN_INVALID');
    await page.locator('#regex-pattern').fill('^[A-Z]+');
    await expect.poll(() => page.locator('#regex-result .error').textContent()).toContain('no named group');
  });

  it('stops a catastrophically backtracking pattern: the page stays responsive and says it timed out, and the next pattern works', async () => {
    // Prepare: (a+)+ against 40 a's and a '!' backtracks 2^40 times before it fails.
    await tab('regex');
    const line = `${'a'.repeat(40)}!`;
    await page.locator('#regex-line').fill(line);
    await expect.poll(() => page.locator('#regex-result').getAttribute('aria-busy')).toBeNull();

    // Act + Assess, in one task of the page so the time limit cannot pass in between: type the pattern, see
    // it running, then count the frames the page paints meanwhile (a page frozen by the pattern paints none).
    const seen = await page.evaluate(
      () =>
        new Promise<{ busy: boolean; frames: number }>((resolve) => {
          const pattern = document.getElementById('regex-pattern');
          if (!(pattern instanceof HTMLInputElement)) throw new Error('#regex-pattern is missing');
          pattern.value = '^(?<run>(a+)+)$';
          pattern.dispatchEvent(new Event('input', { bubbles: true }));
          const busy = document.getElementById('regex-result')?.getAttribute('aria-busy') === 'true';
          let frames = 0;
          const tick = () => (++frames === 10 ? resolve({ busy, frames }) : requestAnimationFrame(tick));
          requestAnimationFrame(tick);
        }),
    );
    expect(seen).toEqual({ busy: true, frames: 10 });
    // ... and it answers the keyboard.
    await page.locator('[data-tab="regex"]').focus();
    await page.keyboard.press('ArrowLeft');
    expect(await page.locator('[data-tab="builder"]').getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowRight');
    await page.locator('#regex-result [data-regex="timeout"]').waitFor({ timeout: 15_000 });
    expect(await page.locator('#regex-result').textContent()).toContain('backtracks catastrophically');
    await screenshot('regex-timeout');

    // Act + Assess: a new worker takes the next pattern.
    await page.locator('#regex-pattern').fill('^(?<run>a+)!$');
    await expect.poll(() => page.locator('#regex-result td').allTextContents()).toEqual(['run', 'a'.repeat(40)]);
  });

  it('builds a record, a Lambda event and an HTTP request from typed lines; the Lambda event decodes back to the same lines', async () => {
    // Prepare
    const lines = ['2026-11-25T11:41:00.000000Z\t   17 Query\tSELECT 1', 'ERROR disk "full" ü', 'third line'];
    expect(await page.locator('#builder-group').inputValue()).toBe('/aws/rds/instance/shop-db/general');
    expect(await page.locator('#builder-stream').inputValue()).toBe('shop-db');

    // Act
    await tab('builder');
    await page.locator('#builder-lines').fill(`${lines.join('\n')}\n`);
    await page.locator('#builder-group').fill('/ecs/checkout');
    await page.locator('#builder-stream').fill('web/1');
    await page.locator('#builder-source').selectOption('kinesis');

    // Assess: the three outputs, each as Node's decoder reads it.
    const lambda = await page.locator('#built-lambda').inputValue();
    const record = await page.locator('#built-record').inputValue();
    const http = await page.locator('#built-http').inputValue();
    expect(await page.locator('#built-lambda').getAttribute('readonly')).not.toBeNull();
    const messages = (text: string) =>
      decodeInput(text).items.flatMap((
        item,
      ) => (item.decoded.ok && item.decoded.value.kind === 'cloudwatch' ? item.decoded.value.envelopes.flatMap((e) => e.logEvents.map((l) => l.message)) : []));
    expect(decodeInput(lambda).kind).toBe('firehose-transformation-event');
    expect((JSON.parse(lambda) as { sourceKinesisStreamArn?: string }).sourceKinesisStreamArn).toMatch(/^arn:aws:kinesis:/);
    expect(decodeInput(http).kind).toBe('firehose-http-endpoint-request');
    expect(Object.keys(JSON.parse(http) as object)).toEqual(['requestId', 'timestamp', 'records']);
    for (const text of [lambda, record, http]) expect(messages(text)).toEqual(lines);

    // Act + Assess: pasted back into the decoder, the same lines in the same log group.
    await paste(lambda);
    expect(await page.locator('[data-testid="description"]').getAttribute('data-kind')).toBe('firehose-transformation-event');
    const message = await column('events', 'message');
    expect((await cells('events')).map((row) => row[message])).toEqual(lines);
    expect(await page.locator('.vtable.records').textContent()).toContain('/ecs/checkout');

    // Act + Assess: Copy puts the text on the clipboard.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    await tab('builder');
    await page.locator('button.copy[data-copy="built-http"]').click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(http);

    // Act + Assess: "Decode it" opens the decoder on the built event.
    await page.locator('#output').evaluate((output) => output.replaceChildren());
    await page.locator('#built-decode').click();
    expect(await page.locator('[data-tab="decode"]').getAttribute('aria-selected')).toBe('true');
    await page.locator('[data-parsed]').waitFor();
    expect(await page.locator('[data-testid="input-label"]').textContent()).toBe('The Lambda event built in the builder');
    expect((await cells('events')).map((row) => row[message])).toEqual(lines);
    await tab('builder');
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
    expect(await transform.locator('[data-testid="response-size"]').textContent()).toContain(
      `of ${DEFAULT_RESPONSE_BUDGET_BYTES.toLocaleString('en-US')} bytes`,
    );

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

  it('made no request after loading but for its regex worker after the time-out, and only for its own files', () => {
    // The regex worker that was ended is replaced by a new one: its script, from this page's own files.
    expect(requests.slice(loadRequests).map((url) => new URL(url).pathname)).toEqual([expect.stringMatching(/^\/assets\/regex-worker[\w-]*\.js$/)]);
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
