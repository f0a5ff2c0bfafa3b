/**
 * The happy path against a real cluster, when one is configured: `OPENSEARCH_URL` plus the sink's other
 * variables (auth and so on, see core/sinks/opensearch-config.ts). Skipped, and reported as skipped, otherwise.
 * Writes to a fresh index `firewatch-live-<time>` and deletes it afterwards when auth is none or basic.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createOpenSearchSink } from '../../core/sinks/opensearch.ts';
import { readOpenSearchConfig } from '../../core/sinks/opensearch-config.ts';

const live = Boolean(process.env['OPENSEARCH_URL']);

describe.skipIf(!live)('opensearch sink against a live cluster (OPENSEARCH_URL)', () => {
  const config = live ? readOpenSearchConfig(process.env) : undefined;
  const index = `firewatch-live-${Date.now()}`;
  const headers: Record<string, string> =
    config?.auth.type === 'basic' ? { authorization: `Basic ${Buffer.from(`${config.auth.username}:${config.auth.password}`).toString('base64')}` } : {};
  // Signed reads would need the signer again; for sigv4 the sink's own answers are the evidence.
  const canRead = config?.auth.type !== 'sigv4';

  afterAll(async () => {
    if (config && canRead) await fetch(`${config.url}/${index}`, { method: 'DELETE', headers }).catch(() => undefined);
  });

  it('stores documents once, and a repeated delivery keeps one copy per id', async () => {
    const sink = createOpenSearchSink(config!);
    const documents = Array.from({ length: 5 }, (_, n) => ({ index, id: `live-${n}`, json: JSON.stringify({ '@timestamp': new Date().toISOString(), message: `live ${n} ü 🔥` }) }));
    expect(await sink.write(documents, { deadline: Date.now() + 30_000 })).toEqual({ ok: true, stored: 5, deadLettered: 0 });
    expect(await sink.write(documents, { deadline: Date.now() + 30_000 })).toEqual({ ok: true, stored: 5, deadLettered: 0 });
    if (!canRead) return;
    await fetch(`${config!.url}/${index}/_refresh`, { method: 'POST', headers });
    const count = (await (await fetch(`${config!.url}/${index}/_count`, { headers })).json()) as { count: number };
    expect(count.count).toBe(5);
    const one = (await (await fetch(`${config!.url}/${index}/_doc/live-3`, { headers })).json()) as { _source: unknown };
    expect(one._source).toEqual(JSON.parse(documents[3]!.json));
  });
});
