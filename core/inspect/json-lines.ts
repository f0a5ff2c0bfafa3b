/**
 * JSON lines, as Firehose writes S3 backups (one object per line, sometimes several back to back on one
 * line), and the decoding of such lines: each one an S3 backup line, a CloudWatch Logs envelope or an
 * awslogs event.
 *
 * @module
 */
import { awslogsData } from '../cloudwatch/record.ts';
import { looksLikeEnvelope } from '../cloudwatch/envelope.ts';
import { FirewatchError } from '../errors.ts';
import { backupItem, isBackupLine } from './backup-lines.ts';
import type { Context } from './formats/format.ts';
import { jsonRecordItem } from './records.ts';
import type { DecodedItem } from './types.ts';
import { jsonError, keysOf } from './wording.ts';
import { parseJsonText } from '../json-text.ts';

/** One value of a JSON-lines input, or why its line does not parse. */
export interface JsonLine {
  readonly position: string;
  readonly value?: unknown;
  readonly error?: FirewatchError;
}

/**
 * Splits JSON lines (one object per line, as Firehose writes S3 backups), also accepting objects written
 * back to back on one line. Returns undefined when the text is not JSON lines at all (then it is one
 * malformed document, reported as such): the first line, or most lines, must hold objects.
 */
export function jsonLines(text: string): JsonLine[] | undefined {
  const raw = text.split('\n');
  const lines: JsonLine[] = [];
  let objects = 0;
  let nonEmpty = 0;
  let firstIsObject: boolean | undefined;
  for (let i = 0; i < raw.length; i++) {
    const line = raw[i]!.trim();
    if (line === '') continue;
    nonEmpty++;
    const position = `line ${i + 1}`;
    const values = valuesOfLine(line);
    if (values) {
      objects++;
      if (values.length === 1) lines.push({ position, value: values[0] });
      else for (let k = 0; k < values.length; k++) lines.push({ position: `${position}, object ${k + 1}`, value: values[k] });
    } else {
      let error: FirewatchError;
      try {
        JSON.parse(line);
        error = new FirewatchError('FORMAT_UNKNOWN', 'is JSON but not an object', { path: position });
      } catch (cause) {
        error = jsonError(line, cause).at(position);
      }
      lines.push({ position, error });
    }
    firstIsObject ??= values !== undefined;
  }
  return firstIsObject || objects * 2 > nonEmpty ? lines : undefined;
}

/** The JSON objects on one line: one, or several written back to back (`{...}{...}`); undefined if it is not that. */
function valuesOfLine(line: string): unknown[] | undefined {
  if (line.charCodeAt(0) !== 0x7b) return undefined;
  try {
    return [parseJsonText(line)];
  } catch {
    // Fall through to splitting back-to-back objects.
  }
  const values: unknown[] = [];
  let depth = 0;
  let inString = false;
  let start = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (depth === 0) start = i;
      depth++;
    } else if (c === 0x7d || c === 0x5d) {
      if (--depth === 0) {
        try {
          values.push(parseJsonText(line.slice(start, i + 1)));
        } catch {
          return undefined;
        }
      }
    } else if (depth === 0 && c !== 0x20 && c !== 0x09 && c !== 0x0d) return undefined;
  }
  return depth === 0 && values.length > 1 ? values : undefined;
}

/** Each line as an item, errors located at their line. */
export function jsonLineItems(lines: readonly JsonLine[], context: Context): DecodedItem[] {
  return lines.map((line): DecodedItem => {
    if (line.error) return { position: line.position, bytes: 0, decoded: { ok: false, error: line.error } };
    return lineItem(line.position, line.value, context);
  });
}

/** One JSON line of a many-line input: an S3 backup line, an envelope, or an awslogs event. */
export function lineItem(position: string, value: unknown, context: Context): DecodedItem {
  if (isBackupLine(value)) return backupItem(position, value, context);
  if (looksLikeEnvelope(value) || awslogsData(value) !== undefined) return jsonRecordItem(position, value, context);
  const error = new FirewatchError('FORMAT_UNKNOWN', `is neither an S3 backup line (no rawData) nor a CloudWatch Logs envelope (it has ${keysOf(value)})`, {
    path: position,
  });
  return { position, bytes: 0, decoded: { ok: false, error } };
}
