/**
 * The Firehose HTTP endpoint on Node (`@hono/node-server`) that `firewatch serve` starts (and the tests
 * and the bench): reads the configuration, picks the sink (OpenSearch when `OPENSEARCH_URL` is set,
 * otherwise NDJSON files under `./data`), serves the built playground when asked, listens, and logs one
 * line per delivery ({@link deliveryLine}). scripts/cli/serve.ts is the command that wires it to the
 * process (options, workers, signals).
 *
 * @example
 * ```ts
 * const server = await startServer({ env: process.env, port: 0, log: console.log });
 * await fetch(`${server.url}/health`);
 * await server.close();
 * ```
 * @module
 */
import { appendFile, mkdir, readFile, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import type { Env } from '../../core/config/env.ts';
import { createEndpointApp, type DeliverySummary } from '../../core/endpoint/app.ts';
import { type EndpointConfig, readEndpointConfig } from '../../core/endpoint/config.ts';
import { type HealthReport, monitorOpenSearch } from '../../core/endpoint/health.ts';
import { deliveryLogLine } from '../../core/endpoint/log.ts';
import { accessForHost, isAddressInUse, portInUseLine } from '../../core/endpoint/startup.ts';
import { FirewatchError } from '../../core/errors.ts';
import type { ProbeResult } from '../../core/opensearch/probe.ts';
import { createFilesSink } from '../../core/sinks/files.ts';
import { readOpenSearchConfig } from '../../core/opensearch/config.ts';
import type { Sink } from '../../core/sinks/sink.ts';
import { nodeBodyInflater, nodeCodecs } from '../node/codecs.ts';
import { grouped } from './io.ts';
import { closeUnread } from '../node/close-unread.ts';
import { nodeCollect } from '../node/collect.ts';
import { plural } from './plural.ts';

/** Options of {@link startServer}. */
export interface StartOptions {
  /** Environment variables (see core/endpoint/config.ts and core/opensearch/config.ts). */
  readonly env: Env;
  /** Override `PORT` (0: any free port). */
  readonly port?: number;
  /** Override `HOST`. */
  readonly host?: string;
  /** Directory of the files sink (default `./data`); ignored when `OPENSEARCH_URL` is set. */
  readonly dataDir?: string;
  /** One line per delivery and start-up notice. */
  readonly log: (line: string) => void;
  /** Also serve the built playground (`npm run build:playground`) from this directory at `/playground/`. */
  readonly playgroundDir?: string;
}

/** Where `npm run build:playground` writes the page. */
export const PLAYGROUND_BUILD_DIR = fileURLToPath(new URL('../../dist/playground', import.meta.url));

const PLAYGROUND_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

/**
 * Serves the built playground's files under `/playground/`, nothing outside the directory. The page's
 * Content Security Policy (its `<meta>`) is also sent as a header, so it holds however the page is opened.
 */
async function playgroundHandler(dir: string): Promise<(request: Request) => Promise<Response | undefined>> {
  const root = resolve(dir);
  const index = await readFile(resolve(root, 'index.html'), 'utf8').catch(() => {
    throw new FirewatchError('CONFIG_INVALID', `--playground: no built playground at ${root} (index.html is missing); run \`npm run build:playground\` first`);
  });
  const policy = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(index)?.[1];
  const headers = (type: string): Record<string, string> => ({
    'content-type': type,
    'x-content-type-options': 'nosniff',
    ...(policy ? { 'content-security-policy': policy } : {}),
  });
  return async (request) => {
    const { pathname } = new URL(request.url);
    if (pathname !== '/playground' && !pathname.startsWith('/playground/')) return undefined;
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('method not allowed', { status: 405, headers: { allow: 'GET, HEAD' } });
    // The page's asset URLs are relative: it must be opened at /playground/.
    if (pathname === '/playground') return new Response(null, { status: 308, headers: { location: '/playground/' } });
    let relative: string;
    try {
      relative = decodeURIComponent(pathname.slice('/playground/'.length)) || 'index.html';
    } catch {
      return new Response('not found', { status: 404 });
    }
    const file = resolve(root, relative);
    if (!file.startsWith(root + sep) || !(await stat(file).then((s) => s.isFile(), () => false))) return new Response('not found', { status: 404 });
    const body = await readFile(file);
    return new Response(request.method === 'HEAD' ? null : body, {
      status: 200,
      headers: headers(PLAYGROUND_TYPES[extname(file)] ?? 'application/octet-stream'),
    });
  };
}

/** A listening server. */
export interface RunningServer {
  /** `http://host:port` (IPv6 hosts in brackets). */
  readonly url: string;
  readonly config: EndpointConfig;
  readonly sink: Sink;
  /** Where documents go, in words. */
  readonly destination: string;
  /** Stops accepting connections, waits for open requests, closes the sink. */
  close(): Promise<void>;
}

/**
 * Reads the configuration, picks the sink and starts listening.
 *
 * @example
 * ```ts
 * const server = await startServer({ env: process.env, port: 0, log: console.log });
 * await fetch(`${server.url}/health`);
 * await server.close();
 * ```
 */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const host = options.host ?? (options.env['HOST']?.trim() || '127.0.0.1');
  const access = accessForHost(options.env, host);
  const keysSet = access.notice === undefined;
  const env: Env = { ...access.env, HOST: host, ...(options.port === undefined ? {} : { PORT: String(options.port) }) };
  const config = readEndpointConfig(env);
  // Before the sink is opened: a missing build is a start-up error with nothing to close.
  const playground = options.playgroundDir === undefined ? undefined : await playgroundHandler(options.playgroundDir);

  let sink: Sink;
  let destination: string;
  let health: (() => HealthReport) | undefined;
  let probe: (() => Promise<ProbeResult>) | undefined;
  const openSearchUrl = (options.env['OPENSEARCH_URL'] ?? '').trim();
  if (openSearchUrl !== '') {
    const openSearch = readOpenSearchConfig(env);
    const monitored = monitorOpenSearch(openSearch, { log: (line) => options.log(`firewatch serve: ${line}`) });
    ({ sink, probe } = monitored);
    health = monitored.health.report;
    destination = `OpenSearch ${openSearch.url} (indices ${config.index}-…, rotation ${config.indexRotation})`;
  } else {
    const directory = resolve(options.dataDir ?? 'data');
    sink = createFilesSink({
      directory,
      fs: { appendFile: (path, text) => appendFile(path, text, 'utf8'), mkdir: async (path) => void (await mkdir(path, { recursive: true })) },
    });
    destination = `NDJSON files under ${directory} (one <index>.ndjson per index, in _bulk form; set OPENSEARCH_URL to index into OpenSearch)`;
  }

  const collect = nodeCollect();
  const app = createEndpointApp(config, sink, {
    codecs: nodeCodecs,
    bodyInflater: nodeBodyInflater,
    onDelivery: (summary) => options.log(deliveryLine(summary)),
    ...(health === undefined ? {} : { health }),
    ...(collect === undefined ? {} : { collect }),
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolveServer, reject) => {
    const handle = playground === undefined
      ? app.fetch
      : async (request: Request, ...rest: unknown[]) => (await playground(request)) ?? app.fetch(request, ...(rest as []));
    // A delivery refused unread closes its connection instead of making Node drain its body (scripts/node/close-unread.ts).
    const fetch = (request: Request, ...rest: unknown[]) => closeUnread(request, handle(request, ...(rest as [])));
    const s = serve({ fetch, port: config.port, hostname: host }, () => resolveServer(s));
    s.once('error', (error) => {
      const how = `PORT=${config.port + 1} or --port ${config.port + 1}`;
      reject(isAddressInUse(error) ? new FirewatchError('CONFIG_INVALID', portInUseLine(host, config.port, how), { cause: error }) : error);
    });
  }).catch(async (error: unknown) => {
    await sink.close?.();
    throw error;
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  options.log(`firewatch serve: listening on ${url} (POST ${config.path === '/' ? '/' : `/ or ${config.path}`} for Firehose deliveries, GET /health)`);
  options.log(`firewatch serve: documents go to ${destination}`);
  if (access.notice) options.log(`firewatch serve: ${access.notice}`);
  if (playground) options.log(`firewatch serve: the playground is at ${url}/playground/`);
  options.log(
    `firewatch serve: send a sample: npx firewatch send ${url}${config.path === '/' ? '/' : config.path}${
      keysSet ? ' --access-key <one of FIREWATCH_ACCESS_KEYS>' : ''
    }`,
  );
  // After the listening lines: deliveries are taken meanwhile; the check answers within seconds whatever happens.
  await probe?.();
  return {
    url,
    config,
    sink,
    destination,
    async close() {
      await new Promise<void>((done) => server.close(() => done()));
      await sink.close?.();
    },
  };
}

/**
 * The log line of one delivery: a delivery not answered 200 is the JSON line every runtime logs
 * (core/endpoint/log.ts: request id, status, reason in full, counts), so one log query finds failures
 * wherever firewatch runs; a stored one is a readable summary.
 */
export function deliveryLine(s: DeliverySummary): string {
  if (s.status !== 200) return deliveryLogLine(s);
  const parts = [plural(s.records, 'record'), plural(s.documents, 'document')];
  if (s.controlMessages) parts.push(`${plural(s.controlMessages, 'control message')} skipped`);
  if (s.decodeFailures) parts.push(`${plural(s.decodeFailures, 'undecodable record')} kept as decode_failure documents`);
  parts.push(`${grouped(s.stored)} stored${s.deadLettered ? `, ${grouped(s.deadLettered)} dead-lettered` : ''} in ${plural(s.writes, 'write')}`);
  parts.push(plural(s.bytes, 'byte'), `${grouped(s.milliseconds)} ms`);
  return `firewatch serve: ${s.requestId || '(no request id)'} → ${s.status}: ${parts.join(', ')}`;
}

/** Whether `line` is one {@link deliveryLine} wrote (what a quiet worker still prints). */
export const isDeliveryLine = (line: string): boolean => line.startsWith('{"firewatch":"delivery"') || line.includes(' → ');
