/**
 * Firehose HTTP endpoint delivery protocol 1.0 (DESIGN §4): the request headers, the access-key check,
 * and the response Firehose expects. Pure functions over Web `Headers` and `Response`.
 *
 * Status codes, chosen for what Firehose does with each:
 * - 200: every document stored or dead-lettered (the only success; any other 2xx is a failure).
 * - 400: malformed request (headers, JSON, protocol limits). Firehose retries, then backs up to S3.
 * - 401: access key missing or wrong. Retried, then backed up.
 * - 413: body over the configured cap. Permanent: Firehose neither retries nor backs it up.
 * - 500: the sink refused permanently or a bug; 503: the sink may succeed later (throttling, outage,
 *   deadline). Both retried, then backed up: nothing is lost.
 *
 * @example
 * ```ts
 * const checked = await checkDeliveryHeaders(request.headers, { accessKeys: ["k1"], allowNoAccessKey: false });
 * if (!checked.ok) return protocolResponse(checked.failure.status, checked.failure.requestId, checked.failure.message);
 * ```
 * @module
 */
import { HTTP_ENDPOINT_ERROR_MESSAGE_MAX_CHARS, MAX_COMMON_ATTRIBUTES } from '../limits.ts';

/** The protocol version firewatch speaks. */
export const PROTOCOL_VERSION = '1.0';

/** Header names, lowercase as `Headers` returns them. */
export const FirehoseHeader = {
  PROTOCOL_VERSION: 'x-amz-firehose-protocol-version',
  REQUEST_ID: 'x-amz-firehose-request-id',
  SOURCE_ARN: 'x-amz-firehose-source-arn',
  ACCESS_KEY: 'x-amz-firehose-access-key',
  COMMON_ATTRIBUTES: 'x-amz-firehose-common-attributes',
} as const;

/** Firehose request ids are GUIDs; anything this long is not one, and ids built from it must stay ≤ 512 bytes. */
export const MAX_REQUEST_ID_CHARS = 128;

/** Status codes the endpoint answers with; see the module comment for why each. */
export const Status = {
  OK: 200,
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  TOO_LARGE: 413,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;
export type Status = (typeof Status)[keyof typeof Status];

/** A request refused before its body is read. */
export interface ProtocolFailure {
  readonly status: Status;
  /** The request id to echo (empty when the header is missing or unusable). */
  readonly requestId: string;
  readonly message: string;
}

/** What the headers say about a valid delivery. */
export interface DeliveryHeaders {
  readonly requestId: string;
  /** `commonAttributes` of `X-Amz-Firehose-Common-Attributes`, or undefined when absent. */
  readonly commonAttributes: Readonly<Record<string, string>> | undefined;
  readonly gzip: boolean;
  readonly sourceArn: string | undefined;
}

/** The access-key settings the check needs (a subset of the endpoint configuration). */
export interface AccessKeyConfig {
  readonly accessKeys: readonly string[];
  readonly allowNoAccessKey: boolean;
}

const encoder = new TextEncoder();

/**
 * Whether `given` equals one of `keys`, in time that depends neither on where they differ nor on which
 * key matched: both sides are hashed (SHA-256, so lengths do not leak either) and every key is compared
 * in full with XOR, never stopping early.
 *
 * @example
 * ```ts
 * await accessKeyMatches("key-new", ["key-old", "key-new"]); // true
 * ```
 */
export async function accessKeyMatches(given: string, keys: readonly string[]): Promise<boolean> {
  const digest = async (text: string) => new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
  const mine = await digest(given);
  let matched = 0;
  for (const key of keys) {
    const theirs = await digest(key);
    let difference = 0;
    for (let i = 0; i < mine.length; i++) difference |= mine[i]! ^ theirs[i]!;
    matched |= difference === 0 ? 1 : 0;
  }
  return matched === 1;
}

/**
 * Parses `X-Amz-Firehose-Common-Attributes`: `{"commonAttributes":{"name":"value",...}}`, at most 50 string values.
 *
 * @example
 * ```ts
 * parseCommonAttributes('{"commonAttributes":{"env":"prod"}}'); // { ok: true, value: { env: "prod" } }
 * ```
 */
export function parseCommonAttributes(header: string): { ok: true; value: Record<string, string> } | { ok: false; message: string } {
  let value: unknown;
  try {
    value = JSON.parse(header);
  } catch {
    return { ok: false, message: 'X-Amz-Firehose-Common-Attributes is not JSON' };
  }
  const attributes = typeof value === 'object' && value !== null ? (value as { commonAttributes?: unknown }).commonAttributes : undefined;
  if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes)) {
    return { ok: false, message: 'X-Amz-Firehose-Common-Attributes must be {"commonAttributes":{...}}' };
  }
  const entries = Object.entries(attributes);
  if (entries.length > MAX_COMMON_ATTRIBUTES) {
    return { ok: false, message: `X-Amz-Firehose-Common-Attributes has ${entries.length} attributes; Firehose sends at most ${MAX_COMMON_ATTRIBUTES}` };
  }
  const result: Record<string, string> = {};
  for (const [name, v] of entries) {
    if (typeof v !== 'string') return { ok: false, message: `X-Amz-Firehose-Common-Attributes: ${JSON.stringify(name.slice(0, 64))} is not a string` };
    result[name] = v;
  }
  return { ok: true, value: result };
}

