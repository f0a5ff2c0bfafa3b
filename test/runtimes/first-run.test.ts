/**
 * The first mistakes people make with a server, tried on every runtime as issue 9 lists them; each must
 * give one clear, correct line at once.
 *
 * - OpenSearch where nothing listens (Node, Deno, Bun, workerd, Lambda): the start-up check says so, in one
 *   line; `GET /health` answers 503 `degraded` with the error; a delivery is answered 503 naming the cause
 *   with one prefix. The write deadline is left at its default (120 s): a delivery answered here at all,
 *   within the test's timeout, was answered long before it. No elapsed time is asserted.
 * - Deno and Bun, as Node: no access key needed on loopback; a configuration error, an open address
 *   without keys, or a port in use ends the start-up with one line and exit status 1.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Miniflare } from 'miniflare';
import { FirewatchError } from '../../core/errors.ts';
import { buildSampleHttpRequest } from '../../core/samples/events.ts';
import { bundleWorker } from '../../scripts/build-worker.ts';
import { startServer } from '../../scripts/cli/serve.ts';
import { functionUrlEvent } from '../support/function-url-event.ts';
import { freePort, type WatchedProcess, watchRuntime } from './spawn-runtime.ts';

const KEY = 'first-run-key';
const sample = buildSampleHttpRequest({ format: 'mysql-general', records: 2, events: 2 });
const body = JSON.stringify(sample);
const delivery = (key: string | undefined = KEY): RequestInit => ({
  method: 'POST',
  headers: {
    'content-type': 'application/json',
    'x-amz-firehose-protocol-version': '1.0',
    'x-amz-firehose-request-id': sample.requestId,
    ...(key === undefined ? {} : { 'x-amz-firehose-access-key': key }),
  },
  body,
});

/** An OpenSearch URL where nothing listens: a port just freed. */
let deadUrl: string;
beforeAll(async () => {
  deadUrl = `http://127.0.0.1:${await freePort()}`;
});

/** The start-up line, the health answer and the delivery answer, as every runtime must give them. */
async function expectUnreachable(
  send: (path: string, init?: RequestInit) => Promise<Response>,
  kind = /connection refused|connection closed|network error/,
): Promise<void> {
  const answered = await send('/', delivery());
  expect(answered.status).toBe(503);
  const { errorMessage } = (await answered.json()) as { errorMessage: string };
  expect(errorMessage).toMatch(new RegExp(`^firewatch: sink opensearch: cannot reach ${deadUrl}: (${kind.source})`));
  expect(errorMessage.match(/firewatch:|opensearch sink:/g)).toHaveLength(1);
  const health = await send('/health');
  expect(health.status).toBe(503);
  expect(await health.json()).toMatchObject({ status: 'degraded', sink: 'opensearch', error: expect.stringMatching(kind), since: expect.any(String) });
}

const startupLine = new RegExp(`OpenSearch http://127\\.0\\.0\\.1:\\d+ cannot be reached: connection refused \\(.+\\): nothing listens there`);

describe('OpenSearch unreachable', () => {
  it('Node (firewatch serve): one start-up line, /health degraded, a delivery answered 503 in seconds', async () => {
    const lines: string[] = [];
    const server = await startServer({ env: { OPENSEARCH_URL: deadUrl, FIREWATCH_ACCESS_KEYS: KEY }, port: 0, log: (line) => lines.push(line) });
    try {
      // startServer resolves once the check has logged its line.
      expect(lines.filter((line) => startupLine.test(line))).toHaveLength(1);
      expect(lines.find((line) => startupLine.test(line))).toMatch(/^firewatch serve: OpenSearch /);
      await expectUnreachable((path, init) => fetch(`${server.url}${path}`, init));
    } finally {
      await server.close();
    }
  });

  for (
    const [runtime, args] of [
      ['deno', ['run', '--quiet', '--allow-net', '--allow-env', 'scripts/runtimes/deno.ts']],
      ['bun', ['run', 'scripts/runtimes/bun.ts']],
    ] as const
  ) {
    it(`${runtime}: one start-up line, /health degraded, a delivery answered 503 in seconds`, async () => {
      const port = await freePort();
      const child = watchRuntime(runtime, args, { OPENSEARCH_URL: deadUrl, FIREWATCH_ACCESS_KEYS: KEY, HOST: '127.0.0.1', PORT: String(port) });
      try {
        await child.waitFor(startupLine);
        expect(child.output()).toMatch(new RegExp(`^firewatch: ${startupLine.source}`, 'm'));
        await expectUnreachable((path, init) => fetch(`http://127.0.0.1:${port}${path}`, init));
      } finally {
        await child.stop();
      }
    });
  }

  it('workerd: the first request starts the check; a delivery answered 503 in seconds, /health degraded', async () => {
    const { file } = await bundleWorker('dist/worker-first-run');
    const miniflare = new Miniflare({
      modules: true,
      scriptPath: file,
      compatibilityDate: '2025-01-01',
      bindings: { OPENSEARCH_URL: deadUrl, FIREWATCH_ACCESS_KEYS: KEY },
    });
    try {
      const url = await miniflare.ready;
      // workerd reports a refused connection as "Network connection lost.", which reads as a closed connection.
      await expectUnreachable((path, init) =>
        fetch(new URL(path, url), { ...init, headers: { ...(init?.headers as Record<string, string>), 'accept-encoding': 'identity' } })
      );
    } finally {
      await miniflare.dispose();
    }
  }, 60_000);

  it('Lambda: the check at init logs one line; a delivery answered 503 in seconds, /health degraded', async () => {
    // The module builds its own handler from the environment when imported, as Lambda does at init.
    vi.stubEnv('OPENSEARCH_URL', deadUrl);
    vi.stubEnv('FIREWATCH_ACCESS_KEYS', KEY);
    const quiet = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const { createHttpHandler } = await import('../../lambda/http.ts').finally(() => {
      vi.unstubAllEnvs();
    });
    const lines: string[] = [];
    const handler = createHttpHandler({ OPENSEARCH_URL: deadUrl, FIREWATCH_ACCESS_KEYS: KEY }, { log: (line) => lines.push(line) });
    afterAll(() => quiet.mockRestore());
    // Lambda's log lines are JSON, one object each: the check's is {"firewatch":"opensearch","message":...}.
    const messages = () => lines.map((line) => JSON.parse(line) as { firewatch: string; message?: string }).filter((l) => l.firewatch === 'opensearch');
    await vi.waitFor(() => expect(messages().some((l) => startupLine.test(l.message ?? ''))).toBe(true), { timeout: 10_000 });
    expect(messages().filter((l) => startupLine.test(l.message ?? '')).map((l) => l.message)).toEqual([expect.stringMatching(/^OpenSearch /)]);
    const send = async (path: string, init?: RequestInit) => {
      const result = (await handler(await functionUrlEvent(new Request(new URL(path, 'https://lambda.invalid'), init)) as never, {} as never)) as {
        statusCode: number;
        body: string;
      };
      return new Response(result.body, { status: result.statusCode });
    };
    await expectUnreachable(send);
  });
});

