/**
 * Reaching OpenSearch once, and saying exactly what failed: the start-up check every server runs
 * (Node, Deno, Bun, Workers on the first request, Lambda at init), and the words the sink and `/health`
 * use for the same failures.
 *
 * A failed `fetch` looks different on every runtime (Node hides the reason in `cause.code`, Deno in a
 * sentence, Bun in `code`, workerd mostly says "internal error"), so {@link classifyFetchError} reads
 * all of them into one small set of kinds, each with what to check. An HTTP answer means the cluster is
 * reachable; 401 and 403 are about credentials and permissions, and {@link explainRefusal} names the
 * user or role OpenSearch (or the domain's access policy) refused, so the reader knows what to map.
 *
 * @example
 * ```ts
 * const result = await probeOpenSearch({ url: config.url, auth: config.auth, index: config.index });
 * console.log(`firewatch: ${probeLine(result)}`);
 * // firewatch: OpenSearch http://127.0.0.1:9200 is reachable: opensearch 2.19.0, cluster "logs" (no authentication)
 * // firewatch: OpenSearch https://search-x.es.amazonaws.com cannot be reached: DNS lookup failed (...): ...
 * ```
 * @module
 */
import type { OpenSearchAuth } from './config.ts';
import { openSearchRequester, parseJsonOrUndefined } from './requester.ts';

/** Why no HTTP answer came. */
export const ReachFailure = {
  /** The host name does not resolve. */
  DNS: 'dns',
  /** Nothing listens at that address and port. */
  REFUSED: 'refused',
  /** The TLS handshake failed: plain HTTP on the port, or a certificate not trusted. */
  TLS: 'tls',
  /** The connection was closed before an answer. */
  RESET: 'reset',
  /** No answer in time. */
  TIMEOUT: 'timeout',
  /** Some other network failure the runtime does not explain. */
  NETWORK: 'network',
} as const;
export type ReachFailure = (typeof ReachFailure)[keyof typeof ReachFailure];

/** A failed fetch, read. */
export interface FetchFailure {
  readonly kind: ReachFailure;
  /** The runtime's own words, one line (e.g. `connect ECONNREFUSED 127.0.0.1:9200`). */
  readonly detail: string;
  /** What to check, in a few words. */
  readonly hint: string;
}

const HINTS: Readonly<Record<ReachFailure, string>> = {
  dns: 'the host name does not resolve: check OPENSEARCH_URL for a typo (a VPC-only domain resolves only inside its VPC)',
  refused: 'nothing listens there: is OpenSearch running, and is the port right (9200 self-managed, 443 Amazon OpenSearch Service)?',
  tls: 'the TLS handshake failed: https:// against a plain-HTTP port (use http://), or a certificate this runtime does not trust',
  reset: 'the connection was closed before an answer: http:// against an HTTPS port (use https://), or a proxy dropping it',
  timeout: 'no answer: a VPC-only domain reached from outside its VPC, a security group or firewall dropping the connection, or a cluster too busy to answer',
  network: 'no connection could be made',
};

/** Kinds that mean the cluster cannot be reached at all (as opposed to a slow or busy one). */
export const UNREACHABLE: ReadonlySet<ReachFailure> = new Set<ReachFailure>(['dns', 'refused', 'tls', 'reset', 'network']);

/** Every message and code on the error and its causes, one line, innermost last. */
function errorTexts(error: unknown): { text: string; codes: string[]; names: string[] } {
  const messages: string[] = [];
  const codes: string[] = [];
  const names: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== undefined && current !== null; depth++) {
    if (typeof current !== 'object') {
      messages.push(String(current));
      break;
    }
    const { message, code, name } = current as { message?: unknown; code?: unknown; name?: unknown };
    if (typeof message === 'string' && message !== '') messages.push(message);
    if (typeof code === 'string') codes.push(code);
    if (typeof name === 'string') names.push(name);
    current = (current as { cause?: unknown }).cause;
  }
  return { text: messages.join(': ').replace(/\s+/g, ' ').trim(), codes, names };
}

