/**
 * Starts a runtime's server as a child process on a free port and stops it; shared by the Deno and Bun
 * tests. The binaries come from node_modules (`npm i -D deno bun` ship them), called directly rather
 * than through npx so the process we stop is the server itself.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitForHealth } from './protocol-suite.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A running child server. */
export interface RuntimeProcess {
  readonly url: string;
  /** Everything the child printed. */
  output(): string;
  stop(): Promise<void>;
}

/** A port nobody listens on right now (the child binds it a moment later). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Spawns `node_modules/.bin/<binary> ...args(port)` with `env` and waits for `GET /health`. */
export async function startRuntime(binary: 'deno' | 'bun', args: (port: number) => string[], env: Record<string, string>): Promise<RuntimeProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(join(ROOT, 'node_modules', '.bin', binary), args(port), {
    cwd: ROOT,
    // PATH and HOME only from the parent: the runtime sees the configuration it is given, nothing stray.
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', NO_COLOR: '1', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    await waitForHealth(url, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, output: () => output, stop };
}

/** A child runtime watched until it prints what a test waits for, or exits. */
export interface WatchedProcess {
  /** Everything the child printed so far. */
  output(): string;
  /** Resolves once the output matches `pattern` (rejects when the child exits first, or after `timeoutMs`). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** The exit code, once it exits (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  stop(): Promise<void>;
}

/**
 * Spawns `node_modules/.bin/<binary> ...args` with exactly `env` (plus PATH and HOME) and watches its
 * output: for start-up lines and start-up failures, where {@link startRuntime}'s health wait does not fit.
 */
export function watchRuntime(binary: 'deno' | 'bun', args: readonly string[], env: Record<string, string>): WatchedProcess {
  const child: ChildProcess = spawn(join(ROOT, 'node_modules', '.bin', binary), [...args], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const grow = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', grow);
  child.stderr?.on('data', grow);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let done = false;
  void exited.then(() => {
    done = true;
    for (const listener of listeners) listener();
  });
  return {
    output: () => output,
    exited,
    waitFor: (pattern, timeoutMs = 20_000) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => finish(new Error(`no output matching ${pattern} within ${timeoutMs} ms:\n${output}`)), timeoutMs);
        const check = () => {
          if (pattern.test(output)) finish();
          else if (done) finish(new Error(`exited before printing ${pattern}:\n${output}`));
        };
        function finish(error?: Error) {
          clearTimeout(timer);
          listeners.delete(check);
          if (error) reject(error);
          else resolve();
        }
        listeners.add(check);
        check();
      }),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
