/**
 * The English of `decodeInput`: how payloads are described, plurals, and the errors an unrecognised input
 * gets. Shared by the format plug-ins so every description reads the same way.
 *
 * @module
 */
import { FirewatchError } from '../errors.ts';
import type { Found } from './formats/format.ts';
import { type DecodedPayload, InputKind } from './types.ts';
import { MessageType } from '../cloudwatch/envelope.ts';

/** `1 record`, `2 records`. */
export const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;
/** Lower-cases a leading article so a description can follow "holding"; proper nouns (Kinesis, CloudWatch) stay. */
export const lowerFirst = (s: string): string => (/^(?:A|An|One) /.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s);
export const upperFirst = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** An unrecognised input: kind `unknown` with a `FORMAT_UNKNOWN` error saying what it is and what was tried. */
export function unknown(detail: string, path: string): Found {
  return {
    kind: InputKind.UNKNOWN,
    description: `Nothing decoded: ${detail.replace(/; tried .*$/, '')}.`,
    items: [],
    error: new FirewatchError('FORMAT_UNKNOWN', detail, { path }),
  };
}

/** `JSON_INVALID` (without a path: callers locate it) with the line and column of the position V8 and SpiderMonkey report. */
export function jsonError(text: string, cause: unknown): FirewatchError {
  const message = cause instanceof Error ? cause.message : String(cause);
  const position = /position (\d+)/.exec(message);
  let where = '';
  if (position && !/line \d+/.test(message)) {
    const at = Number(position[1]);
    let line = 1;
    let column = 1;
    for (let i = 0; i < at && i < text.length; i++) {
      if (text.charCodeAt(i) === 10) {
        line++;
        column = 1;
      } else column++;
    }
    where = ` at line ${line} column ${column}`;
  }
  return new FirewatchError('JSON_INVALID', `not valid JSON${where} (${message})`, { cause });
}

/** What a payload holds, to follow "holding": `a CloudWatch Logs envelope (3 log events of /aws/rds/...)`. */
export function describePayload(payload: DecodedPayload): string {
  switch (payload.kind) {
    case 'cloudwatch': {
      const data = payload.envelopes.filter((e) => e.messageType === MessageType.DATA);
      const control = payload.envelopes.length - data.length;
      const events = data.reduce((n, e) => n + e.logEvents.length, 0);
      const groups = [...new Set(data.map((e) => e.logGroup))];
      const parts: string[] = [];
      if (data.length > 0) parts.push(`${plural(events, 'log event')} of ${groups.join(', ')}`);
      if (control > 0) parts.push(plural(control, 'control message'));
      return `${payload.envelopes.length === 1 ? 'a CloudWatch Logs envelope' : `${payload.envelopes.length} CloudWatch Logs envelopes`} (${parts.join(', ')})`;
    }
    case 'lines':
      return `${payload.events.length} log ${
        payload.events.length === 1 ? 'entry' : 'entries'
      } without log group (message extraction), parsed with ${payload.parser}${payload.detection ? ' (detected)' : ''}`;
    case 'json':
      return 'a JSON value that is not CloudWatch Logs data';
    case 'text':
      return 'plain text';
    case 'documents':
      return plural(payload.documents.length, 'document');
    default:
      return 'no data';
  }
}

/** `keys "a", "b"` of an object, or what the value is instead. */
export function keysOf(value: unknown): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return Array.isArray(value) ? 'an array' : `a ${value === null ? 'null' : typeof value}`;
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return 'no keys';
  const shown = keys.slice(0, 8).map((k) => JSON.stringify(k)).join(', ');
  return `key${keys.length === 1 ? '' : 's'} ${shown}${keys.length > 8 ? ', ...' : ''}`;
}

export const asObject = (
  value: unknown,
): Record<string, unknown> => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
export const numberOrString = (value: unknown): number | string | undefined => (typeof value === 'number' || typeof value === 'string' ? value : undefined);

/** The string members of `object` among `keys`, for a result's context. */
export function pickStrings(object: Record<string, unknown>, keys: readonly string[]): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const key of keys) if (typeof object[key] === 'string') out[key] = object[key];
  return out;
}

/** The name at the end of a stream ARN (`.../deliverystream/<name>`), for descriptions. */
export function nameOf(arn: unknown): string | undefined {
  if (typeof arn !== 'string') return undefined;
  const slash = arn.indexOf('/');
  return slash >= 0 ? arn.slice(slash + 1) : arn;
}
