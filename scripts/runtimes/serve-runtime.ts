/**
 * What the Deno and Bun entries share: read the configuration before listening (a bad value is one line
 * and exit status 1, at start-up, not an error per request), allow requests without a key on loopback
 * only (as `firewatch serve` does on Node), listen, and say in one line when the port is taken. Each entry
 * passes only what differs: how to listen, its environment, its file system.
 *
 * @example
 * ```ts
 * process.exitCode = await serveRuntime({ name: "Bun", env, listen: (host, port, fetch) => { ... }, fallbackSink });
 * ```
 * @module
 */
import { type Env, readInteger } from '../../core/config/env.ts';
import { startEndpoint } from '../../core/endpoint/from-env.ts';
import { isAddressInUse, portInUseLine } from '../../core/endpoint/startup.ts';
import { FirewatchError } from '../../core/errors.ts';
import type { Sink } from '../../core/sinks/sink.ts';

/** A runtime's way to serve. */
export interface RuntimeServe {
  /** For the start-up line (`Deno`, `Bun`). */
  readonly name: string;
  readonly env: Env;
  /** Starts listening (throws when it cannot, e.g. the port is taken); returns the port bound. */
  listen(host: string, port: number, fetch: (request: Request) => Promise<Response>): number;
  /** The sink without OpenSearch: NDJSON files under `FIREWATCH_DATA_DIR` (default `./data`). */
  readonly fallbackSink: (env: Env) => Sink;
  /** Where lines go; default `console.log` (errors: `console.error`). */
  readonly log?: (line: string) => void;
  readonly error?: (line: string) => void;
}

/**
 * Builds the endpoint and listens; resolves to 0 once listening and the OpenSearch check has logged its
 * line, or to 1 after one line on stderr when the configuration is wrong or the port is taken.
 */
export async function serveRuntime(runtime: RuntimeServe): Promise<number> {
  const log = runtime.log ?? ((line: string) => console.log(line));
  const error = runtime.error ?? ((line: string) => console.error(line));
  const host = runtime.env['HOST']?.trim() || '127.0.0.1';
  let port = 8080;
  try {
    port = readInteger(runtime.env, 'PORT', 8080, 0, 65_535);
    const endpoint = startEndpoint(runtime.env, { host, fallbackSink: runtime.fallbackSink, log: (line) => log(`firewatch: ${line}`) });
    const bound = runtime.listen(host, port, endpoint.fetch);
    const url = `http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${bound}`;
    log(`firewatch: listening on ${url} (${runtime.name}; POST / for Firehose deliveries, GET /health)`);
    for (const notice of endpoint.notices) log(`firewatch: ${notice}`);
    await endpoint.checked;
    return 0;
  } catch (thrown) {
    if (thrown instanceof FirewatchError) error(`firewatch: ${thrown.detail}`);
    else if (isAddressInUse(thrown)) error(`firewatch: ${portInUseLine(host, port)}`);
    else throw thrown;
    return 1;
  }
}
