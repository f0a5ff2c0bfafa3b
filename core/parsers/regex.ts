/**
 * User-defined parsers: a regular expression with named groups, compiled once at start-up.
 *
 * - Each named group that took part in the match becomes a string field; a group that did not is left out.
 * - Groups named like a built-in numeric field (`thread_id`, `pid`, `query_time`... see
 *   {@link NUMERIC_FIELD_NAMES}) become numbers, or are left out when they are not numeric, so they never
 *   clash with the built-in parsers' mapping.
 * - Reserved names (`message`, `cloudwatch`, `parser`, `error`) are written `parsed_<name>`.
 * - A group named `timestamp` also sets the event time when it reads as a time (ISO 8601, MySQL,
 *   Common Log Format, epoch digits: see `normalizeTimestamp`).
 * - The `g` flag is dropped (it would make matching depend on the previous call); `y` anchors at the start.
 *
 * The pattern runs as written: one with nested quantifiers can backtrack for a long time on a hostile
 * line. Prefer anchored patterns with negated classes (`[^ ]+`) over `.*` between separators.
 *
 * @example
 * ```ts
 * const result = createRegexParser("^(?<ip>\\S+) \\S+ \\S+ \\[(?<timestamp>[^\\]]+)\\] \"(?<method>\\w+) (?<path>\\S+)");
 * if (result.ok) result.value.parse('10.0.0.7 - - [25/Nov/2026:11:41:00 +0000] "GET /health HTTP/1.1" 200');
 * // { ok: true, timestamp: "2026-11-25T11:41:00Z", fields: { ip: "10.0.0.7", timestamp: "25/Nov/2026:11:41:00 +0000", method: "GET", path: "/health" } }
 * ```
 * @module
 */

import { fail, ok, type Result } from '../errors.ts';
import { safeFieldName } from './field-names.ts';
import { NUMERIC_FIELD_NAMES } from './list.ts';
import type { Fields, LogParser, ParseResult } from './parser.ts';
import { normalizeTimestamp } from './timestamps.ts';

const NUMBER = /^-?\d+(?:\.\d+)?$/;
// `(?<name>` but not the lookbehinds `(?<=` and `(?<!`; a rough check, used only to reject a pattern
// that cannot extract anything (the names themselves come from each match's `groups`).
const GROUP_NAME = /\(\?<[^>=!][^>]*>/;

/**
 * Compiles a user-defined pattern into a parser. Fails with `PATTERN_INVALID` when the pattern or the
 * flags do not compile, or when the pattern has no named group (it could only ever extract nothing).
 *
 * @example
 * ```ts
 * createRegexParser("(?<level>[A-Z]+)").ok; // true
 * createRegexParser("(unclosed").ok;        // false: error.code === "PATTERN_INVALID"
 * ```
 */
export function createRegexParser(pattern: string, flags = ''): Result<LogParser> {
  const cleanFlags = flags.replaceAll('g', '');
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, cleanFlags);
  } catch (cause) {
    return fail(
      'PATTERN_INVALID',
      `regex parser: the pattern /${pattern}/${flags} does not compile: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
  if (!GROUP_NAME.test(pattern)) {
    return fail('PATTERN_INVALID', `regex parser: the pattern /${pattern}/ has no named group ((?<name>...)), so it would extract nothing`);
  }
  const parse = (message: string): ParseResult => {
    regex.lastIndex = 0;
    let match: RegExpExecArray | null;
    try {
      match = regex.exec(message);
    } catch (cause) {
      // Only a stack overflow inside the engine gets here; the line is reported, not thrown.
      return { ok: false, reason: `the pattern failed on this line: ${cause instanceof Error ? cause.message : String(cause)}` };
    }
    if (match === null) return { ok: false, reason: 'the line does not match the pattern' };
    const fields: Fields = {};
    let timestamp: string | undefined;
    const groups = match.groups ?? {};
    for (const name in groups) {
      const value = groups[name];
      if (value === undefined) continue;
      const fieldName = safeFieldName(name);
      if (name === 'timestamp') timestamp ??= normalizeTimestamp(value);
      if (NUMERIC_FIELD_NAMES.has(fieldName)) {
        if (NUMBER.test(value)) fields[fieldName] = Number(value);
      } else {
        fields[fieldName] = value;
      }
    }
    return timestamp === undefined ? { ok: true, fields } : { ok: true, fields, timestamp };
  };

  return ok({ name: 'regex', description: `User-defined pattern /${regex.source}/${regex.flags}`, parse });
}
