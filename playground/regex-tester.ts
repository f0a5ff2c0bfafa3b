/**
 * The regex tester: a pattern with named groups and a sample line, compiled with core's
 * `createRegexParser` (the same as a `regex:` parser in the configuration) and shown as the fields the
 * line would give, or the pattern's error. The pattern runs in a worker of its own
 * (`regex-worker.ts`) with a time limit: one that backtracks catastrophically on the line (`(a+)+$`
 * on a long run of `a`s and a `!`) is stopped by ending the worker, the page says so, and a new worker
 * takes the next pattern. The page never freezes.
 *
 * @module
 */
import { h } from './dom.ts';

/** Longer than any sane pattern needs on one line, short enough that waiting for it is not a freeze. */
export const REGEX_TIME_LIMIT_MS = 1000;

/** Page → worker. */
export interface RegexRequest {
  readonly id: number;
  readonly pattern: string;
  readonly line: string;
}

/** Worker → page. */
export interface RegexAnswer {
  readonly id: number;
  readonly result:
    | { readonly kind: 'empty' }
    | { readonly kind: 'invalid'; readonly code: string; readonly message: string }
    | { readonly kind: 'no-match'; readonly reason: string }
    | { readonly kind: 'match'; readonly fields: readonly (readonly [string, string])[]; readonly timestamp?: string };
}

/**
 * Tests patterns in a worker, showing each answer (or a time-out) in `output`; returns the function to
 * call with a pattern and a line. Only the latest request is shown; one asked while another runs waits
 * for it (or for its time-out).
 *
 * @example
 * ```ts
 * const test = regexTester(resultElement);
 * test('^(?<level>[A-Z]+) (?<text>.*)$', 'WARN disk almost full');
 * ```
 */
export function regexTester(output: HTMLElement): (pattern: string, line: string) => void {
  let worker = start();
  let nextId = 0;
  let running: { request: RegexRequest; timer: ReturnType<typeof setTimeout> } | undefined;
  let waiting: RegexRequest | undefined;

  function start(): Worker {
    const created = new Worker(new URL('./regex-worker.ts', import.meta.url), { type: 'module' });
    created.addEventListener('message', (event: MessageEvent<RegexAnswer>) => {
      if (event.data.id !== running?.request.id) return;
      clearTimeout(running.timer);
      running = undefined;
      if (waiting === undefined) output.replaceChildren(render(event.data.result));
      next();
    });
    return created;
  }

  function send(request: RegexRequest): void {
    const timer = setTimeout(() => {
      // Stuck in the pattern: only ending the worker stops it.
      worker.terminate();
      worker = start();
      running = undefined;
      if (waiting === undefined) output.replaceChildren(timedOut(request));
      next();
    }, REGEX_TIME_LIMIT_MS);
    running = { request, timer };
    output.setAttribute('aria-busy', 'true');
    worker.postMessage(request);
  }

  function next(): void {
    output.removeAttribute('aria-busy');
    if (waiting === undefined) return;
    const request = waiting;
    waiting = undefined;
    send(request);
  }

  return (pattern, line) => {
    const request: RegexRequest = { id: ++nextId, pattern, line };
    if (running) waiting = request;
    else send(request);
  };
}

function timedOut(request: RegexRequest): HTMLElement {
  return h(
    'p',
    { class: 'error', role: 'alert', 'data-regex': 'timeout' },
    h('b', {}, `Stopped after ${REGEX_TIME_LIMIT_MS / 1000} s: `),
    `the pattern backtracks catastrophically on this ${
      request.line.length.toLocaleString('en-US')
    }-character line (nested or overlapping quantifiers such as (a+)+). `,
    'A regex: parser with it would stall firewatch on such lines; make the groups unambiguous.',
  );
}

function render(result: RegexAnswer['result']): HTMLElement {
  switch (result.kind) {
    case 'empty':
      return h('p', { class: 'hint', 'data-regex': 'empty' }, 'Type a pattern with named groups, e.g. ^(?<level>[A-Z]+) (?<text>.*)$');
    case 'invalid':
      return h('p', { class: 'error', role: 'alert', 'data-regex': 'invalid' }, h('code', { class: 'code' }, result.code), ' ', result.message);
    case 'no-match':
      return h('p', { class: 'hint', 'data-regex': 'no-match' }, `No match: ${result.reason}.`);
    case 'match':
      return h(
        'div',
        { 'data-regex': 'match' },
        h(
          'table',
          { class: 'groups' },
          h('thead', {}, h('tr', {}, h('th', {}, 'field'), h('th', {}, 'value'))),
          h('tbody', {}, ...result.fields.map(([name, value]) => h('tr', { 'data-field': name }, h('td', {}, name), h('td', {}, value)))),
        ),
        result.timestamp !== undefined && h('p', { class: 'hint' }, `Event time: ${result.timestamp}`),
      );
  }
}
