/**
 * The protocol suite against the Lambda adapter (lambda/http.ts), its handler invoked with the events a
 * function URL or an API Gateway HTTP API (payload 2.0, the same shape) sends: text bodies as is,
 * gzip bodies base64-encoded. The module is imported after its environment is set, as Lambda starts it.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FirewatchError } from '../../core/errors.ts';
import { type OpenSearchStandIn, startOpenSearchStandIn } from '../support/opensearch-standin.ts';
import { describeProtocol, protocolEnv, type SendRequest, standInStore } from './protocol-suite.ts';
import { functionUrlEvent } from '../support/function-url-event.ts';

type Handler = (
  event: Record<string, unknown>,
) => Promise<{ statusCode: number; headers?: Record<string, string | string[]>; body: string; isBase64Encoded: boolean }>;

let standIn: OpenSearchStandIn;
let handler: Handler;

beforeAll(async () => {
  standIn = await startOpenSearchStandIn();
  // The adapter logs one line per unsuccessful delivery; the suite sends some on purpose.
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  for (const [name, value] of Object.entries(protocolEnv(standIn.url))) vi.stubEnv(name, value);
  handler = (await import('../../lambda/http.ts')).handler as unknown as Handler;
});
afterAll(async () => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  await standIn?.close();
});

const send: SendRequest = async (path, init) => {
  const result = await handler(await functionUrlEvent(new Request(new URL(path, 'https://lambda.invalid'), init)));
  const headers = new Headers();
  for (const [name, value] of Object.entries(result.headers ?? {})) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  const body = result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body;
  return new Response(result.statusCode === 204 ? null : body, { status: result.statusCode, headers });
};

describeProtocol('AWS Lambda (function URL / API Gateway v2 events)', () => ({ send, store: standInStore(standIn) }));

describe('lambda/http.ts', () => {
  it('answers an API Gateway REST API (payload 1.0) health check too', async () => {
    const result = await handler({
      version: '1.0',
      resource: '/{proxy+}',
      path: '/health',
      httpMethod: 'GET',
      headers: { accept: '*/*' },
      multiValueHeaders: { accept: ['*/*'] },
      body: null,
      isBase64Encoded: false,
      requestContext: {
        accountId: '123456789012',
        apiId: 'abc123',
        stage: 'prod',
        requestId: 'r1',
        identity: { sourceIp: '203.0.113.7' },
        path: '/prod/health',
        resourcePath: '/{proxy+}',
        httpMethod: 'GET',
      },
    });
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ status: 'ok', sink: 'opensearch' });
  });

  it('logs a delivery not answered 200 as one JSON line with its reason', async () => {
    const { createHttpHandler } = await import('../../lambda/http.ts');
    const lines: string[] = [];
    const lambda = createHttpHandler({ FIREWATCH_ACCESS_KEYS: 'k1', OPENSEARCH_URL: standIn.url }, { log: (line) => lines.push(line) }) as unknown as Handler;
    const request = new Request('https://lambda.invalid/', {
      method: 'POST',
      headers: { 'x-amz-firehose-protocol-version': '1.0', 'x-amz-firehose-request-id': 'lambda-1', 'x-amz-firehose-access-key': 'k1' },
      body: '{"requestId":"lambda-1","records":[',
    });
    const result = await lambda(await functionUrlEvent(request));
    expect(result.statusCode).toBe(400);
    // Besides the OpenSearch check's line ({"firewatch":"opensearch",...}), one JSON line per delivery not answered 200.
    const deliveries = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line['firewatch'] === 'delivery');
    expect(deliveries).toEqual([
      expect.objectContaining({ firewatch: 'delivery', requestId: 'lambda-1', status: 400, reason: expect.stringContaining('byte') }),
    ]);
  });

  it('refuses to start without OPENSEARCH_URL, naming it (CONFIG_INVALID)', async () => {
    const { createHttpHandler } = await import('../../lambda/http.ts');
    let thrown: unknown;
    try {
      createHttpHandler({ FIREWATCH_ACCESS_KEYS: 'k1' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(FirewatchError);
    expect(thrown).toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringMatching(/OPENSEARCH_URL is required on Lambda/) });
    expect(() => createHttpHandler({ OPENSEARCH_URL: 'http://127.0.0.1:9' })).toThrow(/FIREWATCH_ACCESS_KEYS is required/);
  });
});
