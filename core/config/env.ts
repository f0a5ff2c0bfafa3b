/**
 * Reading configuration from environment-style string maps, once at start-up, with errors that name
 * the variable, the bad value and what is expected. Runtime-neutral: callers pass Node's environment,
 * `Deno.env.toObject()` or a Workers `env`.
 *
 * A variable is declared once, as a {@link Setting} (name, documented default, meaning, the fronts that
 * read it, and its rule as `read`), beside the reader of its domain (core/opensearch/config.ts,
 * core/endpoint/config.ts, core/config/document-settings.ts, core/firehose/settings.ts); core/settings.ts
 * lists them all, and the README's tables are generated from that list (`npm run docs:tables`).
 *
 * @example
 * ```ts
 * const mode = readChoice(env, "FIREWATCH_MODE", ["split", "ndjson"], "split");
 * ```
 * @module
 */
import { FirewatchError } from '../errors.ts';
import type { LogParser } from '../parsers/parser.ts';
import { builtinParsers, isBuiltinParserName } from '../parsers/registry.ts';

/** Environment-like input. */
export type Env = Readonly<Record<string, string | undefined>>;

/** The programs that read settings, one README table each. */
export const Front = {
  /** The HTTP endpoint servers: `firewatch serve` (Node), Deno, Bun, Workers. */
  ENDPOINT: 'endpoint',
  /** The Firehose data-transformation Lambda (lambda/transform.ts). */
  TRANSFORM: 'transform',
  /** The Lambdas that write to OpenSearch themselves: subscription (lambda/subscription.ts) and Kinesis consumer (lambda/kinesis.ts). */
  SUBSCRIPTION: 'subscription',
  /** The HTTP endpoint on Lambda (lambda/http.ts). */
  HTTP: 'http',
  /** The `firewatch` command line. */
  CLI: 'cli',
} as const;
export type Front = (typeof Front)[keyof typeof Front];

/** All fronts, in the README's order. */
export const fronts: readonly Front[] = Object.values(Front);

/**
 * One configuration variable, declared once: what the docs say about it and the rule that reads it.
 *
 * @example
 * ```ts
 * const keepMessage: Setting<boolean> = { name: "FIREWATCH_KEEP_MESSAGE", default: "false", meaning: "...",
 *   fronts: [Front.ENDPOINT], read: (env) => readFlag(env, "FIREWATCH_KEEP_MESSAGE") };
 * keepMessage.read({ FIREWATCH_KEEP_MESSAGE: "true" }); // true
 * ```
 */
export interface Setting<T = unknown> {
  readonly name: string;
  /** The default as the docs show it (`(none)`, `(required)`, `deadletter-<FIREWATCH_INDEX>`). */
  readonly default: string;
  readonly meaning: string;
  /** The programs that read it. */
  readonly fronts: readonly Front[];
  /** Reads and checks the variable; throws `CONFIG_INVALID` naming it. */
  readonly read: (env: Env) => T;
}

const isSet = (value: string | undefined): value is string => value !== undefined && value.trim() !== '';

/** An integer in [min, max]; `_` separators allowed (`6_000_000`). Throws `CONFIG_INVALID`. */
export function readInteger(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (!isSet(raw)) return fallback;
  const value = Number(raw.trim().replace(/_/g, ''));
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new FirewatchError('CONFIG_INVALID', `${name}=${JSON.stringify(raw)} must be a whole number from ${min} to ${max}`);
  }
  return value;
}

/** One of the listed values (case-insensitive). Throws `CONFIG_INVALID`. */
export function readChoice<T extends string>(env: Env, name: string, choices: readonly T[], fallback: T): T {
  const raw = env[name];
  if (!isSet(raw)) return fallback;
  const value = choices.find((c) => c.toLowerCase() === raw.trim().toLowerCase());
  if (value === undefined) throw new FirewatchError('CONFIG_INVALID', `${name}=${JSON.stringify(raw)} must be one of ${choices.join(', ')}`);
  return value;
}

/** A built-in parser by name, or undefined when unset. Throws `CONFIG_INVALID` naming the known parsers. */
export function readParser(env: Env, name: string): LogParser | undefined {
  const raw = env[name];
  if (!isSet(raw)) return undefined;
  const value = raw.trim();
  if (!isBuiltinParserName(value)) {
    throw new FirewatchError('CONFIG_INVALID', `${name}=${JSON.stringify(raw)} must be one of ${Object.keys(builtinParsers).join(', ')}`);
  }
  return builtinParsers[value];
}

/** `true` or `false` (case-insensitive), `false` when unset. Throws `CONFIG_INVALID`. */
export function readFlag(env: Env, name: string): boolean {
  return readChoice(env, name, ['false', 'true'], 'false') === 'true';
}

/** A non-empty string, trimmed. */
export function readString(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  return isSet(raw) ? raw.trim() : fallback;
}
