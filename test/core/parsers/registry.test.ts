import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRegexParser } from '../../../core/parsers/regex.ts';
import { auto, builtinParsers, isBuiltinParserName, matchesGlob, parseParserOverrides, parserForLogGroup } from '../../../core/parsers/registry.ts';
import { sampleFormats, sampleLogGroups } from '../../../core/samples/log-lines.ts';
import { expectLinearGrowth, testParser } from './harness.ts';

testParser(auto, [
  { name: 'JSON object', line: '{"level":"warn","message":"x"}', expected: { ok: true, fields: { level: 'warn', parsed_message: 'x' } } },
  { name: 'JSON after whitespace', line: ' \t\n{"a":1}', expected: { ok: true, fields: { a: 1 } } },
  { name: 'plain text', line: 'GET /health 200', expected: { ok: true, fields: {} } },
  { name: 'JSON array is text', line: '[1,2]', expected: { ok: true, fields: {} } },
  { name: 'empty is text', line: '', expected: { ok: true, fields: {} } },
  { name: 'broken JSON is reported', line: '{"a":', expected: { ok: false } },
]);

describe('parserForLogGroup', () => {
  it('chooses from RDS log group names', () => {
    const table: [string, string][] = [
      ['/aws/rds/instance/shop-db/general', 'mysql-general'],
      ['/aws/rds/cluster/shop-cluster/general', 'mysql-general'],
      ['/aws/rds/instance/shop-db/slowquery', 'mysql-slow'],
      ['/aws/rds/cluster/shop-cluster/slowquery', 'mysql-slow'],
      ['/aws/rds/instance/shop-db/error', 'mysql-error'],
      ['/aws/rds/instance/shop-db/audit', 'mariadb-audit'],
      ['/aws/rds/cluster/shop-cluster/audit', 'mariadb-audit'],
      ['/aws/rds/instance/billing-db/postgresql', 'postgresql'],
      ['/aws/rds/cluster/billing/postgresql', 'postgresql'],
      ['/aws/rds/instance/shop-db/upgrade', 'auto'],
      ['/aws/rds/instance/shop-db/general/extra', 'auto'],
      ['/aws/rds/instance//general', 'auto'],
      ['/aws/lambda/checkout', 'auto'],
      ['', 'auto'],
    ];
    for (const [logGroup, name] of table) expect([logGroup, parserForLogGroup(logGroup).name]).toEqual([logGroup, name]);
  });

  it('lets the first matching override win over the automatic choice', () => {
    const overrides = [
      { pattern: '/aws/rds/instance/legacy-*/general', parser: 'text' as const },
      { pattern: '/aws/rds/*/general', parser: builtinParsers.json },
      { pattern: '*', parser: 'mysql-error' as const },
    ];
    expect(parserForLogGroup('/aws/rds/instance/legacy-1/general', overrides).name).toBe('text');
    expect(parserForLogGroup('/aws/rds/instance/shop-db/general', overrides).name).toBe('json');
    expect(parserForLogGroup('/anything', overrides).name).toBe('mysql-error');
    // The same log group without overrides still gets the automatic choice: caches are per overrides list.
    expect(parserForLogGroup('/aws/rds/instance/shop-db/general').name).toBe('mysql-general');
  });

  it('accepts user-defined parsers in overrides', () => {
    const custom = createRegexParser('^(?<level>[A-Z]+) ');
    if (!custom.ok) throw custom.error;
    const overrides = [{ pattern: '/app/*', parser: custom.value }];
    expect(parserForLogGroup('/app/api', overrides)).toBe(custom.value);
    expect(parserForLogGroup('/app/api', overrides).parse('WARN slow')).toEqual({ ok: true, fields: { level: 'WARN' } });
  });

  it('returns the same parser object for repeated calls (memoized)', () => {
    const overrides = [{ pattern: '/x/*', parser: 'json' as const }];
    const first = parserForLogGroup('/x/y', overrides);
    for (let i = 0; i < 100; i++) expect(parserForLogGroup('/x/y', overrides)).toBe(first);
  });

  it('picks the right parser for every sample log group', () => {
    for (const format of sampleFormats) {
      const name = parserForLogGroup(sampleLogGroups[format]).name;
      expect([format, name]).toEqual([format, format === 'json' ? 'auto' : format]);
    }
  });
});

