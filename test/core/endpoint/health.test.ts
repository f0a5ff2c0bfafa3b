import { describe, expect, it } from 'vitest';
import { createSinkHealth, monitorOpenSearch } from '../../../core/endpoint/health.ts';
import { readOpenSearchConfig } from '../../../core/opensearch/config.ts';

const refused = () =>
  Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9200'), { code: 'ECONNREFUSED' }) });
const documents = [{ index: 'rds-2026-11-25', id: 'e1', json: '{"message":"hi"}' }];

describe('createSinkHealth', () => {
  it('logs a failure at once, then at most once per interval while it goes on, and when it ends', () => {
    let clock = 1_000_000;
    const lines: string[] = [];
    const health = createSinkHealth({ sink: 'opensearch', log: (line) => lines.push(line), now: () => clock, repeatMs: 5_000 });
    expect(health.report()).toEqual({ status: 'ok', sink: 'opensearch' });
    health.failed('connection refused');
    for (let i = 0; i < 10; i++) {
      clock += 400;
      health.failed('connection refused');
    }
    clock += 1_000;
    health.failed('connection refused again');
    expect(health.report()).toEqual({ status: 'degraded', sink: 'opensearch', error: 'connection refused again', since: new Date(1_000_000).toISOString() });
    clock += 500;
    health.succeeded();
    expect(lines).toEqual([
      'opensearch sink failing: connection refused',
      `opensearch sink still failing (11 more failures in 5.0 s, since ${new Date(1_000_000).toISOString()}): connection refused again`,
      'opensearch sink ok again after 12 failures over 5.5 s',
    ]);
    expect(health.report().status).toBe('ok');
  });
});

describe('monitorOpenSearch', () => {
  const config = (env: Record<string, string> = {}) =>
    readOpenSearchConfig({
      OPENSEARCH_URL: 'http://127.0.0.1:9200',
      FIREWATCH_INDEX: 'rds',
      FIREWATCH_SINK_RETRY_BASE_MS: '1',
      FIREWATCH_SINK_RETRY_MAX_MS: '2',
      ...env,
    });

  it('ends a write early when the cluster cannot be reached at all, saying why, with one prefix', async () => {
    let attempts = 0;
    const lines: string[] = [];
    const monitored = monitorOpenSearch(config(), {
      log: (line) => lines.push(line),
      // Bulk requests counted; /health's recheck also reaches the cluster (GET /) while degraded.
      fetch: (input) => {
        if ((input instanceof Request ? input.url : String(input)).endsWith('/_bulk')) attempts++;
        return Promise.reject(refused());
      },
      unreachableGiveUpMs: 30,
    });
    // The deadline is a minute away: only the monitor can end this write soon.
    const result = await monitored.sink.write(documents, { deadline: Date.now() + 60_000 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.retryable).toBe(true);
    expect(result.error.detail).toMatch(
      /^opensearch sink: cannot reach http:\/\/127\.0\.0\.1:9200: connection refused \(connect ECONNREFUSED 127\.0\.0\.1:9200\): nothing listens there.* \(\d+ attempts? in \d+\.\d s; Firehose retries the delivery\)$/,
    );
    expect(attempts).toBeGreaterThan(0);
    expect(lines[0]).toMatch(/^opensearch sink failing: OpenSearch http:\/\/127\.0\.0\.1:9200 cannot be reached: connection refused/);
    expect(monitored.health.report()).toMatchObject({ status: 'degraded', sink: 'opensearch' });
    // The next write, with the cluster still unreachable, gives up at its first failure.
    const before = attempts;
    expect((await monitored.sink.write(documents, { deadline: Date.now() + 60_000 })).ok).toBe(false);
    expect(attempts).toBe(before + 1);
  });

  it('names the user to map when OpenSearch answers 403, and the start-up check logs one line', async () => {
    const body = '{"error":{"reason":"no permissions for [indices:data/write/bulk] and User [name=firewatch, backend_roles=[]]"},"status":403}';
    const lines: string[] = [];
    const monitored = monitorOpenSearch(config({ FIREWATCH_OPENSEARCH_AUTH: 'basic', OPENSEARCH_USERNAME: 'firewatch', OPENSEARCH_PASSWORD: 'x' }), {
      log: (line) => lines.push(line),
      fetch: (input) =>
        Promise.resolve(
          new URL(input instanceof Request ? input.url : String(input)).pathname === '/'
            ? new Response('{"version":{"number":"2.19.0","distribution":"opensearch"}}')
            : new Response(body, { status: 403 }),
        ),
    });
    expect((await monitored.probe()).ok).toBe(true);
    expect(lines).toEqual(['OpenSearch http://127.0.0.1:9200 is reachable: opensearch 2.19.0 (basic auth accepted)']);
    const result = await monitored.sink.write(documents, { deadline: Date.now() + 60_000 });
    expect(result.ok ? 'ok' : result.error.detail).toBe(
      'opensearch sink: http://127.0.0.1:9200/_bulk answered 403: user firewatch lacks indices:data/write/bulk: map it to a role with cluster_monitor and, on rds-* and deadletter-rds, create_index and write (crud) (OpenSearch Dashboards → Security → Roles → Mapped users)',
    );
    expect(monitored.health.report()).toMatchObject({ status: 'degraded', error: expect.stringContaining('answered 403: user firewatch lacks') });
  });

  it('reports ok again once a write succeeds', async () => {
    let up = false;
    const lines: string[] = [];
    const monitored = monitorOpenSearch(config(), {
      log: (line) => lines.push(line),
      fetch: () => {
        if (!up) return Promise.reject(refused());
        return Promise.resolve(
          new Response(JSON.stringify({ took: 1, errors: false, items: [{ create: { _index: 'rds-2026-11-25', _id: 'e1', status: 201 } }] })),
        );
      },
      unreachableGiveUpMs: 10,
    });
    expect((await monitored.probe()).ok).toBe(false);
    expect(monitored.health.report().status).toBe('degraded');
    up = true;
    expect(await monitored.sink.write(documents, { deadline: Date.now() + 60_000 })).toEqual({ ok: true, stored: 1, deadLettered: 0 });
    expect(monitored.health.report()).toEqual({ status: 'ok', sink: 'opensearch' });
    expect(lines.at(-1)).toMatch(/^opensearch sink ok again after 1 failure over \d+\.\d s$/);
  });
});
