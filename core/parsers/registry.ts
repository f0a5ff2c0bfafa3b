/**
 * Which parser reads which log group. RDS log groups name their format
 * (`/aws/rds/instance/<db>/general`, `/aws/rds/cluster/<cluster>/slowquery`, ...), so the choice is
 * automatic; anything else gets `auto` (JSON when the message starts with `{`, else plain text).
 * Overrides, an ordered list of log-group globs, win over the automatic choice.
 *
 * @example
 * ```ts
 * parserForLogGroup("/aws/rds/instance/shop-db/general").name; // "mysql-general"
 * const overrides = parseParserOverrides("/app/*=json");
 * if (overrides.ok) parserForLogGroup("/app/api", overrides.value).name; // "json"
 * ```
 * @module
 */

import { fail, ok, type Result } from '../errors.ts';
import { json, parseJson } from './json.ts';
import { mariadbAudit } from './mariadb-audit.ts';
import { mysqlError } from './mysql-error.ts';
import { mysqlGeneral } from './mysql-general.ts';
import { mysqlSlow } from './mysql-slow.ts';
import type { LogParser, ParseResult } from './parser.ts';
import { postgresql } from './postgresql.ts';
import { parseText, text } from './text.ts';

/**
 * Parses as JSON when the message starts with `{` (after whitespace), else as plain text. A message that
 * starts with `{` but is not valid JSON is reported as such, so the document says why it has no fields.
 *
 * @example
 * ```ts
 * parseAuto('  {"a":1}'); // { ok: true, fields: { a: 1 } }
 * parseAuto('GET /');     // { ok: true, fields: {} }
 * ```
 */
export function parseAuto(message: string): ParseResult {
  for (let i = 0; i < message.length; i++) {
    const code = message.charCodeAt(i);
    if (code === 123) return parseJson(message);
    if (code !== 32 && code !== 9 && code !== 10 && code !== 13) break;
  }
  return parseText(message);
}

/**
 * The default parser for log groups of unknown format.
 *
 * @example
 * ```ts
 * auto.parse('{"level":"warn"}'); // { ok: true, fields: { level: "warn" } }
 * ```
 */
export const auto: LogParser = {
  name: 'auto',
  description: 'JSON when the message starts with "{", otherwise plain text',
  parse: parseAuto,
};

/**
 * Every built-in parser by its configuration name.
 *
 * @example
 * ```ts
 * builtinParsers["mysql-slow"].parse("# Query_time: 1.0 ...");
 * ```
 */
export const builtinParsers = {
  'mysql-general': mysqlGeneral,
  'mysql-slow': mysqlSlow,
  'mysql-error': mysqlError,
  'mariadb-audit': mariadbAudit,
  postgresql,
  json,
  text,
  auto,
} as const satisfies Readonly<Record<string, LogParser>>;

/** The name of a built-in parser: `"mysql-general" | "mysql-slow" | ... | "auto"`. */
export type BuiltinParserName = keyof typeof builtinParsers;

/**
 * Whether `name` names a built-in parser.
 *
 * @example
 * ```ts
 * isBuiltinParserName("json"); // true
 * ```
 */
export function isBuiltinParserName(name: string): name is BuiltinParserName {
  return Object.hasOwn(builtinParsers, name);
}

/** One override: log groups matching `pattern` (`*` matches any characters, `/` included) use `parser`. */
export interface ParserOverride {
  readonly pattern: string;
  readonly parser: LogParser | BuiltinParserName;
}

/** The RDS log-group suffix that names each format (`error` is MySQL's; PostgreSQL's is `postgresql`). */
const RDS_LOG_GROUP = /^\/aws\/rds\/(?:instance|cluster)\/[^/]+\/(general|slowquery|error|audit|postgresql)$/;
const RDS_PARSERS: Readonly<Record<string, LogParser>> = {
  general: mysqlGeneral,
  slowquery: mysqlSlow,
  error: mysqlError,
  audit: mariadbAudit,
  postgresql,
};

/**
 * Glob match where `*` is any run of characters and everything else is literal. Greedy with one
 * backtrack point (the classic wildcard walk), so it is O(pattern × text) at worst, never exponential.
 *
 * @example
 * ```ts
 * matchesGlob("/aws/rds/*\/general", "/aws/rds/instance/db/general"); // true
 * ```
 */
