import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RESERVED_FIELD_NAMES } from '../../../core/parsers/field-names.ts';
import { json } from '../../../core/parsers/json.ts';
import type { JsonValue } from '../../../core/parsers/parser.ts';
import { JSON_MAX_DEPTH } from '../../../core/limits.ts';
import { parseJsonText } from '../../../core/json-text.ts';
import { sampleEvents } from '../../../core/samples/log-lines.ts';
import { parseChecked, testParser } from './harness.ts';

/** `[[…[]…]]` with `depth` arrays inside the outer one. */
function nestedArrays(depth: number): JsonValue[] {
  let value: JsonValue[] = [];
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

testParser(json, [
  {
    name: 'flat object',
    line: '{"level":"info","status":200,"ok":true,"tags":["a"],"ctx":{"user":"app"}}',
    expected: { ok: true, fields: { level: 'info', status: 200, ok: true, tags: ['a'], ctx: { user: 'app' } } },
  },
  { name: 'leading whitespace', line: '  \n{"a":null}', expected: { ok: true, fields: { a: null } } },
  {
    name: 'reserved keys are prefixed; ISO @timestamp is the time',
    line: '{"@timestamp":"2026-11-25T11:41:00.123456Z","message":"hi","error":{"code":1},"parser":"x","cloudwatch":1}',
    expected: {
      ok: true,
      timestamp: '2026-11-25T11:41:00.123456Z',
      fields: { 'parsed_@timestamp': '2026-11-25T11:41:00.123456Z', parsed_message: 'hi', parsed_error: { code: 1 }, parsed_parser: 'x', parsed_cloudwatch: 1 },
    },
  },
  {
    name: 'a taken prefixed name is prefixed again',
    line: '{"message":"a","parsed_message":"b"}',
    expected: { ok: true, fields: { parsed_message: 'b', parsed_parsed_message: 'a' } },
  },
  { name: 'epoch ms in ts', line: '{"ts":1795606860123}', expected: { ok: true, timestamp: '2026-11-25T11:41:00.123Z', fields: { ts: 1795606860123 } } },
  {
    name: 'epoch seconds in time',
    line: '{"time":1795606860.5}',
    expected: { ok: true, timestamp: '2026-11-25T11:41:00.500Z', fields: { time: 1795606860.5 } },
  },
  {
    name: 'zone-less time is UTC',
    line: '{"timestamp":"2026-11-25 11:41:00"}',
    expected: { ok: true, timestamp: '2026-11-25T11:41:00Z', fields: { timestamp: '2026-11-25 11:41:00' } },
  },
  {
    name: 'offset is converted',
    line: '{"time":"2026-11-25T12:41:00.5+01:00"}',
    expected: { ok: true, timestamp: '2026-11-25T11:41:00.5Z', fields: { time: '2026-11-25T12:41:00.5+01:00' } },
  },
  {
    name: 'first usable key wins',
    line: '{"@timestamp":"soon","time":"2026-11-25T11:41:00Z"}',
    expected: { ok: true, timestamp: '2026-11-25T11:41:00Z', fields: { 'parsed_@timestamp': 'soon', time: '2026-11-25T11:41:00Z' } },
  },
  { name: 'unusable time: no timestamp', line: '{"time":"yesterday","ts":true}', expected: { ok: true, fields: { time: 'yesterday', ts: true } } },
  { name: 'a number beyond a double: unparsed, kept whole', line: '{"ts":1e795606860123}', expected: { ok: false } },
  { name: 'nested overflow too', line: '{"a":{"b":[1,-2e400]}}', expected: { ok: false } },
  { name: 'a long exponent that fits', line: '{"a":1e-100,"b":2E+300}', expected: { ok: true, fields: { a: 1e-100, b: 2e300 } } },
  {
    name: 'nested as deep as an index maps',
    line: `{"a":${'['.repeat(JSON_MAX_DEPTH - 1)}${']'.repeat(JSON_MAX_DEPTH - 1)}}`,
    expected: { ok: true, fields: { a: nestedArrays(JSON_MAX_DEPTH - 2) } },
  },
  { name: 'nested one level deeper: unparsed, kept whole', line: `{"a":${'['.repeat(JSON_MAX_DEPTH)}${']'.repeat(JSON_MAX_DEPTH)}}`, expected: { ok: false } },
  {
    name: 'nested thousands deep (a poison message for recursive serializers)',
    line: `{"a":${'{"b":'.repeat(5000)}1${'}'.repeat(5000)}}`,
    expected: { ok: false },
  },
  { name: 'array', line: '[1,2]', expected: { ok: false } },
  { name: 'string', line: '"x"', expected: { ok: false } },
  { name: 'invalid', line: '{"a":', expected: { ok: false } },
  { name: 'text', line: 'hello', expected: { ok: false } },
  { name: 'empty', line: '', expected: { ok: false } },
]);

describe('json specifics', () => {
  // Under Deno 2.9.6 this once failed at random (a key ending in `"` read back ending in `\`): V8's key cache
  // fault that parseJsonText works around (see core/json-text.ts); the poisoned case is pinned below.
  it('round-trips any object without reserved keys', () => {
    const key = fc.string().filter((k) => !RESERVED_FIELD_NAMES.has(k) && !k.startsWith('parsed_'));
    fc.assert(
      fc.property(fc.dictionary(key, fc.jsonValue()), (object) => {
        const text = JSON.stringify(object);
        const result = parseChecked(json, text);
        expect(result.ok).toBe(true);
        if (result.ok) expect(JSON.stringify(result.fields)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it("reads an escaped key right after a text that poisons V8's key cache", () => {
    json.parse('{"h":[],"\\\\":0}');
    const result = parseChecked(json, '{"h":1,"\\"":2}');
    expect(result.ok && Object.keys(result.fields)).toEqual(['h', '"']);
  });

  it('never produces reserved names and keeps every value', () => {
    const key = fc.oneof(fc.constantFrom(...RESERVED_FIELD_NAMES, 'parsed_message', 'parsed_parsed_message', 'time'), fc.string());
    fc.assert(
      fc.property(fc.dictionary(key, fc.jsonValue()), (object) => {
        const result = parseChecked(json, JSON.stringify(object));
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(Object.keys(result.fields).length).toBe(Object.keys(object).length);
        const values = (o: object) => Object.values(o).map((v) => JSON.stringify(v)).sort();
        expect(values(result.fields)).toEqual(values(parseJsonText(JSON.stringify(object)) as object));
      }),
      { numRuns: 300 },
    );
  });

  it('parses every sample line', () => {
    for (const event of sampleEvents('json', { count: 300, seed: 3 })) {
      const result = parseChecked(json, event.message);
      expect(result.ok && result.timestamp).toBeTruthy();
    }
  });
});
