/**
 * The engine the live suites run against: the real OpenSearch 2.19 from Maven Central, both clusters
 * answering, with the limits test/opensearch/nodes.ts gives the `limited` one.
 */
import { expect, it } from 'vitest';
import {
  describeLive,
  LIMITED_MAX_CONTENT_BYTES,
  LIMITED_WRITE_QUEUE,
  LIMITED_WRITE_THREADS,
  liveLimitedOpenSearchUrl,
  liveOpenSearchUrl,
  openSearchJson,
} from '../support/live-opensearch.ts';

describeLive('the real OpenSearch of the live suites', () => {
  it('is OpenSearch 2.19, without a security plugin (plain HTTP)', async () => {
    const root = await openSearchJson<{ version: { distribution: string; number: string } }>(liveOpenSearchUrl(), 'GET', '/');
    expect(root.version.distribution).toBe('opensearch');
    expect(root.version.number).toMatch(/^2\.19\.\d+$/);
    const plugins = await openSearchJson<{ component: string }[]>(liveOpenSearchUrl(), 'GET', '/_cat/plugins?format=json');
    expect(plugins.map((p) => p.component)).not.toContain('opensearch-security');
  });

  it('has a limited cluster with the small body limit and write pool the overload suites rely on', async () => {
    const nodes = await openSearchJson<{ nodes: Record<string, { settings: Record<string, unknown> }> }>(
      liveLimitedOpenSearchUrl(),
      'GET',
      '/_nodes/settings?flat_settings=true',
    );
    const settings = Object.values(nodes.nodes)[0]!.settings;
    expect(settings).toMatchObject({
      'http.max_content_length': `${LIMITED_MAX_CONTENT_BYTES}b`,
      'thread_pool.write.size': String(LIMITED_WRITE_THREADS),
      'thread_pool.write.queue_size': String(LIMITED_WRITE_QUEUE),
    });
    expect(liveLimitedOpenSearchUrl()).not.toBe(liveOpenSearchUrl());
  });
});
