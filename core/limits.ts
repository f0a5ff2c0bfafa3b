/**
 * Every service limit firewatch honours, in one place, each with where it comes from.
 * Sizes are bytes. Where a service states "MB" as 2^20 multiples the constant says so.
 *
 * @module
 */

const KiB = 1024;
const MiB = 1024 * KiB;

/**
 * Lambda synchronous invocation payload limit, request and response alike: 6 MB = 6,291,456 bytes.
 * Source: AWS Lambda quotas ("Invocation payload (request and response): 6 MB each for synchronous").
 */
export const LAMBDA_SYNC_PAYLOAD_BYTES = 6 * MiB;

/**
 * Default budget for the serialized transformation response. The AWS blueprint
 * (kinesis-firehose-cloudwatch-logs-processor) uses 6,000,000 to keep headroom under
 * {@link LAMBDA_SYNC_PAYLOAD_BYTES} for the Lambda runtime's own framing.
 */
export const DEFAULT_RESPONSE_BUDGET_BYTES = 6_000_000;

/**
 * Firehose record size: 1,000 KiB (1,024,000 bytes) of data before base64.
 * Source: Amazon Data Firehose API reference, PutRecord / PutRecordBatch `Record.Data`.
 */
export const FIREHOSE_RECORD_BYTES = 1000 * KiB;

/** PutRecordBatch: at most 500 records per call. Source: Firehose API reference, PutRecordBatch. */
export const FIREHOSE_BATCH_RECORDS = 500;

/** PutRecordBatch: at most 4 MiB per call (sum of record data). Source: Firehose API reference, PutRecordBatch. */
export const FIREHOSE_BATCH_BYTES = 4 * MiB;

/** Kinesis PutRecords: at most 500 records per call. Source: Kinesis Data Streams API reference, PutRecords. */
export const KINESIS_BATCH_RECORDS = 500;

/**
 * Kinesis PutRecords: at most 5 MiB per call, counting data and partition keys.
 * Source: Kinesis Data Streams API reference, PutRecords.
 */
export const KINESIS_BATCH_BYTES = 5 * MiB;

/**
 * Kinesis record: at most 1 MiB of data plus partition key (streams created with a larger maximum record
 * size may take up to 10 MiB; firewatch keeps to the default). Source: Kinesis Data Streams quotas.
 */
export const KINESIS_RECORD_BYTES = 1 * MiB;

/** Kinesis partition key: 1 to 256 Unicode characters. Source: Kinesis API reference, PutRecordsRequestEntry. */
export const KINESIS_PARTITION_KEY_MAX_CHARS = 256;

/**
 * Firehose HTTP endpoint request body: configurable 1–64 MiB before compression (default 5 MiB).
 * Source: Firehose HTTP endpoint delivery request and response specifications.
 */
export const HTTP_ENDPOINT_BODY_MAX_BYTES = 64 * MiB;

/** Firehose HTTP endpoint: at most 10,000 records per request. Source: Firehose HTTP endpoint spec. */
export const HTTP_ENDPOINT_MAX_RECORDS = 10_000;

/**
 * Firehose HTTP endpoint `errorMessage`: at most 8,192 characters. Source: Firehose HTTP endpoint spec.
 * The spec's other cap on the answer, 1 MiB for the whole body, holds by construction: the body is the
 * request id (≤ 128 characters), a timestamp and this message, at most ~25 KB of UTF-8.
 */
export const HTTP_ENDPOINT_ERROR_MESSAGE_MAX_CHARS = 8192;

/** OpenSearch document `_id`: at most 512 bytes. Source: OpenSearch index API. */
export const OPENSEARCH_ID_MAX_BYTES = 512;

/**
 * Default cap on the inflated size of one gzip input. A CloudWatch Logs record holds at most 1 MiB of
 * compressed data and real payloads inflate 5–20×; 64 MiB leaves ample room while a gzip bomb (deflate
 * reaches ~1032:1) is stopped before it can exhaust a 128 MB Lambda. firewatch's own choice, not a service limit.
 */
