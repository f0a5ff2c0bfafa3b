/**
 * The endpoint on Deno: `deno serve --allow-net --allow-env --host 127.0.0.1 --port 8080 scripts/runtimes/deno.ts`
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

/** Deno's global, typed here so the file also type-checks under Node's tsconfig (Deno knows it anyway). */
const { Deno } = globalThis as unknown as { Deno: { env: { toObject(): Record<string, string> } } };

/** Read once: the same object for every request, so core builds the app once. */
const env = Object.freeze(Deno.env.toObject());

export default {
  fetch: (request: Request): Promise<Response> => fetchWithEnv(request, env),
};
