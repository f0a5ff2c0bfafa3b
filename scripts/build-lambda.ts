/**
 * `npm run build:lambda`: bundles each Lambda entry into dist/<name>/ (index.mjs plus lazily loaded chunks
 * and source maps), ready to zip and upload with handler `index.handler`:
 * - transform: the Firehose data-transformation Lambda (lambda/transform.ts)
 * - http: the Firehose HTTP endpoint on a function URL or API Gateway (lambda/http.ts)
 * - subscription: a CloudWatch Logs subscription straight to OpenSearch (lambda/subscription.ts)
 * - kinesis: a Kinesis data stream's event source mapping consumer writing to OpenSearch (lambda/kinesis.ts)
 * The AWS SDK is left to the Node.js Lambda runtime unless `--bundle-sdk` is given.
 */
import { bundleLambda } from './bundle.ts';

const sdk = process.argv.includes('--bundle-sdk') ? 'bundled' : 'external';
for (const name of ['transform', 'http', 'subscription', 'kinesis']) {
  const result = await bundleLambda(`lambda/${name}.ts`, `dist/${name}`, sdk);
  console.log(
    `dist/${name}: ${result.files} file(s), ${(result.totalBytes / 1024).toFixed(1)} KiB (entry ${(result.entryBytes / 1024).toFixed(1)} KiB), AWS SDK ${sdk}`,
  );
}
console.log('Zip a folder and set the handler to index.handler (runtime nodejs20.x or newer).');
