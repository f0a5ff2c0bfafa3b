/**
 * The playground's decoder, off the main thread: runs core's `decodeInput` on what the page sends and
 * answers with a {@link DecodedView}. A 6 MB Lambda event takes long enough to decode that the page
 * would freeze doing it itself.
 *
 * @module
 */
import type { LogsEnvelope } from '../core/cloudwatch/envelope.ts';
import type { FirewatchError } from '../core/errors.ts';
import { validateTransformationEvent } from '../core/firehose/lambda-event.ts';
import { planTransformation } from '../core/firehose/transform.ts';
import {
  type DecodedDocument,
  type DecodedInput,
  type DecodedPayload,
  decodeInput,
  type DecodeInputOptions,
  documentStatus,
  InputKind,
} from '../core/inspect/mod.ts';
import { explainErrorCode } from '../core/inspect/error-codes.ts';
import { DEFAULT_RESPONSE_BUDGET_BYTES } from '../core/limits.ts';
import { type BuiltinParserName, builtinParsers, isBuiltinParserName } from '../core/parsers/registry.ts';
import { MAIN_FIELDS } from './main-fields.ts';
import {
  type DecodedView,
  type DecodeRequest,
  type DecodeResponse,
  type DocumentRequest,
  type EnvelopeView,
  type ErrorView,
  type ParsedView,
  type RecordView,
  RowStatus,
  type TransformView,
} from './view.ts';

/** The last input, kept so that choosing another parser decodes it again (a file's bytes were transferred here). */
let last: string | Uint8Array = '';
/** The documents of the last result by row, sent one at a time: most are never looked at. */
let lastDocuments: readonly unknown[] = [];
let lastId = -1;
/** The newest decode request: work left over from older ones is dropped. */
let current = -1;

/**
 * Inputs from this size up are decoded twice: first without documents, so the rows are on screen at once
 * (building 100,000 documents is three quarters of decoding a 6 MB event), then with them.
 */
const TWO_PASS_BYTES = 512 * 1024;

self.addEventListener('message', (event: MessageEvent<DecodeRequest | DocumentRequest>) => {
  const request = event.data;
  if (request.type === 'document') {
    const document = request.id === lastId ? lastDocuments[request.row] : undefined;
    const answer: DecodeResponse = {
      type: 'document',
      id: request.id,
      row: request.row,
      json: document === undefined ? undefined : JSON.stringify(document, null, 2),
    };
    self.postMessage(answer);
    return;
  }
  const { id, input } = request;
  current = id;
  const parser = request.parser !== undefined && isBuiltinParserName(request.parser) ? request.parser : undefined;
  try {
    if (input !== undefined) last = typeof input === 'string' ? input : new Uint8Array(input);
    const start = performance.now();
    const options: DecodeInputOptions = parser === undefined ? {} : { parser };
    const twoPass = last.length >= TWO_PASS_BYTES;
    const decoded = decodeInput(last, twoPass ? { ...options, documents: false } : options);
    const decodeMs = performance.now() - start;
    const documents: unknown[] = [];
    const view = toView(decoded, documents, !twoPass);
    lastDocuments = documents;
    lastId = id;
    const count = view.rows.count;
    const answer: DecodeResponse = { type: 'decoded', id, ok: true, view, decodeMs, totalMs: performance.now() - start };
    self.postMessage(answer, { transfer: transferables(view) });
    const decodedInput = last;
    const plan = (): void => {
      if (decoded.kind !== InputKind.TRANSFORMATION_EVENT) return;
      const transform: DecodeResponse = { type: 'transform', id, transform: planView(decodedInput, parser) };
      self.postMessage(transform);
    };
    if (!twoPass) return later(id, plan);
    later(id, () => {
      const full = decodeInput(decodedInput, options);
      const fullDocuments: unknown[] = [];
      const fullView = toView(full, fullDocuments, true);
      lastDocuments = fullDocuments;
      // The same input decodes to the same rows; should it not, the page gets the whole result again.
      const again: DecodeResponse = fullView.rows.count === count && fullView.parsed !== undefined
        ? { type: 'parsed', id, parsed: fullView.parsed }
        : { type: 'decoded', id, ok: true, view: fullView, decodeMs, totalMs: performance.now() - start };
      self.postMessage(again, { transfer: again.type === 'parsed' ? parsedTransferables(again.parsed) : transferables(fullView) });
      later(id, plan);
    });
  } catch (cause) {
    const answer: DecodeResponse = { type: 'decoded', id, ok: false, message: cause instanceof Error ? cause.message : String(cause) };
    self.postMessage(answer);
  }
});

