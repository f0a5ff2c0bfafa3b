/** The protocol suite against `bun run scripts/runtimes/bun.ts`, as `npm run serve:bun` starts it. */
import { afterAll, beforeAll } from 'vitest';
import { type OpenSearchStandIn, startOpenSearchStandIn } from '../support/opensearch-standin.ts';
import { describeProtocol, protocolEnv, standInStore } from './protocol-suite.ts';
import { type RuntimeProcess, startRuntime } from './spawn-runtime.ts';

let standIn: OpenSearchStandIn;
let bun: RuntimeProcess;

beforeAll(async () => {
  standIn = await startOpenSearchStandIn();
  bun = await startRuntime('bun', () => ['run', 'scripts/runtimes/bun.ts'], { ...protocolEnv(standIn.url), HOST: '127.0.0.1' });
}, 30_000);
afterAll(async () => {
  await bun?.stop();
  await standIn?.close();
});

describeProtocol('Bun (bun run)', () => ({ send: (path, init) => fetch(`${bun.url}${path}`, init), store: standInStore(standIn) }));
