/**
 * Renders what the decode worker sends back, laid out to fit one screen: on top the description, the
 * summary, what went wrong (each backup error code with what it means and what to do, unparsed lines
 * per parser with their reasons) and charts; below, the records and events tables beside the detail
 * pane. Every failure is in the tables' status columns, so no click is needed to see why; the
 * "only problems" filter and the charts' bars narrow the tables.
 *
 * @module
 */
import { explainErrorCode } from '../core/inspect/error-codes.ts';
import { TOP_REASONS } from '../core/inspect/mod.ts';
import { binTimes, histogram, shares } from './charts.ts';
import { type Child, h } from './dom.ts';
import { type DecodedView, type ErrorView, type ParsedView, RowStatus, slice, sliceOf, type TransformView } from './view.ts';
import { type VirtualTable, virtualTable } from './virtual-table.ts';

/** A rendered result, which takes the parsing and the Lambda's answer when they arrive after the rows. */
export interface ResultView {
  readonly element: HTMLElement;
  /** What parsing found, for a result whose rows came first. */
  setParsed(parsed: ParsedView): void;
  /** What the transformation Lambda would answer (Lambda events only). */
  setTransform(transform: TransformView): void;
}

/** What the tables are narrowed to. */
interface Filter {
  problemsOnly: boolean;
  /** Events of one record (Enter on a record). */
  record?: number | undefined;
  /** Events in [from, to) (a histogram bar). */
  time?: readonly [number, number] | undefined;
  /** A parse status label (a bar of the statuses chart). */
  status?: string | undefined;
  parser?: string | undefined;
  /** A value of the chart field (command, level...). */
  category?: string | undefined;
}

const STATUS_LABELS: Readonly<Record<number, string>> = {
  [RowStatus.PARSED]: 'parsed',
  [RowStatus.UNPARSED]: 'unparsed',
  [RowStatus.NONE]: 'not parsed',
  [RowStatus.HEADER]: 'header',
};

/**
 * The whole result.
 *
 * @example
 * ```ts
 * const result = renderDecoded(view, (row) => askWorker(row));
 * output.replaceChildren(result.element);
 * ```
 */
