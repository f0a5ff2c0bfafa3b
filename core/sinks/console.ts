/**
 * A sink that writes each document as one NDJSON line to an injected `log(line)`: for Workers and
 * other places whose only output is a log stream (Workers Logs, `wrangler tail`), and for trying the
 * endpoint out. Each line is `{"_index":…,"_id":…,"_source":<document>}`.
 *
 * @example
 * ```ts
 * const sink = createConsoleSink({ log: (line) => console.log(line) });
 * await sink.write([{ index: "logs", id: "e1", json: '{"message":"hi"}' }], { deadline: Date.now() + 1000 });
 * // prints {"_index":"logs","_id":"e1","_source":{"message":"hi"}}
 * ```
 * @module
 */
import { FirewatchError } from '../errors.ts';
import type { Sink, SinkDocument, SinkResult } from './sink.ts';

/** Options of {@link createConsoleSink}. */
export interface ConsoleSinkOptions {
  /** Receives one line per document, without a trailing newline. */
  readonly log: (line: string) => void;
}

/**
 * The line for one document.
 *
 * @example
 * ```ts
 * consoleLine({ index: "logs", id: "e1", json: "{}" }); // '{"_index":"logs","_id":"e1","_source":{}}'
 * ```
 */
export const consoleLine = (document: SinkDocument): string =>
  `{"_index":${JSON.stringify(document.index)},"_id":${JSON.stringify(document.id)},"_source":${document.json}}`;

/**
 * Creates the console sink. A `log` that throws makes the write fail (retryable), never the server.
 *
 * @example
 * ```ts
 * const lines: string[] = [];
 * const sink = createConsoleSink({ log: (line) => lines.push(line) });
 * ```
 */
export function createConsoleSink(options: ConsoleSinkOptions): Sink {
  return {
    name: 'console',
    // Logging is synchronous: the answer is ready at once (a sink never throws, so failures are answers too).
    write(documents: readonly SinkDocument[]): Promise<SinkResult> {
      try {
        for (const document of documents) options.log(consoleLine(document));
      } catch (cause) {
        return Promise.resolve({
          ok: false,
          retryable: true,
          error: new FirewatchError('SINK_UNAVAILABLE', `console: log failed (${cause instanceof Error ? cause.message : String(cause)})`, { cause }),
        });
      }
      return Promise.resolve({ ok: true, stored: documents.length, deadLettered: 0 });
    },
  };
}
