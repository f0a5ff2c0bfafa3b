/**
 * `npm run build:worker`: bundles the Workers entry (core/endpoint/worker.ts) into dist/worker/worker.js,
 * one ES module with hono and aws4fetch inside, for wrangler.jsonc's `main` and for the workerd test
 * (workerd runs bundled code only). No Node built-ins are used, so no `nodejs_compat` flag is needed.
 *
 * @example
 * ```sh
 * npm run build:worker && npx wrangler deploy   # wrangler is not a dependency; install it where you deploy
 * ```
 * @module
 */
import { build } from 'esbuild';
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Bundles the worker into `outdir` (absolute or relative to the repository) and returns the file's
 * absolute path and size.
 *
 * @example
 * ```ts
 * const { file } = await bundleWorker("dist/worker");
 * ```
 */
export async function bundleWorker(outdir = 'dist/worker'): Promise<{ file: string; bytes: number }> {
  const file = join(resolve(ROOT, outdir), 'worker.js');
  await build({
    entryPoints: [join(ROOT, 'core', 'endpoint', 'worker.ts')],
    outfile: file,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['browser', 'module', 'main'],
    minify: true,
    sourcemap: true,
    logLevel: 'warning',
  });
  return { file, bytes: (await stat(file)).size };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { file, bytes } = await bundleWorker();
  console.log(`${file}: ${(bytes / 1024).toFixed(1)} KiB; deploy with wrangler (wrangler.jsonc points here)`);
}