export function renderDecoded(view: DecodedView, documentOf: (row: number) => Promise<string | undefined>): ResultView {
  const rows = view.rows;
  let parsed = view.parsed;
  /** Row times: log text's line times arrive with the parsing. */
  let times = parsed?.time ?? rows.time;
  const filter: Filter = { problemsOnly: false };

  const summary = h('dl', { class: 'summary', 'data-testid': 'summary' });
  const problems = h('div', { class: 'problems', 'data-testid': 'problems' });
  const charts = h('div', { class: 'charts', 'data-testid': 'charts' });
  const transformSlot = h('div', { class: 'transform-slot' });
  const detail = h(
    'section',
    { class: 'detail', 'data-testid': 'detail', 'aria-live': 'polite', tabindex: '-1' },
    h('p', { class: 'hint' }, 'Choose a record or an event (click, or the arrow keys in a table) to see it in full here.'),
  );
  const onlyProblems = h('input', { type: 'checkbox', id: 'only-problems', 'data-testid': 'only-problems' });
  const filterNote = h('span', { class: 'filter-note', 'data-testid': 'filter-note' });
  const clear = h('button', { type: 'button', class: 'clear-filter', hidden: '' }, 'Show all');
  const recordsHeading = h('h2', {});
  const eventsHeading = h('h2', {});
  const recordsSlot = h('div', { class: 'table-slot records-slot' });
  const eventsSlot = h('div', { class: 'table-slot events-slot' });

  // ---- the records table

  /** Records with unparsed rows, once parsing is known. */
  const unparsedOfRecord = (): Uint32Array => {
    const counts = new Uint32Array(view.records.length);
    if (parsed) { for (let i = 0; i < rows.count; i++) if (parsed.status[i] === RowStatus.UNPARSED) counts[rows.record[i] ?? 0]!++; }
    return counts;
  };
  let recordUnparsed = unparsedOfRecord();
  const hasHelp = view.records.some((r) => r.help !== undefined);
  let recordIndexes: number[] = [];
  const buildRecords = (): void => {
    recordIndexes = [];
    view.records.forEach((record, i) => {
      if (!filter.problemsOnly || record.problem || (recordUnparsed[i] ?? 0) > 0) recordIndexes.push(i);
    });
    const columns = ['record', 'status', ...(hasHelp ? ['what it means'] : []), 'log group', 'log stream', 'contents'];
    const widths = [
      'minmax(5rem, 9rem)',
      hasHelp ? 'minmax(10rem, 1.3fr)' : 'minmax(6rem, 1fr)',
      ...(hasHelp ? ['minmax(10rem, 1.5fr)'] : []),
      'minmax(6rem, 1fr)',
      'minmax(4rem, 0.6fr)',
      'minmax(6rem, 1fr)',
    ];
    const records = virtualTable({
      className: 'records',
      label: 'Records',
      columns,
      widths,
      count: recordIndexes.length,
      row: (n) => {
        const i = recordIndexes[n] ?? 0;
        const record = view.records[i]!;
        const unparsed = recordUnparsed[i] ?? 0;
        const statusText = record.status.code === 'ok'
          ? (unparsed > 0 ? `ok, ${unparsed.toLocaleString('en-US')} unparsed` : 'ok')
          : `${record.status.code}${record.status.message ? `: ${record.status.message}` : ''}`;
        const status: Child = record.status.code === 'ok'
          ? statusText
          : h('span', {}, h('code', { class: 'code' }, record.status.code), record.status.message ? ` ${record.status.message}` : '');
        const meaning = record.help ? `${stripTicks(record.help.meaning)}. ${stripTicks(record.help.action)}` : '';
        const cells: Child[] = [record.position, status, ...(hasHelp ? [meaning] : []), record.logGroup, record.logStream, record.contents];
        return {
          className: record.problem ? 'failed' : unparsed > 0 ? 'unparsed' : '',
          cells,
          titles: [record.position, statusText, ...(hasHelp ? [meaning] : []), record.logGroup, record.logStream, record.contents],
          attributes: { 'data-position': record.position, 'data-record': String(i) },
        };
      },
      select: (n) => detail.replaceChildren(recordDetail(view, recordIndexes[n] ?? 0)),
      // Enter on a record: its events only, and the keyboard moves on to them.
      activate: (n) => {
        filter.record = recordIndexes[n];
        update();
        events?.body.focus();
      },
    });
    recordsSlot.replaceChildren(records.element);
    recordsHeading.textContent = `Records (${countOf(recordIndexes.length, view.records.length)})`;
    // A few records take the room they need; many share the height with the events.
    recordsSlot.classList.toggle('few', recordIndexes.length <= 6);
    recordsSlot.style.setProperty('--rows', String(Math.max(1, Math.min(recordIndexes.length, 6))));
  };

  // ---- the events table

  let eventIndexes: Int32Array | undefined;
  let events: VirtualTable | undefined;
  const matches = (i: number): boolean => {
    const record = rows.record[i] ?? 0;
    if (filter.record !== undefined && record !== filter.record) return false;
    if (filter.time) {
      const t = times[i] ?? Number.NaN;
      if (!(t >= filter.time[0] && t < filter.time[1])) return false;
    }
    if (parsed) {
      if (filter.problemsOnly && parsed.status[i] !== RowStatus.UNPARSED && !view.records[record]?.problem) return false;
      if (filter.status !== undefined && STATUS_LABELS[parsed.status[i] ?? -1] !== filter.status) return false;
      if (filter.parser !== undefined && parsed.parsers[parsed.parser[i] ?? -1] !== filter.parser) return false;
    } else if (filter.problemsOnly && !view.records[record]?.problem) return false;
    return true;
  };
  const buildEvents = (): void => {
    const category = filter.category === undefined || !parsed ? -1 : parsed.categories.indexOf(filter.category);
    const any = filter.problemsOnly || filter.record !== undefined || filter.time !== undefined || filter.status !== undefined || filter.parser !== undefined ||
      filter.category !== undefined;
    if (any) {
      const kept: number[] = [];
      for (let i = 0; i < rows.count; i++) if (matches(i) && (filter.category === undefined || parsed?.categoryOf[i] === category)) kept.push(i);
      eventIndexes = Int32Array.from(kept);
    } else eventIndexes = undefined;
    const count = eventIndexes ? eventIndexes.length : rows.count;
    const rowOf = (n: number): number => (eventIndexes ? (eventIndexes[n] ?? 0) : n);
    const showParser = parsed !== undefined && parsed.parsers.length > 1;
    const anyUnparsed = parsed !== undefined && parsed.reasons.length > 0;
    const columns = parsed?.columns ?? [];
    const previous = events?.selected() ?? -1;
    const previousRow = previous >= 0 ? rowOf(previous) : -1;
    events = virtualTable({
      className: 'events',
      label: 'Events',
      columns: ['record', 'time', 'status', ...(showParser ? ['parser'] : []), ...columns, 'message'],
      widths: [
        'minmax(4.5rem, 6rem)',
        '11.8rem',
        anyUnparsed ? 'minmax(10rem, 3fr)' : '5rem',
        ...(showParser ? ['7rem'] : []),
        ...columns.map(columnWidth),
        'minmax(8rem, 1.5fr)',
      ],
      count,
      row: (n) => {
        const i = rowOf(n);
        const record = view.records[rows.record[i] ?? 0];
        const status = parsed ? (parsed.status[i] ?? RowStatus.NONE) : -1;
        const reason = parsed && status === RowStatus.UNPARSED ? (parsed.reasons[parsed.reason[i] ?? -1] ?? '') : '';
        const statusCell: Child = status === -1
          ? '…'
          : status === RowStatus.UNPARSED
          ? h('span', {}, h('b', {}, 'unparsed'), reason ? `: ${reason}` : '')
          : (STATUS_LABELS[status] ?? '');
        const statusText = status === -1 ? 'parsing…' : status === RowStatus.UNPARSED ? `unparsed: ${reason}` : (STATUS_LABELS[status] ?? '');
        const values = parsed ? parsed.values.map((column) => sliceOf(column, i)) : [];
        const parserName = showParser && parsed ? [parsed.parsers[parsed.parser[i] ?? -1] ?? ''] : [];
        const message = slice(rows.messages, rows.messageEnds, i);
        const cells = [record?.position ?? '', isoTime(times[i] ?? Number.NaN), statusCell, ...parserName, ...values, message];
        return {
          className: status === RowStatus.UNPARSED ? 'unparsed' : record?.problem ? 'failed' : '',
          cells,
          titles: [record?.position ?? '', '', statusText, ...parserName, ...values, message],
          attributes: { 'data-row': String(i), 'data-status': status === -1 ? 'pending' : (STATUS_LABELS[status] ?? '') },
        };
      },
      select: (n) => detail.replaceChildren(eventDetail(view, parsed, times, rowOf(n), documentOf)),
      activate: () => detail.focus(),
    });
    eventsSlot.replaceChildren(events.element);
    eventsHeading.textContent = `Events and documents (${countOf(count, rows.count)})`;
    if (previousRow >= 0 && eventIndexes === undefined) events.choose(previousRow);
  };

  // ---- summary, problems and charts

  const renderSummary = (): void => {
    const s = parsed?.summary ?? view.summary;
    const failed = view.records.filter((r) => r.problem).length;
    summary.replaceChildren(
      ...stat('records', s.records),
      ...stat('failed records', failed),
      ...stat('events', s.events),
      ...stat('documents', parsed ? s.documents : undefined),
      ...stat('unparsed', parsed ? s.unparsed : undefined),
      ...stat('bytes', s.bytes),
      ...(s.compressedBytes > 0 ? stat('inflated bytes', s.inflatedBytes) : []),
      ...stat('control messages', s.controlMessages),
      ...stat('errors', s.errors),
    );
  };

  /** Core's count of what went wrong, each line with what it means and what to do where core knows. */
  const renderProblems = (): void => {
    const counted = parsed?.problems ?? view.problems;
    const lines: HTMLElement[] = [];
    for (const { errorCode, count, message } of counted.backupErrors) {
      const help = explainErrorCode(errorCode, message);
      lines.push(
        h(
          'li',
          { class: 'problem failure', 'data-code': errorCode },
          h('b', {}, `${count.toLocaleString('en-US')} backup line${count === 1 ? '' : 's'}`),
          ' ',
          h('code', { class: 'code' }, errorCode),
          message ? ` “${message}”` : '',
          help ? h('span', { class: 'meaning' }, ' — ', ...ticks(help.meaning), '. ') : '',
          help ? h('span', { class: 'action' }, h('b', {}, 'What to do: '), ...ticks(help.action)) : '',
        ),
      );
    }
    if (counted.decodeErrors > 0) {
      const failed = view.records.filter((r) => r.error !== undefined);
      lines.push(
        h(
          'li',
          { class: 'problem failure', 'data-code': 'decode' },
          h(
            'b',
            {},
            `${counted.decodeErrors.toLocaleString('en-US')} record${counted.decodeErrors === 1 ? '' : 's'} ${
              counted.decodeErrors === 1 ? 'does' : 'do'
            } not decode: `,
          ),
          ...failed.slice(0, 3).flatMap((
            r,
            k,
          ) => [k > 0 ? '; ' : '', `${r.position} `, h('code', { class: 'code' }, r.error?.code ?? ''), ` ${r.error?.message ?? ''}`]),
          failed.length > 3 ? `; ${(failed.length - 3).toLocaleString('en-US')} more in the records table` : '',
        ),
      );
    }
    for (const p of counted.parsers) {
      if (p.unparsed === 0) continue;
      const top = p.reasons.slice(0, TOP_REASONS);
      lines.push(
        h(
          'li',
          { class: 'problem unparsed', 'data-parser': p.parser },
          h('b', {}, `${p.unparsed.toLocaleString('en-US')} of ${p.documents.toLocaleString('en-US')}`),
          ' lines unparsed by ',
          h('code', {}, p.parser || 'no parser'),
          ' (kept whole, tagged parse_failure): ',
          ...top.flatMap(({ reason, count }, k) => [k > 0 ? '; ' : '', h('q', {}, reason), ` ×${count.toLocaleString('en-US')}`]),
          p.reasons.length > TOP_REASONS ? `; ${p.reasons.length - TOP_REASONS} other reasons` : '',
        ),
      );
    }
    problems.replaceChildren(...(lines.length > 0 ? [h('ul', {}, ...lines)] : []));
    problems.hidden = lines.length === 0;
  };

  const renderCharts = (): void => {
    const parts: Node[] = [];
    const bins = binTimes(times);
    if (bins && rows.count > 1) parts.push(histogram(bins, filter.time?.[0], (range) => setFilter({ time: range })));
    if (parsed) {
      // Counted over typed arrays of indexes: 100,000 rows are a few milliseconds.
      const statusCounts = new Uint32Array(Object.keys(STATUS_LABELS).length);
      const parserCounts = new Uint32Array(parsed.parsers.length);
      const categoryCounts = new Uint32Array(parsed.categories.length);
      for (let i = 0; i < rows.count; i++) {
        const status = parsed.status[i] ?? RowStatus.NONE;
        statusCounts[status]!++;
        const p = parsed.parser[i] ?? -1;
        if (p >= 0) parserCounts[p]!++;
        const c = parsed.categoryOf[i] ?? -1;
        if (c >= 0 && status === RowStatus.PARSED) categoryCounts[c]!++;
      }
      const named = (names: readonly string[], counts: Uint32Array) => names.map((name, i) => [name, counts[i] ?? 0] as const);
      if (parsed.category !== '' && parsed.categories.length > 0) {
        parts.push(
          shares(
            `${parsed.category.replaceAll('_', ' ')}s`,
            named(parsed.categories, categoryCounts),
            filter.category,
            (label) => setFilter({ category: label }),
          ),
        );
      }
      if (parsed.parsers.length > 0) parts.push(shares('parsers', named(parsed.parsers, parserCounts), filter.parser, (label) => setFilter({ parser: label })));
      if (rows.count > 0) {
        parts.push(
          shares('statuses', [...statusCounts].map((n, s) => [STATUS_LABELS[s] ?? '', n] as const), filter.status, (label) => setFilter({ status: label })),
        );
      }
    }
    charts.replaceChildren(...parts);
    charts.hidden = parts.length === 0;
  };

  const describeFilter = (): string => {
    const parts: string[] = [];
    if (filter.record !== undefined) parts.push(`events of ${view.records[filter.record]?.position ?? ''}`);
    if (filter.time) parts.push(`from ${isoTime(filter.time[0])} to ${isoTime(filter.time[1])}`);
    if (filter.category !== undefined) parts.push(`${parsed?.category ?? ''} ${filter.category === '' ? '(empty)' : filter.category}`);
    if (filter.parser !== undefined) parts.push(`parser ${filter.parser}`);
    if (filter.status !== undefined) parts.push(filter.status);
    return parts.join(', ');
  };

  const update = (): void => {
    buildRecords();
    buildEvents();
    const note = describeFilter();
    filterNote.textContent = note === '' ? '' : `Showing ${note}.`;
    clear.hidden = note === '';
  };

  /** A chart bar chosen: that filter replaces the previous chart filter (one at a time keeps it clear). */
  const setFilter = (next: Pick<Filter, 'time' | 'status' | 'parser' | 'category'>): void => {
    filter.time = next.time;
    filter.status = next.status;
    filter.parser = next.parser;
    filter.category = next.category;
    renderCharts();
    update();
  };

  onlyProblems.addEventListener('change', () => {
    filter.problemsOnly = onlyProblems.checked;
    update();
  });
  clear.addEventListener('click', () => {
    filter.record = undefined;
    setFilter({});
  });

  renderSummary();
  renderProblems();
  renderCharts();
  update();

  const top = h(
    'div',
    { class: 'top' },
    h('p', { class: 'description', 'data-testid': 'description', 'data-kind': view.kind }, view.description),
    view.error && renderError(view.error, 'error input-error'),
    summary,
    fieldList(view.context, 'fields context'),
    view.warnings.length > 0 && h('ul', { class: 'warnings' }, ...view.warnings.map((w) => h('li', {}, h('code', {}, w.code), ' ', w.message))),
    problems,
    charts,
    transformSlot,
  );
  const tables = h(
    'div',
    { class: 'tables' },
    h('div', { class: 'filters' }, h('label', { class: 'only-problems' }, onlyProblems, ' only problems'), filterNote, clear),
    view.records.length > 0 && recordsHeading,
    view.records.length > 0 && recordsSlot,
    rows.count > 0 && eventsHeading,
    rows.count > 0 && eventsSlot,
  );
  const element = h('div', { class: `result${parsed ? '' : ' parsing'}` }, top, h('div', { class: 'work' }, tables, detail));
  return {
    element,
    setParsed: (next) => {
      parsed = next;
      times = next.time;
      element.classList.remove('parsing');
      recordUnparsed = unparsedOfRecord();
      renderSummary();
      renderProblems();
      renderCharts();
      update();
    },
    setTransform: (transform) => transformSlot.replaceChildren(renderTransform(transform, view.records.map((r) => r.position))),
  };
}

