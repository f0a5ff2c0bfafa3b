/** The protocol suite against `deno run scripts/runtimes/deno.ts`, as `npm run serve:deno` starts it. */
import { afterAll, beforeAll } from 'vitest';
import { type OpenSearchStandIn, startOpenSearchStandIn } from '../support/opensearch-standin.ts';
import { describeProtocol, protocolEnv, standInStore } from './protocol-suite.ts';
import { type RuntimeProcess, startRuntime } from './spawn-runtime.ts';

let standIn: OpenSearchStandIn;
let deno: RuntimeProcess;

beforeAll(async () => {
  standIn = await startOpenSearchStandIn();
  deno = await startRuntime('deno', () => ['run', '--quiet', '--allow-net', '--allow-env', 'scripts/runtimes/deno.ts'], {
    ...protocolEnv(standIn.url),
    HOST: '127.0.0.1',
  });
}, 30_000);
afterAll(async () => {
  await deno?.stop();
  await standIn?.close();
});

describeProtocol('Deno (deno run)', () => ({ send: (path, init) => fetch(`${deno.url}${path}`, init), store: standInStore(standIn) }));
