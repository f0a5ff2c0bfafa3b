/**
 * Lambda function URL events (payload 2.0, the shape API Gateway HTTP APIs send too) for driving the
 * endpoint's Lambda adapter as a function URL would.
 *
 * @example
 * ```ts
 * const result = await handler(await functionUrlEvent(new Request("https://lambda.invalid/", { method: "POST", body: "{}" })));
 * ```
 * @module
 */

const DOMAIN_PREFIX = 'abcdefghijklmnopqrstuvwxyz012345';
const DOMAIN = `${DOMAIN_PREFIX}.lambda-url.us-east-1.on.aws`;

/** The function URL event for `request`: text bodies as they are, the rest (gzip deliveries) base64-encoded, as function URLs pass them. */
export async function functionUrlEvent(request: Request): Promise<Record<string, unknown>> {
  const url = new URL(request.url);
  const headers = Object.fromEntries(request.headers.entries());
  const bytes = new Uint8Array(await request.arrayBuffer());
  const binary = headers['content-encoding'] !== undefined;
  const body = bytes.length === 0 ? undefined : binary ? Buffer.from(bytes).toString('base64') : new TextDecoder().decode(bytes);
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers: { ...headers, host: DOMAIN, 'x-forwarded-proto': 'https', 'x-forwarded-port': '443' },
    requestContext: {
      accountId: 'anonymous',
      apiId: DOMAIN_PREFIX,
      domainName: DOMAIN,
      domainPrefix: DOMAIN_PREFIX,
      http: { method: request.method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'Amazon Firehose' },
      requestId: '6f1f3a0c-6a43-4d2d-9c7e-3d0b9b1e2f10',
      routeKey: '$default',
      stage: '$default',
      time: '25/Nov/2026:13:00:00 +0000',
      timeEpoch: Date.now(),
    },
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: binary,
  };
}
