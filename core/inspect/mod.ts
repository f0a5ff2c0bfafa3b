/**
 * Inspecting data on its way from CloudWatch Logs to OpenSearch: {@link decodeInput} recognises any
 * record container (gzip, base64, Firehose and Kinesis events, HTTP endpoint bodies, S3 backup lines,
 * envelopes) or plain log text and decodes it record by record, with the documents firewatch would index
 * and the problems counted ({@link summarizeProblems}). Web-standard only, so the CLI and the browser
 * playground share it. Each input format is a plug-in in `formats/`, tried in the order of {@link INPUT_FORMATS}.
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
export { decodeInput } from './decode-input.ts';
export {
  type BackupInfo,
  type BackupType,
  type DecodedDocument,
  type DecodedInput,
  type DecodedItem,
  type DecodedPayload,
  type DecodeInputOptions,
  type DecodeSummary,
  InputKind,
  type LineEvent,
  type LinesPayload,
  type RecordInfo,
} from './types.ts';
export {
  type BackupErrorCount,
  type DocumentStatus,
  documentStatus,
  formatProblems,
  type ParserProblems,
  type ProblemSummary,
  type ReasonCount,
  summarizeProblems,
  TOP_REASONS,
} from './problems.ts';
export type { InputFormat } from './formats/format.ts';
export { INPUT_FORMATS } from './formats/list.ts';