/**
 * Checks the headers of a delivery: protocol version, request id, access key, common attributes and
 * content encoding, in that order (so a missing key is reported with the request id it came with).
 *
 * @example
 * ```ts
 * const checked = await checkDeliveryHeaders(new Headers({ "X-Amz-Firehose-Protocol-Version": "1.0" }), config);
 * checked.ok; // false: no request id
 * ```
 */
export async function checkDeliveryHeaders(
  headers: Headers,
  config: AccessKeyConfig,
): Promise<{ ok: true; value: DeliveryHeaders } | { ok: false; failure: ProtocolFailure }> {
  const refuse = (status: Status, requestId: string, message: string) => ({ ok: false as const, failure: { status, requestId, message } });
  const rawId = headers.get(FirehoseHeader.REQUEST_ID) ?? '';
  const usableId = rawId.length > 0 && rawId.length <= MAX_REQUEST_ID_CHARS && /^[\x21-\x7e]+$/.test(rawId);
  const requestId = usableId ? rawId : '';
  const version = headers.get(FirehoseHeader.PROTOCOL_VERSION);
  if (version === null) {
    return refuse(Status.BAD_REQUEST, requestId, 'not a Firehose delivery: X-Amz-Firehose-Protocol-Version is missing (health checks: GET /health)');
  }
  if (version.trim() !== PROTOCOL_VERSION) {
    return refuse(
      Status.BAD_REQUEST,
      requestId,
      `unsupported X-Amz-Firehose-Protocol-Version ${JSON.stringify(version.slice(0, 32))}; firewatch speaks ${PROTOCOL_VERSION}`,
    );
  }
  if (rawId === '') return refuse(Status.BAD_REQUEST, '', 'X-Amz-Firehose-Request-Id is missing');
  if (!usableId) return refuse(Status.BAD_REQUEST, '', `X-Amz-Firehose-Request-Id must be 1–${MAX_REQUEST_ID_CHARS} visible ASCII characters`);
  if (config.accessKeys.length > 0) {
    const key = headers.get(FirehoseHeader.ACCESS_KEY);
    if (key === null || key === '') return refuse(Status.UNAUTHORIZED, requestId, 'X-Amz-Firehose-Access-Key is missing');
    if (!(await accessKeyMatches(key, config.accessKeys))) return refuse(Status.UNAUTHORIZED, requestId, 'X-Amz-Firehose-Access-Key is not accepted');
  } else if (!config.allowNoAccessKey) {
    // Unreachable with readEndpointConfig; refuse rather than run open if a hand-built config forgets keys.
    return refuse(Status.UNAUTHORIZED, requestId, 'no access keys are configured');
  }
  let commonAttributes: Record<string, string> | undefined;
  const attributesHeader = headers.get(FirehoseHeader.COMMON_ATTRIBUTES);
  if (attributesHeader !== null && attributesHeader.trim() !== '') {
    const parsed = parseCommonAttributes(attributesHeader);
    if (!parsed.ok) return refuse(Status.BAD_REQUEST, requestId, parsed.message);
    commonAttributes = parsed.value;
  }
  const encoding = (headers.get('content-encoding') ?? '').trim().toLowerCase();
  if (encoding !== '' && encoding !== 'gzip' && encoding !== 'identity') {
    return refuse(Status.BAD_REQUEST, requestId, `unsupported Content-Encoding ${JSON.stringify(encoding.slice(0, 32))}; Firehose sends gzip or none`);
  }
  return { ok: true, value: { requestId, commonAttributes, gzip: encoding === 'gzip', sourceArn: headers.get(FirehoseHeader.SOURCE_ARN) ?? undefined } };
}

/**
 * The response body Firehose expects: `{requestId, timestamp, errorMessage?}`, with errorMessage cut to
 * 8,192 characters (so the body stays far under the 1 MiB cap).
 *
 * @example
 * ```ts
 * responseBody("5e6f…", 1764070860000); // '{"requestId":"5e6f…","timestamp":1764070860000}'
 * ```
 */
export function responseBody(requestId: string, timestamp: number, errorMessage?: string): string {
  if (errorMessage === undefined) return JSON.stringify({ requestId, timestamp });
  const max = HTTP_ENDPOINT_ERROR_MESSAGE_MAX_CHARS;
  let message = errorMessage.length > max ? `${errorMessage.slice(0, max - 1)}…` : errorMessage;
  // A cut must not leave half a surrogate pair: JSON.stringify would escape it, but it is still not text.
  if (message.length > max - 1 && /[\ud800-\udbff]…$/.test(message)) message = `${message.slice(0, -2)}…`;
  return JSON.stringify({ requestId, timestamp, errorMessage: message });
}

/**
 * A protocol response: JSON, no `Content-Encoding`, the request id echoed.
 *
 * @example
 * ```ts
 * protocolResponse(401, requestId, "X-Amz-Firehose-Access-Key is not accepted");
 * ```
 */
export function protocolResponse(status: Status, requestId: string, errorMessage?: string, timestamp: number = Date.now()): Response {
  return new Response(responseBody(requestId, timestamp, errorMessage), { status, headers: { 'content-type': 'application/json' } });
}
