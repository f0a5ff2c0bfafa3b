/**
 * Firehose's S3 backup lines (`processing-failed/`, OpenSearch-failed, HTTP-endpoint-failed): one JSON
 * object per line (or a JSON array of them, or a single line), each with `rawData` and why Firehose gave
 * up on it. Lines that are envelopes instead are decoded beside them.
 *
 * @module
 */
import { BACKUP_LABELS, backupItem, isBackupLine } from '../backup-lines.ts';
import { jsonLineItems } from '../json-lines.ts';
import { type BackupType, InputKind } from '../types.ts';
import { lowerFirst, plural } from '../wording.ts';
import { type InputFormat, jsonObject } from './format.ts';

/** The S3 backup lines format. */
export const s3BackupFormat: InputFormat = {
  kind: InputKind.S3_BACKUP,
  label: 'S3 backup lines',
  sniff: (input) => {
    const json = input.json;
    return json.kind === 'lines' ? json.lines.some((l) => isBackupLine(l.value)) : isBackupLine(jsonObject(input));
  },
  decode: (input, context) => {
    const json = input.json;
    if (json.kind !== 'lines') {
      const item = backupItem('input', jsonObject(input)!, context);
      return { kind: InputKind.S3_BACKUP, description: `One S3 backup line (${BACKUP_LABELS[item.backup!.type]}).`, items: [item] };
    }
    const items = jsonLineItems(json.lines, context);
    const backups = items.filter((i) => i.backup !== undefined);
    const counts = new Map<BackupType, number>();
    for (const item of backups) counts.set(item.backup!.type, (counts.get(item.backup!.type) ?? 0) + 1);
    const types = [...counts].map(([type, n]) => `${n} ${BACKUP_LABELS[type]}`).join(', ');
    const other = items.length - backups.length;
    const description = `${plural(backups.length, 'S3 backup line')} (${types})${other ? `, and ${plural(other, 'other line')}` : ''}.`;
    return { kind: InputKind.S3_BACKUP, description: json.array ? `A JSON array: ${lowerFirst(description)}` : description, items };
  },
};
