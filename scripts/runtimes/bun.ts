/**
 * The endpoint on Bun: `bun run scripts/runtimes/bun.ts` (`npm run serve:bun`). `HOST` and `PORT` mean
 * what they mean for `firewatch serve` (defaults 127.0.0.1 and 8080; without `FIREWATCH_ACCESS_KEYS` only
 * a loopback address runs open). The only Bun-specific parts: the environment and `Bun.serve`; the rest
 * is scripts/runtimes/serve-runtime.ts, shared with Deno.
 *
 * @example
 * ```sh
 * FIREWATCH_ACCESS_KEYS=secret OPENSEARCH_URL=https://search.example.com PORT=8080 npm run serve:bun
 * ```
 * @module
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { createFilesSink } from '../../core/sinks/files.ts';
import { serveRuntime } from './serve-runtime.ts';

/** Bun's global, typed here so the file also type-checks under Node's tsconfig. */
const { Bun } = globalThis as unknown as {
  Bun: { serve(options: { hostname: string; port: number; development: boolean; fetch: (request: Request) => Promise<Response> }): { port: number } };
};

/** Read once: the same object for every request, so core builds the app once. */
const env = Object.freeze({ ...process.env });

process.exitCode = await serveRuntime({
  name: 'Bun',
  env,
  // Production behaviour: core answers errors itself; Bun's development error page is not for Firehose.
  listen: (hostname, port, fetch) => Bun.serve({ hostname, port, development: false, fetch }).port,
  fallbackSink: () =>
    createFilesSink({
      directory: env['FIREWATCH_DATA_DIR'] || 'data',
      fs: { appendFile, mkdir: (path) => mkdir(path, { recursive: true }).then(() => undefined) },
    }),
});
