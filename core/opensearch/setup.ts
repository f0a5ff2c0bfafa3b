/**
 * Prepares an OpenSearch cluster for firewatch, idempotently: the index template of the base index, the
 * dead-letter index's template, and the ISM retention policy (core/opensearch/index-template.ts builds
 * them). For each it GETs what is there and PUTs only when it is missing or differs, so running it
 * again reports `unchanged` and touches nothing. Requests use `fetch` (injectable) and the sink's
 * authentication (none, basic, SigV4).
 *
 * "Differs" means: some value firewatch sends is not what OpenSearch returns. OpenSearch adds its own
 * members to what it stores (ISM's `retry` defaults, `last_updated_time`, `schema_version`; templates'
 * `composed_of`; settings nested and stringified), so the comparison checks what firewatch sends, not
 * the whole stored object; the template's `_meta.fingerprint` catches anything firewatch stopped sending.
 * An existing ISM policy is updated with `if_seq_no`/`if_primary_term` from the GET, as ISM requires, so
 * a concurrent change fails (409) instead of being overwritten. ISM applies a policy when an index is
 * created: indices that already exist keep the version they started with.
 *
 * @example
 * ```ts
 * const config = readOpenSearchConfig(env);
 * const result = await setupOpenSearch(config, { index: config.index, deadLetterIndex: config.deadLetterIndex, rotation: config.rotation, retentionDays: 30 });
 * if (result.ok) for (const item of result.items) console.log(`${item.kind} ${item.name}: ${item.status}`);
 * ```
 * @module
 */
import { FirewatchError } from '../errors.ts';
import type { JsonValue } from '../parsers/parser.ts';
import { explainFetchError, openSearchRequester, parseJsonOrUndefined } from './requester.ts';
import type { OpenSearchConfig } from './config.ts';
import type { IndexRotation } from './index-name.ts';
import {
  deadLetterTemplate,
  DEFAULT_RETENTION_DAYS,
  DEFAULT_TEMPLATE_PRIORITY,
  defaultDeadLetterIndex,
  indexTemplate,
  indexTemplateName,
  type JsonObject,
  MAX_RETENTION_DAYS,
  retentionPolicy,
  retentionPolicyId,
} from './index-template.ts';

/** What setup needs of the OpenSearch configuration (core/opensearch/config.ts). */
export type SetupConnection = Pick<OpenSearchConfig, 'url' | 'auth' | 'requestTimeoutMs'>;

/** What to set up. */
export interface SetupOptions {
  /** Base index (`FIREWATCH_INDEX`). */
  readonly index: string;
  /** Default `deadletter-<index>`, as the sink. */
  readonly deadLetterIndex?: string;
  /** The sink's rotation: with `NoRotation` there are no rotated indices for a retention policy to delete. */
  readonly rotation: IndexRotation;
  /** Default 30. */
  readonly retentionDays?: number;
  /** Default 100; the dead-letter template gets one more. Overlapping templates need different priorities (`logs-*`, `logs-audit-*`). */
  readonly priority?: number;
  /** OpenSearch Serverless (`aoss`): it has no ISM, so the policy is skipped. Default: from `auth`. */
  readonly serverless?: boolean;
}

/** Replaceable effects, for tests and unusual runtimes. */
export interface SetupDeps {
  /** Default `globalThis.fetch`. */
  readonly fetch?: typeof fetch;
}

/** What one step did. */
export type SetupStatus = 'created' | 'updated' | 'unchanged' | 'skipped';

/** One thing to put in place: its request, and why it is skipped when it is. */
export interface SetupStep {
  readonly kind: 'index_template' | 'ism_policy';
  readonly name: string;
  /** Path below the cluster URL, e.g. `_index_template/firewatch-cloudwatch-logs`. */
  readonly path: string;
  readonly body: JsonObject;
  /** Set when this step does not apply to the cluster or configuration. */
  readonly skip?: string;
}

/** The outcome of one step. */
export interface SetupItem {
  readonly kind: SetupStep['kind'];
  readonly name: string;
  readonly path: string;
  readonly status: SetupStatus;
  /** Why it was skipped, or what an update changed hands with (`seq_no 7 → 9`). */
  readonly detail?: string;
}

/** The items done before a failure are kept, so the caller can say what happened. */
export type SetupResult = { readonly ok: true; readonly items: SetupItem[] } | {
  readonly ok: false;
  readonly items: SetupItem[];
  readonly error: FirewatchError;
};

const describeKind = (kind: SetupStep['kind']): string => (kind === 'index_template' ? 'index template' : 'ISM policy');

