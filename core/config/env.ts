/**
 * Reading configuration from environment-style string maps, once at start-up, with errors that name
 * the variable, the bad value and what is expected. Runtime-neutral: callers pass Node's environment,
 * `Deno.env.toObject()` or a Workers `env`.
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
  if (!isBuiltinParserName(value)) throw new FirewatchError('CONFIG_INVALID', `${name}=${JSON.stringify(raw)} must be one of ${Object.keys(builtinParsers).join(', ')}`);
  return builtinParsers[value];
}

/** A non-empty string, trimmed. */
export function readString(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  return isSet(raw) ? raw.trim() : fallback;
}
