/**
 * Access keys of the HTTP endpoint: the configured ones (`FIREWATCH_ACCESS_KEYS`) and those of a secret
 * store ({@link AccessKeyProvider}, e.g. lambda/access-key-secret.ts), checked against a delivery's
 * `X-Amz-Firehose-Access-Key` by {@link checkDeliveryAccess}. core/endpoint/delivery.ts calls it first
 * for every delivery.
 *
 * @example
 * ```ts
 * const checked = await checkDeliveryAccess(request.headers, config, async () => ["key-2026-11"]);
 * if (!checked.ok) return protocolResponse(checked.failure.status, checked.failure.requestId, checked.failure.message);
 * ```
 * @module
 */
import { FirewatchError } from '../errors.ts';
import { CONFIGURATION_ERROR_MESSAGE } from './log.ts';
import { type AccessKeyConfig, checkDeliveryHeaders, FirehoseHeader, type ProtocolFailure, Status } from './protocol.ts';

/**
 * Accepted access keys from a secret store. Called with `refused: true` after the request's key matched
 * none of the keys it gave: the key may have been rotated since the provider last looked, so it may look
 * again (how often is its call). Rejects only when it has no keys at all: the delivery is then answered
 * 503 (500 for a `CONFIG_INVALID` error) with its request id, and Firehose retries. The caller, whose key
 * is not checked yet, gets a generic message; the rejection in full goes to the delivery's log line.
 *
 * @example
 * ```ts
 * const app = createEndpointApp(config, sink, { accessKeys: async () => ["key-2026-11"] });
 * ```
 */
export type AccessKeyProvider = (request: { readonly refused: boolean }) => Promise<readonly string[]>;

/** What the caller of a delivery the provider failed is told: nothing of the provider's error (names, ARNs, values). */
export const ACCESS_KEYS_UNAVAILABLE_MESSAGE = 'firewatch: the access keys could not be loaded; the endpoint logged why with this request id; Firehose retries';

/** A refused delivery; `detail`, for the log only, is the provider's error in full. */
export interface AccessFailure extends ProtocolFailure {
  readonly detail?: string;
}

/**
 * {@link checkDeliveryHeaders}, with the provider's keys added to the configured ones. Only what claims to
 * be a delivery (it has the protocol version header) asks the provider: health checks and stray POSTs are
 * refused before the key is checked anyway, and never wait for a secret store.
 */
export async function checkDeliveryAccess(
  headers: Headers,
  config: AccessKeyConfig,
  provider: AccessKeyProvider | undefined,
): Promise<Awaited<ReturnType<typeof checkDeliveryHeaders>> | { ok: false; failure: AccessFailure }> {
  if (provider === undefined || !headers.has(FirehoseHeader.PROTOCOL_VERSION)) return checkDeliveryHeaders(headers, config);
  const check = async (refused: boolean) =>
    checkDeliveryHeaders(headers, { accessKeys: [...config.accessKeys, ...(await provider({ refused }))], allowNoAccessKey: config.allowNoAccessKey });
  try {
    const checked = await check(false);
    const refusedKey = !checked.ok && checked.failure.status === Status.UNAUTHORIZED && (headers.get(FirehoseHeader.ACCESS_KEY) ?? '') !== '';
    return refusedKey ? await check(true) : checked;
  } catch (error) {
    // The configured keys still work; any other key may be one of the provider's: answer so Firehose retries.
    if (config.accessKeys.length > 0) {
      const byConfig = await checkDeliveryHeaders(headers, config);
      if (byConfig.ok || byConfig.failure.status !== Status.UNAUTHORIZED) return byConfig;
    }
    // The request id to echo, read by the same check minus the key.
    const open = await checkDeliveryHeaders(headers, { accessKeys: [], allowNoAccessKey: true });
    if (!open.ok) return open;
    const invalid = error instanceof FirewatchError && error.code === 'CONFIG_INVALID';
    return {
      ok: false,
      failure: {
        status: invalid ? Status.INTERNAL : Status.UNAVAILABLE,
        requestId: open.value.requestId,
        message: invalid ? CONFIGURATION_ERROR_MESSAGE : ACCESS_KEYS_UNAVAILABLE_MESSAGE,
        detail: `firewatch: the access keys could not be loaded: ${describeError(error)}`,
      },
    };
  }
}

/** An error and its causes, one after the other, for the log. */
function describeError(error: unknown): string {
  const parts: string[] = [];
  // Causes are walked by a loop with a bound: a cycle of causes must not hang the answer.
  for (let at: unknown = error, depth = 0; at !== undefined && depth < 5; at = (at as { cause?: unknown }).cause, depth++) {
    parts.push(at instanceof FirewatchError ? `${at.code}: ${at.detail}` : at instanceof Error ? `${at.name}: ${at.message}` : String(at));
    if (!(at instanceof Error)) break;
  }
  return parts.join('; caused by ');
}