/**
 * The steps for a configuration, without contacting anything: what `--dry-run` prints and what
 * {@link setupOpenSearch} applies. Throws `CONFIG_INVALID` for a bad retention or priority, or a
 * dead-letter index the retention policy would delete.
 *
 * @example
 * ```ts
 * planOpenSearchSetup({ index: "rds", rotation: "OneDay" }).map((s) => s.path);
 * // ["_index_template/firewatch-rds", "_index_template/firewatch-deadletter-rds", "_plugins/_ism/policies/firewatch-rds-retention"]
 * ```
 */
export function planOpenSearchSetup(options: SetupOptions): SetupStep[] {
  const retentionDays = options.retentionDays ?? DEFAULT_RETENTION_DAYS;
  const priority = options.priority ?? DEFAULT_TEMPLATE_PRIORITY;
  if (!Number.isSafeInteger(retentionDays) || retentionDays < 1 || retentionDays > MAX_RETENTION_DAYS) {
    throw new FirewatchError(
      'CONFIG_INVALID',
      `opensearch setup: the retention must be a whole number of days from 1 to ${MAX_RETENTION_DAYS}, got ${retentionDays}`,
    );
  }
  // The dead-letter template takes priority + 1; OpenSearch caps priorities at a Java int.
  if (!Number.isSafeInteger(priority) || priority < 0 || priority >= 2 ** 31 - 1) {
    throw new FirewatchError('CONFIG_INVALID', `opensearch setup: the template priority must be a whole number from 0 to ${2 ** 31 - 2}, got ${priority}`);
  }
  const deadLetterIndex = options.deadLetterIndex ?? defaultDeadLetterIndex(options.index);
  const skipPolicy = options.rotation === 'NoRotation'
    ? `FIREWATCH_INDEX_ROTATION is NoRotation: everything is in ${options.index}, and deleting it would delete everything, so there is no retention policy`
    : options.serverless === true
    ? 'OpenSearch Serverless has no ISM: set a data lifecycle policy on the collection instead'
    : undefined;
  if (skipPolicy === undefined && deadLetterIndex.startsWith(`${options.index}-`)) {
    throw new FirewatchError(
      'CONFIG_INVALID',
      `opensearch setup: the dead-letter index ${deadLetterIndex} matches the retention pattern ${options.index}-*, so the policy would delete it: name it outside that pattern (the default is ${
        defaultDeadLetterIndex(options.index)
      })`,
    );
  }
  const templateOptions = { index: options.index, deadLetterIndex, priority };
  const mainName = indexTemplateName(options.index);
  const deadName = indexTemplateName(deadLetterIndex);
  const policyId = retentionPolicyId(options.index);
  return [
    { kind: 'index_template', name: mainName, path: `_index_template/${mainName}`, body: indexTemplate(templateOptions) },
    { kind: 'index_template', name: deadName, path: `_index_template/${deadName}`, body: deadLetterTemplate(templateOptions) },
    {
      kind: 'ism_policy',
      name: policyId,
      path: `_plugins/_ism/policies/${policyId}`,
      body: retentionPolicy({ index: options.index, retentionDays, priority }),
      ...(skipPolicy === undefined ? {} : { skip: skipPolicy }),
    },
  ];
}

/** One HTTP exchange's outcome; `json` undefined when the body is not JSON. */
interface Answer {
  /** `METHOD url`, for messages. */
  readonly request: string;
  readonly status: number;
  readonly text: string;
  readonly json: unknown;
}

/**
 * Puts the templates and the retention policy in place; see the module comment. Never throws: a
 * failure is `{ ok: false, error }` naming the step, the request and OpenSearch's answer, with the items
 * already done.
 *
 * @example
 * ```ts
 * const result = await setupOpenSearch({ url: "http://127.0.0.1:9200", auth: { type: "none" }, requestTimeoutMs: 30_000 }, { index: "rds", rotation: "OneDay" });
 * // { ok: true, items: [{ kind: "index_template", name: "firewatch-rds", status: "created", ... }, ...] }
 * ```
 */
