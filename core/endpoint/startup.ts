/**
 * What every server does the same way before it listens, whatever the runtime (Node's `firewatch serve`,
 * Deno, Bun): decide whether requests without an access key are allowed, and say in one line when the
 * port is taken. Workers and Lambda have no host or port of their own and skip this.
 *
 * Without `FIREWATCH_ACCESS_KEYS`, a server bound to a loopback address accepts requests without a key
 * (only this machine can reach it: the local try-out needs no set-up); bound to anything else it refuses
 * to start, since anyone who can reach it could write documents.
 *
 * @example
 * ```ts
 * const access = accessForHost(env, "127.0.0.1"); // { env: {..., FIREWATCH_ALLOW_NO_ACCESS_KEY: "true"}, notice: "no access key required: ..." }
 * try { listen(port); } catch (error) { if (isAddressInUse(error)) console.error(portInUseLine(host, port)); }
 * ```
 * @module
 */
import type { Env } from '../config/env.ts';
import { FirewatchError } from '../errors.ts';

/**
 * Whether `host` only accepts connections from this machine.
 *
 * @example
 * ```ts
 * isLoopback("127.0.0.1"); // true
 * isLoopback("0.0.0.0"); // false
 * ```
 */
export const isLoopback = (host: string): boolean => host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);

/** What {@link accessForHost} decided. */
export interface HostAccess {
  /** The environment to read the endpoint configuration from (`FIREWATCH_ALLOW_NO_ACCESS_KEY=true` added on loopback without keys). */
  readonly env: Env;
  /** A start-up line when requests without a key are accepted. */
  readonly notice?: string;
}

/**
 * Decides whether requests without a key are accepted on `host`; throws `CONFIG_INVALID` when there are
 * no keys and the address is not loopback. `FIREWATCH_ALLOW_NO_ACCESS_KEY=true` is honoured on loopback
 * only.
 *
 * @example
 * ```ts
 * accessForHost({ FIREWATCH_ACCESS_KEYS: "k1" }, "0.0.0.0").notice; // undefined: keys required
 * accessForHost({}, "0.0.0.0"); // throws: FIREWATCH_ACCESS_KEYS is required when binding 0.0.0.0 ...
 * ```
 */
export function accessForHost(env: Env, host: string): HostAccess {
  const keysSet = (env['FIREWATCH_ACCESS_KEYS'] ?? '').trim() !== '';
  if (keysSet) return { env };
  const allowAsked = (env['FIREWATCH_ALLOW_NO_ACCESS_KEY'] ?? '').trim().toLowerCase() === 'true';
  if (!isLoopback(host)) {
    throw new FirewatchError(
      'CONFIG_INVALID',
      `FIREWATCH_ACCESS_KEYS is required when binding ${host}${
        allowAsked ? ' (FIREWATCH_ALLOW_NO_ACCESS_KEY=true is honoured only on a loopback address)' : ''
      }: anyone who can reach it could write documents`,
    );
  }
  return {
    env: { ...env, FIREWATCH_ALLOW_NO_ACCESS_KEY: 'true' },
    notice: `no access key required: bound to loopback ${host} and FIREWATCH_ACCESS_KEYS is unset (anything on this machine may post)`,
  };
}

/**
 * Whether a listen error says the address is taken, as Node (`EADDRINUSE`), Deno (`AddrInUse`) and Bun
 * (`EADDRINUSE`) say it.
 *
 * @example
 * ```ts
 * isAddressInUse(Object.assign(new Error("listen EADDRINUSE"), { code: "EADDRINUSE" })); // true
 * ```
 */
export function isAddressInUse(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, name } = error as { code?: unknown; name?: unknown };
  return code === 'EADDRINUSE' || name === 'AddrInUse';
}

/**
 * The one line for a port in use, naming the port and how to choose another.
 *
 * @example
 * ```ts
 * portInUseLine("127.0.0.1", 8080, "PORT=8081 or --port 8081");
 * // "port 8080 on 127.0.0.1 is already in use (another firewatch serve?): stop it, or choose another port with PORT=8081 or --port 8081"
 * ```
 */
export function portInUseLine(host: string, port: number, how = `PORT=${port + 1}`): string {
  return `port ${port} on ${host} is already in use (another firewatch serve?): stop it, or choose another port with ${how}`;
}
