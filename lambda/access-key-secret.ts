/**
 * The HTTP endpoint's access keys from an AWS Secrets Manager secret (`FIREWATCH_ACCESS_KEY_SECRET`), so
 * the key Firehose sends need not be copied into an environment variable. The secret holds the key as a
 * Firehose HTTP endpoint destination's `SecretsManagerConfiguration` reads it, `{"api_key":"<key>"}`
 * (Amazon Data Firehose developer guide, "Understand secrets"); a secret that is plain text, not JSON, is
 * the key itself (for a Firehose configured with the key directly).
 *
 * Both the AWSCURRENT and the AWSPREVIOUS version are accepted: Firehose caches the secret and refreshes
 * it every 10 minutes (developer guide, "Use the secret"), so after a rotation it may send either key for a
 * while. The versions are read on the first delivery, not at start-up (initialisation stays fast, and a
 * Secrets Manager outage is a retried delivery, not a failed init), then again on the first delivery
 * after {@link DEFAULT_SECRET_TTL_MS}. A key that matches neither asks for an early read (at most every
 * {@link DEFAULT_SECRET_RETRY_MS}): Firehose may have picked up a rotation before we did.
 *
 * The SDK is imported on the first read: a function without the variable never loads it.
 *
 * @example
 * ```ts
 * const keys = createAccessKeySecret({ secretId: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:firewatch-key-AbCdEf" });
 * const app = createEndpointApp(readEndpointConfig(env, { accessKeysFromProvider: true }), sink, { accessKeys: keys });
 * ```
 * @module
 */
import type { SecretsManagerClient, SecretsManagerClientConfig } from '@aws-sdk/client-secrets-manager';
import type { AccessKeyProvider } from '../core/endpoint/app.ts';
import { ACCESS_KEY_MAX_BYTES } from '../core/limits.ts';
import { FirewatchError } from '../core/errors.ts';

/** The variable naming the secret; every message about the secret starts with it. */
export const ACCESS_KEY_SECRET_VARIABLE = 'FIREWATCH_ACCESS_KEY_SECRET';

/** How long keys read from the secret are used before the next delivery reads them again: 5 minutes. */
export const DEFAULT_SECRET_TTL_MS = 5 * 60_000;

/**
 * Least time between reads outside the schedule: after a refused key (an outsider guessing keys must not
 * turn every request into Secrets Manager calls) and after a failed read while older keys are still in use.
 */
export const DEFAULT_SECRET_RETRY_MS = 30_000;

/** The staging labels read: the key in use and the one before it (absent until the first rotation). */
const STAGES = ['AWSCURRENT', 'AWSPREVIOUS'] as const;

/** Options of {@link createAccessKeySecret}. */
export interface AccessKeySecretOptions {
  /** The secret's ARN or name. The region of an ARN is used; a name uses the function's region. */
  readonly secretId: string;
  /** Default {@link DEFAULT_SECRET_TTL_MS}. */
  readonly ttlMs?: number;
  /** Default {@link DEFAULT_SECRET_RETRY_MS}. */
  readonly retryMs?: number;
  /** Milliseconds clock; injected by tests. Default `Date.now`. */
  readonly now?: () => number;
  /** Receives one JSON line per failed read (and per unusable AWSPREVIOUS version). Default `console.log`. */
  readonly log?: (line: string) => void;
  /** Client config overrides (endpoint, credentials, region), read when the client is first made. */
  readonly client?: SecretsManagerClientConfig;
}

/**
 * A key provider for `createEndpointApp` reading `options.secretId`. It rejects only while it has never
 * read the secret successfully; a failed read after that keeps the keys it has and logs one line.
 *
 * @example
 * ```ts
 * const keys = createAccessKeySecret({ secretId: "firewatch/endpoint-key" });
 * await keys({ refused: false }); // ["key-2026-11", "key-2026-10"]: AWSCURRENT, then AWSPREVIOUS
 * ```
 */
export function createAccessKeySecret(options: AccessKeySecretOptions): AccessKeyProvider {
  const ttlMs = options.ttlMs ?? DEFAULT_SECRET_TTL_MS;
  const retryMs = options.retryMs ?? DEFAULT_SECRET_RETRY_MS;
  const now = options.now ?? Date.now;
  const log = options.log ?? ((line: string) => console.log(line));
  const read = secretReader(options.secretId, options.client ?? {}, log);
  let held: { readonly keys: readonly string[]; readonly readAt: number } | undefined;
  let failedAt = Number.NEGATIVE_INFINITY;
  // One read at a time; deliveries arriving meanwhile wait for it instead of starting their own.
  let reading: Promise<readonly string[]> | undefined;

  const refresh = async (): Promise<readonly string[]> => {
    try {
      const keys = await read();
      held = { keys, readAt: now() };
      return keys;
    } catch (error) {
      failedAt = now();
      const kept = held === undefined ? {} : { keptKeysReadMsAgo: failedAt - held.readAt };
      log(JSON.stringify({ firewatch: 'access-key-secret', secret: options.secretId, error: describe(error), ...kept }));
      if (held !== undefined) return held.keys;
      if (error instanceof FirewatchError) throw error;
      // The log line has the details (role, ARN); this message reaches callers whose key is not checked yet.
      throw new Error(`${ACCESS_KEY_SECRET_VARIABLE}: the secret could not be read (${errorName(error)}); the function's log has the details`, {
        cause: error,
      });
    }
  };

  return ({ refused }) => {
    if (held !== undefined) {
      const time = now();
      const age = time - held.readAt;
      const due = age >= ttlMs || (refused && age >= retryMs);
      if (!due || time - failedAt < retryMs) return Promise.resolve(held.keys);
    }
    reading ??= refresh().finally(() => (reading = undefined));
    return reading;
  };
}

