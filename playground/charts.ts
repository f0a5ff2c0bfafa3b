/**
 * Small SVG charts drawn in the page, with no library and nothing fetched (the page's policy allows
 * neither): events over time as a histogram, and shares (commands, parsers, statuses) as horizontal
 * bars. Every bar is a button for the pointer and the keyboard: choosing one filters the tables, choosing
 * it again clears the filter. Colours come from the style sheet (classes), so light and dark both work.
 *
 * @module
 */

const SVG = 'http://www.w3.org/2000/svg';

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Readonly<Record<string, string | number>> = {},
  ...children: (Node | string)[]
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  element.append(...children);
  return element;
}

/** Bin widths a histogram may use, smallest first: the first that needs at most {@link MAX_BINS} bins wins. */
const BIN_WIDTHS_MS = [
  0.01,
  0.02,
  0.05,
  0.1,
  0.2,
  0.5,
  1,
  2,
  5,
  10,
  15,
  30,
  60,
  120,
  300,
  600,
  900,
  1800,
  3600,
  3 * 3600,
  6 * 3600,
  12 * 3600,
  86_400,
  7 * 86_400,
].map((s) => Math.round(s * 1000));
const MAX_BINS = 60;

/** A histogram's bins: `counts[i]` events in `[start + i * width, start + (i + 1) * width)`. */
export interface Bins {
  readonly start: number;
  readonly width: number;
  readonly counts: readonly number[];
}

/**
 * Bins event times (epoch ms; NaN for rows without a time) by second, minute or more, as the span needs.
 * Undefined when no row has a time.
 *
 * @example
 * ```ts
 * binTimes(Float64Array.of(0, 500, 61_000)); // { start: 0, width: 2000, counts: [2, 0, ..., 1] }
 * ```
 */
export function binTimes(times: Float64Array): Bins | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (const t of times) {
    if (t < min) min = t;
    if (t > max) max = t;
  }
  if (min === Infinity) return undefined;
  const width = BIN_WIDTHS_MS.find((w) => Math.floor(max / w) - Math.floor(min / w) + 1 <= MAX_BINS) ?? BIN_WIDTHS_MS[BIN_WIDTHS_MS.length - 1]!;
  const start = Math.floor(min / width) * width;
  const counts = new Array<number>(Math.floor((max - start) / width) + 1).fill(0);
  for (const t of times) if (!Number.isNaN(t)) counts[Math.floor((t - start) / width)]!++;
  return { start, width, counts };
}

/** "per second", "per 5 minutes", ... */
function perWidth(ms: number): string {
  const units: [number, string][] = [
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
    [1000, 'second'],
  ];
  for (const [size, unit] of units) if (ms % size === 0) return ms === size ? `per ${unit}` : `per ${ms / size} ${unit}s`;
  return `per ${ms} ms`;
}

const isoSeconds = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** Makes an SVG element act as a button: focusable, Enter and Space choose it. */
function asButton(element: SVGElement, label: string, choose: () => void): void {
  element.setAttribute('role', 'button');
  element.setAttribute('tabindex', '0');
  element.setAttribute('aria-label', label);
  element.addEventListener('click', choose);
  element.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    choose();
  });
}

/**
 * Events over time. `chosen` is the start of the bin the tables are filtered to, if any.
 *
 * @example
 * ```ts
 * histogram(binTimes(rows.time)!, undefined, ([from, to]) => filterTo(from, to));
 * ```
 */