export function matchesGlob(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let starP = -1;
  let starT = 0;
  while (t < text.length) {
    if (p < pattern.length && pattern.charCodeAt(p) === 42) {
      starP = p++;
      starT = t;
    } else if (p < pattern.length && pattern.charCodeAt(p) === text.charCodeAt(t)) {
      p++;
      t++;
    } else if (starP >= 0) {
      p = starP + 1;
      t = ++starT;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern.charCodeAt(p) === 42) p++;
  return p === pattern.length;
}

/** Above this many distinct log groups a cache is dropped and rebuilt: bounded memory on a long-lived server. */
const MAX_CACHED_LOG_GROUPS = 10_000;
const NO_OVERRIDES: readonly ParserOverride[] = [];
// Keyed by the overrides array itself: configuration is parsed once, so its identity is stable.
const caches = new WeakMap<readonly ParserOverride[], Map<string, LogParser>>();

function choose(logGroup: string, overrides: readonly ParserOverride[]): LogParser {
  for (const override of overrides) {
    if (matchesGlob(override.pattern, logGroup)) {
      return typeof override.parser === 'string' ? builtinParsers[override.parser] : override.parser;
    }
  }
  const kind = RDS_LOG_GROUP.exec(logGroup)?.[1];
  return (kind === undefined ? undefined : RDS_PARSERS[kind]) ?? auto;
}

/**
 * The parser for a log group: the first override whose glob matches, else the RDS format its name
 * announces, else `auto`. Memoized per overrides list and log group, because it runs for every record.
 *
 * @example
 * ```ts
 * parserForLogGroup("/aws/rds/cluster/shop/postgresql").name; // "postgresql"
 * parserForLogGroup("/aws/lambda/api").name;                 // "auto"
 * parserForLogGroup("/aws/lambda/api", [{ pattern: "/aws/lambda/*", parser: "json" }]).name; // "json"
 * ```
 */
export function parserForLogGroup(logGroup: string, overrides: readonly ParserOverride[] = NO_OVERRIDES): LogParser {
  let cache = caches.get(overrides);
  if (cache === undefined) {
    cache = new Map();
    caches.set(overrides, cache);
  }
  let parser = cache.get(logGroup);
  if (parser === undefined) {
    if (cache.size >= MAX_CACHED_LOG_GROUPS) cache.clear();
    parser = choose(logGroup, overrides);
    cache.set(logGroup, parser);
  }
  return parser;
}

/**
 * Parses the configuration form of overrides: comma-separated `glob=parser` pairs, in priority order,
 * e.g. `"/aws/rds/*\/general=mysql-general,/app/*=json"`. Whitespace around items is ignored and empty
 * items (a trailing comma) are skipped. Fails with `CONFIG_INVALID` on an item without `=`, an empty
 * glob, or an unknown parser name. Globs cannot contain `,` or `=`; build the list in code for those,
 * or for user-defined regex parsers.
 *
 * @example
 * ```ts
 * parseParserOverrides("/app/*=json");  // { ok: true, value: [{ pattern: "/app/*", parser: "json" }] }
 * parseParserOverrides("/app/*=jsn");   // { ok: false, error: FirewatchError CONFIG_INVALID ... }
 * ```
 */
export function parseParserOverrides(text: string): Result<ParserOverride[]> {
  const overrides: ParserOverride[] = [];
  const items = text.split(',');
  for (let i = 0; i < items.length; i++) {
    const item = (items[i] ?? '').trim();
    if (item === '') continue;
    const path = `parser overrides[${i}]`;
    const equals = item.indexOf('=');
    if (equals < 0) return fail('CONFIG_INVALID', `"${item}" is not glob=parser`, { path });
    if (item.indexOf('=', equals + 1) >= 0) return fail('CONFIG_INVALID', `"${item}" has more than one "="`, { path });
    const pattern = item.slice(0, equals).trim();
    const name = item.slice(equals + 1).trim();
    if (pattern === '') return fail('CONFIG_INVALID', `"${item}" has an empty log-group glob`, { path });
    if (!isBuiltinParserName(name)) {
      return fail('CONFIG_INVALID', `unknown parser "${name}" in "${item}"; known parsers: ${Object.keys(builtinParsers).join(', ')}`, { path });
    }
    overrides.push({ pattern, parser: name });
  }
  return ok(overrides);
}
