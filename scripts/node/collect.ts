/**
 * The Node server's garbage-collection settings (`firewatch serve` and the bench's server use both):
 *
 * - {@link nodeCollect}: V8's full garbage collection on demand, for the endpoint's memory budget
 *   (core/endpoint/admission.ts calls it after a dense record). Without it the ~60 MB buffers of a
 *   finished record stay resident until V8 decides to collect, while the next dense record inflates
 *   beside them. Node exposes `gc` only with `--expose-gc`; the flag set at run time makes it available
 *   to a new context.
 * - {@link scavengeOnAllocation}: minor collections when the young generation is full, not as a task
 *   posted at 80 % of it. The task runs at the next return to the event loop, and a delivery returns
 *   there between body chunks, so how often it collects depends on where the code happens to await
 *   rather than on what it allocates: 100 gzip deliveries one at a time took 316–321 minor collections
 *   with the task where f333ccc's endpoint took 280 for about the same allocation (within 3 %), ~7 % of
 *   the delivery's time. Without the task: 266. (`--no-minor-gc-task` is V8's name from Node 20 on.)
 *
 * @example
 * ```ts
 * scavengeOnAllocation();
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

/** Turns off V8's minor-GC task for this process (see the module comment). */
export function scavengeOnAllocation(): void {
  try {
    setFlagsFromString('--no-minor-gc-task');
  } catch {
    // A runtime that refuses V8 flags keeps its defaults: slower, not wrong.
  }
}
