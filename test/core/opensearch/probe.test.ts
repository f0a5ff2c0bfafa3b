import { describe, expect, it } from 'vitest';
import { classifyFetchError, describeFetchFailure, explainRefusal, probeLine, probeOpenSearch } from '../../../core/opensearch/probe.ts';

/** A fetch failure shaped as a runtime throws it. */
const failure = (message: string, extra: { code?: string; cause?: unknown; name?: string } = {}) => Object.assign(new TypeError(message), extra);
const withCause = (code: string, message: string) => failure('fetch failed', { cause: Object.assign(new Error(message), { code }) });

describe('classifyFetchError reads every runtime', () => {
  it('Node (undici: the reason in cause.code)', () => {
    expect(classifyFetchError(withCause('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9200'))).toMatchObject({
      kind: 'refused',
      detail: 'connect ECONNREFUSED 127.0.0.1:9200',
    });
    expect(classifyFetchError(withCause('ENOTFOUND', 'getaddrinfo ENOTFOUND search.example.invalid')).kind).toBe('dns');
    expect(classifyFetchError(withCause('ECONNRESET', 'read ECONNRESET')).kind).toBe('reset');
    expect(classifyFetchError(withCause('UND_ERR_CONNECT_TIMEOUT', 'Connect Timeout Error')).kind).toBe('timeout');
    const plain = classifyFetchError(withCause('ERR_SSL_WRONG_VERSION_NUMBER', 'SSL routines:ssl3_get_record:wrong version number'));
    expect(plain).toMatchObject({ kind: 'tls', hint: expect.stringContaining('use http://') });
    expect(classifyFetchError(withCause('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate')).hint).toContain('NODE_EXTRA_CA_CERTS');
  });

  it('Deno (the reason in a sentence)', () => {
    const deno = (text: string) => failure('fetch failed', { cause: new Error(`error sending request for url (http://x/): client error (Connect): ${text}`) });
    expect(classifyFetchError(deno('tcp connect error: Connection refused (os error 111)')).kind).toBe('refused');
    expect(classifyFetchError(deno('dns error: failed to lookup address information: Name or service not known')).kind).toBe('dns');
    expect(classifyFetchError(deno('received corrupt message of type InvalidContentType')).hint).toContain('use http://');
  });

  it('Bun (the reason in code), workerd (mostly unexplained) and timeouts', () => {
    expect(classifyFetchError(failure('ECONNREFUSED: Unable to connect. Is the computer able to access the url?', { code: 'ECONNREFUSED' })).kind).toBe(
      'refused',
    );
    expect(classifyFetchError(failure('EPROTO: The TLS handshake failed. Does the server speak TLS on this port?', { code: 'EPROTO' })).kind).toBe('tls');
    expect(classifyFetchError(new Error('Network connection lost.')).kind).toBe('reset');
    expect(classifyFetchError(new Error('internal error; reference = abc123')).kind).toBe('network');
    expect(classifyFetchError(Object.assign(new Error('The operation timed out.'), { name: 'TimeoutError' })).kind).toBe('timeout');
  });

  it('says it in one line: kind, the runtime words, what to check', () => {
    expect(describeFetchFailure(classifyFetchError(withCause('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9200')))).toBe(
      'connection refused (connect ECONNREFUSED 127.0.0.1:9200): nothing listens there: is OpenSearch running, and is the port right (9200 self-managed, 443 Amazon OpenSearch Service)?',
    );
  });
});

