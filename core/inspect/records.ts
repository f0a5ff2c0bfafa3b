/**
 * One record's data, decoded and given the documents firewatch would index from it, the way the
 * transformation Lambda builds them. Every format with records (`records[].data`, `Records[].kinesis.data`,
 * `rawData`, `awslogs.data`, gzip members) goes through here.
 *
 * @module
 */
import { extractLines } from '../cloudwatch/extracted-lines.ts';
import { looksLikeEnvelope, MessageType } from '../cloudwatch/envelope.ts';
import { awslogsData, decodeRecordData, type RecordPayload } from '../cloudwatch/record.ts';
import { buildDocument, buildPlainDocument } from '../document.ts';
import { FirewatchError, ok, type Result } from '../errors.ts';
import type { Context } from './formats/format.ts';
import type { BackupInfo, DecodedDocument, DecodedItem, DecodedPayload, LineEvent, RecordInfo } from './types.ts';

const encoder = new TextEncoder();

/**
 * Decodes one record's base64 data. `position` names the item, `dataPath` the field errors point at
 * (`records[3].data`); `arrival` dates documents of records that are not CloudWatch data; `key` is what
 * the ids of message-extraction lines derive from (default: the recordId, else the position).
 */
export function recordItem(
  position: string,
  dataPath: string,
  data: unknown,
  context: Context,
  extra: { readonly record?: RecordInfo | undefined; readonly backup?: BackupInfo },
  arrival: number,
  decodedBytes?: Uint8Array,
  key?: string,
): DecodedItem {
  const base = {
    position,
    ...(extra.record ? { record: extra.record } : {}),
    ...(extra.backup ? { backup: extra.backup } : {}),
    ...(context.recordData && typeof data === 'string' ? { data } : {}),
  };
  if (typeof data !== 'string') {
    return {
      ...base,
      bytes: 0,
      decoded: { ok: false, error: new FirewatchError('EVENT_SHAPE_INVALID', 'is missing or not a string of base64', { path: dataPath }) },
    };
  }
  const bytes = decodedBytes === undefined ? context.codecs.decodeBase64(data) : ok(decodedBytes);
  if (!bytes.ok) return { ...base, bytes: 0, decoded: { ok: false, error: bytes.error.at(dataPath) } };
  const payload = decodeRecordData(bytes.value, { codecs: context.codecs, maxInflatedBytes: context.maxInflatedBytes });
  if (!payload.ok) return { ...base, bytes: bytes.value.length, decoded: { ok: false, error: payload.error.at(dataPath) } };
  return { ...base, bytes: bytes.value.length, decoded: ok(withDocuments(payload.value, arrival, context, key ?? extra.record?.recordId ?? position)) };
}

/**
 * Adds the documents firewatch would index for a record's payload (as the transformation Lambda builds
 * them). Text that is not CloudWatch data is what Firehose's message extraction writes: one event per
 * entry, with ids derived from `key` (the recordId, else the item's position).
 */
export function withDocuments(payload: RecordPayload, arrival: number, context: Context, key: string): DecodedPayload {
  if (payload.kind === 'cloudwatch') {
    const documents: DecodedDocument[] = [];
    if (context.documents) {
      for (const envelope of payload.envelopes) {
        if (envelope.messageType !== MessageType.DATA) continue;
        const parser = context.parserFor(envelope.logGroup);
        for (const event of envelope.logEvents) documents.push(buildDocument(event, envelope, parser));
      }
    }
    return { ...payload, documents };
  }
  if (payload.kind === 'text') {
    const extracted = extractLines(payload.text, { key, arrival, ...(context.forcedParser ? { parser: context.forcedParser } : {}) });
    const { envelope, entries, parser, detection } = extracted;
    const events: LineEvent[] = entries.map((entry, i) => ({
      line: entry.line,
      lines: entry.lines,
      message: entry.message,
      id: envelope.logEvents[i]!.id,
      timestamp: envelope.logEvents[i]!.timestamp,
    }));
    const documents = context.documents ? envelope.logEvents.map((event) => buildDocument(event, envelope, parser)) : [];
    return {
      kind: 'lines',
      events,
      parser: parser.name,
      ...(detection ? { detection: { parser: detection.parser.name, reason: detection.reason, scores: detection.scores } } : {}),
      documents,
    };
  }
  const documents = context.documents ? [buildPlainDocument(payload.text, arrival, context.parserFor(''))] : [];
  return { kind: 'json', value: payload.value, documents };
}

/** The envelope keys, and the event keys, the record decoder reads. */
const ENVELOPE_KEYS = ['messageType', 'owner', 'logGroup', 'logStream', 'subscriptionFilters', 'logEvents', 'policyLevel'] as const;
const EVENT_KEYS = ['id', 'timestamp', 'message'] as const;

function pick(value: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (Object.hasOwn(value, key)) out[key] = value[key];
  return out;
}

/**
 * The parts of an envelope or awslogs event that the record decoder reads. Other keys are left out of
 * the re-serialised text: they may nest deep enough to overflow `JSON.stringify`'s stack, and were
 * ignored anyway.
 */
function knownParts(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const object = value as Record<string, unknown>;
  if (!looksLikeEnvelope(object)) return { awslogs: { data: awslogsData(object) } };
  const envelope = pick(object, ENVELOPE_KEYS);
  const events = envelope['logEvents'];
  if (Array.isArray(events)) {
    envelope['logEvents'] = events.map((
      e: unknown,
    ) => (typeof e === 'object' && e !== null && !Array.isArray(e) ? pick(e as Record<string, unknown>, EVENT_KEYS) : e));
  }
  return envelope;
}

/** An envelope or awslogs event met as a parsed JSON value: re-serialised once so the record decoder validates it. */
export function jsonRecordItem(position: string, value: unknown, context: Context): DecodedItem {
  let text: string;
  try {
    text = JSON.stringify(knownParts(value));
  } catch {
    // Only a value nested thousands deep under a key the decoder reads gets here: it is invalid anyway.
    return {
      position,
      bytes: 0,
      decoded: {
        ok: false,
        error: new FirewatchError('ENVELOPE_INVALID', 'a field of the envelope is nested too deep to be an envelope field', { path: position }),
      },
    };
  }
  const payload = decodeRecordData(encoder.encode(text), { codecs: context.codecs, maxInflatedBytes: context.maxInflatedBytes });
  return {
    position,
    bytes: text.length,
    decoded: payload.ok ? ok(withDocuments(payload.value, 0, context, position)) : { ok: false, error: payload.error.at(position) },
  };
}

/** Decodes raw record bytes (an `Ok` answer's gzip data, a response's whole text) with documents. */
export function payloadOf(bytes: Uint8Array, context: Context, key: string): Result<DecodedPayload> {
  const payload = decodeRecordData(bytes, { codecs: context.codecs, maxInflatedBytes: context.maxInflatedBytes });
  return payload.ok ? ok(withDocuments(payload.value, 0, context, key)) : payload;
}

/** The record identity fields that are present and of the right type. */
export function recordInfo(fields: Partial<Record<keyof RecordInfo, unknown>>): RecordInfo | undefined {
  const info: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) info[key] = value;
  }
  return Object.keys(info).length === 0 ? undefined : (info as RecordInfo);
}
