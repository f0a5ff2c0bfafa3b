/**
 * A tiny element builder: every piece of text goes in through `textContent` (by way of text nodes), so
 * nothing decoded from an input is ever parsed as HTML.
 *
 * @module
 */

/** Children accepted by {@link h}: elements, or text (numbers are written out); `undefined` and `false` are skipped. */
export type Child = Node | string | number | undefined | false;

/**
 * Creates an element with attributes (set with `setAttribute`, never as HTML) and children (text as text nodes).
 *
 * @example
 * ```ts
 * h('p', { class: 'error' }, 'records[1].data: ', h('code', {}, 'GZIP_TRUNCATED'));
 * ```
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Readonly<Record<string, string>> = {},
  ...children: readonly Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  for (const child of children) {
    if (child === undefined || child === false) continue;
    element.append(typeof child === 'number' ? String(child) : child);
  }
  return element;
}
