/**
 * Inspecting data on its way from CloudWatch Logs to OpenSearch: {@link decodeInput} recognises any
 * record container (gzip, base64, Firehose and Kinesis events, HTTP endpoint bodies, S3 backup lines,
 * envelopes) and decodes it record by record, with the documents firewatch would index. Web-standard
 * only, so the CLI and the browser playground share it.
 *
 * @example
 * ```ts
 * import { decodeInput } from "./core/inspect/mod.ts";
 *
 * const decoded = decodeInput('{"awslogs":{"data":"H4sIAAAAAAAA..."}}');
 * console.log(decoded.kind, decoded.description, decoded.summary.events);
 * ```
 * @module
 */
export {
  type BackupInfo,
  type BackupType,
  type DecodedDocument,
  type DecodedInput,
  type DecodedItem,
  type DecodedPayload,
  type DecodeInputOptions,
  decodeInput,
  type DecodeSummary,
  InputKind,
  type RecordInfo,
} from './decode-input.ts';
