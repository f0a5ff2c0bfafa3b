/**
 * Renders what `decodeInput` found: the description, the summary, then one card per record with its
 * envelope fields, events and documents, or its error. A failed record is a card like the others, so one
 * bad record never hides the rest.
 *
 * @module
 */
import type { LogsEnvelope } from '../core/cloudwatch/envelope.ts';
import type { FirewatchError } from '../core/errors.ts';
import type { DecodedDocument, DecodedInput, DecodedItem, DecodedPayload } from '../core/inspect/decode-input.ts';
import { h, type Child } from './dom.ts';

/** Beyond these the page shows a count instead: a 64 MiB S3 object must not freeze the tab. */
export const RENDER_LIMITS = { items: 100, eventsPerEnvelope: 200 } as const;

/**
 * The whole result as one element.
 *
 * @example
 * ```ts
 * output.replaceChildren(renderDecoded(decodeInput(text)));
 * ```
 */
export function renderDecoded(decoded: DecodedInput): HTMLElement {
  const s = decoded.summary;
  const summary = h(
    'dl',
    { class: 'summary', 'data-testid': 'summary' },
    ...stat('records', s.records),
    ...stat('events', s.events),
    ...stat('documents', s.documents),
    ...stat('bytes', s.bytes),
    ...(s.compressedBytes > 0 ? stat('inflated bytes', s.inflatedBytes) : []),
    ...stat('control messages', s.controlMessages),
    ...stat('errors', s.errors),
  );
  const shown = decoded.items.slice(0, RENDER_LIMITS.items);
  const hidden = decoded.items.length - shown.length;
  return h(
    'div',
    { class: 'result' },
    h('p', { class: 'description', 'data-testid': 'description', 'data-kind': decoded.kind }, decoded.description),
    decoded.error && renderError(decoded.error, 'error input-error'),
    summary,
    context(decoded.context),
    decoded.warnings.length > 0 && h('ul', { class: 'warnings' }, ...decoded.warnings.map((w) => h('li', {}, h('code', {}, w.code), ' ', w.message))),
    h('ol', { class: 'items' }, ...shown.map(renderItem)),
    hidden > 0 && h('p', { class: 'more' }, `${hidden} more records not shown (the summary counts them all).`),
  );
}

/** A message for input that could not even be read (a file that failed to load). */
export function renderProblem(message: string): HTMLElement {
  return h('p', { class: 'error input-error', role: 'alert' }, message);
}

function stat(label: string, value: number): Node[] {
  return [h('dt', {}, label), h('dd', { 'data-stat': label }, value.toLocaleString('en-US'))];
}

function context(fields: Readonly<Record<string, string | number>> | undefined): Child {
  if (fields === undefined || Object.keys(fields).length === 0) return undefined;
  return h('dl', { class: 'fields context' }, ...Object.entries(fields).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, String(v))]));
}

function renderItem(item: DecodedItem): HTMLElement {
  const ok = item.decoded.ok;
  const info: [string, string | number | undefined][] = [
    ['bytes', item.bytes],
    ...Object.entries(item.record ?? {}).map(([k, v]): [string, string | number] => [k, k.endsWith('Timestamp') && typeof v === 'number' ? isoTime(v) : v]),
    ...Object.entries(item.backup ?? {}).map(([k, v]): [string, string | number] => [k === 'type' ? 'backup' : k, k.endsWith('Timestamp') && typeof v === 'number' ? isoTime(v) : v]),
  ];
  return h(
    'li',
    { class: ok ? 'item' : 'item failed', 'data-position': item.position },
    h('h2', {}, item.position),
    fieldList(info),
    item.decoded.ok ? renderPayload(item.decoded.value) : renderError(item.decoded.error, 'error'),
  );
}

function renderError(error: FirewatchError, className: string): HTMLElement {
  return h('p', { class: className, role: 'alert' }, h('code', { class: 'code' }, error.code), ' ', error.message);
}

function renderPayload(payload: DecodedPayload): Child {
  switch (payload.kind) {
    case 'cloudwatch': {
      // Documents are one per event of the DATA_MESSAGE envelopes, in order.
      let next = 0;
      const parts = payload.envelopes.map((envelope) => {
        const documents = envelope.messageType === 'DATA_MESSAGE' ? payload.documents.slice(next, next + envelope.logEvents.length) : [];
        next += documents.length;
        return renderEnvelope(envelope, documents);
      });
      return h('div', { class: 'payload' }, ...parts);
    }
    case 'json':
      return h('div', { class: 'payload' }, h('p', {}, 'JSON that is not CloudWatch Logs data:'), json(payload.value), documentsOf(payload.documents));
    case 'text':
      return h('div', { class: 'payload' }, h('p', {}, 'Plain text:'), h('pre', {}, payload.text), documentsOf(payload.documents));
    case 'documents':
      return h('div', { class: 'payload' }, documentsOf(payload.documents));
    default:
      return h('p', { class: 'payload' }, 'No data (the record was dropped or failed processing).');
  }
}

function renderEnvelope(envelope: LogsEnvelope, documents: readonly DecodedDocument[]): HTMLElement {
  const events = envelope.logEvents.slice(0, RENDER_LIMITS.eventsPerEnvelope);
  const hidden = envelope.logEvents.length - events.length;
  const rows = events.map((event, i) => {
    const document = documents[i];
    return h(
      'tr',
      {},
      h('td', { class: 'time' }, isoTime(event.timestamp)),
      h('td', {}, h('pre', { class: 'message' }, event.message), document !== undefined && h('details', { class: 'document' }, h('summary', {}, 'document'), json(document))),
    );
  });
  return h(
    'section',
    { class: 'envelope' },
    fieldList([
      ['message type', envelope.messageType],
      ['owner', envelope.owner],
      ['log group', envelope.logGroup],
      ['log stream', envelope.logStream],
      ['filters', envelope.subscriptionFilters.join(', ')],
      ['policy level', envelope.policyLevel],
    ]),
    h('table', { class: 'events' }, h('thead', {}, h('tr', {}, h('th', {}, 'time'), h('th', {}, 'message'))), h('tbody', {}, ...rows)),
    hidden > 0 && h('p', { class: 'more' }, `${hidden} more events not shown.`),
  );
}

function documentsOf(documents: readonly DecodedDocument[]): Child {
  if (documents.length === 0) return undefined;
  return h('div', { class: 'documents' }, h('p', {}, documents.length === 1 ? 'Document:' : `${documents.length} documents:`), ...documents.map(json));
}

function fieldList(fields: readonly [string, string | number | undefined][]): HTMLElement {
  const present = fields.filter(([, v]) => v !== undefined && v !== '');
  return h('dl', { class: 'fields' }, ...present.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, String(v))]));
}

function json(value: unknown): HTMLElement {
  return h('pre', { class: 'json' }, JSON.stringify(value, null, 2));
}

function isoTime(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? String(ms) : date.toISOString();
}
