/**
 * core/endpoint/worker.ts in-process: what the runtime tests cannot see from outside (the app is built
 * once per env object) and the sink choice without OpenSearch.
 */
import { describe, expect, it, vi } from 'vitest';
import { CONFIGURATION_ERROR_MESSAGE } from '../../core/endpoint/log.ts';
import { appForBindings } from '../../core/endpoint/from-env.ts';
import worker from '../../core/endpoint/worker.ts';

describe('the worker default export', () => {
  it('builds the app once per env object, as Workers hand the same env to every request', () => {
    const env = { FIREWATCH_ALLOW_NO_ACCESS_KEY: 'true' };
    expect(appForBindings(env)).toBe(appForBindings(env));
    expect(appForBindings({ ...env })).not.toBe(appForBindings(env));
  });

  it('uses the console sink without OPENSEARCH_URL, one NDJSON line per document, and ignores non-string bindings', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const env = { FIREWATCH_ALLOW_NO_ACCESS_KEY: 'true', FIREWATCH_INDEX: 'rds', SOME_KV: { get: () => null } };
      const health = await worker.fetch(new Request('http://worker/health'), env);
      expect(await health.json()).toEqual({ status: 'ok', sink: 'console' });
      const body = JSON.stringify({ requestId: 'r-1', timestamp: 1764072000000, records: [{ data: btoa('hello') }] });
      const response = await worker.fetch(
        new Request('http://worker/', { method: 'POST', headers: { 'x-amz-firehose-protocol-version': '1.0', 'x-amz-firehose-request-id': 'r-1' }, body }),
        env,
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-transform');
      expect(log).toHaveBeenCalledOnce();
      expect(JSON.parse(String(log.mock.calls[0]![0]))).toMatchObject({ _index: 'rds-2025-11-25', _id: 'r-1:0:0', _source: { message: 'hello' } });
    } finally {
      log.mockRestore();
    }
  });

  it('answers a configuration error with a generic 500, no values in it, and logs it in full', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const response = await worker.fetch(new Request('http://worker/health'));
      expect(response.status).toBe(500);
      expect(((await response.json()) as { errorMessage: string }).errorMessage).toBe(CONFIGURATION_ERROR_MESSAGE);
      expect(String(error.mock.calls[0]![0])).toMatch(/FIREWATCH_ACCESS_KEYS is required/);

      error.mockClear();
      const leaky = { FIREWATCH_ALLOW_NO_ACCESS_KEY: 'true', OPENSEARCH_URL: 'https://admin:hunter2@search example.com' };
      const refused = await worker.fetch(new Request('http://worker/', { method: 'POST', headers: { 'x-amz-firehose-request-id': 'cfg-2' } }), leaky);
      const text = await refused.text();
      expect(refused.status).toBe(500);
      expect(JSON.parse(text)).toMatchObject({ requestId: 'cfg-2', errorMessage: CONFIGURATION_ERROR_MESSAGE });
      expect(text).not.toContain('hunter2');
      expect(String(error.mock.calls[0]![0])).toContain('OPENSEARCH_URL');
    } finally {
      error.mockRestore();
    }
  });

  it('logs every delivery that is not answered 200 as one JSON line', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const env = { FIREWATCH_ACCESS_KEYS: 'k' };
      const refused = await worker.fetch(
        new Request('http://worker/', {
          method: 'POST',
          headers: { 'x-amz-firehose-protocol-version': '1.0', 'x-amz-firehose-request-id': 'r-9', 'x-amz-firehose-access-key': 'wrong' },
          body: '{}',
        }),
        env,
      );
      expect(refused.status).toBe(401);
      const lines = log.mock.calls.map((call) => JSON.parse(String(call[0])) as Record<string, unknown>);
      expect(lines).toEqual([
        expect.objectContaining({ firewatch: 'delivery', requestId: 'r-9', status: 401, reason: expect.stringContaining('Access-Key'), records: 0 }),
      ]);
    } finally {
      log.mockRestore();
    }
  });
});