/**
 * Runs the rest of request `id`'s work (the parsing pass, the Lambda's answer) in a task of its own,
 * after messages already queued: a new input pasted meanwhile is decoded first, and this work dropped.
 */
function later(id: number, work: () => void): void {
  setTimeout(() => {
    if (id !== current) return;
    try {
      work();
    } catch (cause) {
      const answer: DecodeResponse = { type: 'decoded', id, ok: false, message: cause instanceof Error ? cause.message : String(cause) };
      self.postMessage(answer);
    }
  }, 0);
}

/** The typed arrays of a view: moved to the page, not copied. */
function transferables(view: DecodedView): Transferable[] {
  const rows = view.rows;
  return [rows.record.buffer, rows.envelope.buffer, rows.time.buffer, rows.messageEnds.buffer, ...(view.parsed ? parsedTransferables(view.parsed) : [])];
}

function parsedTransferables(parsed: ParsedView): Transferable[] {
  return [
    parsed.hasDocument.buffer,
    parsed.status.buffer,
    parsed.reason.buffer,
    parsed.parser.buffer,
    parsed.time.buffer,
    parsed.categoryOf.buffer,
    ...parsed.values.map((v) => v.ends.buffer),
  ];
}

function errorView(error: FirewatchError): ErrorView {
  return { code: error.code, message: error.message };
}

const iso = (ms: number): string => {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? String(ms) : date.toISOString();
};

/**
 * Flattens a result for the page; each row's document (or undefined) goes to `documents`. With
 * `withParsed`, what parsing found per row is included (the result must have been decoded with documents).
 */
