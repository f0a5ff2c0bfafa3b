/**
 * The protocol suite against workerd (Cloudflare Workers' runtime) through miniflare, on the esbuild
 * bundle `npm run build:worker` makes, configured through string bindings as wrangler.jsonc `vars` and
 * secrets would be. workerd refuses a script path containing `..`, so the bundle path is absolute.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Miniflare } from 'miniflare';
import { bundleWorker } from '../../scripts/build-worker.ts';
import { type OpenSearchStandIn, startOpenSearchStandIn } from '../support/opensearch-standin.ts';
import { describeProtocol, protocolEnv, standInStore } from './protocol-suite.ts';

let standIn: OpenSearchStandIn;
let miniflare: Miniflare;
let url: URL;
let workerFile: string;
/** wrangler.jsonc's compatibility_date, read from it so the test runs what would be deployed. */
let COMPATIBILITY_DATE: string;

beforeAll(async () => {
  standIn = await startOpenSearchStandIn();
  workerFile = (await bundleWorker('dist/worker-test')).file;
  const wrangler = await readFile(new URL('../../wrangler.jsonc', import.meta.url), 'utf8');
  COMPATIBILITY_DATE = /"compatibility_date"\s*:\s*"([\d-]+)"/.exec(wrangler)?.[1] ?? 'missing in wrangler.jsonc';
  // No compatibility flags, as deployed (wrangler.jsonc sets none).
  miniflare = new Miniflare({ modules: true, scriptPath: workerFile, compatibilityDate: COMPATIBILITY_DATE, bindings: protocolEnv(standIn.url) });
  url = await miniflare.ready;
}, 30_000);
afterAll(async () => {
  await miniflare?.dispose();
  await standIn?.close();
});

/**
 * `Accept-Encoding: identity`, as a Firehose-like client that wants an unencoded answer. miniflare emulates
 * Cloudflare's edge compression (JSON answered 200 is gzipped for clients accepting gzip) and, unlike the
 * edge, ignores the worker's `Cache-Control: no-transform`; whether Firehose sends Accept-Encoding at
 * all is unverified, so the worker sets no-transform and this test pins what a non-accepting client gets.
 */
const send = (path: string, init: RequestInit = {}) => {
  const headers = new Headers(init.headers);
  headers.set('accept-encoding', 'identity');
  return fetch(new URL(path, url), { ...init, headers });
};

describeProtocol('workerd (miniflare)', () => ({ send, store: standInStore(standIn) }));

describe('the worker under workerd', () => {
  it('marks every answer Cache-Control: no-transform, so the Cloudflare edge leaves it unencoded', async () => {
    const response = await send('/health');
    expect(response.headers.get('cache-control')).toBe('no-transform');
  });

  it('answers a bad configuration with a protocol-shaped, generic 500 (the details go to the log)', async () => {
    const broken = new Miniflare({ modules: true, scriptPath: workerFile, compatibilityDate: COMPATIBILITY_DATE, bindings: { FIREWATCH_INDEX: 'rds' } });
    try {
      const response = await broken.dispatchFetch('http://localhost/', {
        method: 'POST',
        headers: { 'x-amz-firehose-request-id': 'cfg-1', 'accept-encoding': 'identity' },
        body: '{}',
      });
      expect(response.status).toBe(500);
      expect(await response.json()).toMatchObject({ requestId: 'cfg-1', errorMessage: expect.stringMatching(/^firewatch: configuration: .*invalid/) });
    } finally {
      await broken.dispose();
    }
  });
});
