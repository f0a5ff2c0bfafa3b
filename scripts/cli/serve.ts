/**
 * `firewatch serve`: the Firehose HTTP endpoint on Node (scripts/cli/server.ts), wired to the process:
 * options, one worker per core (scripts/cli/workers.ts), SIGINT and SIGTERM. Documents go to OpenSearch
 * when `OPENSEARCH_URL` is set, otherwise to NDJSON files under `./data` (or `--data DIR`). Binds
 * 127.0.0.1:8080 by default; without `FIREWATCH_ACCESS_KEYS` it runs open only on a loopback address.
 *
 * @example
 * ```sh
 * npm start                                     # http://127.0.0.1:8080, files under ./data
 * FIREWATCH_ACCESS_KEYS=secret HOST=0.0.0.0 npm start
 * npm run build:playground && npm start -- --playground   # and the playground at /playground/
 * ```
 * @module
 */
import { integerOption, type Output, parseOptions, UsageError } from './io.ts';
import { isDeliveryLine, PLAYGROUND_BUILD_DIR, startServer } from './server.ts';
import { defaultWorkers, freePort, isQuietWorker, isWorker, reportListening, superviseWorkers, workerPort } from './workers.ts';

export { deliveryLine, PLAYGROUND_BUILD_DIR, type RunningServer, type StartOptions, startServer } from './server.ts';

/** Runs `firewatch serve` until SIGINT or SIGTERM; resolves to the exit code. */
export async function serveCommand(args: readonly string[], out: Output): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    port: { type: 'string' },
    host: { type: 'string' },
    data: { type: 'string' },
    playground: { type: 'boolean' },
    workers: { type: 'string' },
  });
  if (positionals.length > 0) throw new UsageError(`serve takes no arguments besides options (got ${positionals.join(' ')})`);
  const port = workerPort() ?? integerOption('--port', values.port, 0, 65_535);
  const workers = integerOption('--workers', values.workers, 1, 1024) ?? defaultWorkers();
  const print = (line: string) => void out.write(`${line}\n`).then(() => out.flush());
  // Every core (scripts/cli/workers.ts): the primary supervises; workers after the first print deliveries only.
  if (workers > 1 && !isWorker()) {
    return await superviseWorkers(workers, print, port === 0 ? await freePort(values.host ?? (process.env['HOST']?.trim() || '127.0.0.1')) : port);
  }
  const log = isQuietWorker() ? (line: string) => isDeliveryLine(line) && print(line) : print;
  const server = await startServer({
    env: process.env,
    ...(port === undefined ? {} : { port }),
    ...(values.host === undefined ? {} : { host: values.host }),
    ...(values.data === undefined ? {} : { dataDir: values.data }),
    ...(values.playground ? { playgroundDir: PLAYGROUND_BUILD_DIR } : {}),
    log,
  });
  reportListening();
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  log('firewatch serve: stopping (waiting for open requests)');
  await server.close();
  if (isWorker()) process.disconnect?.(); // the channel to the primary would keep this process alive
  return 0;
}
