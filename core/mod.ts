/**
 * firewatch core: decoding CloudWatch Logs data as it travels through Kinesis and Firehose, parsing log
 * lines into documents, and planning Firehose transformation responses within the service limits.
 * Web standards only (plus fflate): the same code runs on Node, Deno, Bun, Cloudflare Workers and in
 * browsers. I/O (AWS calls, HTTP) belongs to the adapters around it.
 *
 * Reading order, top-down in one sitting (each module's comment says why it exists):
 * 1. bytes/ (base64, UTF-8, gzip with one member walker) and errors.ts (every failure is a `Result` or a
 *    `FirewatchError` with a code): the ground everything stands on; limits.ts: the services' limits, each
 *    with its source.
 * 2. cloudwatch/: the CloudWatch Logs envelope and how a record's data decodes into one.
 * 3. parsers/: one file per log format (parser.ts is the contract, registry.ts picks one per log group),
 *    then document.ts: one OpenSearch document per log event.
 * 4. firehose/: the data-transformation Lambda's planning (transform.ts) within Firehose's limits.
 * 5. sinks/: where documents go (sink.ts is the contract; console, files, OpenSearch `_bulk`), and
 *    opensearch/: the cluster's configuration, requests, index templates and setup.
 * 6. endpoint/: the Firehose HTTP endpoint (endpoint/mod.ts gives its own reading order: routes,
 *    delivery, access keys, documents, protocol).
 * 7. inspect/, samples/ and cost/: what the CLI and the playground use to explain input, make examples
 *    and price a deployment; config/ and settings.ts: the one catalogue of settings every front reads.
 *
 * @example
 * ```ts
 * import { buildSampleEvent, planTransformation } from "./core/mod.ts";
 *
 * const event = buildSampleEvent({ format: "mysql-general", records: 2, events: 3 });
 * const plan = planTransformation(event, { mode: "split" });
 * plan.response.records.length; // 2: one answer per record
 * plan.stats.reingestedRecords; // 4: the other events go back through Firehose, one per record
 * ```
 * @module
 */
export { decodeBase64, encodeBase64 } from './bytes/base64.ts';
export { type Codecs, portableCodecs } from './bytes/codecs.ts';
export { gunzip, type GunzipOptions, gzip, isGzip } from './bytes/gzip.ts';
export { fflateInflateRaw, type RawInflate } from './bytes/inflate.ts';
export { decodeUtf8, encodeUtf8, utf8Length } from './bytes/utf8.ts';
export { type ControlMessage, type DataMessage, type LogEvent, type LogsEnvelope, MessageType, validateEnvelope } from './cloudwatch/envelope.ts';
export { type DecodeOptions, decodeRecordBase64, decodeRecordData, type RecordPayload } from './cloudwatch/record.ts';
export { type Env, readChoice, readInteger, readString } from './config/env.ts';
export { buildDocument, buildPlainDocument, documentJson, type DocumentOptions, type LogDocument } from './document.ts';
export { ErrorCode, fail, FirewatchError, ok, type Result } from './errors.ts';
export * from './firehose/lambda-event.ts';
export type { ReingestPlan } from './firehose/reingest-plan.ts';
export { failParents, OutputMode, planTransformation, type TransformOptions, type TransformPlan, type TransformStats } from './firehose/transform.ts';
export * from './inspect/mod.ts';
export * as limits from './limits.ts';
export {
  deadLetterMappings,
  deadLetterTemplate,
  DEFAULT_RETENTION_DAYS,
  DEFAULT_TEMPLATE_PRIORITY,
  documentMappings,
  documentProperties,
  indexTemplate,
  type IndexTemplateBody,
  indexTemplateName,
  type IndexTemplateOptions,
  type IsmPolicyBody,
  retentionPolicy,
  retentionPolicyId,
  type RetentionPolicyOptions,
} from './opensearch/index-template.ts';
export {
  planOpenSearchSetup,
  type SetupConnection,
  type SetupItem,
  setupOpenSearch,
  type SetupOptions,
  type SetupResult,
  type SetupStatus,
  type SetupStep,
} from './opensearch/setup.ts';
export * from './parsers/mod.ts';
export * from './endpoint/mod.ts';
export { type ChunkCounts, ChunkedWriter, type ChunkedWriterOptions, type ChunkFailure } from './sinks/chunked-writer.ts';
export { type ConsoleSinkOptions, createConsoleSink } from './sinks/console.ts';
export { createFilesSink, type FileOperations, type FilesSinkOptions } from './sinks/files.ts';
export { createOpenSearchSink, type OpenSearchSinkConfig, type OpenSearchSinkDeps } from './sinks/opensearch.ts';
export type { Sink, SinkDocument, SinkResult, WriteOptions } from './sinks/sink.ts';
export { buildControlMessage, buildEnvelope, buildTransformationEvent, encodeRecord } from './samples/records.ts';
export { buildSampleEvent, buildSampleRecords } from './samples/events.ts';
