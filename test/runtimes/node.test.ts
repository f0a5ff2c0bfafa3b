/** The protocol suite against the Node server (`firewatch serve`, `startServer`) with OPENSEARCH_URL set. */
import { afterAll, beforeAll } from 'vitest';
import { type RunningServer, startServer } from '../../scripts/cli/serve.ts';
import { type OpenSearchStandIn, startOpenSearchStandIn } from '../support/opensearch-standin.ts';
import { describeProtocol, protocolEnv, standInStore } from './protocol-suite.ts';

let standIn: OpenSearchStandIn;
let server: RunningServer;

beforeAll(async () => {
  standIn = await startOpenSearchStandIn();
  server = await startServer({ env: protocolEnv(standIn.url), host: '127.0.0.1', port: 0, log: () => undefined });
});
afterAll(async () => {
  await server?.close();
  await standIn?.close();
});

describeProtocol('Node (firewatch serve)', () => ({ send: (path, init) => fetch(`${server.url}${path}`, init), store: standInStore(standIn) }));
