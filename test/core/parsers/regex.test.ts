import { describe, expect, it } from 'vitest';
import type { LogParser } from '../../../core/parsers/parser.ts';
import { createRegexParser } from '../../../core/parsers/regex.ts';
import { testParser } from './harness.ts';

function compile(pattern: string, flags?: string): LogParser {
  const result = createRegexParser(pattern, flags);
  if (!result.ok) throw result.error;
  return result.value;
}

const CLF = compile(
  '^(?<client_ip>\\S+) \\S+ (?<user>\\S+) \\[(?<timestamp>[^\\]]+)\\] "(?<method>[A-Z]+) (?<path>\\S+)[^"]*" (?<status>\\d{3}) (?:(?<bytes>\\d+)|-)',
);

testParser(CLF, [
  {
    name: 'nginx access line',
    line: '10.0.0.7 - app [25/Nov/2026:12:41:00 +0100] "GET /api/orders?id=1 HTTP/1.1" 200 512',
    expected: {
      ok: true,
      timestamp: '2026-11-25T11:41:00Z',
      fields: {
        client_ip: '10.0.0.7',
        user: 'app',
        timestamp: '25/Nov/2026:12:41:00 +0100',
        method: 'GET',
        path: '/api/orders?id=1',
        status: '200',
        bytes: '512',
      },
    },
  },
  {
    name: 'a group that did not take part is left out',
    line: '10.0.0.7 - app [25/Nov/2026:11:41:00 +0000] "HEAD / HTTP/1.1" 304 -',
    expected: {
      ok: true,
      timestamp: '2026-11-25T11:41:00Z',
      fields: { client_ip: '10.0.0.7', user: 'app', timestamp: '25/Nov/2026:11:41:00 +0000', method: 'HEAD', path: '/', status: '304' },
    },
  },
  { name: 'no match', line: 'hello', expected: { ok: false } },
]);

const RESERVED = compile('^(?<message>\\w+) (?<error>\\w+) (?<parser>\\w+) (?<cloudwatch>\\w+) (?<thread_id>\\w+) (?<__proto__>\\w+)$');

testParser(RESERVED, [
  {
    name: 'reserved group names are prefixed, numeric names become numbers',
    line: 'hi oops p cw 42 x',
    expected: {
      ok: true,
      fields: { parsed_message: 'hi', parsed_error: 'oops', parsed_parser: 'p', parsed_cloudwatch: 'cw', thread_id: 42, parsed___proto__: 'x' },
    },
  },
  {
    name: 'a non-numeric value under a numeric name is left out',
    line: 'hi oops p cw abc x',
    expected: { ok: true, fields: { parsed_message: 'hi', parsed_error: 'oops', parsed_parser: 'p', parsed_cloudwatch: 'cw', parsed___proto__: 'x' } },
  },
]);

describe('createRegexParser', () => {
  it('fails with PATTERN_INVALID when the pattern does not compile', () => {
    const result = createRegexParser('(?<a>unclosed');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('PATTERN_INVALID');
      expect(result.error.cause).toBeInstanceOf(SyntaxError);
    }
  });

  it('fails with PATTERN_INVALID on bad flags', () => {
    const result = createRegexParser('(?<a>x)', 'q');
    expect(!result.ok && result.error.code).toBe('PATTERN_INVALID');
  });

  it('fails with PATTERN_INVALID without a named group', () => {
    for (const pattern of ['^(\\d+) (\\w+)$', '(?<=x)y', '(?<!x)y']) {
      const result = createRegexParser(pattern);
      expect(!result.ok && result.error.code).toBe('PATTERN_INVALID');
    }
  });

  it('accepts non-ASCII group names', () => {
    const parser = compile('(?<niveau_é>[A-Z]+)');
    expect(parser.parse('x WARN y')).toEqual({ ok: true, fields: { niveau_é: 'WARN' } });
  });

  it('is stateless with the g flag (it is dropped) and the y flag', () => {
    const global = compile('(?<word>[a-z]+)', 'g');
    for (let i = 0; i < 3; i++) expect(global.parse('abc def')).toEqual({ ok: true, fields: { word: 'abc' } });
    const sticky = compile('(?<word>[a-z]+)', 'y');
    for (let i = 0; i < 3; i++) expect(sticky.parse('abc def')).toEqual({ ok: true, fields: { word: 'abc' } });
    expect(sticky.parse(' abc').ok).toBe(false);
  });

  it('ignores a timestamp group that is not a time', () => {
    expect(compile('(?<timestamp>\\S+)').parse('soon')).toEqual({ ok: true, fields: { timestamp: 'soon' } });
  });

  it('names itself regex and describes its pattern', () => {
    expect(CLF.name).toBe('regex');
    expect(CLF.description).toContain('client_ip');
  });
});
