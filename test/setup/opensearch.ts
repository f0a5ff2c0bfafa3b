/**
 * vitest global setup of the `live` project (test/live/): starts the real OpenSearch once per run (both
 * clusters of test/opensearch/nodes.ts, one JVM), waits for yellow health, provides their URLs to the
 * suites (see test/support/live-opensearch.ts), and stops it after the run. vitest initialises a
 * project's global setup only when files of that project are in the run, so `npx vitest run
 * test/core/...` never waits for a JVM.
 *
 * Without Java (or without Maven and no launcher built yet) it provides `opensearchSkip`, one line
 * saying why, printed once; the live suites then skip, and fail under `CI=true`. An engine that has Java
 * and still does not start provides `opensearchFailure` instead, so the live suites fail with its reason.
 * The JVM's output is kept in `.cache/opensearch/last-run.log`; its path is printed when a live suite failed.
 */
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { engineUnavailable, REPO_ROOT, type RunningEngine, startEngine } from '../opensearch/engine.ts';
import { TEST_NODES } from '../opensearch/nodes.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the `main` cluster (OpenSearch defaults), when the engine runs. */
    opensearchUrl: string | undefined;
    /** Base URL of the `limited` cluster (small body limit, tiny write pool), when the engine runs. */
    opensearchLimitedUrl: string | undefined;
    /** Why the engine is not available on this machine: live suites skip (fail under CI=true). */
    opensearchSkip: string | undefined;
    /** Why the engine did not start although it should have: live suites fail. */
    opensearchFailure: string | undefined;
    /** The engine's log of this run. */
    opensearchLog: string;
  }
}

const LOG_PATH = join(REPO_ROOT, '.cache', 'opensearch', 'last-run.log');

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  project.provide('opensearchLog', LOG_PATH);
  project.provide('opensearchUrl', undefined);
  project.provide('opensearchLimitedUrl', undefined);
  project.provide('opensearchSkip', undefined);
  project.provide('opensearchFailure', undefined);
  const unavailable = engineUnavailable();
  if (unavailable !== undefined) {
    console.warn(`live OpenSearch suites skipped: ${unavailable}`);
    project.provide('opensearchSkip', unavailable);
    return () => Promise.resolve();
  }
  let engine: RunningEngine;
  try {
    engine = await startEngine({ nodes: TEST_NODES, logPath: LOG_PATH, heap: '512m' });
    for (const url of Object.values(engine.urls)) await waitForYellow(url);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    console.error(`live OpenSearch did not start: ${reason}`);
    project.provide('opensearchFailure', `${reason} (log: ${LOG_PATH})`);
    return () => Promise.resolve();
  }
  console.log(
    `live OpenSearch up in ${(engine.startMs / 1000).toFixed(1)} s (pid ${engine.pid}): main ${engine.urls['main']}, limited ${
      engine.urls['limited']
    }; log ${LOG_PATH}`,
  );
  project.provide('opensearchUrl', engine.urls['main']);
  project.provide('opensearchLimitedUrl', engine.urls['limited']);
  return async () => {
    await engine.stop();
    const failed = project.vitest.state.getFiles().some((file) => file.projectName === project.name && file.result?.state === 'fail');
    if (failed) console.error(`live OpenSearch log of this run: ${LOG_PATH}`);
  };
}

async function waitForYellow(url: string): Promise<void> {
  const response = await fetch(`${url}/_cluster/health?wait_for_status=yellow&timeout=60s`);
  const health = (await response.json()) as { status?: string };
  if (!response.ok || health.status === 'red') throw new Error(`${url} is not healthy: ${response.status} ${JSON.stringify(health)}`);
}
