/**
 * Bundles a Lambda entry with esbuild: ESM, minified, source maps, code-split so the AWS SDK (imported
 * lazily by the re-ingestion code) lands in its own chunks and is only loaded when needed.
 * `sdk: 'external'` leaves `@aws-sdk/*` and `@smithy/*` to the Node.js Lambda runtime, which ships SDK v3.
 */
import { build } from 'esbuild';
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Sizes of one bundle. */
export interface BundleResult {
  readonly outdir: string;
  /** The entry file (`index.mjs`). */
  readonly entry: string;
  readonly entryBytes: number;
  /** All JavaScript files, source maps excluded. */
  readonly totalBytes: number;
  readonly files: number;
}

export async function bundleLambda(entry: string, outdir: string, sdk: 'bundled' | 'external'): Promise<BundleResult> {
  await rm(outdir, { recursive: true, force: true });
  await build({
    entryPoints: { index: entry },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    sourcemap: true,
    outExtension: { '.js': '.mjs' },
    external: sdk === 'external' ? ['@aws-sdk/*', '@smithy/*'] : [],
    // Some SDK dependencies are CommonJS and call require(); give ESM output a require that works.
    banner: { js: "import { createRequire as __firewatchRequire } from 'node:module'; const require = __firewatchRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  let totalBytes = 0;
  let files = 0;
  for (const name of await readdir(outdir)) {
    if (!name.endsWith('.mjs')) continue;
    totalBytes += (await stat(join(outdir, name))).size;
    files++;
  }
  const entryFile = join(outdir, 'index.mjs');
  return { outdir, entry: entryFile, entryBytes: (await stat(entryFile)).size, totalBytes, files };
}