/** A message for input that could not even be read (a file that failed to load). */
export function renderProblem(message: string): HTMLElement {
  return h('p', { class: 'error input-error', role: 'alert' }, message);
}

/** Long text fields get the room; ids, numbers and names are narrow. */
function columnWidth(field: string): string {
  if (/^(?:argument|statement|text|object)$/.test(field)) return 'minmax(8rem, 2fr)';
  if (/(?:_id|^pid|_time|^rows_)/.test(field)) return '5.2rem';
  return '6.5rem';
}

const countOf = (
  shown: number,
  total: number,
): string => (shown === total ? total.toLocaleString('en-US') : `${shown.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}`);

function recordDetail(view: DecodedView, index: number): HTMLElement {
  const record = view.records[index];
  if (record === undefined) return h('p', {}, 'No such record.');
  return h(
    'div',
    { class: record.problem ? 'item failed' : 'item', 'data-position': record.position },
    h('h3', {}, record.position),
    record.help &&
      h(
        'p',
        { class: 'help' },
        h('code', { class: 'code' }, record.status.code),
        ' — ',
        ...ticks(record.help.meaning),
        '. ',
        h('b', {}, 'What to do: '),
        ...ticks(record.help.action),
      ),
    fieldList(record.fields),
    record.error ? renderError(record.error, 'error') : h('p', {}, record.contents),
    ...record.envelopes.map((e) => fieldList(view.envelopes[e]?.fields ?? [], 'fields envelope')),
  );
}

