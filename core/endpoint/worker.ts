/**
 * The Cloudflare Workers entry: the module default export `{ fetch(request, env, ctx) }` that Workers call
 * as is (`env` holds the variables from wrangler.jsonc `vars` and secrets). The endpoint is built from
 * those bindings once per isolate by core/endpoint/from-env.ts (OpenSearch when `OPENSEARCH_URL` is set,
 * else the console sink: Workers have no disk). `FIREWATCH_ACCESS_KEYS` is required unless
 * `FIREWATCH_ALLOW_NO_ACCESS_KEY=true`.
 *
 * @example
 * ```ts
 * // wrangler.jsonc "main" points here (or at the bundle of it, npm run build:worker).
 * export { default } from "./core/endpoint/worker.ts";
 * ```
 * @module
 */
import { type ExecutionContextLike, fetchWithEnv, type WorkerBindings } from './from-env.ts';

/** A Worker's answer to `fetch`: the Workers module shape. */
export interface WorkerModule {
  fetch(request: Request, env?: WorkerBindings, ctx?: ExecutionContextLike): Promise<Response>;
}

const NO_BINDINGS: WorkerBindings = Object.freeze({});

/**
 * The Workers module default export. `env` is the Workers bindings object; when absent (a runtime that
 * passes none), the configuration is empty, which asks for `FIREWATCH_ACCESS_KEYS` in the 500 answer.
 *
 * @example
 * ```ts
 * const response = await worker.fetch(request, { FIREWATCH_ALLOW_NO_ACCESS_KEY: "true" });
 * ```
 */
const worker: WorkerModule = {
  fetch(request: Request, env?: WorkerBindings, ctx?: ExecutionContextLike): Promise<Response> {
    return fetchWithEnv(request, env ?? NO_BINDINGS, undefined, ctx);
  },
};

export default worker;
