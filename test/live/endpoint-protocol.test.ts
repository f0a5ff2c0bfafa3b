/**
 * The Firehose HTTP endpoint protocol suite (test/runtimes/protocol-suite.ts) on the Node server with the
 * OpenSearch sink pointed at the real engine: delivered events become documents whose `_id` is the
 * CloudWatch event id, and a redelivery (the `create` action answered 409 per item) stores nothing twice.
 */
import { afterAll, beforeAll } from 'vitest';
import { type RunningServer, startServer } from '../../scripts/cli/serve.ts';
import { describeProtocol, type DocumentStore, protocolEnv } from '../runtimes/protocol-suite.ts';
import { deleteIndices, describeLive, freshIndexName, liveOpenSearchUrl, readDocuments } from '../support/live-opensearch.ts';

/** The real engine as the suite's document store; a missing index reads as empty. */
function engineStore(url: string): DocumentStore {
  return {
    async documents(index) {
      const exists = await fetch(`${url}/${encodeURIComponent(index)}`, { method: 'HEAD' });
      if (exists.status === 404) return [];
      return (await readDocuments(url, index)).map((doc) => ({ id: doc.id, json: JSON.stringify(doc.source) }));
    },
  };
}

describeLive('HTTP endpoint into the real OpenSearch', () => {
  const index = freshIndexName('endpoint');
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({ env: protocolEnv(liveOpenSearchUrl(), index), host: '127.0.0.1', port: 0, log: () => undefined });
  });
  afterAll(async () => {
    await server?.close();
    await deleteIndices(liveOpenSearchUrl(), `${index}*`);
    await deleteIndices(liveOpenSearchUrl(), `deadletter-${index}*`);
  });

  describeProtocol(
    'Node (firewatch serve) → real OpenSearch',
    () => ({ send: (path, init) => fetch(`${server.url}${path}`, init), store: engineStore(liveOpenSearchUrl()), index }),
  );
});
