/**
 * The endpoint on Deno: `deno serve --allow-net --allow-env --allow-read --allow-write --host 127.0.0.1 --port 8080 scripts/runtimes/deno.ts`
 * (`npm run serve:deno` passes `HOST` and `PORT` as those flags, as `firewatch serve` reads them;
 * `deno task serve` uses the defaults). The only Deno-specific part: the environment, read once here
 * and handed to core.
 *
 * @example
 * ```sh
 * FIREWATCH_ACCESS_KEYS=secret OPENSEARCH_URL=https://search.example.com PORT=8080 npm run serve:deno
 * ```
 * @module
 */
import { fetchWithEnv } from '../../core/endpoint/worker.ts';
import { createFilesSink } from '../../core/sinks/files.ts';

/** Deno's global, typed here so the file also type-checks under Node's tsconfig (Deno knows it anyway). */
const { Deno } = globalThis as unknown as {
  Deno: {
    env: { toObject(): Record<string, string> };
    writeTextFile(path: string, text: string, options: { append: boolean }): Promise<void>;
    mkdir(path: string, options: { recursive: boolean }): Promise<void>;
  };
};

/** Read once: the same object for every request, so core builds the app once. */
const env = Object.freeze(Deno.env.toObject());

/** Without OPENSEARCH_URL, NDJSON files under FIREWATCH_DATA_DIR (default ./data), as on Node. */
const filesSink = () =>
  createFilesSink({
    directory: env['FIREWATCH_DATA_DIR'] || 'data',
    fs: { appendFile: (path, text) => Deno.writeTextFile(path, text, { append: true }), mkdir: (path) => Deno.mkdir(path, { recursive: true }) },
  });

export default {
  fetch: (request: Request): Promise<Response> => fetchWithEnv(request, env, filesSink),
};
