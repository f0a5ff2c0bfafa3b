/**
 * The input formats `decodeInput` tries, in order: the first whose `sniff` says yes and whose `decode`
 * does not decline wins. Binary first, then the JSON shapes from the most specific (a transformation
 * response has `records[].result`) to the least, then base64, and log text last: it takes any text.
 * Adding a format is one file in this folder plus one line here.
 *
 * @module
 */
import { awslogsEventFormat } from './awslogs-event.ts';
import { base64Format } from './base64.ts';
import { envelopeFormat } from './envelope.ts';
import type { InputFormat } from './format.ts';
import { gzipFormat } from './gzip.ts';
import { httpEndpointRequestFormat } from './http-endpoint-request.ts';
import { jsonStringFormat } from './json-string.ts';
import { kinesisRecordsFormat } from './kinesis-records.ts';
import { logLinesFormat } from './log-lines.ts';
import { s3BackupFormat } from './s3-backup.ts';
import { transformationEventFormat } from './transformation-event.ts';
import { transformationResponseFormat } from './transformation-response.ts';

/** Every input format, in the order tried. */
export const INPUT_FORMATS: readonly InputFormat[] = [
  gzipFormat,
  transformationResponseFormat,
  transformationEventFormat,
  httpEndpointRequestFormat,
  kinesisRecordsFormat,
  awslogsEventFormat,
  s3BackupFormat,
  envelopeFormat,
  jsonStringFormat,
  base64Format,
  logLinesFormat,
];