export async function setupOpenSearch(connection: SetupConnection, options: SetupOptions, deps: SetupDeps = {}): Promise<SetupResult> {
  const items: SetupItem[] = [];
  let steps: SetupStep[];
  try {
    const serverless = options.serverless ?? (connection.auth.type === 'sigv4' && connection.auth.service === 'aoss');
    steps = planOpenSearchSetup({ ...options, serverless });
  } catch (error) {
    return {
      ok: false,
      items,
      error: error instanceof FirewatchError ? error : new FirewatchError('CONFIG_INVALID', `opensearch setup: ${explainFetchError(error)}`, { cause: error }),
    };
  }
  const fetchImpl = deps.fetch ?? ((input, init) => fetch(input, init));
  const authorized = openSearchRequester(connection.auth);

  /** One request, bounded by the request timeout; never throws. */
  async function call(step: SetupStep, method: 'GET' | 'PUT', path: string, body?: JsonObject): Promise<Answer | FirewatchError> {
    const url = `${connection.url}/${path}`;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error(`no answer within ${connection.requestTimeoutMs} ms`)), connection.requestTimeoutMs);
    try {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const request = await authorized(url, body === undefined ? { method, headers } : { method, headers, body: JSON.stringify(body) });
      const response = await fetchImpl(request, { signal: controller.signal });
      const text = await response.text();
      return { request: `${method} ${url}`, status: response.status, text, json: parseJsonOrUndefined(text) };
    } catch (cause) {
      const why = controller.signal.aborted ? `no answer within ${connection.requestTimeoutMs} ms` : `network error: ${explainFetchError(cause)}`;
      return new FirewatchError('SINK_UNAVAILABLE', `opensearch setup: ${describeKind(step.kind)} ${step.name}: ${method} ${url}: ${why}`, { cause });
    } finally {
      clearTimeout(timer);
    }
  }

  for (const step of steps) {
    if (step.skip !== undefined) {
      items.push({ kind: step.kind, name: step.name, path: step.path, status: 'skipped', detail: step.skip });
      continue;
    }
    const done = step.kind === 'index_template' ? await applyTemplate(step, call) : await applyPolicy(step, call);
    if (done instanceof FirewatchError) return { ok: false, items, error: done };
    items.push(done);
  }
  return { ok: true, items };
}

type Call = (step: SetupStep, method: 'GET' | 'PUT', path: string, body?: JsonObject) => Promise<Answer | FirewatchError>;

async function applyTemplate(step: SetupStep, call: Call): Promise<SetupItem | FirewatchError> {
  const got = await call(step, 'GET', step.path);
  if (got instanceof FirewatchError) return got;
  let existing: unknown;
  if (got.status === 200) {
    const found = field(got.json, 'index_templates');
    const entry = Array.isArray(found) ? found.find((t) => field(t, 'name') === step.name) : undefined;
    existing = field(entry, 'index_template');
    if (existing === undefined) return refused(step, got, `the answer has no index_templates entry named ${step.name}`);
  } else if (got.status !== 404 || noHandler(got)) {
    return refused(step, got);
  }
  if (existing !== undefined && templateCovers(existing, step.body)) return item(step, 'unchanged');
  const put = await call(step, 'PUT', step.path, step.body);
  if (put instanceof FirewatchError) return put;
  if (put.status !== 200 && put.status !== 201) return refused(step, put);
  return item(step, existing === undefined ? 'created' : 'updated');
}

async function applyPolicy(step: SetupStep, call: Call): Promise<SetupItem | FirewatchError> {
  const got = await call(step, 'GET', step.path);
  if (got instanceof FirewatchError) return got;
  let version: { seqNo: number; primaryTerm: number } | undefined;
  if (got.status === 200) {
    const seqNo = field(got.json, '_seq_no');
    const primaryTerm = field(got.json, '_primary_term');
    if (typeof seqNo !== 'number' || typeof primaryTerm !== 'number') return refused(step, got, 'the answer has no _seq_no and _primary_term');
    if (covers(field(got.json, 'policy'), step.body['policy'] ?? null)) return item(step, 'unchanged');
    version = { seqNo, primaryTerm };
  } else if (got.status !== 404 || noHandler(got)) {
    // A 404 of a missing policy says "Policy not found" (or, on a fresh cluster, that ISM's config index does not exist yet).
    return refused(step, got);
  }
  const path = version === undefined ? step.path : `${step.path}?if_seq_no=${version.seqNo}&if_primary_term=${version.primaryTerm}`;
  const put = await call(step, 'PUT', path, step.body);
  if (put instanceof FirewatchError) return put;
  if (put.status === 409) {
    return refused(
      step,
      put,
      version === undefined ? 'it was created meanwhile by someone else; run setup again' : 'it changed since it was read; run setup again',
    );
  }
  if (put.status !== 200 && put.status !== 201) return refused(step, put);
  if (version === undefined) return item(step, 'created');
  const newSeqNo = field(put.json, '_seq_no');
  return item(step, 'updated', `seq_no ${version.seqNo} → ${typeof newSeqNo === 'number' ? newSeqNo : '?'}`);
}

const item = (step: SetupStep, status: SetupStatus, detail?: string): SetupItem =>
  detail === undefined ? { kind: step.kind, name: step.name, path: step.path, status } : { kind: step.kind, name: step.name, path: step.path, status, detail };

/** OpenSearch's "no handler found for uri": the API itself is missing (no ISM plugin, not OpenSearch). */
function noHandler(answer: Answer): boolean {
  return /no handler found for uri/i.test(answer.text);
}

