/**
 * Cuts re-ingested records into calls that respect the service limits, in order, filling each call as
 * far as it goes.
 *
 * @module
 */
import { FIREHOSE_BATCH_BYTES, FIREHOSE_BATCH_RECORDS, KINESIS_BATCH_BYTES, KINESIS_BATCH_RECORDS } from '../limits.ts';
import { utf8Length } from '../bytes/utf8.ts';
import type { FirehoseReingestBatch, FirehoseReingestRecord, KinesisReingestBatch, KinesisReingestRecord } from './reingest-plan.ts';

/** PutRecordBatch calls: ≤ 500 records and ≤ 4 MiB of data each. */
export function batchForFirehose(records: readonly FirehoseReingestRecord[]): FirehoseReingestBatch[] {
  return batch(records, (r) => r.data.length, FIREHOSE_BATCH_RECORDS, FIREHOSE_BATCH_BYTES);
}

/** PutRecords calls: ≤ 500 records and ≤ 5 MiB of data plus partition keys each. */
export function batchForKinesis(records: readonly KinesisReingestRecord[]): KinesisReingestBatch[] {
  return batch(records, (r) => r.data.length + utf8Length(r.partitionKey), KINESIS_BATCH_RECORDS, KINESIS_BATCH_BYTES);
}

function batch<R>(records: readonly R[], size: (record: R) => number, maxRecords: number, maxBytes: number): { records: R[]; bytes: number }[] {
  const batches: { records: R[]; bytes: number }[] = [];
  let current: { records: R[]; bytes: number } = { records: [], bytes: 0 };
  for (const record of records) {
    const bytes = size(record);
    if (current.records.length === maxRecords || (current.records.length > 0 && current.bytes + bytes > maxBytes)) {
      batches.push(current);
      current = { records: [], bytes: 0 };
    }
    current.records.push(record);
    current.bytes += bytes;
  }
  if (current.records.length > 0) batches.push(current);
  return batches;
}
