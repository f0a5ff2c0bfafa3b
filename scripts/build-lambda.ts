/**
 * `npm run build:lambda`: bundles the transformation Lambda into dist/transform/ (index.mjs plus lazily
 * loaded chunks and source maps), ready to zip and upload with handler `index.handler`. The AWS SDK is left
 * to the Node.js Lambda runtime unless `--bundle-sdk` is given (pin the SDK version you tested with).
 */
import { bundleLambda } from './bundle.ts';

const sdk = process.argv.includes('--bundle-sdk') ? 'bundled' : 'external';
const result = await bundleLambda('lambda/transform.ts', 'dist/transform', sdk);
console.log(`dist/transform: ${result.files} file(s), ${(result.totalBytes / 1024).toFixed(1)} KiB (entry ${(result.entryBytes / 1024).toFixed(1)} KiB), AWS SDK ${sdk}`);
console.log('Zip the folder and set the handler to index.handler (runtime nodejs20.x or newer).');
