/**
 * The endpoint on Deno: `deno run --allow-net --allow-env --allow-read --allow-write scripts/runtimes/deno.ts`
 * (`npm run serve:deno`). `HOST` and `PORT` mean what they mean for `firewatch serve` (defaults 127.0.0.1
 * and 8080; without `FIREWATCH_ACCESS_KEYS` only a loopback address runs open). The only Deno-specific
 * parts: the environment, `Deno.serve`, and the files sink's writes; the rest is
 * scripts/runtimes/serve-runtime.ts, shared with Bun.
 *
 * @example
 * ```sh
 * FIREWATCH_ACCESS_KEYS=secret OPENSEARCH_URL=https://search.example.com PORT=8080 npm run serve:deno
 * ```
 * @module
 */
import { createFilesSink } from '../../core/sinks/files.ts';
import { serveRuntime } from './serve-runtime.ts';

/** Deno's global, typed here so the file also type-checks under Node's tsconfig (Deno knows it anyway). */
const { Deno } = globalThis as unknown as {
  Deno: {
    env: { toObject(): Record<string, string> };
    writeTextFile(path: string, text: string, options: { append: boolean }): Promise<void>;
    mkdir(path: string, options: { recursive: boolean }): Promise<void>;
    serve(
      options: { hostname: string; port: number; onListen?: (address: { port: number }) => void },
      handler: (request: Request) => Promise<Response>,
    ): { addr: { port: number } };
    exit(code: number): never;
  };
};

/** Read once: the same object for every request, so core builds the app once. */
const env = Object.freeze(Deno.env.toObject());

const code = await serveRuntime({
  name: 'Deno',
  env,
  // onListen replaced: Deno's own "Listening on" line would repeat ours.
  listen: (hostname, port, fetch) => Deno.serve({ hostname, port, onListen: () => undefined }, fetch).addr.port,
  fallbackSink: () =>
    createFilesSink({
      directory: env['FIREWATCH_DATA_DIR'] || 'data',
      fs: { appendFile: (path, text) => Deno.writeTextFile(path, text, { append: true }), mkdir: (path) => Deno.mkdir(path, { recursive: true }) },
    }),
});
if (code !== 0) Deno.exit(code);
