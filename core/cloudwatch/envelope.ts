/**
 * The CloudWatch Logs subscription envelope, validated field by field: nothing downstream trusts a
 * shape it did not check.
 *
 * @example
 * ```ts
 * const result = validateEnvelope(JSON.parse(text));
 * if (result.ok && result.value.messageType === "DATA_MESSAGE") console.log(result.value.logEvents.length);
 * ```
 * @module
 */
import { fail, ok, type Result } from '../errors.ts';

/** One log event. `id` is a decimal string of ~56 digits, unique per event; `timestamp` is epoch ms. */
export interface LogEvent {
  readonly id: string;
  readonly timestamp: number;
  readonly message: string;
}

interface EnvelopeFields {
  readonly owner: string;
  readonly logGroup: string;
  readonly logStream: string;
  readonly subscriptionFilters: readonly string[];
  readonly logEvents: readonly LogEvent[];
  /** Present ("ACCOUNT_LEVEL_POLICY") when an account-level subscription policy sent the data. */
  readonly policyLevel?: string;
}

/** Log data. */
export interface DataMessage extends EnvelopeFields {
  readonly messageType: 'DATA_MESSAGE';
}

/** CloudWatch Logs checking that the destination is reachable: carries no log data, answered `Dropped`. */
export interface ControlMessage extends EnvelopeFields {
  readonly messageType: 'CONTROL_MESSAGE';
}

/** A validated subscription envelope. */
export type LogsEnvelope = DataMessage | ControlMessage;

/** Message types CloudWatch Logs sends. */
export const MessageType = { DATA: 'DATA_MESSAGE', CONTROL: 'CONTROL_MESSAGE' } as const;

/** True when a parsed JSON value has the envelope's distinguishing keys (so it is meant as one, valid or not). */
export function looksLikeEnvelope(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && ('messageType' in value || 'logEvents' in value);
}

/**
 * Checks that a parsed JSON value is a subscription envelope. Unknown extra keys are allowed (AWS adds
 * fields over time); wrong types, missing keys and unknown message types are errors naming the field.
 */
export function validateEnvelope(value: unknown): Result<LogsEnvelope> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return invalid('the envelope is not a JSON object');
  const v = value as Record<string, unknown>;
  const messageType = v['messageType'];
  if (messageType !== MessageType.DATA && messageType !== MessageType.CONTROL) {
    return typeof messageType === 'string'
      ? fail('MESSAGE_TYPE_UNKNOWN', `unknown messageType ${JSON.stringify(messageType.slice(0, 64))}`)
      : invalid('messageType is missing or not a string');
  }
  for (const key of ['owner', 'logGroup', 'logStream'] as const) {
    if (typeof v[key] !== 'string') return invalid(`${key} is missing or not a string`);
  }
  const filters = v['subscriptionFilters'];
  if (!Array.isArray(filters) || !filters.every((f) => typeof f === 'string')) return invalid('subscriptionFilters is not an array of strings');
  const events = v['logEvents'];
  if (!Array.isArray(events)) return invalid('logEvents is missing or not an array');
  for (let i = 0; i < events.length; i++) {
    const problem = eventProblem(events[i]);
    if (problem) return invalid(`logEvents[${i}]: ${problem}`);
  }
  if (v['policyLevel'] !== undefined && typeof v['policyLevel'] !== 'string') return invalid('policyLevel is not a string');
  return ok(value as LogsEnvelope);
}

/** What is wrong with one log event of an envelope, or undefined when nothing is. */
export function eventProblem(event: unknown): string | undefined {
  if (typeof event !== 'object' || event === null) return 'not an object';
  const e = event as Record<string, unknown>;
  if (typeof e['id'] !== 'string') return 'id is missing or not a string';
  const timestamp = e['timestamp'];
  // ±8.64e15 ms is the range a JavaScript Date (and so an ISO 8601 @timestamp) can represent.
  if (typeof timestamp !== 'number' || !(Math.abs(timestamp) <= 8.64e15)) return 'timestamp is missing or not a valid epoch-milliseconds number';
  if (typeof e['message'] !== 'string') return 'message is missing or not a string';
  return undefined;
}

const invalid = (detail: string): Result<LogsEnvelope> => fail('ENVELOPE_INVALID', detail);
