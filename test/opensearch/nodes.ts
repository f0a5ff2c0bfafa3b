/**
 * The clusters one test run starts, in one JVM: `main` with OpenSearch's defaults, and `limited` with the
 * small limits the overload suites need. Both settings are static node settings (OpenSearch refuses to
 * change them on a running cluster), hence a second cluster rather than a cluster-settings call.
 * @module
 */
import type { EngineNode } from './engine.ts';

/** `http.max_content_length` of the `limited` cluster: a larger `_bulk` body is answered 413. */
export const LIMITED_MAX_CONTENT_BYTES = 16 * 1024;
/** Write threads and write queue of the `limited` cluster: concurrent bulk shard requests beyond them are answered 429. */
export const LIMITED_WRITE_THREADS = 1;
export const LIMITED_WRITE_QUEUE = 1;

/** The clusters the vitest global setup starts. */
export const TEST_NODES: readonly EngineNode[] = [
  { name: 'main' },
  {
    name: 'limited',
    settings: {
      'http.max_content_length': `${LIMITED_MAX_CONTENT_BYTES}b`,
      'thread_pool.write.size': String(LIMITED_WRITE_THREADS),
      'thread_pool.write.queue_size': String(LIMITED_WRITE_QUEUE),
    },
  },
];
