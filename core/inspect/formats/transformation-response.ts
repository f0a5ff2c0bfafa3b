/**
 * A Firehose data-transformation Lambda's answer: `records[]` with `result` (`Ok`, `Dropped`,
 * `ProcessingFailed`) and, for `Ok`, the data Firehose delivers: documents (one JSON object, or NDJSON),
 * CloudWatch data passed through, or plain text.
 *
 * @module
 */
import { isGzip } from '../../bytes/gzip.ts';
import { decodeUtf8 } from '../../bytes/utf8.ts';
import { looksLikeEnvelope } from '../../cloudwatch/envelope.ts';
import { decodeRecordData } from '../../cloudwatch/record.ts';
import { FirewatchError, ok, type Result } from '../../errors.ts';
import { payloadOf, recordInfo, withDocuments } from '../records.ts';
import { type DecodedDocument, type DecodedItem, type DecodedPayload, InputKind } from '../types.ts';
import { asObject, jsonError, plural } from '../wording.ts';
import { type Context, firstNonSpace, type Found, type InputFormat, jsonObject } from './format.ts';
import { parseJsonText } from '../../json-text.ts';

/** The records of a `{records: [...]}` object, if it has them. */
export function recordsOf(object: Record<string, unknown> | undefined): readonly unknown[] | undefined {
  const records = object?.['records'];
  return Array.isArray(records) ? records : undefined;
}

/** Whether some record has `field`. */
export const someRecordHas = (records: readonly unknown[], field: string): boolean => records.some((r) => typeof r === 'object' && r !== null && field in r);

/** The transformation-response format. */
export const transformationResponseFormat: InputFormat = {
  kind: InputKind.TRANSFORMATION_RESPONSE,
  label: 'Firehose transformation response',
  sniff: (input) => {
    const records = recordsOf(jsonObject(input));
    return records !== undefined && someRecordHas(records, 'result');
  },
  decode: (input, context) => decodeResponse(recordsOf(jsonObject(input))!, context),
};

const encoder = new TextEncoder();

function decodeResponse(records: readonly unknown[], context: Context): Found {
  const counts: Record<string, number> = {};
  const items = records.map((record, i): DecodedItem => {
    const r = asObject(record);
    const position = `records[${i}]`;
    const result = r['result'];
    const info = recordInfo({ recordId: r['recordId'], result });
    const base = { position, ...(info ? { record: info } : {}) };
    const failed = (error: FirewatchError, bytes = 0): DecodedItem => ({ ...base, bytes, decoded: { ok: false, error } });
    if (typeof result === 'string') counts[result] = (counts[result] ?? 0) + 1;
    if (result === 'Dropped' || result === 'ProcessingFailed') return { ...base, bytes: 0, decoded: ok({ kind: 'none', documents: [] }) };
    if (result !== 'Ok') {
      return failed(
        new FirewatchError(
          'EVENT_SHAPE_INVALID',
          `result ${JSON.stringify(result)} is not Ok, Dropped or ProcessingFailed (Firehose fails the whole batch: Lambda.JsonProcessingException)`,
          { path: position },
        ),
      );
    }
    const data = r['data'];
    if (typeof data !== 'string') {
      return failed(new FirewatchError('EVENT_SHAPE_INVALID', 'an Ok answer without data (a string of base64)', { path: position }));
    }
    const bytes = context.codecs.decodeBase64(data);
    if (!bytes.ok) return failed(bytes.error.at(`${position}.data`));
    const decoded = decodeAnswerData(bytes.value, context, typeof r['recordId'] === 'string' ? r['recordId'] : position);
    return decoded.ok ? { ...base, bytes: bytes.value.length, decoded } : failed(decoded.error.at(`${position}.data`), bytes.value.length);
  });
  const tally = Object.entries(counts).map(([result, n]) => `${n} ${result}`).join(', ');
  return {
    kind: InputKind.TRANSFORMATION_RESPONSE,
    description: `A Firehose transformation Lambda response with ${plural(items.length, 'answer')}${tally ? ` (${tally})` : ''}.`,
    items,
  };
}

/** An `Ok` answer's data: documents (one JSON object, or NDJSON), CloudWatch data passed through, or plain text. */
function decodeAnswerData(bytes: Uint8Array, context: Context, key: string): Result<DecodedPayload> {
  if (isGzip(bytes)) return payloadOf(bytes, context, key);
  const text = decodeUtf8(bytes);
  if (!text.ok) return text;
  const start = firstNonSpace(text.value);
  if (start < 0 || text.value.charCodeAt(start) !== 0x7b) return ok({ kind: 'text', text: text.value, documents: [] });
  const documents: DecodedDocument[] = [];
  const lines = text.value.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = parseJsonText(line);
    } catch (cause) {
      // Pretty-printed JSON spans lines: read it whole before calling a line bad.
      return lines.length > 1 && documents.length === 0
        ? answerAsWhole(text.value, context, key)
        : { ok: false, error: jsonError(line, cause).at(`line ${i + 1}`) };
    }
    if (looksLikeEnvelope(value) && lines.length === 1) return answerAsWhole(text.value, context, key);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return { ok: false, error: new FirewatchError('JSON_INVALID', 'is not a JSON object (OpenSearch indexes objects only)', { path: `line ${i + 1}` }) };
    }
    documents.push(value as DecodedDocument);
  }
  return ok({ kind: 'documents', documents });
}

function answerAsWhole(text: string, context: Context, key: string): Result<DecodedPayload> {
  const payload = decodeRecordData(encoder.encode(text), { codecs: context.codecs, maxInflatedBytes: context.maxInflatedBytes });
  if (!payload.ok) return payload;
  if (payload.value.kind === 'json' && typeof payload.value.value === 'object' && payload.value.value !== null && !Array.isArray(payload.value.value)) {
    return ok({ kind: 'documents', documents: [payload.value.value as DecodedDocument] });
  }
  return ok(withDocuments(payload.value, 0, context, key));
}
