/**
 * Writes the documents of a batch of records in chunks of about `chunkBytes`, each chunk whole records,
 * and counts what the writes did: the loop the Kinesis consumer (lambda/kinesis-handler.ts, chunks of
 * `FIREWATCH_BULK_MAX_BYTES`) and the subscription Lambda (lambda/subscription-handler.ts, one chunk)
 * share. A chunk that is not safely stored is reported by the first record in it, so a caller that
 * retries from that record skips nothing; memory holds one chunk (or one record's documents) at a time.
 *
 * @example
 * ```ts
 * const writer = new ChunkedWriter(sink, { chunkBytes: 5_000_000, deadline: Date.now() + 60_000 });
 * const failed = (await writer.add(documentsOfRecord0, 0)) ?? (await writer.flush());
 * writer.counts; // { documents, stored, deadLettered }
 * ```
 * @module
 */
import type { Sink, SinkDocument, SinkResult } from './sink.ts';

/** A chunk that was not safely stored: the first record in it, and the sink's answer. */
export interface ChunkFailure {
  readonly origin: number;
  readonly result: Extract<SinkResult, { ok: false }>;
}

/** What the writes did so far. */
export interface ChunkCounts {
  /** Documents sent, stored or not. */
  documents: number;
  stored: number;
  deadLettered: number;
}

/** Options of {@link ChunkedWriter}. */
export interface ChunkedWriterOptions {
  /** A chunk is written once its documents reach this size (JSON, id and index, in UTF-16 units); `Infinity`: one chunk. */
  readonly chunkBytes: number;
  /** Epoch ms by which each write must be settled. */
  readonly deadline: number;
}

/** Collects records' documents into chunks and writes each chunk once it is full (see the module comment). */
export class ChunkedWriter {
  readonly counts: ChunkCounts = { documents: 0, stored: 0, deadLettered: 0 };
  readonly #sink: Sink;
  readonly #options: ChunkedWriterOptions;
  #chunk: SinkDocument[] = [];
  #size = 0;
  /** The first record with documents in the chunk; -1 while it is empty. */
  #origin = -1;

  constructor(sink: Sink, options: ChunkedWriterOptions) {
    this.#sink = sink;
    this.#options = options;
  }

  /** Adds record `origin`'s documents; writes the chunk when they fill it. A failure empties the chunk. */
  async add(documents: readonly SinkDocument[], origin: number): Promise<ChunkFailure | undefined> {
    if (documents.length === 0) return undefined;
    if (this.#origin < 0) this.#origin = origin;
    for (const document of documents) {
      this.#chunk.push(document);
      this.#size += document.json.length + document.id.length + document.index.length;
    }
    return this.#size >= this.#options.chunkBytes ? await this.flush() : undefined;
  }

  /** Writes what the chunk holds (nothing when empty). */
  async flush(): Promise<ChunkFailure | undefined> {
    if (this.#chunk.length === 0) return undefined;
    const origin = this.#origin;
    const chunk = this.#chunk;
    this.#chunk = [];
    this.#size = 0;
    this.#origin = -1;
    const result = await this.#sink.write(chunk, { deadline: this.#options.deadline });
    this.counts.documents += chunk.length;
    if (!result.ok) return { origin, result };
    this.counts.stored += result.stored;
    this.counts.deadLettered += result.deadLettered;
    return undefined;
  }

  /** Drops the unwritten chunk (out of time); returns its first record, or undefined when it was empty. */
  discard(): number | undefined {
    const origin = this.#origin;
    this.#chunk = [];
    this.#size = 0;
    this.#origin = -1;
    return origin < 0 ? undefined : origin;
  }
}
