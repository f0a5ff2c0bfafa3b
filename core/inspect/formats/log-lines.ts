/**
 * Log text as a server writes it to a file (or a JSON log, one object per line): what is left when the
 * input is text and no other format matched. One event per entry, multi-line entries joined the way the
 * parser expects, parsed with the parser the caller gave or the one detected from the text.
 *
 * @module
 */
import { detectParser, splitLogEntries } from '../../cloudwatch/log-entries.ts';
import { buildPlainDocument } from '../../document.ts';
import { ok } from '../../errors.ts';
import { type DecodedItem, InputKind, type LineEvent } from '../types.ts';
import { plural } from '../wording.ts';
import { type InputFormat, type InputView, jsonObject } from './format.ts';

/** Keys of the shapes the other formats read: an object with one of them is a broken artefact, not a log line. */
const ARTEFACT_KEYS = ['records', 'Records', 'awslogs', 'requestPayload', 'messageType', 'logEvents', 'rawData'];

/** The log-lines format: last in the list. */
export const logLinesFormat: InputFormat = {
  kind: InputKind.LOG_LINES,
  label: 'log lines',
  sniff: (input) => input.start >= 0 && isLogText(input),
  decode: (input, context) => {
    const text = input.text!;
    const detection = context.forcedParser === undefined ? detectParser(text) : undefined;
    const parser = context.forcedParser ?? detection!.parser;
    const entries = splitLogEntries(text, parser);
    const events: LineEvent[] = entries.map((entry) => ({ line: entry.line, lines: entry.lines, message: entry.message }));
    // Lines without a time of their own get the epoch: nothing else dates them.
    const documents = context.documents ? entries.map((entry) => buildPlainDocument(entry.message, 0, parser)) : [];
    const item: DecodedItem = {
      position: 'input',
      bytes: input.bytes?.length ?? text.length,
      decoded: ok({
        kind: 'lines',
        events,
        parser: parser.name,
        ...(detection ? { detection: { parser: parser.name, reason: detection.reason, scores: detection.scores } } : {}),
        documents,
      }),
    };
    const lines = entries.length === 0 ? 0 : entries[entries.length - 1]!.line + entries[entries.length - 1]!.lines - entries[0]!.line;
    const how = detection ? `detected: ${detection.reason}` : 'given';
    return {
      kind: InputKind.LOG_LINES,
      description: `Log text: ${entries.length} ${entries.length === 1 ? 'entry' : 'entries'} on ${
        plural(lines, 'line')
      }, parsed with ${parser.name} (${how}).`,
      items: [item],
    };
  },
};

/** Text that is not JSON, a JSON object that is not a known shape (a JSON log line), or JSON lines of such. */
function isLogText(input: InputView): boolean {
  const json = input.json;
  switch (json.kind) {
    case 'none':
      return true;
    case 'lines':
      return !json.array;
    case 'value': {
      const object = jsonObject(input);
      return object !== undefined && !ARTEFACT_KEYS.some((key) => key in object);
    }
    default:
      return false;
  }
}
