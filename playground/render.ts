/**
 * Renders what the decode worker sends back: the description, the summary, a records table (one row per
 * record, line or gzip member, a failed one with its error code) and an events table (one row per log
 * event or document, across all records). Both tables are virtual: only the rows in view exist in the
 * DOM, so a Lambda event of 100,000 events renders as fast as one of ten. Choosing a row shows it in
 * full (fields, message, document) in the detail pane.
 *
 * @module
 */
import { h, type Child } from './dom.ts';
import { slice, type DecodedView, type ErrorView, type TransformView } from './view.ts';

/** Every row of both tables is this tall (CSS keeps the cells on one line). */
export const ROW_HEIGHT = 26;
/** A table shows at most this many rows at once, then scrolls. */
const VISIBLE_ROWS = 16;
/** Rows rendered beyond each edge of the view, so scrolling does not flash blank rows. */
const OVERSCAN = 8;

/**
 * The whole result as one element.
 *
 * @example
 * ```ts
 * output.replaceChildren(renderDecoded(view));
 * ```
 */
export function renderDecoded(view: DecodedView, documentOf: (row: number) => Promise<string | undefined>): HTMLElement {
  const s = view.summary;
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
  const detail = h('section', { class: 'detail', 'data-testid': 'detail', 'aria-live': 'polite' });
  const rows = view.rows;
  const records = virtualTable({
    className: 'records',
    label: 'Records',
    columns: ['record', 'status', 'contents'],
    count: view.records.length,
    row: (i) => {
      const record = view.records[i];
      if (record === undefined) return { cells: [] };
      return {
        className: record.error ? 'failed' : '',
        position: record.position,
        cells: [
          h('span', { class: 'position' }, record.position),
          record.error ? h('code', { class: 'code' }, record.error.code) : 'ok',
          record.contents,
        ],
      };
    },
    select: (i) => detail.replaceChildren(recordDetail(view, i)),
  });
  const events = virtualTable({
    className: 'events',
    label: 'Events',
    columns: ['record', 'time', 'message'],
    count: rows.count,
    row: (i) => ({
      cells: [view.records[rows.record[i] ?? 0]?.position ?? '', isoTime(rows.time[i] ?? Number.NaN), slice(rows.messages, rows.messageEnds, i)],
    }),
    select: (i) => detail.replaceChildren(eventDetail(view, i, documentOf)),
  });
  return h(
    'div',
    { class: 'result' },
    h('p', { class: 'description', 'data-testid': 'description', 'data-kind': view.kind }, view.description),
    view.error && renderError(view.error, 'error input-error'),
    summary,
    fieldList(view.context, 'fields context'),
    view.warnings.length > 0 && h('ul', { class: 'warnings' }, ...view.warnings.map((w) => h('li', {}, h('code', {}, w.code), ' ', w.message))),
    view.records.length > 0 && h('h2', {}, `Records (${view.records.length.toLocaleString('en-US')})`),
    view.records.length > 0 && records,
    rows.count > 0 && h('h2', {}, `Events and documents (${rows.count.toLocaleString('en-US')}) — choose one to see it in full`),
    rows.count > 0 && events,
    detail,
  );
}

/** A message for input that could not even be read (a file that failed to load). */
export function renderProblem(message: string): HTMLElement {
  return h('p', { class: 'error input-error', role: 'alert' }, message);
}

interface RowContent {
  readonly cells: readonly Child[];
  readonly className?: string;
  readonly position?: string;
}

interface VirtualTableOptions {
  readonly className: string;
  readonly label: string;
  readonly columns: readonly string[];
  readonly count: number;
  readonly row: (index: number) => RowContent;
  readonly select: (index: number) => void;
}

/**
 * A table of `count` rows of which only those in view (plus a few) are in the DOM: a spacer as tall as
 * all rows gives the scroll bar its length, and the rendered rows are moved into place with a transform.
 * Heights are set through the CSSOM (`element.style`), which the page's `style-src 'self'` allows.
 */
