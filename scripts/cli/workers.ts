/**
 * `firewatch serve --workers N`: the endpoint on every core. One Node process decodes on one core, so the
 * primary process forks N workers (`node:cluster`) that share the listening port; each runs the whole
 * endpoint with its own admission control and memory budget (core/endpoint/admission.ts), so N workers
 * take N times the deliveries and N times the budget. The primary serves nothing itself: it starts the
 * workers, restarts one that dies (an out-of-memory crash costs its deliveries in flight, which Firehose
 * retries, not the server), forwards SIGINT and SIGTERM, and exits when they have all stopped.
 *
 * @example
 * ```ts
 * if (workers > 1 && cluster.isPrimary) return superviseWorkers(workers, log);
 * // in a worker (or with one worker): start the server, then
 * reportListening();
 * ```
 * @module
 */
import cluster, { type Worker } from 'node:cluster';
import { createServer } from 'node:net';
import { availableParallelism } from 'node:os';

/** Workers by default: one per core. */
export const defaultWorkers = (): number => availableParallelism();

/** True in a worker forked by {@link superviseWorkers}. */
export const isWorker = (): boolean => cluster.isWorker;

/** True in a worker other than the first: start-up notices are the first worker's to print. */
export const isQuietWorker = (): boolean => cluster.isWorker && cluster.worker?.id !== 1;

/** Variable the primary passes the port in: workers asked for port 0 would each get another one. */
const PORT_VARIABLE = 'FIREWATCH_WORKER_PORT';

/** In a worker, the port the primary chose for all of them. */
export const workerPort = (): number | undefined => (cluster.isWorker && process.env[PORT_VARIABLE] ? Number(process.env[PORT_VARIABLE]) : undefined);

/** A port free on `host` now, for `--port 0`. */
export function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Tells the primary this worker listens (a worker that dies before saying so stops the whole server). */
export function reportListening(): void {
  if (cluster.isWorker) process.send?.({ firewatch: 'listening' });
}

/** A dead worker is replaced at most this often, so a worker that keeps dying does not spin the CPU. */
const RESTART_INTERVAL_MS = 1_000;

/**
 * Runs `count` workers (this script again, in worker mode) until SIGINT or SIGTERM; resolves to the exit
 * code: 0 after a requested stop, else the code of a worker that died before it listened (a port in use,
 * a bad configuration: its own message says which). `port`: the one every worker listens on (they share
 * it); the primary picks it when asked for any free port.
 */
export function superviseWorkers(count: number, log: (line: string) => void, port?: number): Promise<number> {
  return new Promise((resolve) => {
    let stopping = false;
    let lastRestart = 0;
    const listening = new Set<number>();
    const alive = new Set<Worker>();
    const fork = () => {
      const worker = cluster.fork(port === undefined ? {} : { [PORT_VARIABLE]: String(port) });
      alive.add(worker);
      worker.on('message', (message: unknown) => {
        if (typeof message === 'object' && message !== null && (message as { firewatch?: unknown }).firewatch === 'listening') listening.add(worker.id);
      });
      worker.once('exit', (code, signal) => {
        alive.delete(worker);
        if (stopping) {
          if (alive.size === 0) resolve(0);
          return;
        }
        if (!listening.has(worker.id)) {
          // It never listened: every replacement would fail the same way.
          stopAll();
          const finish = () => resolve(code === 0 || code === null ? 1 : code);
          if (alive.size === 0) finish();
          else for (const other of alive) other.once('exit', () => alive.size === 0 && finish());
          return;
        }
        log(
          `firewatch serve: worker ${worker.process.pid} ended (${
            signal ?? `exit ${code}`
          }); starting another (its deliveries in flight are retried by Firehose)`,
        );
        const wait = Math.max(0, lastRestart + RESTART_INTERVAL_MS - Date.now());
        lastRestart = Date.now() + wait;
        setTimeout(() => stopping || fork(), wait);
      });
    };
    const stopAll = () => {
      stopping = true;
      for (const worker of alive) worker.process.kill('SIGTERM');
    };
    const onSignal = () => {
      if (stopping) return;
      log(`firewatch serve: stopping ${alive.size} workers (waiting for open requests)`);
      stopAll();
      if (alive.size === 0) resolve(0);
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    for (let i = 0; i < count; i++) fork();
  });
}
