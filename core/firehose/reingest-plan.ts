/**
 * The re-ingestion plan: records the transformation Lambda must put back into its source (Kinesis
 * `PutRecords` when the event has `sourceKinesisStreamArn`, Firehose `PutRecordBatch` otherwise), already
 * cut into batches that respect the service limits. Pure data: the Lambda adapter does the I/O.
 *
 * @module
 */

/** One record to put into a Firehose delivery stream. `parent` is the index of the input record it came from. */
export interface FirehoseReingestRecord {
  readonly data: Uint8Array;
  readonly parent: number;
}

/** One record to put into a Kinesis data stream. */
export interface KinesisReingestRecord {
  readonly data: Uint8Array;
  readonly partitionKey: string;
  readonly parent: number;
}

/** A PutRecordBatch call's worth of records: ≤ 500 records and ≤ 4 MiB of data. */
export interface FirehoseReingestBatch {
  readonly records: readonly FirehoseReingestRecord[];
  /** Sum of `data` lengths. */
  readonly bytes: number;
}

/** A PutRecords call's worth of records: ≤ 500 records and ≤ 5 MiB of data plus partition keys. */
export interface KinesisReingestBatch {
  readonly records: readonly KinesisReingestRecord[];
  /** Sum of `data` lengths plus partition key lengths (UTF-8). */
  readonly bytes: number;
}

/** Where re-ingested records go, and the batches to send there. */
export type ReingestPlan =
  | {
    readonly service: 'firehose';
    readonly deliveryStreamName: string;
    /** Region from the delivery stream ARN. */
    readonly region: string;
    readonly batches: readonly FirehoseReingestBatch[];
  }
  | {
    readonly service: 'kinesis';
    readonly streamName: string;
    readonly streamArn: string;
    /** Region from the stream ARN. */
    readonly region: string;
    readonly batches: readonly KinesisReingestBatch[];
  };