describe('matchesGlob', () => {
  it('treats * as any run of characters and everything else literally', () => {
    const table: [string, string, boolean][] = [
      ['/aws/rds/*/general', '/aws/rds/instance/db/general', true],
      ['/aws/rds/*/general', '/aws/rds/instance/db/slowquery', false],
      ['*', '', true],
      ['', '', true],
      ['', 'x', false],
      ['a*b*c', 'aXbYc', true],
      ['a*b*c', 'aXbY', false],
      ['/app/*', '/app/', true],
      ['/app/*', '/app', false],
      ['a.b', 'aXb', false],
      ['a?b', 'aXb', false],
      ['a?b', 'a?b', true],
      ['**', 'abc', true],
      ['*a', 'bbba', true],
    ];
    for (const [pattern, text, expected] of table) expect([pattern, text, matchesGlob(pattern, text)]).toEqual([pattern, text, expected]);
  });

  it('agrees with an equivalent regular expression', () => {
    const piece = fc.constantFrom('a', 'b', '/', '*');
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 8 }).map((p) => p.join('')),
        fc.array(fc.constantFrom('a', 'b', '/'), { maxLength: 10 }).map((p) => p.join('')),
        (pattern, text) => {
          const regex = new RegExp(`^${pattern.replaceAll('*', '.*')}$`, 's');
          expect(matchesGlob(pattern, text)).toBe(regex.test(text));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('takes time linear in the text on many stars (growth, not elapsed time)', () => {
    const pattern = '*a'.repeat(50) + 'b';
    const texts = new Map([5000, 40_000].map((n) => [n, 'a'.repeat(n)]));
    expect(matchesGlob(pattern, texts.get(40_000)!)).toBe(false);
    expectLinearGrowth('matchesGlob with 50 stars', (n) => matchesGlob(pattern, texts.get(n)!), 5000);
  });
});

describe('parseParserOverrides', () => {
  it('parses the configuration string in order', () => {
    const result = parseParserOverrides(' /aws/rds/*/general = mysql-general , /app/*=json,');
    expect(result).toEqual({
      ok: true,
      value: [
        { pattern: '/aws/rds/*/general', parser: 'mysql-general' },
        { pattern: '/app/*', parser: 'json' },
      ],
    });
  });

  it('gives an empty list for an empty string', () => {
    expect(parseParserOverrides('')).toEqual({ ok: true, value: [] });
  });

  it('fails with CONFIG_INVALID on unknown names and bad syntax, saying which item', () => {
    const table: [string, string][] = [
      ['/app/*=jsn', 'jsn'],
      ['/app/*', 'glob=parser'],
      ['=json', 'empty'],
      ['/a=json=text', 'more than one'],
      ['/a=json,/b=constructor', 'constructor'],
    ];
    for (const [text, mention] of table) {
      const result = parseParserOverrides(text);
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(result.error.code).toBe('CONFIG_INVALID');
      expect(result.error.message).toContain(mention);
      expect(result.error.path).toMatch(/^parser overrides\[\d\]$/);
    }
  });

  it('knows every built-in parser by name', () => {
    for (const name of Object.keys(builtinParsers)) {
      expect(isBuiltinParserName(name)).toBe(true);
      const result = parseParserOverrides(`/x=${name}`);
      expect(result.ok).toBe(true);
      if (result.ok) expect(parserForLogGroup('/x', result.value).name).toBe(name);
    }
    expect(isBuiltinParserName('toString')).toBe(false);
  });
});
