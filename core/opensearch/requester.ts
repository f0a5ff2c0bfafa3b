/**
 * Authenticated requests to OpenSearch, shared by the `_bulk` sink (core/sinks/opensearch.ts) and
 * `firewatch opensearch setup` (core/opensearch/setup.ts) so both authenticate the same way, and the two
 * small helpers both read answers with.
 *
 * @example
 * ```ts
 * const authorized = openSearchRequester({ type: "none" });
 * const response = await fetch(await authorized("http://127.0.0.1:9200/", { method: "GET", headers: {} }));
 * ```
 * @module
 */
import { AwsClient } from 'aws4fetch';
import { encodeBase64 } from '../bytes/base64.ts';
import { encodeUtf8 } from '../bytes/utf8.ts';
import type { OpenSearchAuth } from './config.ts';

/** The JSON value of `text`, or undefined when it is not JSON (an error page from a proxy, say). */
export function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A fetch failure's message with its cause, where Node puts the useful part. */
export function explainFetchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // fetch's TypeError("fetch failed") hides the useful part (ECONNREFUSED, ECONNRESET) in `cause`.
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

/** What {@link openSearchRequester} builds a request from. */
export interface OpenSearchRequestInit {
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Text only: a SigV4 signature covers the body, so it must be known up front. */
  readonly body?: string;
}

/**
 * Builds requests to OpenSearch carrying the configured authentication: none, a basic `Authorization`
 * header, or a SigV4 signature (`es` or `aoss`; Serverless also gets the `x-amz-content-sha256` header it
 * requires). Call it once per attempt: a signature holds its time and must not be replayed. The sink and
 * `firewatch opensearch setup` share it, so both authenticate the same way.
 *
 * @example
 * ```ts
 * const authorized = openSearchRequester({ type: "basic", username: "firewatch", password: "secret" });
 * const response = await fetch(await authorized("https://search.example.com/_index_template/x", { method: "GET", headers: { accept: "application/json" } }));
 * ```
 */
export function openSearchRequester(auth: OpenSearchAuth): (url: string, init: OpenSearchRequestInit) => Promise<Request> {
  const signer = auth.type === 'sigv4'
    ? new AwsClient({
      accessKeyId: auth.accessKeyId,
      secretAccessKey: auth.secretAccessKey,
      ...(auth.sessionToken === undefined ? {} : { sessionToken: auth.sessionToken }),
      service: auth.service,
      region: auth.region,
    })
    : undefined;
  const basic = auth.type === 'basic' ? `Basic ${encodeBase64(encodeUtf8(`${auth.username}:${auth.password}`))}` : undefined;
  return async (url, init) => {
    const headers = new Headers(init.headers);
    if (basic) headers.set('authorization', basic);
    const request = init.body === undefined ? { method: init.method, headers } : { method: init.method, headers, body: init.body };
    if (signer) {
      // Serverless requires the payload hash as a header; managed domains accept it without.
      if (auth.type === 'sigv4' && auth.service === 'aoss') headers.set('x-amz-content-sha256', await sha256Hex(init.body ?? ''));
      return signer.sign(url, request);
    }
    return new Request(url, request);
  };
}

/** Lowercase hex SHA-256 of the UTF-8 text. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}