export function histogram(bins: Bins, chosen: number | undefined, choose: (range: readonly [number, number] | undefined) => void): SVGSVGElement {
  const width = 360;
  const height = 96;
  const plot = height - 30;
  const max = Math.max(1, ...bins.counts);
  // Few bins stay bar-shaped rather than one slab across the chart.
  const step = width / Math.max(bins.counts.length, 24);
  const chart = svg('svg', {
    class: 'chart histogram',
    viewBox: `0 0 ${width} ${height}`,
    role: 'group',
    'aria-label': `Events over time, ${perWidth(bins.width)}`,
    'data-testid': 'chart-time',
  });
  bins.counts.forEach((count, i) => {
    const from = bins.start + i * bins.width;
    const barHeight = count === 0 ? 0 : Math.max(1.5, (count / max) * plot);
    const label = `${count.toLocaleString('en-US')} events from ${isoSeconds(from)}`;
    const bar = svg(
      'rect',
      {
        class: from === chosen ? 'bar chosen' : 'bar',
        x: (i * step + 0.5).toFixed(2),
        y: (4 + plot - barHeight).toFixed(2),
        width: Math.max(0.5, step - 1).toFixed(2),
        height: barHeight.toFixed(2),
        'data-from': from,
        'data-count': count,
      },
      svg('title', {}, label),
    );
    // A thin bar is hard to hit: an invisible full-height strip takes the click for it.
    const hit = svg('rect', { class: 'hit', x: (i * step).toFixed(2), y: 0, width: step.toFixed(2), height: plot + 4 });
    const group = svg('g', { class: 'bin', 'data-from': from }, hit, bar);
    asButton(group, label, () => choose(from === chosen ? undefined : [from, from + bins.width]));
    chart.append(group);
  });
  const end = bins.start + bins.counts.length * bins.width;
  chart.append(
    svg('line', { class: 'axis', x1: 0, x2: width, y1: plot + 4.5, y2: plot + 4.5 }),
    svg('text', { class: 'tick', x: 0, y: height - 12 }, isoSeconds(bins.start)),
    svg('text', { class: 'tick', x: width, y: height - 12, 'text-anchor': 'end' }, isoSeconds(end)),
    svg(
      'text',
      { class: 'tick muted', x: width / 2, y: height - 1, 'text-anchor': 'middle' },
      `events ${perWidth(bins.width)}, max ${max.toLocaleString('en-US')}`,
    ),
  );
  return chart;
}

/** At most this many bars; the rest are summed as "other". */
const MAX_SHARES = 6;

/**
 * Shares as horizontal bars, largest first. `chosen` is the label the tables are filtered to, if any;
 * the "other" bar is not a filter.
 *
 * @example
 * ```ts
 * shares('commands', [['Query', 90], ['Connect', 10]], undefined, (label) => filterBy(label));
 * ```
 */
export function shares(
  title: string,
  entries: readonly (readonly [string, number])[],
  chosen: string | undefined,
  choose: (label: string | undefined) => void,
): SVGSVGElement {
  const sorted = [...entries].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const shown = sorted.slice(0, MAX_SHARES);
  const rest = sorted.slice(MAX_SHARES).reduce((n, [, c]) => n + c, 0);
  const total = sorted.reduce((n, [, c]) => n + c, 0);
  const rowHeight = 15;
  const width = 240;
  const labelWidth = 92;
  const bars = rest > 0 ? [...shown, ['other', rest] as const] : shown;
  const height = 16 + bars.length * rowHeight;
  const chart = svg('svg', { class: 'chart shares', viewBox: `0 0 ${width} ${height}`, role: 'group', 'aria-label': title, 'data-chart': title });
  chart.append(svg('text', { class: 'chart-title', x: 0, y: 11 }, title));
  bars.forEach(([label, count], i) => {
    const y = 16 + i * rowHeight;
    const other = rest > 0 && i === bars.length - 1;
    const percent = total === 0 ? 0 : (100 * count) / total;
    const barWidth = Math.max(1, ((width - labelWidth - 62) * count) / (sorted[0]?.[1] ?? 1));
    const name = label === '' ? '(empty)' : label;
    const text = `${name}: ${count.toLocaleString('en-US')} (${percent.toFixed(percent < 10 ? 1 : 0)} %)`;
    const group = svg(
      'g',
      { class: `share${label === chosen && !other ? ' chosen' : ''}${other ? ' other' : ''}`, 'data-label': label },
      svg('rect', { class: 'hit', x: 0, y, width, height: rowHeight }),
      svg('text', { class: 'label', x: labelWidth - 4, y: y + 11, 'text-anchor': 'end' }, name.length > 14 ? `${name.slice(0, 13)}…` : name),
      svg('rect', { class: 'bar', x: labelWidth, y: y + 2.5, width: barWidth.toFixed(2), height: rowHeight - 5 }),
      svg('text', { class: 'value', x: labelWidth + barWidth + 4, y: y + 11 }, `${count.toLocaleString('en-US')} · ${percent.toFixed(percent < 10 ? 1 : 0)} %`),
      svg('title', {}, text),
    );
    if (!other) asButton(group, text, () => choose(label === chosen ? undefined : label));
    chart.append(group);
  });
  return chart;
}
