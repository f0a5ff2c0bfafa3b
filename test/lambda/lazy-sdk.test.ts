import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildEnvelope, buildTransformationEvent, encodeRecord } from '../../core/samples/records.ts';
import { bundleLambda } from '../../scripts/bundle.ts';

// Inside the project, so the bundle resolves the SDK from node_modules as the Lambda runtime provides it.
mkdirSync('dist', { recursive: true });
const dir = mkdtempSync(join('dist', 'lazy-sdk-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Bundles `entry` (SDK left external, as on Lambda), runs `handler` on each event in a fresh Node with
 * `env` added, and lists every module it resolved and the answers' `statusCode`s (or `records.length`).
 */
async function resolvedModules(
  entry: string,
  events: unknown[],
  env: Record<string, string | undefined> = {},
): Promise<{ modules: string[]; answers: unknown[] }> {
  const name = entry.replace(/\W/g, '-');
  const bundle = await bundleLambda(entry, join(dir, name), 'external');
  const log = resolve(dir, `${name}.resolved.log`);
  writeFileSync(log, '');
  const hooks = resolve(dir, `${name}.hooks.mjs`);
  writeFileSync(
    hooks,
    `import { appendFileSync } from 'node:fs';\nexport async function resolve(specifier, context, next) { appendFileSync(${
      JSON.stringify(log)
    }, specifier + '\\n'); return next(specifier, context); }\n`,
  );
  const register = resolve(dir, `${name}.register.mjs`);
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  const eventFile = resolve(dir, `${name}.events.json`);
  writeFileSync(eventFile, JSON.stringify(events));
  const script = `const { handler } = await import(${
    JSON.stringify(pathToFileURL(resolve(bundle.entry)).href)
  }); const events = JSON.parse((await import('node:fs')).readFileSync(${
    JSON.stringify(eventFile)
  }, 'utf8')); const answers = []; for (const event of events) { const r = await handler(event); answers.push(r.statusCode ?? r.records.length); } console.log(JSON.stringify(answers));`;
  const childEnv: Record<string, string | undefined> = { ...process.env, ...env };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete childEnv[key];
  const out = execFileSync(process.execPath, ['--import', pathToFileURL(register).href, '--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: childEnv,
    encoding: 'utf8',
  });
  return { modules: readFileSync(log, 'utf8').split('\n').filter(Boolean), answers: JSON.parse(out.trim().split('\n').at(-1)!) as unknown[] };
}

const sdkModules = (modules: string[]) => modules.filter((m) => m.startsWith('@aws-sdk/') || m.startsWith('@smithy/'));

/** A function URL event for the HTTP endpoint Lambda. */
function httpEvent(method: string, path: string, headers: Record<string, string> = {}, body?: string) {
  return {
    version: '2.0',
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'example.lambda-url.us-east-1.on.aws', ...headers },
    requestContext: {
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'test' },
      requestId: 'r1',
      stage: '$default',
      timeEpoch: 0,
    },
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: false,
  };
}

/** A delivery with `key`, to a Lambda whose OpenSearch is never reached (the key is refused, or no keys load). */
const delivery = (key: string) =>
  httpEvent('POST', '/', {
    'content-type': 'application/json',
    'x-amz-firehose-protocol-version': '1.0',
    'x-amz-firehose-request-id': 'lazy-1',
    'x-amz-firehose-access-key': key,
  }, '{"requestId":"lazy-1","timestamp":0,"records":[]}');

/** The HTTP endpoint Lambda's environment: OpenSearch that is never reached, dummy AWS settings. */
const httpEnv = {
  OPENSEARCH_URL: 'http://127.0.0.1:9',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIDLAZYTEST',
  AWS_SECRET_ACCESS_KEY: 'lazy-test',
  // Refused connections: the read fails fast.
  AWS_ENDPOINT_URL_SECRETS_MANAGER: 'http://127.0.0.1:9',
};

describe('the AWS SDK is imported lazily', () => {
  it('is not loaded by an invocation with nothing to re-ingest', async () => {
    const event = buildTransformationEvent([encodeRecord(buildEnvelope({ lines: ['2026-11-25T11:41:00.000001Z\t    1 Quit\t'] }))]);
    const { modules, answers } = await resolvedModules('lambda/transform.ts', [event]);
    expect(answers).toEqual([1]);
    expect(modules.some((m) => m.includes('transform') || m.includes('index.mjs'))).toBe(true);
    expect(sdkModules(modules)).toEqual([]);
  });

  it('is not loaded by the HTTP endpoint Lambda without FIREWATCH_ACCESS_KEY_SECRET', async () => {
    const { modules, answers } = await resolvedModules('lambda/http.ts', [httpEvent('GET', '/health'), delivery('wrong')], {
      ...httpEnv,
      FIREWATCH_ACCESS_KEYS: 'k1',
      FIREWATCH_ACCESS_KEY_SECRET: undefined,
    });
    // /health: 200, or 503 once the start-up check (running beside the first requests) found nothing at OPENSEARCH_URL.
    expect([answers[0] === 200 || answers[0] === 503, answers[1]]).toEqual([true, 401]);
    expect(sdkModules(modules)).toEqual([]);
  });

  it('is loaded by the HTTP endpoint Lambda with FIREWATCH_ACCESS_KEY_SECRET only at the first delivery, not at start-up or for health checks', async () => {
    const env = { ...httpEnv, FIREWATCH_ACCESS_KEYS: undefined, FIREWATCH_ACCESS_KEY_SECRET: 'firewatch/endpoint-key' };
    const started = await resolvedModules(
      'lambda/http.ts',
      [httpEvent('GET', '/health'), httpEvent('POST', '/', { 'content-type': 'application/json' }, '{}')],
      env,
    );
    expect([started.answers[0] === 200 || started.answers[0] === 503, started.answers[1]]).toEqual([true, 400]);
    expect(sdkModules(started.modules)).toEqual([]);

    // Secrets Manager unreachable: a retried 503, and the SDK was loaded to try.
    const delivered = await resolvedModules('lambda/http.ts', [delivery('k1')], env);
    expect(delivered.answers).toEqual([503]);
    expect(delivered.modules).toContain('@aws-sdk/client-secrets-manager');
  });
});