function virtualTable(options: VirtualTableOptions): HTMLElement {
  const { count } = options;
  const viewport = h('div', { class: 'vbody', role: 'rowgroup', tabindex: '0' });
  const spacer = h('div', { class: 'vspacer' });
  const layer = h('div', { class: 'vrows' });
  viewport.append(spacer, layer);
  spacer.style.height = `${count * ROW_HEIGHT}px`;
  viewport.style.height = `${Math.min(count, VISIBLE_ROWS) * ROW_HEIGHT + 2}px`;
  let first = -1;
  let last = -1;
  let selected = -1;
  const render = (): void => {
    const top = Math.floor(viewport.scrollTop / ROW_HEIGHT);
    const from = Math.max(0, top - OVERSCAN);
    const to = Math.min(count, top + VISIBLE_ROWS + OVERSCAN);
    if (from === first && to === last) return;
    first = from;
    last = to;
    const rows: HTMLElement[] = [];
    for (let i = from; i < to; i++) {
      const content = options.row(i);
      const classes = ['vrow', ...(content.className ? [content.className] : []), ...(i === selected ? ['selected'] : [])].join(' ');
      const row = h('div', { class: classes, role: 'row', 'aria-rowindex': String(i + 2), 'data-index': String(i) }, ...content.cells.map((cell, c) => h('div', { class: `vcell c${c}`, role: 'cell' }, cell)));
      if (content.position !== undefined) row.setAttribute('data-position', content.position);
      rows.push(row);
    }
    layer.style.transform = `translateY(${from * ROW_HEIGHT}px)`;
    layer.replaceChildren(...rows);
  };
  let pending = false;
  viewport.addEventListener('scroll', () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      render();
    });
  });
  const chosen = (target: EventTarget | null): number | undefined => {
    const row = target instanceof Element ? target.closest('.vrow') : null;
    const index = row?.getAttribute('data-index');
    return index === null || index === undefined ? undefined : Number(index);
  };
  const choose = (index: number): void => {
    selected = index;
    for (const row of layer.children) row.classList.toggle('selected', row.getAttribute('data-index') === String(index));
    options.select(index);
  };
  viewport.addEventListener('click', (event) => {
    const index = chosen(event.target);
    if (index !== undefined) choose(index);
  });
  // The table is one tab stop; the arrow keys, Page Up/Down, Home and End move the chosen row.
  viewport.addEventListener('keydown', (event) => {
    const page = VISIBLE_ROWS - 1;
    const moves: Readonly<Record<string, number>> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, Home: -count, End: count };
    const move = moves[event.key];
    if (move === undefined || count === 0) return;
    event.preventDefault();
    const index = Math.max(0, Math.min(count - 1, (selected < 0 && move > 0 ? -1 : selected) + move));
    const top = index * ROW_HEIGHT;
    if (top < viewport.scrollTop) viewport.scrollTop = top;
    else if (top + ROW_HEIGHT > viewport.scrollTop + viewport.clientHeight) viewport.scrollTop = top + ROW_HEIGHT - viewport.clientHeight;
    render();
    choose(index);
  });
  render();
  return h(
    'div',
    { class: `vtable ${options.className}`, role: 'table', 'aria-label': options.label, 'aria-rowcount': String(count) },
    h('div', { class: 'vhead', role: 'row' }, ...options.columns.map((c, i) => h('div', { class: `vcell c${i}`, role: 'columnheader' }, c))),
    viewport,
  );
}

function recordDetail(view: DecodedView, index: number): HTMLElement {
  const record = view.records[index];
  if (record === undefined) return h('p', {}, 'No such record.');
  return h(
    'div',
    { class: record.error ? 'item failed' : 'item', 'data-position': record.position },
    h('h3', {}, record.position),
    fieldList(record.fields),
    record.error ? renderError(record.error, 'error') : h('p', {}, record.contents),
    ...record.envelopes.map((e) => fieldList(view.envelopes[e]?.fields ?? [], 'fields envelope')),
  );
}

