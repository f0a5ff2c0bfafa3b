import { describe, expect, it } from 'vitest';
import { builtinParserList, fieldTypeConflicts, NUMERIC_FIELD_NAMES, parserFieldTypes, STRING_FIELD_NAMES } from '../../../core/parsers/list.ts';
import type { ParserPlugin } from '../../../core/parsers/parser.ts';
import { builtinParsers, parserForLogGroup } from '../../../core/parsers/registry.ts';
import { sampleEvents, sampleFormats, sampleLogGroups } from '../../../core/samples/log-lines.ts';

const plugins: readonly ParserPlugin[] = builtinParserList;

describe('the list of parsers (core/parsers/list.ts)', () => {
  it('has unique kebab-case names, and the registry knows them in its order', () => {
    const names = builtinParserList.map((parser) => parser.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z][a-z0-9-]*$/);
    expect(Object.keys(builtinParsers)).toEqual(names);
  });

  it('gives each field one type across parsers', () => {
    expect(fieldTypeConflicts()).toEqual([]);
    expect(fieldTypeConflicts([
      { name: 'a', description: 'a', fields: { x: 'long' }, parse: () => ({ ok: true, fields: {} }) },
      { name: 'b', description: 'b', fields: { x: 'keyword' }, parse: () => ({ ok: true, fields: {} }) },
    ])).toEqual(['x: long in a, keyword in b']);
  });

  it('derives the numeric and string field names from the declarations', () => {
    for (const name of ['thread_id', 'pid', 'port', 'query_time', 'duration_ms', 'retcode']) {
      expect([name, NUMERIC_FIELD_NAMES.has(name)]).toEqual([name, true]);
    }
    for (const name of ['user', 'db', 'command', 'argument', 'statement', 'text', 'start', 'end']) {
      expect([name, STRING_FIELD_NAMES.has(name)]).toEqual([name, true]);
    }
    for (const [name, type] of parserFieldTypes()) {
      expect([name, NUMERIC_FIELD_NAMES.has(name)]).toEqual([name, type === 'long' || type === 'double']);
      expect([name, STRING_FIELD_NAMES.has(name)]).toEqual([name, type === 'keyword' || type === 'text']);
    }
  });

  it('lets at most one parser claim an RDS log type, and the registry picks it for that log group', () => {
    const claimed = new Map<string, string>();
    for (const parser of plugins) {
      for (const type of parser.rdsLogTypes ?? []) {
        expect([type, claimed.get(type)]).toEqual([type, undefined]);
        claimed.set(type, parser.name);
        expect(parserForLogGroup(`/aws/rds/instance/db-1/${type}`).name).toBe(parser.name);
        expect(parserForLogGroup(`/aws/rds/cluster/cluster-1/${type}`).name).toBe(parser.name);
      }
    }
    expect(claimed.size).toBeGreaterThanOrEqual(5);
  });

  it('picks each parser for the log-group globs it declares', () => {
    for (const parser of plugins) {
      for (const glob of parser.logGroups ?? []) {
        expect([glob, parserForLogGroup(glob.replaceAll('*', 'x/y')).name]).toEqual([glob, parser.name]);
      }
    }
  });

  it('declares every field a parser writes on its sample lines', () => {
    for (const parser of builtinParserList) {
      if (!('sample' in parser) || Object.keys(parser.fields).length === 0) continue;
      expect(sampleFormats).toContain(parser.name);
      expect(sampleLogGroups[parser.name]).toBe(parser.sample.logGroup);
      for (const event of sampleEvents(parser.name, { count: 300, seed: 4 })) {
        const result = parser.parse(event.message);
        if (!result.ok) continue;
        for (const name of Object.keys(result.fields)) expect([parser.name, name, Object.hasOwn(parser.fields, name)]).toEqual([parser.name, name, true]);
      }
    }
  });
});
