/**
 * A Lambda event source mapping for Kinesis, played by the tests: polls a real stream (kinesalite) with
 * the SDK (GetShardIterator, GetRecords), and invokes a handler the way Lambda's mapping does, as its
 * documentation describes it:
 * - batches of at most `batchSize` records of one shard, in the mapping's event shape (`Records[]` with
 *   `kinesis.data` base64, `sequenceNumber`, `partitionKey`, `approximateArrivalTimestamp`,
 *   `kinesisSchemaVersion`, and `eventSource`, `eventID` `<shard>:<sequence>`, `eventSourceARN`, ...);
 * - `ReportBatchItemFailures`: a `batchItemFailures` answer checkpoints before the smallest sequence number
 *   named and retries from it (with bisection on, "the batch is bisected at the returned sequence number
 *   and Lambda retries only the remaining records"); an empty or unknown `itemIdentifier` fails the whole batch;
 * - a function error (a throw, as a timeout is) splits the batch in halves when `bisectBatchOnFunctionError`
 *   is on, which does not count against the retries, else retries it whole;
 * - after `maximumRetryAttempts` retries the batch goes to the on-failure destination, as an S3
 *   destination receives it (the invocation record with its metadata and the event as `payload`), and
 *   the mapping moves on.
 *
 * @example
 * ```ts
 * const driver = createEsmDriver(kinesis.client, { streamName: 'logs', batchSize: 100, handler });
 * await driver.drain(); // every record in the stream, handled or sent to driver.onFailure
 * ```
 * @module
 */
import { type _Record, GetRecordsCommand, GetShardIteratorCommand, type KinesisClient, ListShardsCommand } from '@aws-sdk/client-kinesis';

const ACCOUNT = '000000000000';
const REGION = 'us-east-1';

/** One record of the event the mapping sends. */
export interface EsmRecord {
  readonly kinesis: {
    readonly kinesisSchemaVersion: '1.0';
    readonly partitionKey: string;
    readonly sequenceNumber: string;
    readonly data: string;
    readonly approximateArrivalTimestamp: number;
  };
  readonly eventSource: 'aws:kinesis';
  readonly eventVersion: '1.0';
  readonly eventID: string;
  readonly eventName: 'aws:kinesis:record';
  readonly invokeIdentityArn: string;
  readonly awsRegion: string;
  readonly eventSourceARN: string;
}

/** What the on-failure destination receives for a discarded batch (the S3 destination's form). */
export interface OnFailureRecord {
  readonly requestContext: {
    readonly requestId: string;
    readonly functionArn: string;
    readonly condition: 'RetryAttemptsExhausted';
    readonly approximateInvokeCount: number;
  };
  readonly responseContext: { readonly statusCode: number; readonly executedVersion: string; readonly functionError?: string };
  readonly version: '1.0';
  readonly timestamp: string;
  readonly KinesisBatchInfo: {
    readonly shardId: string;
    readonly startSequenceNumber: string;
    readonly endSequenceNumber: string;
    readonly approximateArrivalOfFirstRecord: string;
    readonly approximateArrivalOfLastRecord: string;
    readonly batchSize: number;
    readonly streamArn: string;
  };
  readonly payload: { readonly Records: readonly EsmRecord[] };
}

/** The handler under test, as Lambda calls it. */
export type EsmHandler = (event: { Records: EsmRecord[] }, context: { getRemainingTimeInMillis(): number }) => Promise<unknown>;

/** Options of {@link createEsmDriver}, named as the mapping's settings. */
export interface EsmDriverOptions {
  readonly streamName: string;
  readonly handler: EsmHandler;
  /** Default 100. */
  readonly batchSize?: number;
  /** Default 2 (Lambda's default is -1, unlimited). */
  readonly maximumRetryAttempts?: number;
  /** Default true. */
  readonly bisectBatchOnFunctionError?: boolean;
  /** Default true. */
  readonly reportBatchItemFailures?: boolean;
  /** The function's timeout, as the context's remaining time at the start of each invocation. Default 60,000 ms. */
  readonly timeoutMs?: number;
}

/** One invocation, for assertions. */
export interface Invocation {
  readonly shardId: string;
  readonly sequenceNumbers: readonly string[];
  readonly outcome: 'success' | 'partial' | 'error';
  /** The sequence number Lambda retried from after a partial answer. */
  readonly retryFrom?: string;
}

/** The running mapping. */
export interface EsmDriver {
  readonly invocations: Invocation[];
  /** What was sent to the on-failure destination. */
  readonly onFailure: OnFailureRecord[];
  /** Reads every shard to its current end, handling each batch until it succeeds or is discarded. */
  drain(): Promise<void>;
}

interface Batch {
  readonly shardId: string;
  records: EsmRecord[];
  attempts: number;
}