function eventDetail(view: DecodedView, index: number, documentOf: (row: number) => Promise<string | undefined>): HTMLElement {
  const rows = view.rows;
  const record = view.records[rows.record[index] ?? 0];
  const envelope = view.envelopes[rows.envelope[index] ?? -1];
  const time = rows.time[index] ?? Number.NaN;
  let document: HTMLElement | false = false;
  if (rows.hasDocument[index] === 1) {
    const pre = h('pre', { class: 'json', 'aria-busy': 'true' }, '…');
    document = h('div', {}, h('p', {}, 'The document firewatch would index:'), pre);
    documentOf(index).then(
      (json) => {
        pre.textContent = json ?? '(no longer available: decode again)';
        pre.classList.add('document');
        pre.removeAttribute('aria-busy');
      },
      () => (pre.textContent = '(could not be fetched from the decoder)'),
    );
  }
  return h(
    'div',
    { class: 'item', 'data-row': String(index) },
    h('h3', {}, `${record?.position ?? ''}, row ${(index + 1).toLocaleString('en-US')}`),
    fieldList([...(Number.isNaN(time) ? [] : [['time', isoTime(time)] as const]), ...(envelope?.fields ?? [])]),
    h('pre', { class: 'message' }, slice(rows.messages, rows.messageEnds, index)),
    document,
  );
}

function stat(label: string, value: number): Node[] {
  return [h('dt', {}, label), h('dd', { 'data-stat': label }, value.toLocaleString('en-US'))];
}

function renderError(error: ErrorView, className: string): HTMLElement {
  return h('p', { class: className, role: 'alert' }, h('code', { class: 'code' }, error.code), ' ', error.message);
}

function fieldList(fields: readonly (readonly [string, string])[], className = 'fields'): Child {
  const present = fields.filter(([, v]) => v !== '');
  if (present.length === 0) return undefined;
  return h('dl', { class: className }, ...present.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

function isoTime(ms: number): string {
  if (Number.isNaN(ms)) return '';
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? String(ms) : date.toISOString();
}

/**
 * What the transformation Lambda would answer a Lambda event (split mode): each record's result, the
 * response size against the budget, and the records that would be re-ingested.
 */
export function renderTransform(view: TransformView, positions: readonly string[]): HTMLElement {
  const section = h('section', { class: 'transform', 'data-testid': 'transform' }, h('h2', {}, 'What the transformation Lambda would answer (split mode)'));
  if (view.invalid !== undefined) {
    section.append(h('p', { class: 'error', 'data-testid': 'transform-invalid' }, `The Lambda would reject this event: ${view.invalid}`));
    return section;
  }
  const percent = view.budgetBytes > 0 ? (100 * view.responseBytes) / view.budgetBytes : 0;
  const count = (result: string): number => view.results.filter((r) => r === result).length;
  section.append(
    h(
      'dl',
      { class: 'summary' },
      ...stat('Ok', count('Ok')),
      ...stat('Dropped', count('Dropped')),
      ...stat('ProcessingFailed', count('ProcessingFailed')),
      ...stat('documents answered', view.documents),
      ...stat('re-ingested records', view.reingestedRecords),
      ...stat('re-ingested events', view.reingestedEvents),
    ),
    h(
      'p',
      { class: 'budget', 'data-testid': 'response-size', 'data-bytes': String(view.responseBytes) },
      `Response ${view.responseBytes.toLocaleString('en-US')} of ${view.budgetBytes.toLocaleString('en-US')} bytes (${percent.toFixed(percent < 1 ? 2 : 1)} %)`,
      view.reingestedRecords > 0 ? `; ${view.reingestedRecords.toLocaleString('en-US')} records re-ingested into the source ${view.reingestTo === 'kinesis' ? 'Kinesis data stream' : 'delivery stream'}` : '; nothing re-ingested',
    ),
    h(
      'table',
      { class: 'answers' },
      h('thead', {}, h('tr', {}, h('th', {}, 'record'), h('th', {}, 'result'), h('th', {}, 'error'))),
      h(
        'tbody',
        {},
        ...view.results.map((result, i) =>
          h('tr', { 'data-result': result }, h('td', {}, positions[i] ?? `records[${i}]`), h('td', { class: 'result-cell' }, result), h('td', {}, view.errors[i] ? h('code', { class: 'code' }, view.errors[i] ?? '') : '')),
        ),
      ),
    ),
  );
  return section;
}
