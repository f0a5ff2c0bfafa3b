import type { Server } from 'node:http';

/** Starts `server` on 127.0.0.1 and a free port; resolves once it listens. */
export async function listenOnLoopback<S extends Server>(server: S): Promise<S> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return server;
}
