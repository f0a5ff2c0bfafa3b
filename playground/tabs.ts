/**
 * The page's tabs: one array of {@link Tab}s, each a label and a panel. A feature adds itself with one
 * entry (a panel built by its own module, or one already in index.html). The chosen tab is kept in the
 * address (`#builder`), so a link or a reload opens it; the arrow keys move between tabs.
 *
 * @module
 */
import { h } from './dom.ts';

/** One tab. */
export interface Tab {
  /** Used in the address (`#id`) and for the tab's element ids. */
  readonly id: string;
  readonly label: string;
  readonly panel: HTMLElement;
}

/**
 * Fills `list` with a button per tab and shows one panel at a time; returns a function that shows a tab by id.
 *
 * @example
 * ```ts
 * const show = installTabs(document.getElementById('tabs')!, [{ id: 'decode', label: 'Decode', panel }]);
 * show('decode');
 * ```
 */
export function installTabs(list: HTMLElement, tabs: readonly Tab[]): (id: string) => void {
  list.setAttribute('role', 'tablist');
  const buttons = tabs.map((tab) => {
    tab.panel.id ||= `panel-${tab.id}`;
    tab.panel.setAttribute('role', 'tabpanel');
    tab.panel.setAttribute('aria-labelledby', `tab-${tab.id}`);
    return h('button', { type: 'button', role: 'tab', id: `tab-${tab.id}`, 'aria-controls': tab.panel.id, 'data-tab': tab.id }, tab.label);
  });
  list.replaceChildren(...buttons);
  const show = (id: string): void => {
    const chosen = tabs.some((t) => t.id === id) ? id : (tabs[0]?.id ?? '');
    tabs.forEach((tab, i) => {
      const on = tab.id === chosen;
      tab.panel.hidden = !on;
      buttons[i]!.setAttribute('aria-selected', String(on));
      buttons[i]!.tabIndex = on ? 0 : -1;
    });
    if (location.hash.slice(1) !== chosen) history.replaceState(null, '', chosen === tabs[0]?.id ? location.pathname + location.search : `#${chosen}`);
  };
  buttons.forEach((button, i) => {
    button.addEventListener('click', () => show(tabs[i]!.id));
    button.addEventListener('keydown', (event) => {
      const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
      if (step === 0) return;
      const next = (i + step + tabs.length) % tabs.length;
      show(tabs[next]!.id);
      buttons[next]!.focus();
    });
  });
  addEventListener('hashchange', () => show(location.hash.slice(1)));
  show(location.hash.slice(1));
  return show;
}