function eventDetail(
  view: DecodedView,
  parsed: ParsedView | undefined,
  times: Float64Array,
  index: number,
  documentOf: (row: number) => Promise<string | undefined>,
): HTMLElement {
  const rows = view.rows;
  const record = view.records[rows.record[index] ?? 0];
  const envelope = view.envelopes[rows.envelope[index] ?? -1];
  const time = times[index] ?? Number.NaN;
  let document: HTMLElement | false = false;
  if (parsed === undefined) document = h('p', { class: 'status' }, 'parsing…');
  else if (parsed.hasDocument[index] === 1) {
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
  const status = parsed?.status[index];
  const reason = status === RowStatus.UNPARSED ? parsed?.reasons[parsed.reason[index] ?? -1] : undefined;
  return h(
    'div',
    { class: 'item', 'data-row': String(index) },
    h('h3', {}, `${record?.position ?? ''}, row ${(index + 1).toLocaleString('en-US')}`),
    reason !== undefined &&
      h(
        'p',
        { class: 'error' },
        h('b', {}, `Unparsed by ${parsed?.parsers[parsed.parser[index] ?? -1] ?? ''}: `),
        reason,
        ' (the document keeps the raw line)',
      ),
    fieldList([...(Number.isNaN(time) ? [] : [['time', isoTime(time)] as const]), ...(envelope?.fields ?? [])]),
    h('pre', { class: 'message' }, slice(rows.messages, rows.messageEnds, index)),
    document,
  );
}

function stat(label: string, value: number | undefined): Node[] {
  return [h('dt', {}, label), h('dd', { 'data-stat': label }, value === undefined ? '…' : value.toLocaleString('en-US'))];
}

function renderError(error: ErrorView, className: string): HTMLElement {
  return h('p', { class: className, role: 'alert' }, h('code', { class: 'code' }, error.code), ' ', error.message);
}

function fieldList(fields: readonly (readonly [string, string])[], className = 'fields'): Child {
  const present = fields.filter(([, v]) => v !== '');
  if (present.length === 0) return undefined;
  return h('dl', { class: className }, ...present.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

/** Text with `code spans` (as core's error-code texts are written) as nodes. */
function ticks(text: string): Child[] {
  return text.split('`').map((part, i) => (i % 2 === 1 ? h('code', {}, part) : part));
}

const stripTicks = (text: string): string => text.replaceAll('`', '');

function isoTime(ms: number): string {
  if (Number.isNaN(ms)) return '';
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? String(ms) : date.toISOString();
}

/**
 * What the transformation Lambda would answer a Lambda event (split mode): each record's result, the
 * response size against the budget, and the records that would be re-ingested. One line until opened.
 */
function renderTransform(view: TransformView, positions: readonly string[]): HTMLElement {
  const section = h('details', { class: 'transform', 'data-testid': 'transform' });
  if (view.invalid !== undefined) {
    section.append(
      h('summary', {}, 'The transformation Lambda would reject this event'),
      h('p', { class: 'error', 'data-testid': 'transform-invalid' }, `The Lambda would reject this event: ${view.invalid}`),
    );
    section.open = true;
    return section;
  }
  const percent = view.budgetBytes > 0 ? (100 * view.responseBytes) / view.budgetBytes : 0;
  const count = (result: string): number => view.results.filter((r) => r === result).length;
  const failed = count('ProcessingFailed');
  section.append(
    h(
      'summary',
      { class: failed > 0 ? 'error' : '' },
      `The transformation Lambda would answer: ${count('Ok')} Ok, ${count('Dropped')} Dropped, ${failed} ProcessingFailed; `,
      `response ${percent.toFixed(percent < 1 ? 2 : 1)} % of the budget${
        view.reingestedRecords > 0 ? `, ${view.reingestedRecords.toLocaleString('en-US')} records re-ingested` : ''
      }`,
    ),
    h(
      'dl',
      { class: 'summary' },
      ...stat('Ok', count('Ok')),
      ...stat('Dropped', count('Dropped')),
      ...stat('ProcessingFailed', failed),
      ...stat('documents answered', view.documents),
      ...stat('re-ingested records', view.reingestedRecords),
      ...stat('re-ingested events', view.reingestedEvents),
    ),
    h(
      'p',
      { class: 'budget', 'data-testid': 'response-size', 'data-bytes': String(view.responseBytes) },
      `Response ${view.responseBytes.toLocaleString('en-US')} of ${view.budgetBytes.toLocaleString('en-US')} bytes (${percent.toFixed(percent < 1 ? 2 : 1)} %)`,
      view.reingestedRecords > 0
        ? `; ${view.reingestedRecords.toLocaleString('en-US')} records re-ingested into the source ${
          view.reingestTo === 'kinesis' ? 'Kinesis data stream' : 'delivery stream'
        }`
        : '; nothing re-ingested',
    ),
    h(
      'table',
      { class: 'answers' },
      h('thead', {}, h('tr', {}, h('th', {}, 'record'), h('th', {}, 'result'), h('th', {}, 'error'))),
      h(
        'tbody',
        {},
        ...view.results.map((result, i) =>
          h(
            'tr',
            { 'data-result': result },
            h('td', {}, positions[i] ?? `records[${i}]`),
            h('td', { class: 'result-cell' }, result),
            h('td', {}, view.errors[i] ? h('code', { class: 'code' }, view.errors[i] ?? '') : ''),
          )
        ),
      ),
    ),
  );
  return section;
}
