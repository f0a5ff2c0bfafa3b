/**
 * The HTTP endpoint Lambda reading its access key from Secrets Manager (`FIREWATCH_ACCESS_KEY_SECRET`):
 * the real handler (lambda/http.ts) driven with function URL events, the real SDK client talking to a
 * local Secrets Manager stand-in, documents going to the OpenSearch stand-in, a fake clock for the cache.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildSampleHttpRequest } from '../../core/samples/events.ts';
import { FirewatchError } from '../../core/errors.ts';
import { DEFAULT_SECRET_RETRY_MS, DEFAULT_SECRET_TTL_MS, parseAccessKeySecret } from '../../lambda/access-key-secret.ts';
import type { createHttpHandler as CreateHttpHandler } from '../../lambda/http.ts';
import { DUMMY_CREDENTIALS } from '../support/firehose-standin.ts';
import { type OpenSearchStandIn, startOpenSearchStandIn } from '../support/opensearch-standin.ts';
import { type SecretsManagerStandIn, startSecretsManagerStandIn } from '../support/secrets-manager-standin.ts';
import { functionUrlEvent } from '../support/function-url-event.ts';

type LambdaResult = { statusCode: number; body: string; headers?: Record<string, string> };
type Handler = (event: Record<string, unknown>) => Promise<LambdaResult>;

let secretsManager: SecretsManagerStandIn;
let openSearch: OpenSearchStandIn;
let createHttpHandler: typeof CreateHttpHandler;

beforeAll(async () => {
  secretsManager = await startSecretsManagerStandIn();
  openSearch = await startOpenSearchStandIn();
  // The SDK finds the stand-in and its credentials where it finds them on Lambda: the environment.
  vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', secretsManager.url);
  vi.stubEnv('AWS_ACCESS_KEY_ID', DUMMY_CREDENTIALS.accessKeyId);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', DUMMY_CREDENTIALS.secretAccessKey);
  vi.stubEnv('AWS_SESSION_TOKEN', '');
  vi.stubEnv('AWS_REGION', 'us-east-1');
  // The module builds its own handler from the environment when imported, as Lambda starts it.
  vi.stubEnv('OPENSEARCH_URL', openSearch.url);
  vi.stubEnv('FIREWATCH_ACCESS_KEYS', 'module-handler-key');
  ({ createHttpHandler } = await import('../../lambda/http.ts'));
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await secretsManager?.close();
  await openSearch?.close();
});

let secretCount = 0;
/** A new secret for each test, so reads are counted per test. */
function newSecretName(): string {
  return `firewatch/endpoint-key-${++secretCount}`;
}

/** A handler reading `secret`, with a clock the test moves and the log lines it wrote. */
function lambda(secret: string, extraEnv: Record<string, string> = {}) {
  const clock = { now: 1_800_000_000_000 };
  const lines: string[] = [];
  const env = {
    OPENSEARCH_URL: openSearch.url,
    FIREWATCH_ACCESS_KEY_SECRET: secret,
    FIREWATCH_SINK_RETRY_BASE_MS: '5',
    FIREWATCH_SINK_RETRY_MAX_MS: '20',
    ...extraEnv,
  };
  const handler = createHttpHandler(env, { log: (line) => lines.push(line), accessKeySecret: { now: () => clock.now } }) as unknown as Handler;
  return {
    clock,
    lines,
    /** Sends a delivery with `key`; answers the status and the parsed Firehose answer. */
    async deliver(key: string | undefined, requestId = `req-${Math.random().toString(16).slice(2)}`) {
      const body = JSON.stringify({ ...sample, requestId });
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'x-amz-firehose-protocol-version': '1.0',
        'x-amz-firehose-request-id': requestId,
        'x-amz-firehose-source-arn': 'arn:aws:firehose:us-east-1:123456789012:deliverystream/firewatch-rds',
        ...(key === undefined ? {} : { 'x-amz-firehose-access-key': key }),
      };
      const result = await handler(await urlEvent('POST', '/', headers, body));
      const answer = JSON.parse(result.body) as { requestId: string; timestamp: number; errorMessage?: string };
      return { status: result.statusCode, requestId, answer, contentType: result.headers?.['content-type'] };
    },
    handler,
  };
}

const sample = buildSampleHttpRequest({ format: 'mixed', records: 2, events: 2, seed: 5 });

/** A function URL event for a request with a text body, as Firehose's POST arrives through one. */
const urlEvent = (method: string, path: string, headers: Record<string, string>, body?: string) =>
  functionUrlEvent(new Request(new URL(path, 'https://lambda.invalid'), { method, headers, ...(body === undefined ? {} : { body }) }));

beforeEach(() => secretsManager.recover());