export const DEFAULT_MAX_INFLATED_BYTES = 64 * MiB;

/**
 * Deepest nesting of objects and arrays firewatch turns into document fields: OpenSearch refuses documents
 * whose objects nest deeper than `index.mapping.depth.limit` (default 20), so deeper values could never
 * be indexed as fields anyway. A JSON line nested deeper is kept whole as an unparsed line (raw text and
 * an error), which also keeps user data away from any recursive serializer: a line of a few KB nested
 * thousands deep overflows `JSON.stringify`'s stack. Counts arrays as well as objects, the stricter reading.
 * Source: OpenSearch mapping settings, `index.mapping.depth.limit`.
 */
export const JSON_MAX_DEPTH = 20;

/**
 * CloudWatch Logs refuses events older than 14 days or more than 2 hours in the future (PutLogEvents), so
 * an event outside that window of its arrival can only come from forged or replayed data. firewatch indexes
 * such events by their arrival time instead of their own (which the document keeps): one delivery of
 * far-apart timestamps would otherwise create an index per hour or day it names.
 * Source: CloudWatch Logs API reference, PutLogEvents.
 */
export const CLOUDWATCH_EVENT_MAX_AGE_MS = 14 * 24 * 3_600_000;

/** See {@link CLOUDWATCH_EVENT_MAX_AGE_MS}. Source: CloudWatch Logs API reference, PutLogEvents. */
export const CLOUDWATCH_EVENT_MAX_AHEAD_MS = 2 * 3_600_000;

/** Firehose's `X-Amz-Firehose-Access-Key` header: at most 4,096 bytes. Source: Firehose HTTP endpoint spec. */
export const ACCESS_KEY_MAX_BYTES = 4096;

/** `X-Amz-Firehose-Common-Attributes`: at most 50 attributes. Source: Firehose HTTP endpoint spec. */
export const MAX_COMMON_ATTRIBUTES = 50;

/**
 * Firehose waits at most 3 minutes for an HTTP endpoint's answer, then counts the delivery as failed and
 * retries it. Source: Firehose HTTP endpoint spec ("Firehose waits for 3 minutes for a response").
 */
export const HTTP_ENDPOINT_RESPONSE_WAIT_MS = 180_000;

/** Secrets Manager `SecretId`: 1 to 2,048 characters. Source: Secrets Manager API reference, GetSecretValue. */
export const SECRET_ID_MAX_CHARS = 2048;

/** OpenSearch index names: at most 255 bytes. Source: OpenSearch create index API ("Index naming restrictions"). */
export const OPENSEARCH_INDEX_NAME_MAX_BYTES = 255;

/**
 * A provisioned Kinesis shard takes writes of up to 1 MiB or 1,000 records per second.
 * Source: Kinesis Data Streams quotas and limits ("Data ingestion rate per shard").
 */
export const KINESIS_SHARD_WRITE_BYTES_PER_SECOND = 1 * MiB;
/** See {@link KINESIS_SHARD_WRITE_BYTES_PER_SECOND}. Source: Kinesis Data Streams quotas and limits. */
export const KINESIS_SHARD_WRITE_RECORDS_PER_SECOND = 1000;

/** Lambda gives a function one full vCPU at 1,769 MB and a proportional share below. Source: Lambda docs, "Configuring function memory". */
export const LAMBDA_FULL_VCPU_MB = 1769;

/**
 * An OpenSearch Ingestion OCU handles up to 2 MiB/s for a log pipeline of one source, a simple grok
 * pattern and one sink; a pipeline runs at least 1. Source: OpenSearch Ingestion docs, "Scaling pipelines".
 */
export const OPENSEARCH_INGESTION_OCU_BYTES_PER_SECOND = 2 * MiB;

/** A Lucene term (one keyword value) is at most 32,766 bytes; a longer one fails the whole document. Source: Lucene `IndexWriter.MAX_TERM_LENGTH`. */
export const LUCENE_TERM_MAX_BYTES = 32_766;
