/**
 * `firewatch opensearch setup` against the OpenSearch stand-in: idempotence, ISM's optimistic
 * concurrency (if_seq_no / if_primary_term), authentication and refusals: what needs ISM (the real engine
 * of the live suites has no ISM plugin) or fault injection. Setup against the real OpenSearch, and real
 * documents of every parser fitting the templates, are in test/live/opensearch-setup.test.ts.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { indexTemplate, retentionPolicy } from '../../../core/opensearch/index-template.ts';
import { planOpenSearchSetup, type SetupConnection, setupOpenSearch } from '../../../core/opensearch/setup.ts';
import { type OpenSearchStandIn, startOpenSearchStandIn } from '../../support/opensearch-standin.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const BIN = join(ROOT, 'scripts', 'firewatch.mjs');

const connection = (os: OpenSearchStandIn, auth: SetupConnection['auth'] = { type: 'none' }): SetupConnection => ({
  url: os.url,
  auth,
  requestTimeoutMs: 5_000,
});
const statuses = (items: readonly { status: string }[]) => items.map((i) => i.status);

/** `fetch` straight at the stand-in, for checking its wire formats. */
async function call(os: OpenSearchStandIn, method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${os.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

describe('opensearch setup against the stand-in', () => {
  let os: OpenSearchStandIn;
  beforeAll(async () => {
    os = await startOpenSearchStandIn();
  });
  afterAll(() => os.close());
  beforeEach(() => os.reset());

  it('creates the templates and the policy, then reports unchanged and writes nothing (idempotent)', async () => {
    const first = await setupOpenSearch(connection(os), { index: 'logs', rotation: 'OneDay' });
    expect(first.ok).toBe(true);
    expect(first.items.map((i) => `${i.kind} ${i.name} ${i.status}`)).toEqual([
      'index_template firewatch-logs created',
      'index_template firewatch-deadletter-logs created',
      'ism_policy firewatch-logs-retention created',
    ]);
    expect(os.template('firewatch-logs')).toMatchObject({ index_patterns: ['logs', 'logs-*'], priority: 100, composed_of: [] });
    expect(os.template('firewatch-deadletter-logs')).toMatchObject({ index_patterns: ['deadletter-logs', 'deadletter-logs-*'], priority: 101 });
    const stored = os.policy('firewatch-logs-retention')!;
    // What ISM adds is there, so "unchanged" below proves the comparison tolerates it.
    expect(stored.policy).toMatchObject({
      policy_id: 'firewatch-logs-retention',
      default_state: 'hot',
      error_notification: null,
      ism_template: [{ index_patterns: ['logs-*'], priority: 100 }],
    });
    expect(JSON.stringify(stored.policy)).toContain('"retry":{"count":3');

    os.requests.length = 0;
    const second = await setupOpenSearch(connection(os), { index: 'logs', rotation: 'OneDay' });
    expect(second.ok && statuses(second.items)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(os.requests.map((r) => r.method)).toEqual(['GET', 'GET', 'GET']);
  });

  it('updates a changed retention with the if_seq_no and if_primary_term of its GET', async () => {
    await setupOpenSearch(connection(os), { index: 'logs', rotation: 'OneDay', retentionDays: 30 });
    const before = os.policy('firewatch-logs-retention')!;
    os.requests.length = 0;
    const result = await setupOpenSearch(connection(os), { index: 'logs', rotation: 'OneDay', retentionDays: 7 });
    expect(result.ok).toBe(true);
    expect(result.items.map((i) => i.status)).toEqual(['unchanged', 'unchanged', 'updated']);
    const after = os.policy('firewatch-logs-retention')!;
    expect(result.items[2]!.detail).toBe(`seq_no ${before.seqNo} → ${after.seqNo}`);
    expect(os.requests.find((r) => r.method === 'PUT')?.url).toBe(
      `/_plugins/_ism/policies/firewatch-logs-retention?if_seq_no=${before.seqNo}&if_primary_term=${before.primaryTerm}`,
    );
    expect(after.policy['states']).toMatchObject([{ name: 'hot', transitions: [{ state_name: 'delete', conditions: { min_index_age: '7d' } }] }, {
      name: 'delete',
    }]);
  });

  it('updates a template that differs, even by a field firewatch no longer sends (the fingerprint)', async () => {
    const edited = indexTemplate({ index: 'logs' });
    (edited.template.mappings['properties'] as Record<string, unknown>)['legacy_field'] = { type: 'keyword' };
    expect((await call(os, 'PUT', '/_index_template/firewatch-logs', { ...edited, _meta: { ...edited._meta, fingerprint: 'older' } })).status).toBe(200);
    const result = await setupOpenSearch(connection(os), { index: 'logs', rotation: 'OneDay' });
    expect(statuses(result.items)).toEqual(['updated', 'created', 'created']);
    expect(JSON.stringify(os.template('firewatch-logs'))).not.toContain('legacy_field');
  });

  it('fails clearly, without overwriting, when the policy changes between its GET and PUT (409)', async () => {
    await setupOpenSearch(connection(os), { index: 'logs', rotation: 'OneDay', retentionDays: 30 });
    // Someone else updates the policy right after setup read it.
    const racing: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const request = input as Request;
      if (request.method === 'GET' && request.url.includes('_ism/policies')) {
        const { seqNo, primaryTerm } = os.policy('firewatch-logs-retention')!;
        await call(
          os,
          'PUT',
          `/_plugins/_ism/policies/firewatch-logs-retention?if_seq_no=${seqNo}&if_primary_term=${primaryTerm}`,
          retentionPolicy({ index: 'logs', retentionDays: 90 }),
        );
      }
      return response;
    };
    const result = await setupOpenSearch(connection(os), { index: 'logs', rotation: 'OneDay', retentionDays: 7 }, { fetch: racing });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('SINK_REJECTED');
    expect(result.error.message).toMatch(
      /^firewatch: opensearch setup: ISM policy firewatch-logs-retention: PUT http:\/\/127\.0\.0\.1:\d+\/_plugins\/_ism\/policies\/firewatch-logs-retention\?if_seq_no=\d+&if_primary_term=1 answered 409 \(version_conflict_engine_exception: .*current document has seqNo.*\): it changed since it was read; run setup again$/,
    );
    expect(JSON.stringify(os.policy('firewatch-logs-retention')!.policy)).toContain('"min_index_age":"90d"');
  });

  it('sends basic auth on every request, and says so when the credentials are wrong (401)', async () => {
    os.requireBasicAuth('firewatch', 's3cret');
    const good = await setupOpenSearch(connection(os, { type: 'basic', username: 'firewatch', password: 's3cret' }), { index: 'logs', rotation: 'OneDay' });
    expect(good.ok).toBe(true);
    expect(os.requests.length).toBe(6);
    for (const request of os.requests) expect(request.headers.authorization).toBe(`Basic ${Buffer.from('firewatch:s3cret').toString('base64')}`);

    const bad = await setupOpenSearch(connection(os, { type: 'basic', username: 'firewatch', password: 'wrong' }), { index: 'logs', rotation: 'OneDay' });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.items).toEqual([]);
    expect(bad.error.message).toContain('index template firewatch-logs: GET ');
    expect(bad.error.message).toContain('answered 401 (Unauthorized): authentication failed: check FIREWATCH_OPENSEARCH_AUTH');
  });

  it('names the step, the request and the missing permission on 403, keeping what was done', async () => {
    os.forbid((_method, path) => path.startsWith('/_plugins/_ism/'));
    const result = await setupOpenSearch(connection(os), { index: 'logs', rotation: 'OneDay' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(statuses(result.items)).toEqual(['created', 'created']);
    expect(result.error.code).toBe('SINK_REJECTED');
    expect(result.error.message).toContain('ISM policy firewatch-logs-retention: GET ');
    expect(result.error.message).toContain('answered 403 (security_exception: no permissions for [cluster:admin/opendistro/ism/policy/get]');
    expect(result.error.message).toContain('not allowed to manage ISM policies');
  });

  it('reports an unreachable cluster as SINK_UNAVAILABLE', async () => {
    const down = await startOpenSearchStandIn();
    await down.close();
    const result = await setupOpenSearch({ url: down.url, auth: { type: 'none' }, requestTimeoutMs: 2_000 }, { index: 'logs', rotation: 'OneDay' });
    expect(result.ok === false && result.error.code).toBe('SINK_UNAVAILABLE');
    expect(result.ok === false && result.error.message).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/_index_template\/firewatch-logs: network error/);
  });

  it('skips the policy without rotation and on Serverless; refuses a dead-letter index the policy would delete', async () => {
    const plain = await setupOpenSearch(connection(os), { index: 'logs', rotation: 'NoRotation' });
    expect(statuses(plain.items)).toEqual(['created', 'created', 'skipped']);
    expect(plain.items[2]!.detail).toContain('NoRotation');
    const serverless = planOpenSearchSetup({ index: 'logs', rotation: 'OneDay', serverless: true });
    expect(serverless[2]!.skip).toContain('OpenSearch Serverless has no ISM');
    expect(() => planOpenSearchSetup({ index: 'logs', deadLetterIndex: 'logs-refused', rotation: 'OneDay' })).toThrow(
      /logs-refused matches the retention pattern logs-\*/,
    );
    const outcome = await setupOpenSearch(connection(os), { index: 'logs', rotation: 'OneDay', retentionDays: 0 });
    expect(outcome.ok === false && outcome.error.code).toBe('CONFIG_INVALID');
  });

  it('refuses overlapping templates at the same priority, as OpenSearch does; another priority fixes it', async () => {
    expect((await setupOpenSearch(connection(os), { index: 'logs', rotation: 'OneDay' })).ok).toBe(true);
    const clash = await setupOpenSearch(connection(os), { index: 'logs-audit', rotation: 'OneDay' });
    expect(clash.ok === false && clash.error.message).toContain(
      'answered 400 (illegal_argument_exception: index template [firewatch-logs-audit] has index patterns [logs-audit, logs-audit-*] matching patterns from existing templates [firewatch-logs]',
    );
    const fixed = await setupOpenSearch(connection(os), { index: 'logs-audit', rotation: 'OneDay', priority: 110 });
    expect(fixed.ok && statuses(fixed.items)).toEqual(['created', 'created', 'created']);
  });
});

describe('the stand-in answers template and ISM requests in their documented wire formats', () => {
  let os: OpenSearchStandIn;
  beforeAll(async () => {
    os = await startOpenSearchStandIn();
  });
  afterAll(() => os.close());
  beforeEach(() => os.reset());

  it('index templates: 404 resource_not_found_exception, PUT acknowledged, GET {index_templates: [{name, index_template}]}', async () => {
    const missing = await call(os, 'GET', '/_index_template/t1');
    expect(missing).toEqual({
      status: 404,
      json: {
        error: {
          root_cause: [{ type: 'resource_not_found_exception', reason: 'index template matching [t1] not found' }],
          type: 'resource_not_found_exception',
          reason: 'index template matching [t1] not found',
        },
        status: 404,
      },
    });
    const put = await call(os, 'PUT', '/_index_template/t1', {
      index_patterns: ['a-*'],
      priority: 5,
      template: { settings: { number_of_shards: 1 }, mappings: { properties: { n: { type: 'long' } } } },
    });
    expect(put).toEqual({ status: 200, json: { acknowledged: true } });
    expect((await call(os, 'GET', '/_index_template/t1')).json).toEqual({
      index_templates: [{
        name: 't1',
        index_template: {
          index_patterns: ['a-*'],
          template: { settings: { index: { number_of_shards: '1' } }, mappings: { properties: { n: { type: 'long' } } } },
          composed_of: [],
          priority: 5,
        },
      }],
    });
    expect(
      (await call(os, 'PUT', '/_index_template/t2', {
        index_patterns: ['b-*'],
        template: { mappings: { properties: { m: { type: 'text', ignore_above: 10 } } } },
      })).json,
    ).toMatchObject({
      status: 400,
      error: { type: 'mapper_parsing_exception', reason: 'Failed to parse mapping [_doc]: unknown parameter [ignore_above] on mapper [m] of type [text]' },
    });
  });

  it('ISM policies: 404 Policy not found, 201 on create, 409 on a second create or a stale seq_no, 200 on update', async () => {
    expect(await call(os, 'GET', '/_plugins/_ism/policies/p1')).toEqual({
      status: 404,
      json: {
        error: { root_cause: [{ type: 'status_exception', reason: 'Policy not found' }], type: 'status_exception', reason: 'Policy not found' },
        status: 404,
      },
    });
    const body = retentionPolicy({ index: 'x', retentionDays: 3 });
    const created = await call(os, 'PUT', '/_plugins/_ism/policies/p1', body);
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      _id: 'p1',
      _version: 1,
      _primary_term: 1,
      _seq_no: 0,
      policy: { policy: { policy_id: 'p1', description: body.policy['description'] } },
    });
    const again = await call(os, 'PUT', '/_plugins/_ism/policies/p1', body);
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({
      status: 409,
      error: { type: 'version_conflict_engine_exception', reason: '[p1]: version conflict, document already exists (current version [1])' },
    });
    const stale = await call(os, 'PUT', '/_plugins/_ism/policies/p1?if_seq_no=5&if_primary_term=1', body);
    expect(stale.json).toMatchObject({
      status: 409,
      error: { reason: '[p1]: version conflict, required seqNo [5], primary term [1]. current document has seqNo [0] and primary term [1]' },
    });
    const updated = await call(os, 'PUT', '/_plugins/_ism/policies/p1?if_seq_no=0&if_primary_term=1', body);
    expect(updated).toMatchObject({ status: 200, json: { _version: 2, _seq_no: 1 } });
    const got = await call(os, 'GET', '/_plugins/_ism/policies/p1');
    expect(got.json).toMatchObject({
      _id: 'p1',
      _version: 2,
      _seq_no: 1,
      _primary_term: 1,
      policy: { policy_id: 'p1', schema_version: 21, ism_template: [{ index_patterns: ['x-*'], priority: 100 }] },
    });
    const overlapping = await call(os, 'PUT', '/_plugins/_ism/policies/p2', retentionPolicy({ index: 'x', retentionDays: 4 }));
    expect(overlapping.json).toMatchObject({
      status: 400,
      error: {
        type: 'illegal_argument_exception',
        reason: 'New policy p2 has an ISM template with index pattern [x-*] matching existing policy templates, please use a different priority than 100',
      },
    });
  });
});