/** The error for an answer that is not what the step needed, naming the step, the request and OpenSearch's reason. */
function refused(step: SetupStep, answer: Answer, why?: string): FirewatchError {
  const reason = openSearchReason(answer);
  let hint = why ?? '';
  if (answer.status === 401) {
    hint = 'authentication failed: check FIREWATCH_OPENSEARCH_AUTH and its credentials (OPENSEARCH_USERNAME/OPENSEARCH_PASSWORD, or the SigV4 AWS_* variables)';
  } else if (answer.status === 403) {
    hint = step.kind === 'index_template'
      ? 'the credentials are not allowed to manage index templates (OpenSearch security: the cluster_manage_index_templates action group; IAM: es:ESHttpGet and es:ESHttpPut on the domain)'
      : 'the credentials are not allowed to manage ISM policies (OpenSearch security: cluster:admin/opendistro/ism/policy/get and .../write; IAM: es:ESHttpGet and es:ESHttpPut on the domain)';
  } else if (noHandler(answer)) {
    hint = step.kind === 'ism_policy'
      ? 'this cluster has no Index State Management plugin at _plugins/_ism (OpenSearch 1.0 or later, or Amazon OpenSearch Service, has it)'
      : 'this cluster has no composable index templates (OpenSearch 1.0 or later has them)';
  }
  const detail = `opensearch setup: ${describeKind(step.kind)} ${step.name}: ${answer.request} answered ${answer.status}${reason ? ` (${reason})` : ''}${
    hint ? `: ${hint}` : ''
  }`;
  return new FirewatchError(answer.status >= 500 || answer.status === 429 ? 'SINK_UNAVAILABLE' : 'SINK_REJECTED', detail);
}

/** `type: reason` of an OpenSearch error body, else the start of the text. */
function openSearchReason(answer: Answer): string {
  const error = field(answer.json, 'error');
  const type = field(error, 'type');
  const reason = typeof error === 'string' ? error : field(error, 'reason');
  if (typeof type === 'string' || typeof reason === 'string') return [type, reason].filter((s) => typeof s === 'string').join(': ').slice(0, 500);
  const text = answer.text.trim().replace(/\s+/g, ' ');
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/**
 * Whether a stored index template holds everything `desired` sets: settings compared as OpenSearch
 * normalizes them (flat `index.*` keys, string values), the rest by {@link covers}.
 */
function templateCovers(existing: unknown, desired: JsonObject): boolean {
  const { template, ...top } = desired;
  if (!covers(existing, top)) return false;
  const stored = field(existing, 'template');
  const wanted = template as JsonObject | undefined;
  if (wanted === undefined) return true;
  const { settings, ...rest } = wanted;
  if (!covers(stored, rest)) return false;
  const have = flatSettings(field(stored, 'settings'));
  for (const [key, value] of Object.entries(flatSettings(settings))) if (have[key] !== value) return false;
  return true;
}

/**
 * Whether `existing` holds every value of `desired`: objects may have more members (what OpenSearch
 * adds), arrays must have the same length with each element covered, scalars must be equal (a number and
 * its string form count as equal: settings and some parameters come back as strings).
 *
 * @example
 * ```ts
 * covers({ a: 1, retry: { count: 3 } }, { a: 1 }); // true
 * covers([{ a: 1 }, { b: 2 }], [{ a: 1 }]);        // false
 * ```
 */
export function covers(existing: unknown, desired: JsonValue): boolean {
  if (Array.isArray(desired)) return Array.isArray(existing) && existing.length === desired.length && desired.every((d, i) => covers(existing[i], d));
  if (desired !== null && typeof desired === 'object') {
    if (existing === null || typeof existing !== 'object' || Array.isArray(existing)) return false;
    return Object.entries(desired).every(([key, value]) => covers((existing as Record<string, unknown>)[key], value));
  }
  if (existing === desired) return true;
  const scalar = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  return scalar(existing) && scalar(desired) && String(existing) === String(desired);
}

/** Settings as OpenSearch stores them: `{ "index.number_of_shards": "1" }` for `{ number_of_shards: 1 }` or `{ index: { number_of_shards: "1" } }`. */
function flatSettings(settings: unknown, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  if (settings === null || typeof settings !== 'object' || Array.isArray(settings)) return out;
  for (const [key, value] of Object.entries(settings as Record<string, unknown>)) {
    const path = prefix === '' ? (key.startsWith('index.') || key === 'index' ? key : `index.${key}`) : `${prefix}.${key}`;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) Object.assign(out, flatSettings(value, path));
    else out[path] = Array.isArray(value) ? value.map(String).join(',') : String(value);
  }
  return out;
}

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}
