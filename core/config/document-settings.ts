/**
 * Settings of how log events become documents, read alike by every front that builds documents: the
 * endpoint (any runtime, and on Lambda), the transformation Lambda and the subscription and Kinesis
 * Lambdas. Declared once here so the three readers (core/endpoint/config.ts, lambda/config.ts) share the
 * rule and the error wording.
 *
 * @example
 * ```ts
 * documentSettings.keepMessage.read({ FIREWATCH_KEEP_MESSAGE: "true" }); // true
 * documentSettings.parsers.read({ FIREWATCH_PARSERS: "/app/*=json" }).length; // 1
 * ```
 * @module
 */
import { FirewatchError } from '../errors.ts';
import { DEFAULT_MAX_INFLATED_BYTES } from '../limits.ts';
import type { LogParser } from '../parsers/parser.ts';
import { parseParserOverrides, type ParserOverride } from '../parsers/registry.ts';
import { type Env, Front, readFlag, readInteger, readParser, readString, type Setting } from './env.ts';

const MiB = 1024 * 1024;
const ALL_WRITERS = [Front.ENDPOINT, Front.HTTP, Front.TRANSFORM, Front.SUBSCRIPTION] as const;

/** `FIREWATCH_PARSERS` as overrides; a bad entry throws `CONFIG_INVALID` naming the variable and the entry. */
function readParserOverrides(env: Env): readonly ParserOverride[] {
  const overrides = parseParserOverrides(readString(env, 'FIREWATCH_PARSERS', ''));
  if (!overrides.ok) {
    throw new FirewatchError('CONFIG_INVALID', `FIREWATCH_PARSERS: ${overrides.error.path ? `${overrides.error.path}: ` : ''}${overrides.error.detail}`);
  }
  return overrides.value;
}

/**
 * The document settings, each declared once.
 *
 * @example
 * ```ts
 * documentSettings.maxInflatedBytes.read({}); // 67108864
 * ```
 */
export const documentSettings = {
  parsers: {
    name: 'FIREWATCH_PARSERS',
    default: '(by log group)',
    meaning:
      "Log-group globs to parsers, first match wins, e.g. '/aws/rds/*/general=mysql-general,/app/*=json'; unmatched groups get the parser of their RDS log type, else auto.",
    fronts: ALL_WRITERS,
    read: readParserOverrides,
  },
  defaultParser: {
    name: 'FIREWATCH_DEFAULT_PARSER',
    default: '(detected)',
    meaning:
      'Parser for records Firehose wrote with "message extraction" (log lines without a log group), e.g. mysql-general; unset: the parser that reads the text best.',
    fronts: [Front.ENDPOINT, Front.HTTP, Front.TRANSFORM],
    read: (env: Env): LogParser | undefined => readParser(env, 'FIREWATCH_DEFAULT_PARSER'),
  },
  keepMessage: {
    name: 'FIREWATCH_KEEP_MESSAGE',
    default: 'false',
    meaning: 'true: keep the raw line in `message` even when the parser turned all of it into fields.',
    fronts: ALL_WRITERS,
    read: (env: Env): boolean => readFlag(env, 'FIREWATCH_KEEP_MESSAGE'),
  },
  maxInflatedBytes: {
    name: 'FIREWATCH_MAX_INFLATED_BYTES',
    default: String(DEFAULT_MAX_INFLATED_BYTES),
    meaning: "Cap on one record's inflated CloudWatch Logs data (gzip bombs), 1 MiB – 1 GiB.",
    fronts: ALL_WRITERS,
    read: (env: Env): number => readInteger(env, 'FIREWATCH_MAX_INFLATED_BYTES', DEFAULT_MAX_INFLATED_BYTES, MiB, 1024 * MiB),
  },
} as const satisfies Record<string, Setting>;
