/**
 * A table of any number of rows of which only those in view (plus a few) are in the DOM: a spacer as
 * tall as all rows gives the scroll bar its length, and the rendered rows are moved into place with a
 * transform. The table fills the height its container gives it (CSS), and follows resizes. Heights and
 * column widths are set through the CSSOM (`element.style`), which the page's `style-src 'self'` allows.
 *
 * Keyboard: the table is one tab stop; the arrow keys, Page Up/Down, Home and End move the chosen row,
 * Enter acts on it.
 *
 * @module
 */
import { type Child, h } from './dom.ts';

/** Every row is this tall (CSS keeps the cells on one line; style.css says 26px too). */
const ROW_HEIGHT = 26;
/** Rows rendered beyond each edge of the view, so scrolling does not flash blank rows. */
const OVERSCAN = 8;

/** One rendered row. */
export interface RowContent {
  readonly cells: readonly Child[];
  readonly className?: string;
  /** Full text of each cell for its tooltip (cells are cut to one line). */
  readonly titles?: readonly string[];
  readonly attributes?: Readonly<Record<string, string>>;
}

/** What a table shows. */
export interface VirtualTableOptions {
  readonly className: string;
  readonly label: string;
  readonly columns: readonly string[];
  /** CSS grid track sizes, one per column. */
  readonly widths: readonly string[];
  /** How many rows there are; the table asks {@link row} for those in view only. */
  readonly count: number;
  readonly row: (index: number) => RowContent;
  /** A row was chosen (click, arrow keys). */
  readonly select: (index: number) => void;
  /** Enter on the chosen row. */
  readonly activate?: (index: number) => void;
}

/** A rendered table and its controls. */
export interface VirtualTable {
  readonly element: HTMLElement;
  /** The scrolling element (the tab stop). */
  readonly body: HTMLElement;
  /** Chooses row `index` and scrolls it into view. */
  choose(index: number): void;
  readonly selected: () => number;
}

/**
 * Builds a virtual table.
 *
 * @example
 * ```ts
 * const table = virtualTable({ className: 'records', label: 'Records', columns: ['record'], widths: ['1fr'], count: 3, row: (i) => ({ cells: [`records[${i}]`] }), select: show });
 * container.append(table.element);
 * ```
 */
export function virtualTable(options: VirtualTableOptions): VirtualTable {
  const { count } = options;
  const viewport = h('div', { class: 'vbody', role: 'rowgroup', tabindex: '0' });
  const spacer = h('div', { class: 'vspacer' });
  const layer = h('div', { class: 'vrows' });
  viewport.append(spacer, layer);
  spacer.style.height = `${count * ROW_HEIGHT}px`;
  let first = -1;
  let last = -1;
  let selected = -1;
  const visibleRows = (): number => Math.max(1, Math.ceil((viewport.clientHeight || 16 * ROW_HEIGHT) / ROW_HEIGHT));
  const render = (): void => {
    const top = Math.floor(viewport.scrollTop / ROW_HEIGHT);
    const from = Math.max(0, top - OVERSCAN);
    const to = Math.min(count, top + visibleRows() + OVERSCAN);
    if (from === first && to === last) return;
    first = from;
    last = to;
    const rows: HTMLElement[] = [];
    for (let i = from; i < to; i++) {
      const content = options.row(i);
      const classes = ['vrow', ...(content.className ? [content.className] : []), ...(i === selected ? ['selected'] : [])].join(' ');
      const cells = content.cells.map((cell, c) => {
        const title = content.titles?.[c];
        return h('div', { class: `vcell c${c}`, role: 'cell', ...(title ? { title } : {}) }, cell);
      });
      rows.push(
        h('div', {
          class: classes,
          role: 'row',
          'aria-rowindex': String(i + 2),
          'aria-selected': String(i === selected),
          'data-index': String(i),
          ...content.attributes,
        }, ...cells),
      );
    }
    layer.style.transform = `translateY(${from * ROW_HEIGHT}px)`;
    layer.replaceChildren(...rows);
  };
  let pending = false;
  const later = (): void => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      render();
    });
  };
  viewport.addEventListener('scroll', later);
  // The table's height comes from the layout: rows in view change when the window does.
  new ResizeObserver(later).observe(viewport);
  const choose = (index: number): void => {
    if (index < 0 || index >= count) return;
    selected = index;
    const top = index * ROW_HEIGHT;
    if (top < viewport.scrollTop) viewport.scrollTop = top;
    else if (top + ROW_HEIGHT > viewport.scrollTop + viewport.clientHeight) viewport.scrollTop = top + ROW_HEIGHT - viewport.clientHeight;
    render();
    for (const row of layer.children) {
      const isChosen = row.getAttribute('data-index') === String(index);
      row.classList.toggle('selected', isChosen);
      row.setAttribute('aria-selected', String(isChosen));
    }
    options.select(index);
  };
  viewport.addEventListener('click', (event) => {
    const row = event.target instanceof Element ? event.target.closest('.vrow') : null;
    const index = row?.getAttribute('data-index');
    if (index !== null && index !== undefined) choose(Number(index));
  });
  viewport.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      if (selected >= 0 && options.activate) {
        event.preventDefault();
        options.activate(selected);
      }
      return;
    }
    const page = visibleRows() - 1;
    const moves: Readonly<Record<string, number>> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, Home: -count, End: count };
    const move = moves[event.key];
    if (move === undefined || count === 0) return;
    event.preventDefault();
    choose(Math.max(0, Math.min(count - 1, (selected < 0 && move > 0 ? -1 : selected) + move)));
  });
  const head = h('div', { class: 'vhead', role: 'row' }, ...options.columns.map((c, i) => h('div', { class: `vcell c${i}`, role: 'columnheader' }, c)));
  const element = h(
    'div',
    { class: `vtable ${options.className}`, role: 'table', 'aria-label': options.label, 'aria-rowcount': String(count + 1) },
    head,
    viewport,
  );
  element.style.setProperty('--columns', options.widths.join(' '));
  render();
  return { element, body: viewport, choose, selected: () => selected };
}
