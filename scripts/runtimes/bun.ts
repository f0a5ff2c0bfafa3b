/**
 * The endpoint on Bun: `bun run scripts/runtimes/bun.ts` (`npm run serve:bun`). Bun serves a default
 * export with `fetch` by itself; `PORT` and `HOST` mean what they mean for `firewatch serve` (defaults
 * 8080 and 127.0.0.1; set HOST=0.0.0.0 in a container). The only Bun-specific part: the environment,
 * read once here and handed to core.
 *
 * @example
 * ```sh
 * FIREWATCH_ACCESS_KEYS=secret OPENSEARCH_URL=https://search.example.com PORT=8080 npm run serve:bun
 * ```
 * @module
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { fetchWithEnv } from '../../core/endpoint/worker.ts';
import { createFilesSink } from '../../core/sinks/files.ts';

/** Read once: the same object for every request, so core builds the app once. */
const env = Object.freeze({ ...process.env });

/** Without OPENSEARCH_URL, NDJSON files under FIREWATCH_DATA_DIR (default ./data), as on Node. */
const filesSink = () =>
  createFilesSink({
    directory: env['FIREWATCH_DATA_DIR'] || 'data',
    fs: { appendFile, mkdir: (path) => mkdir(path, { recursive: true }).then(() => undefined) },
  });

export default {
  // Read by core's config too (readEndpointConfig checks PORT is a valid port; a bad value is answered 500 naming it).
  port: Number(env['PORT'] || 8080),
  hostname: env['HOST'] || '127.0.0.1',
  // Production behaviour: core answers errors itself; Bun's development error page is not for Firehose.
  development: false,
  fetch: (request: Request): Promise<Response> => fetchWithEnv(request, env, filesSink),
};
