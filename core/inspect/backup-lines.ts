/**
 * Firehose's S3 backup lines (`processing-failed/`, OpenSearch-failed, HTTP-endpoint-failed): which
 * backup a line comes from, why Firehose gave up on it, and what its `rawData` held.
 *
 * @module
 */
import { epochMillis } from '../firehose/lambda-event.ts';
import { ok } from '../errors.ts';
import type { Context } from './formats/format.ts';
import { recordItem } from './records.ts';
import type { BackupInfo, BackupType, DecodedDocument, DecodedItem } from './types.ts';
import { numberOrString } from './wording.ts';

/** How each backup type is named in descriptions. */
export const BACKUP_LABELS: Readonly<Record<BackupType, string>> = {
  'processing-failed': 'processing-failed (Lambda)',
  'opensearch-failed': 'OpenSearch-failed',
  'http-endpoint-failed': 'HTTP-endpoint-failed',
  'delivery-failed': 'delivery-failed',
};

/** True for a JSON value shaped like a backup line: `rawData` and at least one of the error fields. */
export function isBackupLine(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return typeof v['rawData'] === 'string' && ('errorCode' in v || 'attemptsMade' in v || 'errorMessage' in v);
}

/** The fields of a backup line besides `rawData`, each under its first spelling present. */
export function backupInfo(line: Record<string, unknown>): BackupInfo {
  const errorCode = typeof line['errorCode'] === 'string' ? line['errorCode'] : '';
  const has = (...keys: string[]) => keys.some((k) => k in line);
  const type: BackupType = has('lambdaArn', 'lambdaARN') || errorCode.startsWith('Lambda.')
    ? 'processing-failed'
    : has('esDocumentId', 'esIndexName', 'esTypeName', 'osDocumentId', 'osIndexName') || /^(?:OS|ES|AmazonOpenSearch|Elasticsearch)/.test(errorCode)
    ? 'opensearch-failed'
    : errorCode.startsWith('HttpEndpoint.')
    ? 'http-endpoint-failed'
    : 'delivery-failed';
  const info: Record<string, unknown> = { type };
  // Field by field, first spelling present wins; numbers may arrive as numeric strings.
  const copy = (to: keyof BackupInfo, read: (value: unknown) => string | number | undefined, ...from: string[]) => {
    for (const key of from) {
      const value = read(line[key]);
      if (value !== undefined) {
        info[to] = value;
        return;
      }
    }
  };
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const number = (value: unknown) => epochMillis(numberOrString(value));
  copy('errorCode', text, 'errorCode');
  copy('errorMessage', text, 'errorMessage');
  copy('attemptsMade', number, 'attemptsMade');
  copy('arrivalTimestamp', number, 'arrivalTimestamp');
  copy('attemptEndingTimestamp', number, 'attemptEndingTimestamp');
  copy('lambdaArn', text, 'lambdaArn', 'lambdaARN');
  copy('indexName', text, 'esIndexName', 'osIndexName');
  copy('documentId', text, 'esDocumentId', 'osDocumentId');
  copy('typeName', text, 'esTypeName');
  return info as unknown as BackupInfo;
}

/** One backup line as an item: its `rawData` decoded; an OpenSearch backup's is a document already. */
export function backupItem(position: string, line: Record<string, unknown>, context: Context): DecodedItem {
  const backup = backupInfo(line);
  const item = recordItem(position, `${position}: rawData`, line['rawData'], context, { backup }, backup.arrivalTimestamp ?? 0);
  // An OpenSearch backup keeps the document OpenSearch refused: it is a document already, not a log line.
  if (backup.type === 'opensearch-failed' && item.decoded.ok && item.decoded.value.kind === 'json') {
    const value = item.decoded.value.value;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return { ...item, decoded: ok({ kind: 'documents', documents: [value as DecodedDocument] }) };
    }
  }
  return item;
}
