/**
 * The regex tester's worker: compiles the pattern with core's `createRegexParser`, as a `regex:` parser
 * is, and runs it on the sample line. It lives apart from the page (and from the decoder) so a pattern
 * that backtracks catastrophically stalls only this worker, which the page ends after a time limit.
 *
 * @module
 */
import { createRegexParser } from '../core/parsers/regex.ts';
import type { RegexAnswer, RegexRequest } from './regex-tester.ts';

self.addEventListener('message', (event: MessageEvent<RegexRequest>) => {
  const { id, pattern, line } = event.data;
  const answer = (result: RegexAnswer['result']): void => self.postMessage({ id, result } satisfies RegexAnswer);
  if (pattern === '') return answer({ kind: 'empty' });
  const parser = createRegexParser(pattern);
  if (!parser.ok) return answer({ kind: 'invalid', code: parser.error.code, message: parser.error.message });
  const parsed = parser.value.parse(line);
  if (!parsed.ok) return answer({ kind: 'no-match', reason: parsed.reason });
  const fields = Object.entries(parsed.fields).map(([name, value]) => [name, typeof value === 'string' ? value : JSON.stringify(value)] as const);
  answer({ kind: 'match', fields, ...(parsed.timestamp === undefined ? {} : { timestamp: parsed.timestamp }) });
});
