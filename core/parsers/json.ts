/**
 * A message that is one JSON object (structured application logs). Its top-level keys become the
 * document's fields as they are, nested values included; keys the document owns (`@timestamp`,
 * `message`, `cloudwatch`, `parser`, `error`) are renamed `parsed_<key>` (and again if that name is
 * taken too), so an application's own `message` arrives as `parsed_message`.
 *
 * The event time is the first of `@timestamp`, `timestamp`, `time`, `ts` that reads as a time: an ISO
 * 8601 string (zone-less means UTC), another layout {@link normalizeTimestamp} knows, or an epoch number
 * (milliseconds; below 1e11 taken as seconds, as Python and Go loggers write). The key stays a field.
 *
 * @example
 * ```ts
 * json.parse('{"level":"info","message":"started","ts":1764070860123}');
 * // { ok: true, timestamp: "2025-11-25T11:41:00.123Z", fields: { level: "info", ts: 1764070860123, parsed_message: "started" } }
 * ```
 * @module
 */

import { nestedDeeperThan, parseJsonText } from '../json-text.ts';
import { JSON_MAX_DEPTH } from '../limits.ts';
import { RESERVED_FIELD_NAMES, RESERVED_PREFIX } from './field-names.ts';
import { defineParser, type Fields, type JsonValue, type ParseResult, type SampledParserPlugin } from './parser.ts';
import { hex, int, pick, type Rng, weighted } from './sample-lines.ts';
import { epochToIso, normalizeTimestamp } from './timestamps.ts';

const TIME_KEYS = ['@timestamp', 'timestamp', 'time', 'ts'] as const;

/** The time a JSON value stands for, if any. */
function timeOf(value: JsonValue | undefined): string | undefined {
  if (typeof value === 'string') return normalizeTimestamp(value);
  if (typeof value === 'number') return epochToIso(value);
  return undefined;
}

/** An exponent of three or more digits, or 309 digits in a row: what a JSON number needs to overflow. */
const MAYBE_OVERFLOW = /[eE]\+?\d{3}|\d{309}/;

/** Whether a parsed value holds a number that is not finite. A loop over a stack: no recursion over user data. */
function holdsNonFinite(root: unknown): boolean {
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) return true;
    } else if (typeof value === 'object' && value !== null) {
      for (const item of Array.isArray(value) ? value : Object.values(value)) pending.push(item);
    }
  }
  return false;
}

/** Index of the first character that is not JSON whitespace. */
function firstNonSpace(message: string): number {
  let i = 0;
  for (;;) {
    const code = message.charCodeAt(i);
    if (code !== 32 && code !== 9 && code !== 10 && code !== 13) return i;
    i++;
  }
}

/**
 * Parses a JSON-object message. Never throws.
 *
 * @example
 * ```ts
 * parseJson('[1,2]'); // { ok: false, reason: "the message is JSON but not an object" }
 * ```
 */
export function parseJson(message: string): ParseResult {
  if (message.charCodeAt(firstNonSpace(message)) !== 123) return { ok: false, reason: 'the message does not start with "{"' };
  // Deeper than an index maps: kept whole, and never handed to a recursive serializer (see JSON_MAX_DEPTH).
  if (nestedDeeperThan(message, JSON_MAX_DEPTH)) {
    return { ok: false, reason: `the message is JSON nested deeper than ${JSON_MAX_DEPTH} levels (OpenSearch's index.mapping.depth.limit)` };
  }
  let value: unknown;
  try {
    value = parseJsonText(message);
  } catch (cause) {
    // JSON.parse is the only thing here that throws (syntax, or nesting deep enough to exhaust the stack).
    return { ok: false, reason: `the message is not valid JSON: ${cause instanceof Error ? cause.message : String(cause)}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, reason: 'the message is JSON but not an object' };
  // A number beyond a double (1e400) parses as Infinity, which no document can hold: keep the line whole
  // as an unparsed one rather than index a field that lost its value. Only an exponent of three digits or
  // a literal of 309 digits can overflow, so the walk runs on those lines alone.
  if (MAYBE_OVERFLOW.test(message) && holdsNonFinite(value)) return { ok: false, reason: 'the message holds a number too large for a double' };
  // JSON.parse makes a fresh object with own data properties only (even "__proto__"), so it can be the
  // fields object as is; renaming in place avoids copying the common case of no reserved keys.
  const fields = value as Fields;
  let timestamp: string | undefined;
  for (const key of TIME_KEYS) {
    if (Object.hasOwn(fields, key)) {
      timestamp = timeOf(fields[key]);
      if (timestamp !== undefined) break;
    }
  }
  for (const key of RESERVED_FIELD_NAMES) {
    if (!Object.hasOwn(fields, key)) continue;
    let target = RESERVED_PREFIX + key;
    while (Object.hasOwn(fields, target)) target = RESERVED_PREFIX + target;
    fields[target] = fields[key] ?? null;
    delete fields[key];
  }
  return timestamp === undefined ? { ok: true, fields } : { ok: true, fields, timestamp };
}

/**
 * One realistic structured application log line (JSON) at `epochMs`.
 *
 * @example
 * ```ts
 * JSON.parse(jsonLine(mulberry32(1), Date.UTC(2026, 10, 25, 11, 41))).level; // "info"
 * ```
 */
export function jsonLine(rng: Rng, epochMs: number): string {
  const level = weighted(
    rng,
    [
      [8, 'info'],
      [2, 'warn'],
      [1, 'error'],
    ] as const,
  );
  const route = pick(rng, ['/api/orders', '/api/cart', '/api/checkout', '/health'] as const);
  return JSON.stringify({
    time: new Date(Math.floor(epochMs)).toISOString(),
    level,
    message: level === 'error' ? 'payment provider timed out' : `${pick(rng, ['GET', 'POST'] as const)} ${route}`,
    route,
    status: level === 'error' ? 502 : 200,
    duration_ms: int(rng, 1, 900),
    request_id: hex(rng, 16),
  });
}

/**
 * The JSON parser plug-in.
 *
 * @example
 * ```ts
 * json.name; // "json"
 * ```
 */
export const json: SampledParserPlugin<'json'> = defineParser({
  name: 'json',
  description: 'A JSON object per message: its keys become fields (reserved names prefixed parsed_)',
  // The object's own keys: mapped by the index's dynamic rules, never declared.
  fields: {},
  parse: parseJson,
  // An application's log group: the registry reads it with `auto`, which is `json` for these lines.
  sample: { logGroup: '/ecs/checkout-api', generate: jsonLine },
});