describe('explainRefusal names what to fix', () => {
  const basic = { type: 'basic', username: 'firewatch', password: 'x' } as const;
  it('401: which credentials', () => {
    expect(explainRefusal(401, 'Unauthorized', { type: 'none' })).toMatch(/^the cluster requires authentication: set FIREWATCH_OPENSEARCH_AUTH=basic/);
    expect(explainRefusal(401, 'Unauthorized', basic)).toBe(
      'the credentials of user firewatch were refused: check OPENSEARCH_USERNAME and OPENSEARCH_PASSWORD',
    );
  });

  it('403: the user or role to map, and what it needs', () => {
    const fgac =
      '{"error":{"root_cause":[{"type":"security_exception","reason":"no permissions for [indices:data/write/bulk] and User [name=arn:aws:iam::123456789012:role/firewatch, backend_roles=[arn:aws:iam::123456789012:role/firewatch], requestedTenant=null]"}]},"status":403}';
    expect(explainRefusal(403, fgac, { type: 'sigv4', service: 'es', region: 'eu-west-1', accessKeyId: 'a', secretAccessKey: 'b' }, 'rds')).toBe(
      'user arn:aws:iam::123456789012:role/firewatch (backend roles arn:aws:iam::123456789012:role/firewatch) lacks indices:data/write/bulk: map it to a role with cluster_monitor and, on rds-* and deadletter-rds, create_index and write (crud) (OpenSearch Dashboards → Security → Roles → Mapped users)',
    );
    const iam =
      '{"Message":"User: arn:aws:sts::123456789012:assumed-role/firewatch-endpoint/fn is not authorized to perform: es:ESHttpPost because no resource-based policy allows the es:ESHttpPost action"}';
    expect(explainRefusal(403, iam, basic)).toMatch(
      /^arn:aws:sts::123456789012:assumed-role\/firewatch-endpoint\/fn is not allowed es:ESHttpPost by the domain's access policy/,
    );
    expect(explainRefusal(403, 'Forbidden', basic)).toMatch(/^user firewatch may not do this: map it to a role with cluster_monitor/);
  });
});

describe('probeOpenSearch', () => {
  const target = { url: 'http://127.0.0.1:9200', auth: { type: 'none' } as const, index: 'rds' };
  const answering = (status: number, body: string): typeof fetch => () => Promise.resolve(new Response(body, { status }));

  it('reports the version, the cluster and how it authenticated', async () => {
    const info = JSON.stringify({ cluster_name: 'logs', version: { distribution: 'opensearch', number: '2.19.0' } });
    const result = await probeOpenSearch(target, { fetch: answering(200, info) });
    expect(result).toMatchObject({ ok: true, version: 'opensearch 2.19.0', clusterName: 'logs' });
    expect(probeLine(result)).toBe('OpenSearch http://127.0.0.1:9200 is reachable: opensearch 2.19.0, cluster "logs" (no authentication)');
  });

  it('says what failed: no connection, a refusal, another answer, no answer in time', async () => {
    const refused = await probeOpenSearch(target, { fetch: () => Promise.reject(withCause('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9200')) });
    expect(refused).toMatchObject({ ok: false, kind: 'refused' });
    expect(probeLine(refused)).toMatch(
      /^OpenSearch http:\/\/127\.0\.0\.1:9200 cannot be reached: connection refused \(connect ECONNREFUSED 127\.0\.0\.1:9200\): nothing listens there/,
    );
    expect(probeLine(await probeOpenSearch(target, { fetch: answering(401, 'Unauthorized') }))).toMatch(
      /^OpenSearch http:\/\/127\.0\.0\.1:9200 refused firewatch \(401\): the cluster requires authentication/,
    );
    expect(probeLine(await probeOpenSearch(target, { fetch: answering(502, '<html>Bad Gateway</html>') }))).toMatch(
      /answered GET \/ with 502: <html>Bad Gateway<\/html> \(is OPENSEARCH_URL the cluster's address/,
    );
    const silent: typeof fetch = (_input, init) => new Promise((_, reject) => init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))));
    const late = await probeOpenSearch(target, { fetch: silent, timeoutMs: 20 });
    expect(probeLine(late)).toMatch(/cannot be reached: timed out \(no answer within 20 ms\): no answer: a VPC-only domain/);
  });

  it('accepts a Serverless collection, which does not serve GET /', async () => {
    const aoss = {
      url: 'https://x.aoss.amazonaws.com',
      auth: { type: 'sigv4', service: 'aoss', region: 'us-east-1', accessKeyId: 'a', secretAccessKey: 'b' } as const,
    };
    expect(probeLine(await probeOpenSearch(aoss, { fetch: answering(404, '') }))).toBe(
      'OpenSearch https://x.aoss.amazonaws.com is reachable (answered 404) (SigV4 signature accepted)',
    );
  });
});