/**
 * Reads a failed `fetch` (or its timeout) on any runtime into a {@link FetchFailure}.
 *
 * @example
 * ```ts
 * try { await fetch("http://127.0.0.1:1/"); } catch (error) { classifyFetchError(error).kind; } // "refused" (Node, Bun, Deno)
 * ```
 */
export function classifyFetchError(error: unknown): FetchFailure {
  const { text, codes, names } = errorTexts(error);
  // OpenSSL's own line ("80DC…:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/…") says only its last words.
  const detail = ((text === 'fetch failed' ? '' : text.replace(/^fetch failed: /, '')) || text || 'unknown error').replace(
    /[0-9A-F]+:error:[0-9A-F]+:SSL routines:[^:]*:([^:]+):\S*/g,
    'OpenSSL: $1',
  );
  const is = (pattern: RegExp) => codes.some((code) => pattern.test(code)) || pattern.test(text);
  let kind: ReachFailure;
  if (names.includes('TimeoutError') || is(/UND_ERR_CONNECT_TIMEOUT|ETIMEDOUT|timed? ?out|no answer within/i)) kind = 'timeout';
  else if (is(/ENOTFOUND|EAI_AGAIN|EAI_NONAME|dns error|failed to lookup address|Name or service not known|DNS lookup failed/i)) kind = 'dns';
  else if (is(/ECONNREFUSED|ConnectionRefused|Connection refused/i)) kind = 'refused';
  else if (is(/SSL|TLS|CERT|EPROTO|certificate|corrupt message|handshake|WRONG_VERSION_NUMBER/i)) kind = 'tls';
  else if (is(/ECONNRESET|EPIPE|UND_ERR_SOCKET|other side closed|connection (?:was )?reset|Connection reset|socket hang up|Network connection lost/i)) {
    kind = 'reset';
  } else kind = 'network';
  let hint = HINTS[kind];
  if (kind === 'tls' && /WRONG_VERSION_NUMBER|wrong version number|InvalidContentType|speak TLS/i.test(`${codes.join(' ')} ${text}`)) {
    hint = 'the server answered plain HTTP to https://: use http:// in the URL, or the HTTPS port';
  } else if (kind === 'tls' && /CERT|certificate|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(`${codes.join(' ')} ${text}`)) {
    hint = "the server's certificate is not trusted here (self-signed or another name); on Node, NODE_EXTRA_CA_CERTS=<ca.pem> adds a CA";
  }
  return { kind, detail, hint };
}

/** What a failure kind is called in one line. */
const KIND_WORDS: Readonly<Record<ReachFailure, string>> = {
  dns: 'DNS lookup failed',
  refused: 'connection refused',
  tls: 'TLS failed',
  reset: 'connection closed',
  timeout: 'timed out',
  network: 'network error',
};

/**
 * One line for a failed fetch: kind, the runtime's words, and what to check.
 *
 * @example
 * ```ts
 * describeFetchFailure(classifyFetchError(error)); // "connection refused (connect ECONNREFUSED 127.0.0.1:9200): nothing listens there: ..."
 * ```
 */
export function describeFetchFailure(failure: FetchFailure): string {
  return `${KIND_WORDS[failure.kind]} (${clip(failure.detail, 300)}): ${failure.hint}`;
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text);

