/**
 * The playground's decoder, off the main thread: runs core's `decodeInput` on what the page sends and
 * answers with a {@link DecodedView}. A 6 MB Lambda event takes long enough to decode that the page
 * would freeze doing it itself.
 *
 * @module
 */
import type { FirewatchError } from '../core/errors.ts';
import { validateTransformationEvent } from '../core/firehose/lambda-event.ts';
import { planTransformation } from '../core/firehose/transform.ts';
import { decodeInput, InputKind, type DecodedInput, type DecodedPayload } from '../core/inspect/decode-input.ts';
import { DEFAULT_RESPONSE_BUDGET_BYTES } from '../core/limits.ts';
import { builtinParsers, isBuiltinParserName, type BuiltinParserName } from '../core/parsers/registry.ts';
import type { DecodeRequest, DecodeResponse, DocumentRequest, DecodedView, EnvelopeView, ErrorView, RecordView, TransformView } from './view.ts';

/** The last input, kept so that choosing another parser decodes it again (a file's bytes were transferred here). */
let last: string | Uint8Array = '';
/** The documents of the last result by row, sent one at a time: most are never looked at. */
let lastDocuments: readonly unknown[] = [];
let lastId = -1;

self.addEventListener('message', (event: MessageEvent<DecodeRequest | DocumentRequest>) => {
  const request = event.data;
  if (request.type === 'document') {
    const document = request.id === lastId ? lastDocuments[request.row] : undefined;
    const answer: DecodeResponse = { type: 'document', id: request.id, row: request.row, json: document === undefined ? undefined : JSON.stringify(document, null, 2) };
    self.postMessage(answer);
    return;
  }
  const { id, input, parser } = request;
  try {
    if (input !== undefined) last = typeof input === 'string' ? input : new Uint8Array(input);
    const start = performance.now();
    const decoded = decodeInput(last, parser !== undefined && isBuiltinParserName(parser) ? { parser } : {});
    const decodeMs = performance.now() - start;
    const documents: unknown[] = [];
    const view = toView(decoded, documents);
    lastDocuments = documents;
    lastId = id;
    const rows = view.rows;
    const answer: DecodeResponse = { type: 'decoded', id, ok: true, view, decodeMs, totalMs: performance.now() - start };
    self.postMessage(answer, { transfer: [rows.record.buffer, rows.envelope.buffer, rows.time.buffer, rows.messageEnds.buffer, rows.hasDocument.buffer] });
    if (decoded.kind === InputKind.TRANSFORMATION_EVENT) {
      const transform: DecodeResponse = { type: 'transform', id, transform: planView(last, parser !== undefined && isBuiltinParserName(parser) ? parser : undefined) };
      self.postMessage(transform);
    }
  } catch (cause) {
    const answer: DecodeResponse = { type: 'decoded', id, ok: false, message: cause instanceof Error ? cause.message : String(cause) };
    self.postMessage(answer);
  }
});

function errorView(error: FirewatchError): ErrorView {
  return { code: error.code, message: error.message };
}

const iso = (ms: number): string => {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? String(ms) : date.toISOString();
};

