/**
 * The playground's Cost tab in Chromium: the figures it shows are core/cost's for the volume typed in
 * (the same model as `firewatch cost`), they follow the inputs, and a pasted sample sets the line size.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DeploymentKey, estimateCosts } from '../../core/cost/model.ts';
import { type PlaygroundSite, startPlayground } from './harness.ts';

let site: PlaygroundSite;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  site = await startPlayground();
  page = await site.browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  await page.goto(`${site.origin}/#cost`, { waitUntil: 'networkidle' });
}, 60_000);
afterAll(async () => {
  await site?.close();
});

const total = (key: DeploymentKey) => page.locator(`#cost-table tr[data-deployment="${key}"] td[data-total]`).textContent();
const usd = (n: number) => n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const expected = (eventsPerSecond: number, lineBytes: number, key: DeploymentKey) =>
  usd(estimateCosts({ eventsPerSecond, lineBytes, eventsPerRecord: 100, compressionRatio: 6 }).deployments.find((d) => d.key === key)!.totalUsd);

describe('the Cost tab', () => {
  it('opens from the address and shows core/cost’s totals for the default volume', async () => {
    await expect.poll(() => page.locator('#cost-panel').isVisible()).toBe(true);
    for (const key of ['split', 'http', 'subscription', 'kinesis', 'osi'] as const) expect(await total(key)).toBe(expected(2000, 200, key));
    expect(await page.locator('#cost-report').textContent()).toContain('firehoseIngestGb 0.029 USD');
  });

  it('follows the inputs, and says what is wrong with a bad one', async () => {
    await page.locator('#cost-events').fill('500');
    expect(await total('split')).toBe(expected(500, 200, 'split'));
    await page.locator('#cost-events').fill('0');
    expect(await page.locator('#cost-status').textContent()).toContain('eventsPerSecond must be a number > 0');
    expect(await page.locator('#cost-table tr').count()).toBe(0);
    await page.locator('#cost-events').fill('2000');
  });

  it('measures the line size from a pasted sample', async () => {
    const line = '2026-11-25T11:41:00.000000Z\t   12 Query\tSELECT id FROM orders WHERE customer_id = 42';
    await page.locator('#cost-sample').fill(`${line}\n${line}\n`);
    await page.locator('#cost-measure').click();
    expect(await page.locator('#cost-line-bytes').inputValue()).toBe(String(line.length));
    expect(await page.locator('#cost-status').textContent()).toContain('Measured from 2 events');
    expect(await total('kinesis')).toBe(expected(2000, line.length, 'kinesis'));
    expect(problems).toEqual([]);
  });
});
