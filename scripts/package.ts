/**
 * `npm run package`: deployable zips for each Lambda entry, built with esbuild (ESM, minified, source
 * maps; the AWS SDK left to the Node.js runtime unless `--bundle-sdk`) and zipped with fflate, so no zip
 * tool is needed: dist/transform.zip, dist/http.zip, dist/subscription.zip, dist/kinesis.zip, each with handler
 * `index.handler`. Prints each zip's size.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { bundleLambda } from './bundle.ts';

/** The Lambda entries and what each is for. */
export const LAMBDA_ENTRIES = {
  transform: 'the Firehose data-transformation Lambda (lambda/transform.ts)',
  http: 'the Firehose HTTP endpoint on a function URL or API Gateway (lambda/http.ts)',
  subscription: 'a CloudWatch Logs subscription straight to OpenSearch (lambda/subscription.ts)',
  kinesis: "a Kinesis data stream's event source mapping consumer writing to OpenSearch (lambda/kinesis.ts)",
} as const;

/** Bundles and zips every entry into `outDir`; returns each zip's path and size. */
export async function packageLambdas(outDir: string, sdk: 'bundled' | 'external'): Promise<{ name: string; zip: string; bytes: number; files: number }[]> {
  const results = [];
  for (const name of Object.keys(LAMBDA_ENTRIES)) {
    const bundle = await bundleLambda(`lambda/${name}.ts`, join(outDir, name), sdk);
    const files: Record<string, Uint8Array> = {};
    for (const file of (await readdir(bundle.outdir)).sort()) files[file] = new Uint8Array(await readFile(join(bundle.outdir, file)));
    // A fixed time keeps the zip byte-identical for the same build (fflate's default is now).
    const zip = zipSync(files, { level: 9, mtime: new Date(Date.UTC(2026, 0, 1)) });
    const path = join(outDir, `${name}.zip`);
    await writeFile(path, zip);
    results.push({ name, zip: path, bytes: zip.length, files: Object.keys(files).length });
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sdk = process.argv.includes('--bundle-sdk') ? 'bundled' : 'external';
  for (const r of await packageLambdas('dist', sdk)) {
    console.log(
      `${r.zip}: ${(r.bytes / 1024).toFixed(1)} KiB (${r.files} files; AWS SDK ${sdk}) — ${
        LAMBDA_ENTRIES[r.name as keyof typeof LAMBDA_ENTRIES]
      }; handler index.handler`,
    );
  }
}
