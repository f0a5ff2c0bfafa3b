/**
 * The parts of Amazon Data Firehose around the transformation Lambda, for tests that run everything else
 * for real (moto's CloudWatch Logs and Kinesis, the Lambda handler, OpenSearch): reading a Kinesis source
 * stream into transformation events of the Kinesis-source shape, and indexing the answers the way the
 * OpenSearch destination does, each `Ok` record's data as one document.
 *
 * @example
 * ```ts
 * const source = new KinesisSource(kinesis, 'rds-logs', streamArn);
 * for (const event of source.events(await source.readNew())) answers.push(...(await handler(event)).records);
 * await indexLikeFirehose(openSearchUrl, 'logs', okDocuments(answers));
 * ```
 * @module
 */

import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { randomUUID } from 'node:crypto';
import { decodeBase64, encodeBase64 } from '../../core/bytes/base64.ts';
import type { ResponseRecord, TransformationEvent } from '../../core/firehose/lambda-event.ts';
import { KinesisReader, type ReadRecord } from '../support/kinesis-reader.ts';

/** A record read from the source stream. */
export type SourceRecord = ReadRecord;

/** Firehose's processor buffer default: it invokes the Lambda with about this much record data. */
const PROCESSOR_BUFFER_BYTES = 1024 * 1024;

/** Reads a Kinesis stream as a Firehose delivery stream with that stream as its source does. */
export class KinesisSource {
  readonly #reader: KinesisReader;
  readonly #streamArn: string;
  readonly #deliveryStreamArn: string;

  constructor(client: KinesisClient, streamName: string, streamArn: string, deliveryStreamArn: string) {
    this.#reader = new KinesisReader(client, streamName);
    this.#streamArn = streamArn;
    this.#deliveryStreamArn = deliveryStreamArn;
  }

  /** The records put since the previous call (all of them on the first), shard by shard in sequence order. */
  readNew(): Promise<SourceRecord[]> {
    return this.#reader.readNew();
  }

  /**
   * Transformation events for `records`, cut at Firehose's default processor buffer size, in the
   * Kinesis-source shape: `sourceKinesisStreamArn` and each record's `kinesisRecordMetadata`.
   */
  events(records: readonly SourceRecord[]): TransformationEvent[] {
    const events: TransformationEvent[] = [];
    let batch: SourceRecord[] = [];
    let bytes = 0;
    const flush = () => {
      if (batch.length > 0) events.push(this.#event(batch));
      batch = [];
      bytes = 0;
    };
    for (const record of records) {
      if (bytes + record.data.length > PROCESSOR_BUFFER_BYTES) flush();
      batch.push(record);
      bytes += record.data.length;
    }
    flush();
    return events;
  }

  #event(records: readonly SourceRecord[]): TransformationEvent {
    const region = this.#streamArn.split(':')[3] ?? '';
    return {
      invocationId: randomUUID(),
      deliveryStreamArn: this.#deliveryStreamArn,
      region,
      sourceKinesisStreamArn: this.#streamArn,
      records: records.map((record) => ({
        // Opaque to the Lambda; unique per source record, so it also serves as the document id below.
        recordId: `${record.shardId}-${record.sequenceNumber}`,
        approximateArrivalTimestamp: record.arrival,
        data: encodeBase64(record.data),
        kinesisRecordMetadata: {
          shardId: record.shardId,
          partitionKey: record.partitionKey,
          approximateArrivalTimestamp: record.arrival,
          sequenceNumber: record.sequenceNumber,
          subsequenceNumber: 0,
        },
      })),
    };
  }
}

/** One document the OpenSearch destination would index. */
export interface FirehoseDocument {
  /** Firehose picks document ids itself; the record id stands in for the one it would pick. */
  readonly id: string;
  /** The record's data: one single-line JSON object. */
  readonly json: string;
}

/**
 * The documents of the `Ok` answers: each record's data, which the destination indexes as one document.
 * Throws when an answer's data is not one single-line JSON object, which the destination would reject.
 */
export function okDocuments(answers: readonly ResponseRecord[]): FirehoseDocument[] {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  return answers.flatMap((answer) => {
    if (answer.result !== 'Ok') return [];
    const bytes = decodeBase64(answer.data);
    if (!bytes.ok) throw bytes.error;
    const json = decoder.decode(bytes.value).replace(/\n$/, '');
    if (json.includes('\n')) throw new Error(`record ${answer.recordId}: data holds more than one line`);
    const value: unknown = JSON.parse(json);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`record ${answer.recordId}: data is not a JSON object`);
    return [{ id: answer.recordId, json }];
  });
}

/**
 * Indexes documents as the OpenSearch destination does: `_bulk` `index` actions, one per record, then a
 * refresh so they are searchable. Throws naming the first item OpenSearch refused.
 */
export async function indexLikeFirehose(openSearchUrl: string, index: string, documents: readonly FirehoseDocument[], batchSize = 500): Promise<void> {
  for (let i = 0; i < documents.length; i += batchSize) {
    const body = documents
      .slice(i, i + batchSize)
      .map((doc) => `${JSON.stringify({ index: { _index: index, _id: doc.id } })}\n${doc.json}\n`)
      .join('');
    const response = await fetch(`${openSearchUrl}/_bulk`, { method: 'POST', headers: { 'Content-Type': 'application/x-ndjson' }, body });
    const answer = (await response.json()) as { errors?: boolean; items?: { index?: { _id?: string; status?: number; error?: unknown } }[] };
    if (!response.ok) throw new Error(`_bulk answered ${response.status}: ${JSON.stringify(answer).slice(0, 500)}`);
    const refused = answer.items?.find((item) => (item.index?.status ?? 500) >= 300);
    if (answer.errors || refused) throw new Error(`_bulk refused ${refused?.index?._id}: ${JSON.stringify(refused?.index?.error)}`);
  }
  const refresh = await fetch(`${openSearchUrl}/${encodeURIComponent(index)}/_refresh`, { method: 'POST' });
  if (!refresh.ok) throw new Error(`_refresh answered ${refresh.status}`);
}
