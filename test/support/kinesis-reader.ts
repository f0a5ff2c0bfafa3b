/**
 * Reads a Kinesis stream through the SDK, shard by shard, each shard in sequence order, going on where
 * the previous read stopped: for tests that check what reached a stream (kinesalite, moto).
 *
 * @example
 * ```ts
 * const reader = new KinesisReader(client, 'logs');
 * const first = await reader.readNew(); // everything so far
 * const later = await reader.readNew(); // only what was put since
 * ```
 * @module
 */

import { GetRecordsCommand, GetShardIteratorCommand, type KinesisClient, ListShardsCommand } from '@aws-sdk/client-kinesis';

/** A record read from a stream. */
export interface ReadRecord {
  readonly data: Uint8Array;
  readonly shardId: string;
  readonly partitionKey: string;
  readonly sequenceNumber: string;
  /** `ApproximateArrivalTimestamp`, epoch ms. */
  readonly arrival: number;
}

/** See the module example. */
export class KinesisReader {
  readonly #client: KinesisClient;
  readonly #streamName: string;
  /** Where each shard's reading goes on: the iterator after the last record read. */
  readonly #iterators = new Map<string, string>();

  constructor(client: KinesisClient, streamName: string) {
    this.#client = client;
    this.#streamName = streamName;
  }

  /** The records put since the previous call (all of them on the first). */
  async readNew(): Promise<ReadRecord[]> {
    const { Shards = [] } = await this.#client.send(new ListShardsCommand({ StreamName: this.#streamName }));
    const records: ReadRecord[] = [];
    for (const { ShardId: shardId = '' } of Shards) {
      let iterator = this.#iterators.get(shardId);
      if (iterator === undefined) {
        ({ ShardIterator: iterator } = await this.#client.send(
          new GetShardIteratorCommand({ StreamName: this.#streamName, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }),
        ));
      }
      // An open shard always answers a next iterator; an empty page means we are at its end for now.
      while (iterator !== undefined) {
        const page = await this.#client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }));
        if (page.NextShardIterator !== undefined) this.#iterators.set(shardId, page.NextShardIterator);
        const got = page.Records ?? [];
        for (const record of got) {
          records.push({
            data: record.Data ?? new Uint8Array(),
            shardId,
            partitionKey: record.PartitionKey ?? '',
            sequenceNumber: record.SequenceNumber ?? '',
            arrival: record.ApproximateArrivalTimestamp?.getTime() ?? Date.now(),
          });
        }
        iterator = got.length > 0 ? page.NextShardIterator : undefined;
      }
    }
    return records;
  }
}