describe('FIREWATCH_ACCESS_KEY_SECRET on the HTTP endpoint Lambda', () => {
  it('accepts the AWSCURRENT and the AWSPREVIOUS key of a JSON {"api_key"} secret and refuses others with 401', async () => {
    const name = newSecretName();
    secretsManager.putSecret(name, JSON.stringify({ api_key: 'key-2026-10' }));
    secretsManager.putSecret(name, JSON.stringify({ api_key: 'key-2026-11' }));
    const { deliver } = lambda(name);

    const current = await deliver('key-2026-11');
    const previous = await deliver('key-2026-10');
    const wrong = await deliver('key-2026-09');
    const missing = await deliver(undefined);

    expect([current.status, previous.status, wrong.status, missing.status]).toEqual([200, 200, 401, 401]);
    expect(current.answer.requestId).toBe(current.requestId);
    expect(wrong.answer).toMatchObject({ requestId: wrong.requestId, errorMessage: 'X-Amz-Firehose-Access-Key is not accepted' });
    expect(missing.answer.errorMessage).toBe('X-Amz-Firehose-Access-Key is missing');
    // Read with the real SDK: signed, JSON 1.1, both labels.
    const reads = secretsManager.requests.filter((r) => r.secretId === name);
    expect(reads.map((r) => r.versionStage).sort()).toEqual(['AWSCURRENT', 'AWSPREVIOUS']);
    expect(reads.every((r) => r.authorization?.startsWith('AWS4-HMAC-SHA256 Credential=AKIDLOCALSTANDIN/') === true)).toBe(true);
  });

  it('takes a plain-text secret as the key itself, and a secret never rotated (no AWSPREVIOUS) is fine', async () => {
    const name = newSecretName();
    secretsManager.putSecret(name, 'plain-key-0001');
    const { deliver, lines } = lambda(name);

    expect((await deliver('plain-key-0001')).status).toBe(200);
    expect((await deliver('{"api_key":"plain-key-0001"}')).status).toBe(401);
    expect(secretsManager.requests.filter((r) => r.secretId === name).map((r) => r.status).sort()).toEqual([200, 400]);
    expect(lines.filter((line) => line.includes('access-key-secret'))).toEqual([]);
  });

  it('reads the secret by ARN too', async () => {
    const name = newSecretName();
    const arn = secretsManager.putSecret(name, JSON.stringify({ api_key: 'arn-key' }));
    const { deliver } = lambda(arn);
    expect((await deliver('arn-key')).status).toBe(200);
  });

  it('reads the secret once for many deliveries and again on the first delivery after 5 minutes, picking up a rotation', async () => {
    const name = newSecretName();
    secretsManager.putSecret(name, JSON.stringify({ api_key: 'key-a' }));
    const { deliver, clock } = lambda(name);
    const readsOf = () => secretsManager.requests.filter((r) => r.secretId === name).length;
    expect(readsOf()).toBe(0); // nothing at start-up

    for (let i = 0; i < 5; i++) expect((await deliver('key-a')).status).toBe(200);
    expect(readsOf()).toBe(2); // AWSCURRENT + AWSPREVIOUS, once

    secretsManager.putSecret(name, JSON.stringify({ api_key: 'key-b' }));
    clock.now += DEFAULT_SECRET_TTL_MS - 1;
    expect((await deliver('key-a')).status).toBe(200);
    expect(readsOf()).toBe(2); // still cached

    clock.now += 1;
    expect((await deliver('key-b')).status).toBe(200);
    expect(readsOf()).toBe(4);
    expect((await deliver('key-a')).status).toBe(200); // now AWSPREVIOUS: Firehose may still send it

    secretsManager.putSecret(name, JSON.stringify({ api_key: 'key-c' }));
    clock.now += DEFAULT_SECRET_TTL_MS;
    expect((await deliver('key-c')).status).toBe(200);
    expect((await deliver('key-a')).status).toBe(401); // two rotations ago
    expect(readsOf()).toBe(6);
  });

  it('looks again early when a refused key may be one rotated since the last read, at most every 30 s', async () => {
    const name = newSecretName();
    secretsManager.putSecret(name, JSON.stringify({ api_key: 'key-a' }));
    const { deliver, clock } = lambda(name);
    const readsOf = () => secretsManager.requests.filter((r) => r.secretId === name).length;
    expect((await deliver('key-a')).status).toBe(200);

    // Firehose picked up a rotation before our cache expired.
    secretsManager.putSecret(name, JSON.stringify({ api_key: 'key-b' }));
    clock.now += DEFAULT_SECRET_RETRY_MS - 1;
    expect((await deliver('key-b')).status).toBe(401); // too soon after the last read: no call
    expect(readsOf()).toBe(2);
    clock.now += 1;
    expect((await deliver('key-b')).status).toBe(200);
    expect(readsOf()).toBe(4);

    // Guessed keys cost no more than one read per 30 s.
    for (let i = 0; i < 5; i++) expect((await deliver(`guess-${i}`)).status).toBe(401);
    expect(readsOf()).toBe(4);
  });

  it('answers 503 in the Firehose shape, with the request id, when Secrets Manager is down at the first delivery, and recovers', async () => {
    const name = newSecretName();
    secretsManager.putSecret(name, JSON.stringify({ api_key: 'key-a' }));
    const { deliver, lines } = lambda(name);
    const bulkBefore = openSearch.bulkRequests().length;
    secretsManager.failRequests();

    const down = await deliver('key-a');
    expect(down.status).toBe(503);
    expect(down.contentType).toMatch(/^application\/json/);
    expect(down.answer.requestId).toBe(down.requestId);
    expect(Number.isSafeInteger(down.answer.timestamp)).toBe(true);
    // Nothing of the provider's error reaches the caller (not the secret, the variable or the error name)...
    expect(down.answer.errorMessage).toBe('firewatch: the access keys could not be loaded; the endpoint logged why with this request id; Firehose retries');
    expect(openSearch.bulkRequests()).toHaveLength(bulkBefore);
    const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const secretLines = logged.filter((l) => l['firewatch'] === 'access-key-secret');
    expect(secretLines).toEqual([{ firewatch: 'access-key-secret', secret: name, error: expect.stringMatching(/^InternalServiceError: /) }]);
    // ...the delivery's log line has it in full.
    const deliveryLines = logged.filter((l) => l['firewatch'] === 'delivery');
    expect(deliveryLines).toEqual([
      expect.objectContaining({
        requestId: down.requestId,
        status: 503,
        errorMessage: down.answer.errorMessage,
        reason: expect.stringMatching(
          /^firewatch: the access keys could not be loaded: .*FIREWATCH_ACCESS_KEY_SECRET: the secret could not be read \(InternalServiceError\).*; caused by InternalServiceError: /,
        ),
      }),
    ]);

    // Nothing cached: the next delivery (Firehose's retry) tries again.
    secretsManager.recover();
    expect((await deliver('key-a')).status).toBe(200);
  });

  it('keeps the keys it has when a refresh fails, logs one line, and tries again after 30 s', async () => {
    const name = newSecretName();
    secretsManager.putSecret(name, JSON.stringify({ api_key: 'key-a' }));
    const { deliver, clock, lines } = lambda(name);
    const readsOf = () => secretsManager.requests.filter((r) => r.secretId === name).length;
    expect((await deliver('key-a')).status).toBe(200);

    secretsManager.failRequests();
    clock.now += DEFAULT_SECRET_TTL_MS;
    expect((await deliver('key-a')).status).toBe(200);
    const failedReads = readsOf();
    expect(failedReads).toBeGreaterThan(2);
    const secretLines = lines.filter((line) => line.includes('"access-key-secret"'));
    expect(secretLines).toHaveLength(1);
    expect(JSON.parse(secretLines[0]!)).toMatchObject({ secret: name, keptKeysReadMsAgo: DEFAULT_SECRET_TTL_MS });

    // Not every delivery during the outage waits for Secrets Manager.
    expect((await deliver('key-a')).status).toBe(200);
    expect(readsOf()).toBe(failedReads);

    secretsManager.recover();
    secretsManager.putSecret(name, JSON.stringify({ api_key: 'key-b' }));
    clock.now += DEFAULT_SECRET_RETRY_MS;
    expect((await deliver('key-b')).status).toBe(200);
    expect(readsOf()).toBe(failedReads + 2);
  });

  it('answers a generic 500 when the secret is JSON without a string api_key, its log line naming the variable, without the secret', async () => {
    const name = newSecretName();
    secretsManager.putSecret(name, JSON.stringify({ apiKey: 'do-not-echo' }));
    const { deliver, lines } = lambda(name);
    const result = await deliver('do-not-echo');
    expect(result.status).toBe(500);
    expect(result.answer.requestId).toBe(result.requestId);
    expect(result.answer.errorMessage).toBe('firewatch: configuration: the endpoint configuration is invalid; its log names the variable');
    const delivery = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((l) => l['firewatch'] === 'delivery');
    expect(delivery).toMatchObject({
      requestId: result.requestId,
      status: 500,
      reason: expect.stringMatching(/FIREWATCH_ACCESS_KEY_SECRET: the AWSCURRENT version is JSON without a string "api_key"/),
    });
    expect(lines.join('\n')).not.toContain('do-not-echo');
  });

  it('ignores an AWSPREVIOUS version it cannot use, with a log line, and keeps the current key', async () => {
    const name = newSecretName();
    secretsManager.putSecret(name, '["not", "a", "key"]');
    secretsManager.putSecret(name, JSON.stringify({ api_key: 'key-b' }));
    const { deliver, lines } = lambda(name);
    expect((await deliver('key-b')).status).toBe(200);
    expect(lines.filter((line) => line.includes('"ignored":"AWSPREVIOUS"'))).toHaveLength(1);
  });

  it('accepts FIREWATCH_ACCESS_KEYS besides the secret', async () => {
    const name = newSecretName();
    secretsManager.putSecret(name, JSON.stringify({ api_key: 'from-secret' }));
    const { deliver } = lambda(name, { FIREWATCH_ACCESS_KEYS: 'from-env' });
    expect((await deliver('from-secret')).status).toBe(200);
    expect((await deliver('from-env')).status).toBe(200);
    expect((await deliver('neither')).status).toBe(401);
  });

  it('still accepts FIREWATCH_ACCESS_KEYS while the secret cannot be read; other keys get 503, not 401', async () => {
    const name = newSecretName();
    secretsManager.putSecret(name, JSON.stringify({ api_key: 'from-secret' }));
    const { deliver } = lambda(name, { FIREWATCH_ACCESS_KEYS: 'from-env' });
    secretsManager.failRequests();
    expect((await deliver('from-env')).status).toBe(200);
    const other = await deliver('from-secret');
    expect(other.status).toBe(503);
    expect(other.answer.requestId).toBe(other.requestId);
  });

  it('never asks Secrets Manager for health checks or POSTs without the Firehose headers', async () => {
    const name = newSecretName();
    secretsManager.putSecret(name, JSON.stringify({ api_key: 'key-a' }));
    const { handler } = lambda(name);
    expect((await handler(await urlEvent('GET', '/health', {}))).statusCode).toBe(200);
    const post = await handler(await urlEvent('POST', '/', { 'content-type': 'application/json' }, '{}'));
    expect(post.statusCode).toBe(400);
    expect(JSON.parse(post.body)).toMatchObject({ requestId: '', errorMessage: expect.stringMatching(/X-Amz-Firehose-Protocol-Version is missing/) });
    expect(secretsManager.requests.filter((r) => r.secretId === name)).toHaveLength(0);
  });

  it('starts without FIREWATCH_ACCESS_KEYS when the secret is set, and still requires one of the two', () => {
    expect(() => createHttpHandler({ OPENSEARCH_URL: openSearch.url, FIREWATCH_ACCESS_KEY_SECRET: 'firewatch/anything' })).not.toThrow();
    expect(() => createHttpHandler({ OPENSEARCH_URL: openSearch.url, FIREWATCH_ACCESS_KEY_SECRET: ' ' })).toThrow(/FIREWATCH_ACCESS_KEYS is required/);
    expect(() => createHttpHandler({ OPENSEARCH_URL: openSearch.url, FIREWATCH_ACCESS_KEY_SECRET: 'x'.repeat(2049) })).toThrow(
      /FIREWATCH_ACCESS_KEY_SECRET is 2049 characters/,
    );
  });
});

