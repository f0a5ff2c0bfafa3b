/**
 * A `data` value copied with its quotes (`"H4sI..."`): the string inside is read again through the whole
 * list. Text in quotes that holds nothing known is left to the later formats.
 *
 * @module
 */
import { InputKind } from '../types.ts';
import { lowerFirst } from '../wording.ts';
import { type InputFormat, MAX_DEPTH } from './format.ts';
import { parseJsonText } from '../../json-text.ts';

/** The quoted-string format. */
export const jsonStringFormat: InputFormat = {
  label: 'JSON string',
  sniff: (input, context) => context.depth < MAX_DEPTH && input.start >= 0 && input.text!.charCodeAt(input.start) === 0x22,
  decode: (input, context) => {
    const inner = parseQuoted(input.text!);
    if (inner === undefined) return undefined;
    const found = context.decode(inner, { ...context, depth: context.depth + 1 });
    if (found.kind === InputKind.UNKNOWN || found.kind === InputKind.LOG_LINES) return undefined;
    return { ...found, description: `A JSON string holding ${lowerFirst(found.description)}` };
  },
};

function parseQuoted(text: string): string | undefined {
  try {
    const value: unknown = parseJsonText(text);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