/** Who the cluster said it refused, from a 401/403 body: a fine-grained access control user or an IAM principal. */
function refusedPrincipal(body: string): { user?: string; backendRoles?: string; action?: string; iam?: string } {
  const fgac = /no permissions for \[([^\]]*)\] and User \[name=([^,\]]+)(?:, backend_roles=\[([^\]]*)\])?/.exec(body);
  if (fgac) return { action: fgac[1]!, user: fgac[2]!.trim(), ...(fgac[3] ? { backendRoles: fgac[3] } : {}) };
  const iam = /User: (arn:aws[\w-]*:[^\s"]+) is not authorized to perform: ([\w:*-]+)/.exec(body);
  if (iam) return { iam: iam[1]!, action: iam[2]! };
  return {};
}

/**
 * What to do about a 401 or 403 from OpenSearch, naming the user or role to map when the answer says it.
 *
 * @example
 * ```ts
 * explainRefusal(403, '{"error":{"reason":"no permissions for [indices:data/write/bulk] and User [name=firewatch, backend_roles=[]]"}}', { type: "basic", username: "firewatch", password: "x" }, "logs");
 * // "user firewatch lacks indices:data/write/bulk: map it to a role with ..."
 * ```
 */
export function explainRefusal(status: number, body: string, auth: OpenSearchAuth, index?: string): string {
  const who = refusedPrincipal(body);
  const indices = index === undefined ? 'the firewatch indices (FIREWATCH_INDEX-* and the dead-letter index)' : `${index}-* and deadletter-${index}`;
  const needs = `cluster_monitor and, on ${indices}, create_index and write (crud)`;
  if (status === 401) {
    if (auth.type === 'none') {
      return 'the cluster requires authentication: set FIREWATCH_OPENSEARCH_AUTH=basic with OPENSEARCH_USERNAME and OPENSEARCH_PASSWORD, or sigv4 for Amazon OpenSearch Service';
    }
    if (auth.type === 'basic') return `the credentials of user ${auth.username} were refused: check OPENSEARCH_USERNAME and OPENSEARCH_PASSWORD`;
    return 'the SigV4 signature was refused: check AWS_REGION, FIREWATCH_OPENSEARCH_SERVICE (es or aoss) and the credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN)';
  }
  if (who.user !== undefined) {
    const roles = who.backendRoles ? ` (backend roles ${who.backendRoles})` : '';
    return `user ${who.user}${roles} lacks ${who.action}: map it to a role with ${needs} (OpenSearch Dashboards → Security → Roles → Mapped users)`;
  }
  if (who.iam !== undefined) {
    return `${who.iam} is not allowed ${who.action} by the domain's access policy: add it as a principal allowed es:ESHttp* on the domain (and, with fine-grained access control, map it to a role with ${needs})`;
  }
  if (/security token included in the request is invalid|signature we calculated does not match/i.test(body)) {
    return 'the SigV4 signature was refused: check AWS_REGION, FIREWATCH_OPENSEARCH_SERVICE and the credentials';
  }
  const principal = auth.type === 'basic'
    ? `user ${auth.username}`
    : auth.type === 'sigv4'
    ? "the Lambda's role (or the credentials' principal)"
    : 'anonymous requests';
  return `${principal} may not do this: map it to a role with ${needs}, or allow it in the domain's access policy`;
}

/** What the start-up check found. */
export type ProbeResult =
  | {
    readonly ok: true;
    readonly url: string;
    readonly status: number;
    /** `opensearch 2.19.0`, when `GET /` says (Serverless does not answer it). */
    readonly version?: string;
    readonly clusterName?: string;
    readonly auth: OpenSearchAuth['type'];
  }
  | {
    readonly ok: false;
    readonly url: string;
    /** A {@link ReachFailure}, `auth` (401/403) or `http` (another non-2xx answer). */
    readonly kind: ReachFailure | 'auth' | 'http';
    readonly status?: number;
    /** One line: what happened and what to check. */
    readonly message: string;
  };

/** What {@link probeOpenSearch} reaches. */
export interface ProbeTarget {
  readonly url: string;
  readonly auth: OpenSearchAuth;
  /** The base index, to name the permissions a refused role needs. */
  readonly index?: string;
}

/** Options of {@link probeOpenSearch}. */
export interface ProbeOptions {
  /** Default `globalThis.fetch`. */
  readonly fetch?: typeof fetch;
  /** Give up after this long (default {@link PROBE_TIMEOUT_MS}). */
  readonly timeoutMs?: number;
}

/** A person reading the start-up log should have the answer within 5 seconds, whatever went wrong. */
export const PROBE_TIMEOUT_MS = 4_000;

/**
 * Sends one authenticated `GET /` and reads the answer. Never throws.
 *
 * @example
 * ```ts
 * const result = await probeOpenSearch({ url: "http://127.0.0.1:9200", auth: { type: "none" } });
 * if (result.ok) result.version; // "opensearch 2.19.0"
 * ```
 */
export async function probeOpenSearch(target: ProbeTarget, options: ProbeOptions = {}): Promise<ProbeResult> {
  const fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = options.timeoutMs ?? PROBE_TIMEOUT_MS;
  const url = target.url;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let status: number;
  let text: string;
  try {
    const request = await openSearchRequester(target.auth)(`${url}/`, { method: 'GET', headers: { accept: 'application/json' } });
    const response = await fetchImpl(request, { signal: controller.signal });
    status = response.status;
    text = await response.text();
  } catch (error) {
    const failure = controller.signal.aborted
      ? { kind: ReachFailure.TIMEOUT, detail: `no answer within ${timeoutMs} ms`, hint: HINTS.timeout }
      : classifyFetchError(error);
    return { ok: false, url, kind: failure.kind, message: `OpenSearch ${url} cannot be reached: ${describeFetchFailure(failure)}` };
  } finally {
    clearTimeout(timer);
  }
  if (status === 401 || status === 403) {
    return {
      ok: false,
      url,
      kind: 'auth',
      status,
      message: `OpenSearch ${url} refused firewatch (${status}): ${explainRefusal(status, text, target.auth, target.index)}`,
    };
  }
  // Serverless collections do not serve `GET /`; any other answer still proves the cluster is reachable and the signature accepted.
  if (status >= 200 && status < 300) {
    const info = parseJsonOrUndefined(text) as { version?: { number?: unknown; distribution?: unknown }; cluster_name?: unknown } | undefined;
    const number = typeof info?.version?.number === 'string' ? info.version.number : undefined;
    const distribution = typeof info?.version?.distribution === 'string' ? info.version.distribution : 'elasticsearch';
    return {
      ok: true,
      url,
      status,
      ...(number === undefined ? {} : { version: `${distribution} ${number}` }),
      ...(typeof info?.cluster_name === 'string' ? { clusterName: info.cluster_name } : {}),
      auth: target.auth.type,
    };
  }
  if (status === 404 && target.auth.type === 'sigv4' && target.auth.service === 'aoss') return { ok: true, url, status, auth: target.auth.type };
  return {
    ok: false,
    url,
    kind: 'http',
    status,
    message: `OpenSearch ${url} answered GET / with ${status}: ${
      clip(text.replace(/\s+/g, ' '), 300)
    } (is OPENSEARCH_URL the cluster's address, not a path or a proxy page?)`,
  };
}

const AUTH_WORDS: Readonly<Record<OpenSearchAuth['type'], string>> = {
  none: 'no authentication',
  basic: 'basic auth accepted',
  sigv4: 'SigV4 signature accepted',
};

/**
 * The start-up log line for a probe result (no prefix; each server adds its own).
 *
 * @example
 * ```ts
 * probeLine(await probeOpenSearch(target)); // 'OpenSearch http://127.0.0.1:9200 is reachable: opensearch 2.19.0, cluster "logs" (no authentication)'
 * ```
 */
export function probeLine(result: ProbeResult): string {
  if (!result.ok) return result.message;
  const what = [result.version, result.clusterName === undefined ? undefined : `cluster "${result.clusterName}"`].filter((part) => part !== undefined).join(
    ', ',
  );
  return `OpenSearch ${result.url} is reachable${what ? `: ${what}` : ` (answered ${result.status})`} (${AUTH_WORDS[result.auth]})`;
}