/**
 * The key a secret version holds: a JSON object's string `api_key`, or the whole text when it is not JSON.
 * Throws `CONFIG_INVALID` naming the variable and the version; never quotes the secret.
 *
 * @example
 * ```ts
 * parseAccessKeySecret('{"api_key":"key-2026-11"}', "AWSCURRENT"); // "key-2026-11"
 * parseAccessKeySecret("key-2026-11", "AWSCURRENT"); // "key-2026-11"
 * parseAccessKeySecret('{"apiKey":"x"}', "AWSCURRENT"); // throws CONFIG_INVALID
 * ```
 */
export function parseAccessKeySecret(secretString: string | undefined, stage: string): string {
  const invalid = (detail: string) =>
    new FirewatchError('CONFIG_INVALID', `${ACCESS_KEY_SECRET_VARIABLE}: the ${stage} version ${detail}; store {"api_key":"<key>"}, as Firehose reads it`);
  if (secretString === undefined) throw invalid('has no SecretString (a binary secret)');
  let parsed: unknown;
  let json = true;
  try {
    parsed = JSON.parse(secretString);
  } catch {
    json = false;
  }
  let key: string;
  if (!json) {
    key = secretString.trim();
  } else {
    const apiKey = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as { api_key?: unknown }).api_key : undefined;
    if (typeof apiKey !== 'string') throw invalid('is JSON without a string "api_key"');
    key = apiKey.trim();
  }
  // HTTP drops a header value's surrounding spaces, so a key is compared trimmed, as FIREWATCH_ACCESS_KEYS is.
  if (key === '') throw invalid('holds an empty key');
  const bytes = new TextEncoder().encode(key).length;
  if (bytes > ACCESS_KEY_MAX_BYTES) throw invalid(`holds a key of ${bytes} bytes, longer than Firehose's ${ACCESS_KEY_MAX_BYTES}`);
  return key;
}

/** Reads both versions with one client, made (and the SDK imported) on the first read. */
function secretReader(secretId: string, overrides: SecretsManagerClientConfig, log: (line: string) => void): () => Promise<readonly string[]> {
  let client: SecretsManagerClient | undefined;
  return async () => {
    const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
    client ??= new SecretsManagerClient({
      ...regionOf(secretId),
      // A stalled Secrets Manager must not hold a delivery for long: Firehose waits 3 minutes, and retries.
      requestHandler: { connectionTimeout: 3_000, requestTimeout: 5_000 },
      ...overrides,
    });
    const secrets = client;
    // Both settle before the read does: no call of a failed read is still retrying when the next one starts.
    const settled = await Promise.allSettled(
      STAGES.map(async (stage) => {
        try {
          return await secrets.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: stage }));
        } catch (error) {
          // No AWSPREVIOUS until the secret's first rotation. A missing AWSCURRENT is a missing secret: an error.
          if (stage === 'AWSPREVIOUS' && errorName(error) === 'ResourceNotFoundException') return undefined;
          throw error;
        }
      }),
    );
    const [current, previous] = settled.map((result) => {
      if (result.status === 'rejected') throw result.reason;
      return result.value;
    });
    const keys = [parseAccessKeySecret(current?.SecretString, 'AWSCURRENT')];
    if (previous !== undefined) {
      try {
        const key = parseAccessKeySecret(previous.SecretString, 'AWSPREVIOUS');
        if (key !== keys[0]) keys.push(key);
      } catch (error) {
        // An old version in another format must not take the endpoint down: the current key still works.
        log(JSON.stringify({ firewatch: 'access-key-secret', secret: secretId, ignored: 'AWSPREVIOUS', error: describe(error) }));
      }
    }
    return keys;
  };
}

/** `{ region }` from a secret ARN (`arn:<partition>:secretsmanager:<region>:<account>:secret:<name>`), else nothing: the SDK's default. */
function regionOf(secretId: string): { region?: string } {
  const parts = secretId.split(':');
  return parts[0] === 'arn' && parts[2] === 'secretsmanager' && parts.length >= 7 && parts[3] !== '' ? { region: parts[3]! } : {};
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