/** A mapping over `client`'s stream; see the module example. */
export function createEsmDriver(client: KinesisClient, options: EsmDriverOptions): EsmDriver {
  const batchSize = options.batchSize ?? 100;
  const maxRetries = options.maximumRetryAttempts ?? 2;
  const bisect = options.bisectBatchOnFunctionError ?? true;
  const partial = options.reportBatchItemFailures ?? true;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const streamArn = `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/${options.streamName}`;
  const functionArn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:firewatch-kinesis`;
  const invocations: Invocation[] = [];
  const onFailure: OnFailureRecord[] = [];
  const iterators = new Map<string, string | undefined>();

  const toEsm = (shardId: string, record: _Record): EsmRecord => ({
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: record.PartitionKey ?? '',
      sequenceNumber: record.SequenceNumber ?? '',
      data: Buffer.from(record.Data ?? new Uint8Array()).toString('base64'),
      approximateArrivalTimestamp: (record.ApproximateArrivalTimestamp?.getTime() ?? Date.now()) / 1000,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `${shardId}:${record.SequenceNumber ?? ''}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: `arn:aws:iam::${ACCOUNT}:role/firewatch-kinesis`,
    awsRegion: REGION,
    eventSourceARN: streamArn,
  });

  function discard(batch: Batch, statusCode: number, functionError?: string): void {
    const first = batch.records[0]!.kinesis;
    const last = batch.records.at(-1)!.kinesis;
    onFailure.push({
      requestContext: { requestId: crypto.randomUUID(), functionArn, condition: 'RetryAttemptsExhausted', approximateInvokeCount: batch.attempts + 1 },
      responseContext: { statusCode, executedVersion: '$LATEST', ...(functionError === undefined ? {} : { functionError }) },
      version: '1.0',
      timestamp: new Date().toISOString(),
      KinesisBatchInfo: {
        shardId: batch.shardId,
        startSequenceNumber: first.sequenceNumber,
        endSequenceNumber: last.sequenceNumber,
        approximateArrivalOfFirstRecord: new Date(first.approximateArrivalTimestamp * 1000).toISOString(),
        approximateArrivalOfLastRecord: new Date(last.approximateArrivalTimestamp * 1000).toISOString(),
        batchSize: batch.records.length,
        streamArn,
      },
      payload: { Records: batch.records },
    });
  }

  /** Invokes until the batch (and what bisection made of it) is done or discarded, in sequence order. */
  async function handle(initial: Batch): Promise<void> {
    const queue: Batch[] = [initial];
    while (queue.length > 0) {
      const batch = queue.shift()!;
      const started = Date.now();
      const sequenceNumbers = batch.records.map((r) => r.kinesis.sequenceNumber);
      let answer: unknown;
      try {
        answer = await options.handler({ Records: batch.records }, { getRemainingTimeInMillis: () => Math.max(0, timeoutMs - (Date.now() - started)) });
      } catch (error) {
        invocations.push({ shardId: batch.shardId, sequenceNumbers, outcome: 'error' });
        if (bisect && batch.records.length > 1) {
          const middle = Math.ceil(batch.records.length / 2);
          queue.unshift({ shardId: batch.shardId, records: batch.records.slice(0, middle), attempts: batch.attempts }, {
            shardId: batch.shardId,
            records: batch.records.slice(middle),
            attempts: batch.attempts,
          });
        } else if (batch.attempts >= maxRetries) {
          discard(batch, 200, error instanceof Error ? error.name : 'Unhandled');
        } else {
          batch.attempts++;
          queue.unshift(batch);
        }
        continue;
      }
      const failures = partial ? ((answer as { batchItemFailures?: Array<{ itemIdentifier?: unknown }> } | null)?.batchItemFailures ?? []) : [];
      if (failures.length === 0) {
        invocations.push({ shardId: batch.shardId, sequenceNumbers, outcome: 'success' });
        continue;
      }
      // The smallest sequence number named is the checkpoint; an identifier that is not in the batch fails it whole.
      const named = failures.map((f) => sequenceNumbers.indexOf(typeof f.itemIdentifier === 'string' ? f.itemIdentifier : ''));
      const from = named.includes(-1) ? 0 : Math.min(...named);
      invocations.push({ shardId: batch.shardId, sequenceNumbers, outcome: 'partial', retryFrom: sequenceNumbers[from]! });
      const rest: Batch = { shardId: batch.shardId, records: batch.records.slice(from), attempts: batch.attempts };
      if (rest.attempts >= maxRetries) {
        discard(rest, 200);
      } else {
        rest.attempts++;
        queue.unshift(rest);
      }
    }
  }

  return {
    invocations,
    onFailure,
    async drain() {
      const { Shards = [] } = await client.send(new ListShardsCommand({ StreamName: options.streamName }));
      for (const { ShardId: shardId = '' } of Shards) {
        if (!iterators.has(shardId)) {
          const { ShardIterator } = await client.send(
            new GetShardIteratorCommand({ StreamName: options.streamName, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }),
          );
          iterators.set(shardId, ShardIterator);
        }
        for (;;) {
          const iterator = iterators.get(shardId);
          if (iterator === undefined) break;
          const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: batchSize }));
          iterators.set(shardId, page.NextShardIterator);
          const records = page.Records ?? [];
          if (records.length === 0) break;
          await handle({ shardId, records: records.map((r) => toEsm(shardId, r)), attempts: 0 });
        }
      }
    },
  };
}