describe('firewatch opensearch setup (the CLI, as a subprocess)', () => {
  let os: OpenSearchStandIn;
  beforeAll(async () => {
    os = await startOpenSearchStandIn();
    os.requireBasicAuth('admin', 'pw with spaces ');
  });
  afterAll(() => os.close());

  function run(args: readonly string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(OPENSEARCH_|FIREWATCH_|AWS_)/.test(k)));
      const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...clean, ...env } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  it('creates, then reports unchanged; --dry-run needs no cluster; a refusal is one line and exit 1', async () => {
    const env = { OPENSEARCH_URL: os.url, FIREWATCH_OPENSEARCH_AUTH: 'basic', OPENSEARCH_USERNAME: 'admin', OPENSEARCH_PASSWORD: 'pw with spaces ' };
    const [first, dry, usage] = await Promise.all([
      run(['opensearch', 'setup', '--index', 'rds', '--retention-days', '14'], env),
      run(['opensearch', 'setup', '--dry-run', '--index', 'rds'], {}),
      run(['opensearch', 'setup', '--retention-days', 'forever'], {}),
    ]);
    expect([first.code, first.stderr]).toEqual([0, '']);
    expect(first.stdout.split('\n').filter((l) => l !== '')).toEqual([
      'firewatch opensearch setup: index template firewatch-rds: created',
      'firewatch opensearch setup: index template firewatch-deadletter-rds: created',
      'firewatch opensearch setup: ISM policy firewatch-rds-retention: created',
      `firewatch opensearch setup: ${os.url}: 3 created`,
    ]);
    expect(JSON.stringify(os.policy('firewatch-rds-retention')!.policy)).toContain('"min_index_age":"14d"');

    const second = await run(['opensearch', 'setup', '--index', 'rds', '--retention-days', '14'], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`firewatch opensearch setup: ${os.url}: 3 unchanged\n`);

    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('# index template firewatch-rds\nPUT _index_template/firewatch-rds\n{\n  "index_patterns": [\n    "rds",\n    "rds-*"\n  ],');
    expect(dry.stdout).toContain('PUT _plugins/_ism/policies/firewatch-rds-retention\n');
    expect([usage.code, usage.stderr]).toEqual([
      2,
      'firewatch opensearch: --retention-days must be a whole number from 1 to 36500, got "forever" (firewatch opensearch --help shows the usage)\n',
    ]);

    const denied = await run(['opensearch', 'setup', '--index', 'rds'], { ...env, OPENSEARCH_PASSWORD: 'nope' });
    expect(denied.code).toBe(1);
    expect(denied.stdout).toBe('');
    expect(denied.stderr.split('\n').filter((l) => l !== '')).toHaveLength(1);
    expect(denied.stderr).toMatch(
      /^firewatch: opensearch setup: index template firewatch-rds: GET http:\/\/127\.0\.0\.1:\d+\/_index_template\/firewatch-rds answered 401 \(Unauthorized\): authentication failed/,
    );
  });
});
