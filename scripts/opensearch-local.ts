/**
 * `npm run opensearch`: a local OpenSearch for trying firewatch end to end, the same engine the live test
 * suites run (OpenSearch 2.19 from Maven Central, test/opensearch/), on 127.0.0.1, plain HTTP, no
 * security. Needs Java 17 and Maven (the first start downloads ~75 MB into .cache/maven); without Java,
 * the official Docker image does the same (see README). Data is kept in .cache/opensearch/local between
 * starts (`--fresh` starts empty). Ctrl-C stops it.
 *
 * @example
 * ```sh
 * npm run opensearch                  # http://127.0.0.1:9200
 * npm run opensearch -- --port 9201 --heap 1g
 * npm run opensearch -- --fetch-only  # download and build only (CI does this before npm test)
 * ```
 * @module
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildLauncher, engineUnavailable, REPO_ROOT, startEngine } from '../test/opensearch/engine.ts';

const USAGE = 'usage: npm run opensearch -- [--port 9200] [--heap 512m] [--fresh] [--fetch-only]';

async function main(): Promise<number> {
  let values: { port?: string; heap?: string; fresh?: boolean; 'fetch-only'?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        heap: { type: 'string' },
        fresh: { type: 'boolean' },
        'fetch-only': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    console.error(`opensearch: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help === true) {
    console.log(USAGE);
    return 0;
  }
  const port = Number(values.port ?? '9200');
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    console.error(`opensearch: --port must be a port number, got ${JSON.stringify(values.port)}\n${USAGE}`);
    return 2;
  }
  const heap = values.heap ?? '512m';
  if (!/^\d+[kmg]$/i.test(heap)) {
    console.error(`opensearch: --heap must be a size such as 512m or 1g, got ${JSON.stringify(heap)}\n${USAGE}`);
    return 2;
  }
  const unavailable = engineUnavailable();
  if (unavailable !== undefined) {
    console.error(
      `opensearch: ${unavailable}.\nWithout Java, run the official image instead:\n  docker run --rm -p 127.0.0.1:${port}:9200 -e discovery.type=single-node -e DISABLE_SECURITY_PLUGIN=true -e DISABLE_INSTALL_DEMO_CONFIG=true opensearchproject/opensearch:2.19.6`,
    );
    return 1;
  }
  const home = join(REPO_ROOT, '.cache', 'opensearch', 'local');
  if (values.fresh === true) rmSync(home, { recursive: true, force: true });
  const logPath = join(REPO_ROOT, '.cache', 'opensearch', 'local.log');
  const started = performance.now();
  buildLauncher((line) => console.log(`opensearch: ${line}`));
  if (values['fetch-only'] === true) {
    console.log(`opensearch: launcher ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return 0;
  }
  console.log(`opensearch: starting on 127.0.0.1:${port} (log: ${logPath})`);
  const engine = await startEngine({ nodes: [{ name: 'local', settings: { 'http.port': String(port) } }], home, logPath, heap });
  const url = engine.urls['local']!;
  console.log(
    [
      `opensearch: ${url} is up (${(engine.startMs / 1000).toFixed(1)} s, data in ${home}). Ctrl-C stops it.`,
      '',
      'Point firewatch at it:',
      `  export OPENSEARCH_URL=${url}`,
      '  npx firewatch opensearch setup --index cloudwatch-logs   # templates (the engine has no ISM: add FIREWATCH_INDEX_ROTATION=NoRotation to skip the retention policy)',
      '  npm start                                                 # the HTTP endpoint, writing to it',
      `  curl '${url}/cloudwatch-logs*/_search?q=command:Query&pretty'`,
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  console.log('opensearch: stopping');
  await engine.stop();
  return 0;
}

process.exitCode = await main();
