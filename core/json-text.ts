/**
 * JSON text on the hot paths and from untrusted senders: writing it by hand (documents, re-ingested
 * envelopes), where building objects for `JSON.stringify` costs about twice as much; checking its nesting
 * before anything recursive sees it; and reading it right on engines whose `JSON.parse` misreads keys.
 *
 * @example
 * ```ts
 * jsonString('SELECT 1'); // '"SELECT 1"'
 * jsonString('tab\there'); // '"tab\\there"'
 * ```
 * @module
 */

/** Characters JSON.stringify would escape (quotes, backslash, controls) or check (surrogates). */
// deno-lint-ignore no-control-regex -- matching the control characters JSON escapes is the point.
const NEEDS_ESCAPING = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * `JSON.stringify` for a string. Most log text needs no escaping; for that, quoting it is ~30% cheaper
 * than the copy `JSON.stringify` makes.
 */
export function jsonString(text: string): string {
  return NEEDS_ESCAPING.test(text) ? JSON.stringify(text) : `"${text}"`;
}

/**
 * Whether the JSON text nests objects and arrays deeper than `max` (brackets inside strings do not count).
 * One loop, no recursion, no allocation: it runs on untrusted text before anything recursive sees it.
 * Text that is not valid JSON gets an answer too (its brackets counted the same way).
 *
 * @example
 * ```ts
 * nestedDeeperThan('{"a":[[1]]}', 2); // true: the object, then two arrays
 * nestedDeeperThan('{"a":"[[[["}', 1); // false
 * ```
 */
export function nestedDeeperThan(text: string, max: number): boolean {
  // A text shorter than 2·(max+1) cannot close max+1 levels, and unclosed ones are a syntax error anyway.
  if (text.length <= max * 2 + 1) return false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Skip the string: find its closing quote, stepping over escapes.
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === 0x5c) i++;
        else if (s === 0x22) break;
      }
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** Whether some object key in the text holds an escape (a string with a backslash, followed by `:`). */
function hasEscapedKey(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) !== 0x22) continue;
    let escaped = false;
    for (i++; i < text.length; i++) {
      const s = text.charCodeAt(i);
      if (s === 0x5c) {
        escaped = true;
        i++;
      } else if (s === 0x22) break;
    }
    if (!escaped) continue;
    let next = i + 1;
    while (next < text.length && isJsonSpace(text.charCodeAt(next))) next++;
    if (text.charCodeAt(next) === 0x3a) return true;
  }
  return false;
}

function isJsonSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/** Sets a field as JSON.parse does: an own data property, even for `__proto__`; a repeated key keeps its place. */
function setField(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  else object[key] = value;
}

/**
 * Reads text that JSON.parse has accepted, by a loop over a stack of open containers (no recursion), and
 * leaves every string and literal to JSON.parse one token at a time: a lone string is a value, which the
 * key fault below does not touch.
 */
function readAcceptedJson(text: string): unknown {
  const open: (Record<string, unknown> | unknown[])[] = [];
  // The innermost object's key whose value comes next: a value is placed as it starts, so one is enough.
  let key: string | undefined;
  let root: unknown;
  const place = (value: unknown): void => {
    const top = open[open.length - 1];
    if (top === undefined) root = value;
    else if (Array.isArray(top)) top.push(value);
    else {
      setField(top, key as string, value);
      key = undefined;
    }
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x5b) {
      const container = c === 0x7b ? {} : [];
      place(container);
      open.push(container);
    } else if (c === 0x7d || c === 0x5d) {
      open.pop();
    } else if (c === 0x22) {
      const start = i;
      let escaped = false;
      for (i++; text.charCodeAt(i) !== 0x22; i++) {
        if (text.charCodeAt(i) === 0x5c) {
          escaped = true;
          i++;
        }
      }
      const string = escaped ? (JSON.parse(text.slice(start, i + 1)) as string) : text.slice(start + 1, i);
      const top = open[open.length - 1];
      if (top !== undefined && !Array.isArray(top) && key === undefined) key = string;
      else place(string);
    } else if (c !== 0x2c && c !== 0x3a && !isJsonSpace(c)) {
      // A number, true, false or null: up to the next delimiter.
      let end = i + 1;
      while (end < text.length) {
        const e = text.charCodeAt(end);
        if (e === 0x2c || e === 0x5d || e === 0x7d || isJsonSpace(e)) break;
        end++;
      }
      place(JSON.parse(text.slice(i, end)));
      i = end - 1;
    }
  }
  return root;
}

/**
 * `JSON.parse`, right on every engine we run on. Some V8 builds (reported from 12.8 to 14.6; seen here in
 * Deno 2.9.6's V8 15.0 and in workerd, not in Node 20's V8 11.3, Bun or Chromium 156) can read an escaped
 * object key as another key parsed earlier with the same raw prefix: once `{"h":[],"\\\\":0}` has been
 * parsed, the key of `{"h":1,"\\"":2}` comes back as `\`, not `"`
 * (https://issues.chromium.org/issues/521080746, https://github.com/nodejs/node/issues/63785). Text
 * without a backslash, or with backslashes in values only, is JSON.parse's answer as is; text with an
 * escaped key is read again with keys decoded one by one. Throws what JSON.parse throws.
 *
 * @example
 * ```ts
 * Object.keys(parseJsonText('{"h":1,"\\"":2}')); // ["h", "\""]
 * ```
 */
export function parseJsonText(text: string): unknown {
  const value: unknown = JSON.parse(text);
  if (text.indexOf('\\') === -1 || !hasEscapedKey(text)) return value;
  return readAcceptedJson(text);
}