function toView(decoded: DecodedInput, documents: unknown[], withParsed: boolean): DecodedView {
  const records: RecordView[] = [];
  const envelopes: EnvelopeView[] = [];
  const rowRecord: number[] = [];
  const rowEnvelope: number[] = [];
  const rowTime: number[] = [];
  const messages: string[] = [];
  /** The data envelopes by view index, for the records' log group and stream columns. */
  const envelopeSources: (LogsEnvelope | undefined)[] = [];
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
    for (const [k, v] of Object.entries(item.backup ?? {})) {
      fields.push([k === 'type' ? 'backup' : k, k.endsWith('Timestamp') && typeof v === 'number' ? iso(v) : String(v)]);
    }
    const own: number[] = [];
    let contents: string;
    if (!item.decoded.ok) contents = item.decoded.error.message;
    else contents = payloadRows(item.decoded.value, index, own);
    const groups = new Set<string>();
    const streams = new Set<string>();
    for (const e of own) {
      const envelope = envelopeSources[e];
      if (envelope === undefined) continue;
      groups.add(envelope.logGroup);
      streams.add(envelope.logStream);
    }
    const backup = item.backup;
    const status = !item.decoded.ok
      ? { code: item.decoded.error.code, message: item.decoded.error.message }
      : backup !== undefined
      ? { code: backup.errorCode ?? backup.type, message: backup.errorMessage ?? '' }
      : { code: 'ok', message: '' };
    const help = backup?.errorCode === undefined ? undefined : explainErrorCode(backup.errorCode, backup.errorMessage);
    records.push({
      position: item.position,
      fields,
      ...(item.decoded.ok ? {} : { error: errorView(item.decoded.error) }),
      status,
      problem: !item.decoded.ok || backup !== undefined,
      ...(help === undefined ? {} : { help: { label: help.label, meaning: help.meaning, action: help.action } }),
      logGroup: [...groups].join(', '),
      logStream: [...streams].join(', '),
      contents,
      envelopes: own,
    });
  });

  function payloadRows(payload: DecodedPayload, record: number, own: number[]): string {
    switch (payload.kind) {
      case 'cloudwatch': {
        let next = 0;
        const parts: string[] = [];
        for (const envelope of payload.envelopes) {
          const e = envelopes.length;
          own.push(e);
          if (envelope.messageType === 'DATA_MESSAGE') envelopeSources[e] = envelope;
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
          parts.push(
            `${envelope.messageType === 'DATA_MESSAGE' ? envelope.logGroup : envelope.messageType} · ${count.toLocaleString('en-US')} event${
              count === 1 ? '' : 's'
            }`,
          );
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
      case 'lines': {
        payload.events.forEach((event, i) => {
          const document = payload.documents[i];
          addRow(record, -1, event.timestamp ?? lineTime(document), event.message, document);
        });
        const how = payload.detection ? `detected: ${payload.detection.reason}` : 'given';
        return `log text, ${payload.events.length.toLocaleString('en-US')} entr${
          payload.events.length === 1 ? 'y' : 'ies'
        }, parsed with ${payload.parser} (${how})`;
      }
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
    },
    problems: decoded.problems,
    ...(withParsed ? { parsed: parsedView(documents, decoded, rowTime) } : {}),
  };
}

/** The time a log-text line carries, from its document (`@timestamp`); NaN for none (the builder dates those 1970-01-01). */
function lineTime(document: DecodedDocument | undefined): number {
  const time = document === undefined ? Number.NaN : Date.parse(String(document['@timestamp']));
  return time > 0 ? time : Number.NaN;
}

/**
 * What parsing found per row, read from the documents: the `error` tag of an unparsed line, the
 * `parser` that read it, and the main fields of the parser most rows went through as columns.
 */
function parsedView(documents: readonly unknown[], decoded: DecodedInput, time: readonly number[]): ParsedView {
  const count = documents.length;
  const hasDocument = new Uint8Array(count);
  const status = new Uint8Array(count);
  const reason = new Int32Array(count).fill(-1);
  const parser = new Int32Array(count).fill(-1);
  const reasons = new Interned();
  const parsers = new Interned();
  const uses: number[] = [];
  for (let i = 0; i < count; i++) {
    const document = documents[i];
    if (typeof document !== 'object' || document === null) {
      status[i] = RowStatus.NONE;
      continue;
    }
    hasDocument[i] = 1;
    const found = documentStatus(document as DecodedDocument);
    if (found.parser === '') {
      // A document firewatch did not build (a response's or an OpenSearch backup's): nothing was parsed.
      status[i] = RowStatus.NONE;
      continue;
    }
    const p = parsers.index(found.parser);
    parser[i] = p;
    uses[p] = (uses[p] ?? 0) + 1;
    status[i] = found.status === 'unparsed' ? RowStatus.UNPARSED : found.status === 'header' ? RowStatus.HEADER : RowStatus.PARSED;
    if (found.reason !== undefined) reason[i] = reasons.index(found.reason);
  }
  let main = -1;
  uses.forEach((n, p) => {
    if (main < 0 || n > (uses[main] ?? 0)) main = p;
  });
  const fields = MAIN_FIELDS[parsers.values[main] ?? ''];
  const columns = fields?.columns ?? [];
  const values = columns.map((column) => {
    const texts = new Array<string>(count);
    for (let i = 0; i < count; i++) {
      const value = (documents[i] as Record<string, unknown> | undefined)?.[column];
      texts[i] = value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
    }
    return { text: texts.join(''), ends: ends(texts) };
  });
  const category = fields?.category ?? '';
  const categoryOf = new Int32Array(count).fill(-1);
  const categories = new Interned();
  if (category !== '') {
    for (let i = 0; i < count; i++) {
      const value = (documents[i] as Record<string, unknown> | undefined)?.[category];
      if (value !== undefined && value !== null) categoryOf[i] = categories.index(typeof value === 'string' ? value : JSON.stringify(value));
    }
  }
  return {
    hasDocument,
    status,
    reason,
    reasons: reasons.values,
    parser,
    parsers: parsers.values,
    columns,
    values,
    category,
    categoryOf,
    categories: categories.values,
    summary: decoded.summary,
    problems: decoded.problems,
    time: Float64Array.from(time),
  };
}

/** Distinct strings numbered in the order first seen. */
class Interned {
  readonly values: string[] = [];
  readonly #indexes = new Map<string, number>();
  index(value: string): number {
    let i = this.#indexes.get(value);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(value);
      this.#indexes.set(value, i);
    }
    return i;
  }
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
  const empty = {
    results: [],
    errors: [],
    responseBytes: 0,
    budgetBytes: DEFAULT_RESPONSE_BUDGET_BYTES,
    documents: 0,
    reingestedRecords: 0,
    reingestedEvents: 0,
    reingestTo: '',
  };
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
