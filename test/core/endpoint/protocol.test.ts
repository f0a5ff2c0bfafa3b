import { describe, expect, it } from 'vitest';
import { readEndpointConfig } from '../../../core/endpoint/config.ts';
import { accessKeyMatches, checkDeliveryHeaders, parseCommonAttributes, protocolResponse, responseBody } from '../../../core/endpoint/protocol.ts';

const base = {
  'x-amz-firehose-protocol-version': '1.0',
  'x-amz-firehose-request-id': 'req-1',
  'x-amz-firehose-access-key': 'k2',
};
const keys = { accessKeys: ['k1', 'k2'], allowNoAccessKey: false };
const check = (headers: Record<string, string>, config = keys) => checkDeliveryHeaders(new Headers(headers), config);

describe('access keys', () => {
  it('accepts any of several configured keys, and only those', async () => {
    expect(await accessKeyMatches('k1', ['k1', 'k2'])).toBe(true);
    expect(await accessKeyMatches('k2', ['k1', 'k2'])).toBe(true);
    expect(await accessKeyMatches('k3', ['k1', 'k2'])).toBe(false);
    expect(await accessKeyMatches('k', ['k1', 'k2'])).toBe(false);
    expect(await accessKeyMatches('k1 ', ['k1'])).toBe(false);
    expect(await accessKeyMatches('', [])).toBe(false);
  });

  it('answers 401 for a missing or wrong key, naming which', async () => {
    const missing = await check({ ...base, 'x-amz-firehose-access-key': '' });
    expect(missing).toMatchObject({ ok: false, failure: { status: 401, requestId: 'req-1', message: 'X-Amz-Firehose-Access-Key is missing' } });
    const wrong = await check({ ...base, 'x-amz-firehose-access-key': 'nope' });
    expect(wrong).toMatchObject({ ok: false, failure: { status: 401, message: 'X-Amz-Firehose-Access-Key is not accepted' } });
  });

  it('needs no key only when the configuration allows none', async () => {
    const { 'x-amz-firehose-access-key': _, ...without } = base;
    expect((await check(without, { accessKeys: [], allowNoAccessKey: true })).ok).toBe(true);
    expect(await check(without, { accessKeys: [], allowNoAccessKey: false })).toMatchObject({ ok: false, failure: { status: 401 } });
  });
});

describe('delivery headers', () => {
  it('reads the request id, common attributes, gzip and the source ARN', async () => {
    const checked = await check({
      ...base,
      'x-amz-firehose-common-attributes': '{"commonAttributes":{"env":"prod","team":"db"}}',
      'content-encoding': 'gzip',
      'x-amz-firehose-source-arn': 'arn:aws:firehose:eu-west-1:1:deliverystream/x',
    });
    expect(checked).toEqual({
      ok: true,
      value: { requestId: 'req-1', commonAttributes: { env: 'prod', team: 'db' }, gzip: true, sourceArn: 'arn:aws:firehose:eu-west-1:1:deliverystream/x' },
    });
  });

  it('answers 400 for a missing or other protocol version, a missing or unusable request id, a bad encoding', async () => {
    const { 'x-amz-firehose-protocol-version': _, ...noVersion } = base;
    expect(await check(noVersion)).toMatchObject({ ok: false, failure: { status: 400, requestId: 'req-1' } });
    expect(await check({ ...base, 'x-amz-firehose-protocol-version': '2.0' })).toMatchObject({ ok: false, failure: { status: 400 } });
    const { 'x-amz-firehose-request-id': __, ...noId } = base;
    expect(await check(noId)).toMatchObject({ ok: false, failure: { status: 400, requestId: '', message: 'X-Amz-Firehose-Request-Id is missing' } });
    expect(await check({ ...base, 'x-amz-firehose-request-id': 'x'.repeat(200) })).toMatchObject({ ok: false, failure: { status: 400, requestId: '' } });
    expect(await check({ ...base, 'content-encoding': 'br' })).toMatchObject({ ok: false, failure: { status: 400 } });
  });

  it('checks the common attributes header: shape, at most 50, string values', async () => {
    expect(parseCommonAttributes('{"commonAttributes":{}}')).toEqual({ ok: true, value: {} });
    expect(parseCommonAttributes('nope').ok).toBe(false);
    expect(parseCommonAttributes('{"attributes":{}}').ok).toBe(false);
    expect(parseCommonAttributes('{"commonAttributes":{"n":1}}').ok).toBe(false);
    const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v']));
    expect(parseCommonAttributes(JSON.stringify({ commonAttributes: fifty })).ok).toBe(true);
    expect(parseCommonAttributes(JSON.stringify({ commonAttributes: { ...fifty, k50: 'v' } })).ok).toBe(false);
    expect(await check({ ...base, 'x-amz-firehose-common-attributes': '[]' })).toMatchObject({ ok: false, failure: { status: 400 } });
  });
});

