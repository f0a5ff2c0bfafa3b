import { describe, expect, it } from 'vitest';
import { explainFetchError, openSearchRequester, parseJsonOrUndefined, sha256Hex } from '../../../core/opensearch/requester.ts';

const URL = 'https://search.example.com/_bulk';
const SIGV4 = { type: 'sigv4', region: 'eu-west-1', accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' } as const;

describe('openSearchRequester', () => {
  it('adds nothing without auth, and keeps method, headers and body', async () => {
    const request = await openSearchRequester({ type: 'none' })(URL, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: '{}\n' });
    expect([request.method, request.url, request.headers.get('content-type'), request.headers.get('authorization'), await request.text()]).toEqual([
      'POST',
      URL,
      'application/x-ndjson',
      null,
      '{}\n',
    ]);
  });

  it('sends basic auth as base64 of user:password, UTF-8 included', async () => {
    const request = await openSearchRequester({ type: 'basic', username: 'firewatch', password: 'pä ss' })(URL, { method: 'GET', headers: {} });
    expect(request.headers.get('authorization')).toBe(`Basic ${btoa('firewatch:p\u00c3\u00a4 ss')}`);
  });

  it('signs with SigV4 for the configured service and region; Serverless also gets the payload hash header', async () => {
    const es = await openSearchRequester({ ...SIGV4, service: 'es' })(URL, { method: 'POST', headers: {}, body: '{}\n' });
    expect(es.headers.get('authorization')).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/es\/aws4_request, SignedHeaders=[^,]+, Signature=[0-9a-f]{64}$/,
    );
    expect(es.headers.get('x-amz-date')).toMatch(/^\d{8}T\d{6}Z$/);

    const aoss = await openSearchRequester({ ...SIGV4, service: 'aoss', sessionToken: 'token' })(URL, { method: 'POST', headers: {}, body: '{}\n' });
    expect(aoss.headers.get('authorization')).toContain('/eu-west-1/aoss/aws4_request');
    expect(aoss.headers.get('x-amz-content-sha256')).toBe(await sha256Hex('{}\n'));
    expect(aoss.headers.get('x-amz-security-token')).toBe('token');
  });
});

describe('answer helpers', () => {
  it('sha256Hex is the lowercase hex digest of the UTF-8 text', async () => {
    expect(await sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('parseJsonOrUndefined reads JSON and gives undefined for anything else (a proxy error page)', () => {
    expect(parseJsonOrUndefined('{"errors":false}')).toEqual({ errors: false });
    expect(parseJsonOrUndefined('<html>502 Bad Gateway</html>')).toBeUndefined();
  });

  it('explainFetchError adds the cause where fetch hides it', () => {
    expect(explainFetchError(new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') }))).toBe(
      'fetch failed: connect ECONNREFUSED 127.0.0.1:9',
    );
    expect(explainFetchError(new Error('aborted'))).toBe('aborted');
    expect(explainFetchError('a string')).toBe('a string');
  });
});
