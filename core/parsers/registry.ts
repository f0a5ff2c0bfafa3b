/**
 * Which parser reads which log group. RDS log groups name their format
 * (`/aws/rds/instance/<db>/general`, `/aws/rds/cluster/<cluster>/slowquery`, ...), and each parser
 * declares the RDS log types it reads (core/parsers/list.ts), so the choice is automatic; anything else
 * gets `auto` (JSON when the message starts with `{`, else plain text).
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
import { auto } from './auto.ts';
import { type BuiltinParser, builtinParserList } from './list.ts';
import type { LogParser, ParserPlugin } from './parser.ts';

export { auto, parseAuto } from './auto.ts';

/** The name of a built-in parser: `"mysql-general" | "mysql-slow" | ... | "auto"`. */
export type BuiltinParserName = BuiltinParser['name'];

/**
 * Every built-in parser by its configuration name, in the order of core/parsers/list.ts.
 *
 * @example
 * ```ts
 * builtinParsers["mysql-slow"].parse("# Query_time: 1.0 ...");
 * ```
 */
export const builtinParsers = Object.fromEntries(builtinParserList.map((parser) => [parser.name, parser])) as {
  readonly [P in BuiltinParser as P['name']]: P;
};

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

/** The list as plain plug-ins, for the optional declarations. */
const plugins: readonly ParserPlugin[] = builtinParserList;

/** `/aws/rds/instance/<db>/<type>` and `/aws/rds/cluster/<cluster>/<type>`: the type names the format. */
const RDS_LOG_GROUP = /^\/aws\/rds\/(?:instance|cluster)\/[^/]+\/([^/]+)$/;
/** Each RDS log type a parser declares (`general`, `slowquery`, `error`, `audit`, `postgresql`...). */
const RDS_PARSERS: ReadonlyMap<string, LogParser> = new Map(plugins.flatMap((parser) => (parser.rdsLogTypes ?? []).map((type) => [type, parser] as const)));

/** Each log-group glob a parser declares, in list order. */
const DECLARED_LOG_GROUPS: readonly (readonly [string, LogParser])[] = plugins.flatMap((parser) =>
  (parser.logGroups ?? []).map((glob) => [glob, parser] as const)
);

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
  const rds = kind === undefined ? undefined : RDS_PARSERS.get(kind);
  if (rds !== undefined) return rds;
  for (const [glob, parser] of DECLARED_LOG_GROUPS) if (matchesGlob(glob, logGroup)) return parser;
  return auto;
}

/**
 * The parser for a log group: the first override whose glob matches, else the RDS format its name
 * announces, else the first parser declaring a log-group glob that matches, else `auto`. Memoized per overrides list and log group, because it runs for every record.
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
