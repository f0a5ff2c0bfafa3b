/**
 * V8's full garbage collection on demand, for the endpoint's memory budget (core/endpoint/admission.ts
 * calls it after a dense record): without it the ~60 MB buffers of a finished record stay resident until
 * V8 decides to collect, while the next dense record inflates beside them. Node exposes `gc` only with
 * `--expose-gc`; the flag set at run time makes it available to a new context.
 *
 * @example
 * ```ts
 * createEndpointApp(config, sink, { collect: nodeCollect() });
 * ```
 * @module
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** V8's `gc`, or undefined where this Node does not allow it. */
export function nodeCollect(): (() => void) | undefined {
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? () => (gc as () => void)() : undefined;
  } catch {
    return undefined;
  }
}
