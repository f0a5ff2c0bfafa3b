/**
 * The HTTP endpoint on Node (`@hono/node-server`, native codecs) with an "instant" sink that stores
 * nothing and answers at once, for `npm run bench`: what is measured is the endpoint's own work (reading
 * the body, decoding records, building documents), not a sink's.
 *
 * Run as a script (`node --import tsx scripts/bench-endpoint-server.ts [--port N]`, default any free port
 * on 127.0.0.1), it prints `{"port":N}` on one stdout line once listening, then serves, besides the
 * endpoint's routes:
 * - `GET /__stats`: `{rssBytes, maxRssBytes, heapUsedBytes, externalBytes, arrayBuffersBytes}` now;
 * - `GET /__exit`: the same, then the process exits (the answer is sent first).
 * On SIGTERM or SIGINT it prints the same JSON on one stdout line and exits. `maxRssBytes` is the peak
 * resident set of the process so far (VmHWM of /proc/self/status; see {@link memoryStats}).
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { serve } from '@hono/node-server';
import { createEndpointApp } from '../core/endpoint/app.ts';
import { closeUnread } from './node/close-unread.ts';
import { nodeCollect } from './node/collect.ts';
import { readEndpointConfig } from '../core/endpoint/config.ts';
import type { Sink } from '../core/sinks/sink.ts';
import { nodeBodyInflater, nodeCodecs } from './node/codecs.ts';

/** A sink that stores nothing and succeeds at once. */
export const instantSink: Sink = {
  name: 'instant',
  write: (documents) => Promise.resolve({ ok: true, stored: documents.length, deadLettered: 0 }),
};

/** A `kB` field of /proc/self/status in bytes (Linux), or undefined. */
function procStatusBytes(field: string): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The process's memory now, in bytes. The peak is VmHWM where there is /proc: `resourceUsage().maxRSS`
 * (ru_maxrss) is no good in a child process on Linux, since it starts at the parent's RSS when it forked
 * (the kernel carries the forked copy's high-water mark across exec), so a bench holding a 64 MiB body
 * would see its own size as the server's peak.
 */
export function memoryStats() {
  const usage = process.memoryUsage();
  return {
    rssBytes: usage.rss,
    // ru_maxrss is in KiB on Linux and macOS.
    maxRssBytes: procStatusBytes('VmHWM') ?? process.resourceUsage().maxRSS * 1024,
    heapUsedBytes: usage.heapUsed,
    externalBytes: usage.external,
    arrayBuffersBytes: usage.arrayBuffers,
  };
}

/** A running bench server. */
export interface BenchServer {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Starts the endpoint (no access key, loopback, default configuration otherwise) with the instant sink.
 * `onExit` is called by `GET /__exit` after its answer is sent.
 */
export async function startBenchServer(options: { port?: number; host?: string; onExit?: () => void } = {}): Promise<BenchServer> {
  const host = options.host ?? '127.0.0.1';
  const config = readEndpointConfig({ FIREWATCH_ALLOW_NO_ACCESS_KEY: 'true', HOST: host, PORT: String(options.port ?? 0) });
  const collect = nodeCollect();
  const app = createEndpointApp(config, instantSink, { codecs: nodeCodecs, bodyInflater: nodeBodyInflater, ...(collect === undefined ? {} : { collect }) });
  const json = (value: unknown) => new Response(JSON.stringify(value), { headers: { 'content-type': 'application/json' } });
  const fetch = (request: Request): Response | Promise<Response> => {
    const path = new URL(request.url).pathname;
    if (path === '/__stats') return json(memoryStats());
    if (path === '/__exit') {
      const stats = memoryStats();
      setTimeout(() => options.onExit?.(), 20);
      return json(stats);
    }
    return closeUnread(request, app.fetch(request));
  };
  const server = await new Promise<ReturnType<typeof serve>>((resolveServer, reject) => {
    const s = serve({ fetch, port: config.port, hostname: host }, () => resolveServer(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://${host}:${port}`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const at = process.argv.indexOf('--port');
  const port = at >= 0 ? Number(process.argv[at + 1]) : 0;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`bench-endpoint-server: bad --port ${process.argv[at + 1]}`);
  const server = await startBenchServer({ port, onExit: () => process.exit(0) });
  const stop = () => {
    process.stdout.write(`${JSON.stringify(memoryStats())}\n`, () => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);
}