describe('responses', () => {
  it('echo the request id with a timestamp, as JSON without Content-Encoding', async () => {
    const response = protocolResponse(200, 'req-1', undefined, 1764072000000);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('content-encoding')).toBeNull();
    expect(await response.text()).toBe('{"requestId":"req-1","timestamp":1764072000000}');
  });

  it('cut errorMessage to 8192 characters', () => {
    const parsed = JSON.parse(responseBody('r', 1, 'x'.repeat(100_000))) as { errorMessage: string };
    expect(parsed.errorMessage.length).toBe(8192);
    expect(parsed.errorMessage.endsWith('…')).toBe(true);
    const emoji = JSON.parse(responseBody('r', 1, '😀'.repeat(10_000))) as { errorMessage: string };
    expect(emoji.errorMessage.length).toBeLessThanOrEqual(8192);
    expect(/[\ud800-\udbff]…$/.test(emoji.errorMessage)).toBe(false);
  });
});

describe('configuration', () => {
  it('has defaults, needs access keys unless allowed, and names bad variables', () => {
    const config = readEndpointConfig({ FIREWATCH_ACCESS_KEYS: ' a , b ,' });
    expect(config).toMatchObject({
      accessKeys: ['a', 'b'],
      maxBodyBytes: 64 * 1024 * 1024,
      index: 'cloudwatch-logs',
      indexRotation: 'OneDay',
      batchBytes: 1024 * 1024,
      path: '/',
      port: 8080,
      host: '127.0.0.1',
    });
    expect(() => readEndpointConfig({})).toThrow(/FIREWATCH_ACCESS_KEYS is required/);
    expect(readEndpointConfig({ FIREWATCH_ALLOW_NO_ACCESS_KEY: 'true' }).accessKeys).toEqual([]);
    expect(() => readEndpointConfig({ FIREWATCH_ACCESS_KEYS: 'a', FIREWATCH_INDEX: 'Logs' })).toThrow(/FIREWATCH_INDEX/);
    expect(() => readEndpointConfig({ FIREWATCH_ACCESS_KEYS: 'a', FIREWATCH_INDEX_ROTATION: 'daily' })).toThrow(/FIREWATCH_INDEX_ROTATION/);
    expect(() => readEndpointConfig({ FIREWATCH_ACCESS_KEYS: 'a', FIREWATCH_PARSERS: '/app/*=klingon' })).toThrow(/FIREWATCH_PARSERS/);
    expect(() => readEndpointConfig({ FIREWATCH_ACCESS_KEYS: 'a', FIREWATCH_BATCH_BYTES: 'lots' })).toThrow(/FIREWATCH_BATCH_BYTES/);
    expect(() => readEndpointConfig({ FIREWATCH_ACCESS_KEYS: 'a', FIREWATCH_PATH: 'firehose' })).toThrow(/FIREWATCH_PATH/);
    expect(() => readEndpointConfig({ FIREWATCH_ACCESS_KEYS: 'x'.repeat(4097) })).toThrow(/4096/);
  });
});
