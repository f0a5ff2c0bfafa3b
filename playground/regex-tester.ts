/**
 * The regex tester: a pattern with named groups and a sample line, compiled with core's
 * `createRegexParser` (the same as a `regex:` parser in the configuration) and shown as the fields the
 * line would give, or the pattern's error. Runs in the page as the user types: the pattern runs as
 * written, so one that backtracks catastrophically on the sample line would stall the page.
 *
 * @module
 */
import { createRegexParser } from '../core/parsers/regex.ts';
import { h } from './dom.ts';

/**
 * What `pattern` makes of `line`.
 *
 * @example
 * ```ts
 * renderRegexResult('(?<level>[A-Z]+)', 'WARN disk'); // a table: level | WARN
 * ```
 */
export function renderRegexResult(pattern: string, line: string): HTMLElement {
  if (pattern === '') return h('p', { class: 'hint', 'data-regex': 'empty' }, 'Type a pattern with named groups, e.g. ^(?<level>[A-Z]+) (?<text>.*)$');
  const parser = createRegexParser(pattern);
  if (!parser.ok) return h('p', { class: 'error', role: 'alert', 'data-regex': 'invalid' }, h('code', { class: 'code' }, parser.error.code), ' ', parser.error.message);
  const result = parser.value.parse(line);
  if (!result.ok) return h('p', { class: 'hint', 'data-regex': 'no-match' }, `No match: ${result.reason}.`);
  const entries = Object.entries(result.fields);
  return h(
    'div',
    { 'data-regex': 'match' },
    h(
      'table',
      { class: 'groups' },
      h('thead', {}, h('tr', {}, h('th', {}, 'field'), h('th', {}, 'value'))),
      h('tbody', {}, ...entries.map(([name, value]) => h('tr', { 'data-field': name }, h('td', {}, name), h('td', {}, typeof value === 'string' ? value : JSON.stringify(value))))),
    ),
    result.timestamp !== undefined && h('p', { class: 'hint' }, `Event time: ${result.timestamp}`),
  );
}