describe('parseAccessKeySecret', () => {
  const configInvalid = (text: string | undefined, detail: RegExp) => {
    let thrown: unknown;
    try {
      parseAccessKeySecret(text, 'AWSCURRENT');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(FirewatchError);
    expect(thrown).toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringMatching(/^firewatch: FIREWATCH_ACCESS_KEY_SECRET: the AWSCURRENT version /),
    });
    expect((thrown as Error).message).toMatch(detail);
  };

  it('reads the api_key of a JSON object, as Firehose does, and takes other text whole', () => {
    expect(parseAccessKeySecret('{"api_key":"k-1","note":"x"}', 'AWSCURRENT')).toBe('k-1');
    expect(parseAccessKeySecret(' plain key \n', 'AWSCURRENT')).toBe('plain key');
    expect(parseAccessKeySecret('{not json', 'AWSCURRENT')).toBe('{not json');
  });

  it('refuses JSON that is not {"api_key": string}, empty keys, keys over 4096 bytes and binary secrets', () => {
    configInvalid('{"apiKey":"k"}', /JSON without a string "api_key"/);
    configInvalid('{"api_key":42}', /JSON without a string "api_key"/);
    configInvalid('["k"]', /JSON without a string "api_key"/);
    configInvalid('12345', /JSON without a string "api_key"/);
    configInvalid('null', /JSON without a string "api_key"/);
    configInvalid('{"api_key":"  "}', /empty key/);
    configInvalid('', /empty key/);
    configInvalid('k'.repeat(4097), /4097 bytes, longer than Firehose's 4096/);
    configInvalid(undefined, /no SecretString/);
  });
});
