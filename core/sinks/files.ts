/**
 * The embedded default sink: documents appended to NDJSON files, one file per index
 * (`<directory>/<index>.ndjson`), in OpenSearch `_bulk` form: an action line
 * `{"index":{"_index":…,"_id":…}}` then the document line. A file can be loaded into OpenSearch later
 * as it is (`curl -H 'Content-Type: application/x-ndjson' --data-binary @cloudwatch-logs-2026-11-25.ndjson
 * https://…/_bulk`, in pieces under the cluster's body limit).
 *
 * Appending is not idempotent: when Firehose retries a delivery (or a write fails halfway), the same
 * document is appended again. Every line pair carries the document's `_id`, so an import overwrites
 * instead of duplicating, and a reader should let the last line per id win.
 *
 * File operations are injected, so this file stays Web-standard: Node passes its `fs/promises` functions, Deno
 * `Deno.writeTextFile(path, text, { append: true })`.
 *
 * @example
 * ```ts
 * // on Node: import { appendFile, mkdir } from the fs/promises module
 * const sink = createFilesSink({ directory: "./data", fs: { appendFile, mkdir: (p) => mkdir(p, { recursive: true }).then(() => {}) } });
 * await sink.write([{ index: "logs-2026-11-25", id: "e1", json: '{"message":"hi"}' }], { deadline: Date.now() + 10_000 });
 * ```
 * @module
 */
import { FirewatchError } from '../errors.ts';
import { indexNameProblem } from '../opensearch/index-name.ts';
import type { Sink, SinkDocument, SinkResult } from './sink.ts';

/** The file operations the sink needs. */
export interface FileOperations {
  /** Appends UTF-8 text to a file, creating it when missing. */
  appendFile(path: string, text: string): Promise<void>;
  /** Creates a directory and its parents; no error when it exists. */
  mkdir(path: string): Promise<void>;
}

/** Options of {@link createFilesSink}. */
export interface FilesSinkOptions {
  /** Where the files go (created on first write). */
  readonly directory: string;
  readonly fs: FileOperations;
}

/**
 * The path of an index's file.
 *
 * @example
 * ```ts
 * indexFile("./data/", "logs-2026-11-25"); // "./data/logs-2026-11-25.ndjson"
 * ```
 */
export const indexFile = (directory: string, index: string): string => `${directory.replace(/\/+$/, '') || '/'}/${index}.ndjson`.replace(/^\/\//, '/');

/**
 * Creates the files sink.
 *
 * @example
 * ```ts
 * const sink = createFilesSink({ directory: "data", fs });
 * sink.name; // "files"
 * ```
 */
export function createFilesSink(options: FilesSinkOptions): Sink {
  const { directory, fs } = options;
  let made: Promise<void> | undefined;
  // Appends to one file are chained: two requests writing at once must not interleave their lines.
  const tails = new Map<string, Promise<unknown>>();
  const append = (path: string, text: string): Promise<void> => {
    const previous = tails.get(path) ?? Promise.resolve();
    const next = previous.then(() => fs.appendFile(path, text));
    const settled = next.catch(() => undefined);
    tails.set(path, settled);
    void settled.then(() => {
      if (tails.get(path) === settled) tails.delete(path);
    });
    return next;
  };

  return {
    name: 'files',
    async write(documents: readonly SinkDocument[]): Promise<SinkResult> {
      const byIndex = new Map<string, string[]>();
      for (const [i, document] of documents.entries()) {
        // OpenSearch's index-name rule also makes a safe file name: no `/`, `\` or leading `.`.
        if (indexNameProblem(document.index) !== undefined) {
          return refuse(`documents[${i}]: index ${JSON.stringify(document.index.slice(0, 100))} is not a valid index (or file) name`);
        }
        if (document.json.includes('\n') || document.json.includes('\r')) return refuse(`documents[${i}]: the document is not one line of JSON`);
        let lines = byIndex.get(document.index);
        if (lines === undefined) byIndex.set(document.index, lines = []);
        lines.push(`{"index":{"_index":${JSON.stringify(document.index)},"_id":${JSON.stringify(document.id)}}}\n${document.json}\n`);
      }
      if (documents.length === 0) return { ok: true, stored: 0, deadLettered: 0 };
      try {
        made ??= fs.mkdir(directory).catch((error: unknown) => {
          made = undefined; // try again on the next write
          throw error;
        });
        await made;
        await Promise.all([...byIndex].map(([index, lines]) => append(indexFile(directory, index), lines.join(''))));
      } catch (cause) {
        // A full or read-only disk may recover; Firehose retries, and the duplicates a partial append leaves share their ids.
        const error = new FirewatchError(
          'SINK_UNAVAILABLE',
          `files: cannot write under ${directory} (${cause instanceof Error ? cause.message : String(cause)})`,
          { cause },
        );
        return { ok: false, error, retryable: true };
      }
      return { ok: true, stored: documents.length, deadLettered: 0 };
    },
  };
}

const refuse = (detail: string): SinkResult => ({ ok: false, error: new FirewatchError('SINK_REJECTED', `files: ${detail}`), retryable: false });