describe.each(
  [
    ['deno', ['run', '--quiet', '--allow-net', '--allow-env', '--allow-read', '--allow-write', 'scripts/runtimes/deno.ts']],
    ['bun', ['run', 'scripts/runtimes/bun.ts']],
  ] as const,
)('%s starts as Node does', (runtime, args) => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), `firewatch-${runtime}-`));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  /** Starts the runtime, expects it to exit 1 after exactly one line, and returns that line. */
  async function failsWith(env: Record<string, string>): Promise<string> {
    const child: WatchedProcess = watchRuntime(runtime, args, { FIREWATCH_DATA_DIR: dataDir, ...env });
    try {
      expect(await child.exited).toBe(1);
      const lines = child.output().trim().split('\n');
      expect(lines).toHaveLength(1);
      return lines[0]!;
    } finally {
      await child.stop();
    }
  }

  it('accepts deliveries without a key on loopback, and says so', async () => {
    const port = await freePort();
    const child = watchRuntime(runtime, args, { HOST: '127.0.0.1', PORT: String(port), FIREWATCH_DATA_DIR: dataDir });
    try {
      await child.waitFor(/no access key required/);
      expect(child.output()).toContain(`firewatch: listening on http://127.0.0.1:${port}`);
      expect(child.output()).toContain('firewatch: no access key required: bound to loopback 127.0.0.1');
      const answered = await fetch(`http://127.0.0.1:${port}/`, delivery(undefined));
      expect(answered.status).toBe(200);
    } finally {
      await child.stop();
    }
  });

  it('refuses to start open on a non-loopback address, in one line', async () => {
    expect(await failsWith({ HOST: '0.0.0.0', PORT: String(await freePort()) })).toMatch(
      /^firewatch: FIREWATCH_ACCESS_KEYS is required when binding 0\.0\.0\.0: /,
    );
  });

  it('reports a configuration error at start-up, in one line naming the variable', async () => {
    expect(await failsWith({ FIREWATCH_ACCESS_KEYS: KEY, FIREWATCH_INDEX: 'Logs', PORT: String(await freePort()) })).toMatch(
      /^firewatch: FIREWATCH_INDEX="Logs" is not a valid OpenSearch index name/,
    );
    expect(await failsWith({ FIREWATCH_ACCESS_KEYS: KEY, PORT: 'eighty' })).toMatch(/^firewatch: PORT="eighty" must be a whole number from 0 to 65535$/);
  });

  it('reports a port in use in one line naming the port and PORT', async () => {
    const taken = await occupy();
    try {
      expect(await failsWith({ FIREWATCH_ACCESS_KEYS: KEY, HOST: '127.0.0.1', PORT: String(taken.port) })).toBe(
        `firewatch: port ${taken.port} on 127.0.0.1 is already in use (another firewatch serve?): stop it, or choose another port with PORT=${taken.port + 1}`,
      );
    } finally {
      taken.server.close();
    }
  });
});

describe('Node (firewatch serve) port in use', () => {
  it('is one CONFIG_INVALID line naming the port, PORT and --port', async () => {
    const taken = await occupy();
    try {
      const error = await startServer({ env: { FIREWATCH_ACCESS_KEYS: KEY }, port: taken.port, log: () => undefined }).catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(FirewatchError);
      expect((error as FirewatchError).message).toBe(
        `firewatch: port ${taken.port} on 127.0.0.1 is already in use (another firewatch serve?): stop it, or choose another port with PORT=${
          taken.port + 1
        } or --port ${taken.port + 1}`,
      );
    } finally {
      taken.server.close();
    }
  });
});

/** A port taken by another listener on 127.0.0.1. */
async function occupy(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { server, port: address.port };
}
