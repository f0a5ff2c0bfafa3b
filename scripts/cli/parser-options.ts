/**
 * `--parser NAME` and `--parsers 'glob=parser,...'`, shared by `decode` and `transform`.
 *
 * @module
 */
import type { LogParser } from '../../core/parsers/parser.ts';
import { builtinParsers, isBuiltinParserName, parseParserOverrides, parserForLogGroup, type ParserOverride } from '../../core/parsers/registry.ts';
import { UsageError } from './io.ts';

/** The parser choice the options make. */
export interface ParserChoice {
  /** Forced for every log group (`--parser`). */
  readonly parser?: LogParser;
  /** Log-group overrides (`--parsers`). */
  readonly overrides?: readonly ParserOverride[];
  /** The resulting choice per log group. */
  readonly parserFor: (logGroup: string) => LogParser;
}

/**
 * Reads `--parser` and `--parsers`; an unknown parser name or a malformed override is a usage error.
 *
 * @example
 * ```ts
 * parserChoice(undefined, "/app/*=json").parserFor("/app/api").name; // "json"
 * ```
 */
export function parserChoice(parser: string | undefined, parsers: string | undefined): ParserChoice {
  if (parser !== undefined && !isBuiltinParserName(parser)) {
    throw new UsageError(`--parser: unknown parser ${JSON.stringify(parser)}; known parsers: ${Object.keys(builtinParsers).join(', ')}`);
  }
  let overrides: readonly ParserOverride[] | undefined;
  if (parsers !== undefined) {
    const parsed = parseParserOverrides(parsers);
    if (!parsed.ok) throw new UsageError(`--parsers: ${parsed.error.path ? `${parsed.error.path}: ` : ''}${parsed.error.detail}`);
    overrides = parsed.value;
  }
  if (parser !== undefined) {
    const forced = builtinParsers[parser];
    return { parser: forced, parserFor: () => forced };
  }
  if (overrides !== undefined) {
    const list = overrides;
    return { overrides: list, parserFor: (logGroup) => parserForLogGroup(logGroup, list) };
  }
  return { parserFor: (logGroup) => parserForLogGroup(logGroup) };
}

/** The names `--parser` accepts, for the usage text. */
export const parserNames = (): string => Object.keys(builtinParsers).join(', ');
