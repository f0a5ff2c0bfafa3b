/**
 * Where the HTTP endpoint puts documents: one small interface, one file per sink (OpenSearch `_bulk`,
 * NDJSON files, the console), all tested by one shared harness.
 *
 * A sink answers only when every document it was given is safely stored (indexed, or kept in a
 * dead-letter place with its error) or it has given up; the endpoint answers Firehose 200 only then.
 *
 * @module
 */
import type { FirewatchError } from '../errors.ts';
import type { BulkDocument } from '../opensearch/bulk.ts';

/** One document to store: its index, its id (from the CloudWatch event id) and its JSON text. */
export type SinkDocument = BulkDocument;

/** What a write achieved. */
export type SinkResult =
  | {
    readonly ok: true;
    /** Documents stored where they belong (including `create` conflicts: already there). */
    readonly stored: number;
    /** Documents the target refused permanently (mapping errors), kept in the dead-letter place. */
    readonly deadLettered: number;
  }
  | {
    readonly ok: false;
    readonly error: FirewatchError;
    /** True when trying the same write later may succeed (throttling, outage); false for a permanent refusal. */
    readonly retryable: boolean;
  };

/** Options of one write. */
export interface WriteOptions {
  /** Aborted when the caller gives up (client gone, deadline). */
  readonly signal?: AbortSignal;
  /** Epoch ms by which the write must be settled (well under Firehose's 3-minute wait). */
  readonly deadline: number;
}

/** A place to put documents. */
export interface Sink {
  /** Short name for logs and errors (`opensearch`, `files`, `console`). */
  readonly name: string;
  /** Stores the documents; never throws, answers with a {@link SinkResult}. */
  write(documents: readonly SinkDocument[], options: WriteOptions): Promise<SinkResult>;
  /** Releases connections or file handles; optional. */
  close?(): Promise<void>;
}
