/**
 * The built-in parsers, in order: the one list the registry (names, RDS log types), the field-type lists,
 * the OpenSearch index template's parser fields and the sample catalogue derive from. Adding a parser is
 * one file under core/parsers/ and one line here.
 *
 * The order is the order users see (`--help`, error messages, the playground's selector, sample formats).
 *
 * @example
 * ```ts
 * builtinParserList.map((parser) => parser.name);
 * // ["mysql-general", "mysql-slow", "mysql-error", "mariadb-audit", "postgresql", "json", "text", "auto"]
 * parserFieldTypes().get("thread_id"); // "long"
 * ```
 * @module
 */

import { auto } from './auto.ts';
import { json } from './json.ts';
import { mariadbAudit } from './mariadb-audit.ts';
import { mysqlError } from './mysql-error.ts';
import { mysqlGeneral } from './mysql-general.ts';
import { mysqlSlow } from './mysql-slow.ts';
import type { FieldType, ParserPlugin } from './parser.ts';
import { postgresql } from './postgresql.ts';
import { postgresqlCsv } from './postgresql-csv.ts';
import { text } from './text.ts';

/** Every built-in parser, in the order users see them. */
export const builtinParserList = [
  mysqlGeneral,
  mysqlSlow,
  mysqlError,
  mariadbAudit,
  postgresql,
  postgresqlCsv,
  json,
  text,
  auto,
] as const satisfies readonly ParserPlugin[];

/** One built-in parser's type, with its literal name. */
export type BuiltinParser = (typeof builtinParserList)[number];

/**
 * Where two parsers declare the same field name with different types (none today; the tests keep it so).
 *
 * @example
 * ```ts
 * fieldTypeConflicts(); // []
 * ```
 */
export function fieldTypeConflicts(parsers: readonly ParserPlugin[] = builtinParserList): string[] {
  const seen = new Map<string, { type: FieldType; parser: string }>();
  const conflicts: string[] = [];
  for (const parser of parsers) {
    for (const [name, type] of Object.entries(parser.fields)) {
      const first = seen.get(name);
      if (first === undefined) seen.set(name, { type, parser: parser.name });
      else if (first.type !== type) conflicts.push(`${name}: ${first.type} in ${first.parser}, ${type} in ${parser.name}`);
    }
  }
  return conflicts;
}

/**
 * Every field a built-in parser can write, with its OpenSearch type (the first declaration wins; the
 * tests assert there is no disagreement), in first-declared order.
 *
 * @example
 * ```ts
 * parserFieldTypes().get("query_time"); // "double"
 * ```
 */
export function parserFieldTypes(parsers: readonly ParserPlugin[] = builtinParserList): ReadonlyMap<string, FieldType> {
  const types = new Map<string, FieldType>();
  for (const parser of parsers) {
    for (const [name, type] of Object.entries(parser.fields)) if (!types.has(name)) types.set(name, type);
  }
  return types;
}

const namesOfTypes = (...wanted: FieldType[]): ReadonlySet<string> =>
  new Set([...parserFieldTypes()].filter(([, type]) => wanted.includes(type)).map(([name]) => name));

/**
 * Field names that are numbers in every built-in parser. User-defined patterns convert groups with these
 * names to numbers too, so a `thread_id` never arrives as a string and breaks the index mapping.
 */
export const NUMERIC_FIELD_NAMES: ReadonlySet<string> = namesOfTypes('long', 'double');

/** Field names that are strings in every built-in parser. */
export const STRING_FIELD_NAMES: ReadonlySet<string> = namesOfTypes('keyword', 'text');
