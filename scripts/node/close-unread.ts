/**
 * For Node servers: a delivery refused before its body was read (503 from admission control) is answered
 * with `Connection: close`. Otherwise Node reads and discards the rest of the body to keep the connection
 * alive, and under overload that is up to 64 MiB per refused retry, CPU the deliveries being served need.
 * Firehose opens a new connection for its retry.
 *
 * @example
 * ```ts
 * serve({ fetch: (request) => closeUnread(request, app.fetch(request)) });
 * ```
 * @module
 */

/** The response, marked `Connection: close` when it refuses a request whose body was never read. */
export async function closeUnread(request: Request, response: Response | Promise<Response>): Promise<Response> {
  const answered = await response;
  if (answered.status === 503 && request.body !== null && !request.bodyUsed) {
    try {
      answered.headers.set('connection', 'close');
    } catch {
      // Immutable headers (a response made elsewhere): the connection is then drained as usual.
    }
  }
  return answered;
}