/** Flattens a result for the page; each row's document (or undefined) goes to `documents`. */
function toView(decoded: DecodedInput, documents: unknown[]): DecodedView {
  const records: RecordView[] = [];
  const envelopes: EnvelopeView[] = [];
  const rowRecord: number[] = [];
  const rowEnvelope: number[] = [];
  const rowTime: number[] = [];
  const messages: string[] = [];
  const addRow = (record: number, envelope: number, time: number, message: string, document: unknown): void => {
    rowRecord.push(record);
    rowEnvelope.push(envelope);
    rowTime.push(time);
    messages.push(message);
    documents.push(document);
  };

  decoded.items.forEach((item, index) => {
    const fields: [string, string][] = [['bytes', String(item.bytes)]];
    for (const [k, v] of Object.entries(item.record ?? {})) fields.push([k, k.endsWith('Timestamp') && typeof v === 'number' ? iso(v) : String(v)]);
    for (const [k, v] of Object.entries(item.backup ?? {})) fields.push([k === 'type' ? 'backup' : k, k.endsWith('Timestamp') && typeof v === 'number' ? iso(v) : String(v)]);
    const own: number[] = [];
    let contents: string;
    if (!item.decoded.ok) contents = item.decoded.error.message;
    else contents = payloadRows(item.decoded.value, index, own);
    records.push({ position: item.position, fields, ...(item.decoded.ok ? {} : { error: errorView(item.decoded.error) }), contents, envelopes: own });
  });

  function payloadRows(payload: DecodedPayload, record: number, own: number[]): string {
    switch (payload.kind) {
      case 'cloudwatch': {
        let next = 0;
        const parts: string[] = [];
        for (const envelope of payload.envelopes) {
          const e = envelopes.length;
          own.push(e);
          envelopes.push({
            record,
            fields: (
              [
                ['message type', envelope.messageType],
                ['owner', envelope.owner],
                ['log group', envelope.logGroup],
                ['log stream', envelope.logStream],
                ['filters', envelope.subscriptionFilters.join(', ')],
                ['policy level', envelope.policyLevel ?? ''],
              ] as const
            ).filter(([, v]) => v !== ''),
          });
          const data = envelope.messageType === 'DATA_MESSAGE';
          for (const event of envelope.logEvents) addRow(record, e, event.timestamp, event.message, data ? payload.documents[next++] : undefined);
          const count = envelope.logEvents.length;
          parts.push(`${envelope.messageType === 'DATA_MESSAGE' ? envelope.logGroup : envelope.messageType} · ${count.toLocaleString('en-US')} event${count === 1 ? '' : 's'}`);
        }
        return parts.join('; ');
      }
      case 'json': {
        const text = JSON.stringify(payload.value);
        addRow(record, -1, Number.NaN, text, payload.documents[0]);
        for (const document of payload.documents.slice(1)) addRow(record, -1, Number.NaN, '', document);
        return `JSON that is not CloudWatch Logs data (${payload.documents.length} documents)`;
      }
      case 'text':
        addRow(record, -1, Number.NaN, payload.text, payload.documents[0]);
        for (const document of payload.documents.slice(1)) addRow(record, -1, Number.NaN, '', document);
        return 'plain text';
      case 'documents':
        for (const document of payload.documents) {
          const message = (document as { message?: unknown }).message;
          addRow(record, -1, Number.NaN, typeof message === 'string' ? message : '', document);
        }
        return `${payload.documents.length} document${payload.documents.length === 1 ? '' : 's'}`;
      default:
        return 'no data (the record was dropped or failed processing)';
    }
  }

  return {
    kind: decoded.kind,
    description: decoded.description,
    summary: decoded.summary,
    context: Object.entries(decoded.context ?? {}).map(([k, v]) => [k, String(v)] as const),
    warnings: decoded.warnings.map(errorView),
    ...(decoded.error ? { error: errorView(decoded.error) } : {}),
    records,
    envelopes,
    rows: {
      count: rowRecord.length,
      record: Int32Array.from(rowRecord),
      envelope: Int32Array.from(rowEnvelope),
      time: Float64Array.from(rowTime),
      messages: messages.join(''),
      messageEnds: ends(messages),
      hasDocument: Uint8Array.from(documents, (d) => (d === undefined ? 0 : 1)),
    },
  };
}

function ends(parts: readonly string[]): Uint32Array {
  const out = new Uint32Array(parts.length);
  let at = 0;
  parts.forEach((part, i) => {
    at += part.length;
    out[i] = at;
  });
  return out;
}

/** What the transformation Lambda would answer `input` (a Lambda event), in split mode. */
function planView(input: string | Uint8Array, parser: BuiltinParserName | undefined): TransformView {
  const empty = { results: [], errors: [], responseBytes: 0, budgetBytes: DEFAULT_RESPONSE_BUDGET_BYTES, documents: 0, reingestedRecords: 0, reingestedEvents: 0, reingestTo: '' };
  let value: unknown;
  try {
    value = JSON.parse(typeof input === 'string' ? input : new TextDecoder().decode(input));
  } catch (cause) {
    return { ...empty, invalid: cause instanceof Error ? cause.message : String(cause) };
  }
  const event = validateTransformationEvent(value);
  if (!event.ok) return { ...empty, invalid: event.error.message };
  const plan = planTransformation(event.value, { mode: 'split', ...(parser === undefined ? {} : { parserFor: () => builtinParsers[parser] }) });
  const errors = new Map<number, string>();
  for (const error of plan.errors) {
    const at = /^records\[(\d+)\]/.exec(error.path ?? '')?.[1];
    if (at !== undefined) errors.set(Number(at), error.code);
  }
  return {
    results: plan.response.records.map((r) => r.result),
    errors: plan.response.records.map((r, i) => (r.result === 'ProcessingFailed' ? (errors.get(i) ?? '') : '')),
    responseBytes: plan.stats.responseBytes,
    budgetBytes: DEFAULT_RESPONSE_BUDGET_BYTES,
    documents: plan.stats.documents,
    reingestedRecords: plan.stats.reingestedRecords,
    reingestedEvents: plan.stats.reingestedEvents,
    reingestTo: plan.reingest?.service ?? '',
  };
}
