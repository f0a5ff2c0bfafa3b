/**
 * "Decode anything": one pure function that recognises every shape CloudWatch Logs, Kinesis and Firehose
 * data takes on its way to OpenSearch and decodes it record by record. The CLI's `firewatch decode` and
 * the playground both call it, so it reads bytes or text, never throws, and reports one error per bad
 * record beside the records that did decode.
 *
 * Recognised inputs, tried in this order:
 * - raw gzip bytes: one CloudWatch Logs record, or an S3 object of concatenated records (one gzip member
 *   each); a gzip file holding anything else (S3 backup lines, an event) is inflated and read again;
 * - JSON: a Firehose transformation event or response, a Firehose HTTP endpoint request, a CloudWatch Logs
 *   Lambda subscription event, a Kinesis Lambda event or `aws kinesis get-records` output, a CloudWatch
 *   Logs envelope, or S3 backup lines (one JSON object per line: `processing-failed/`, OpenSearch-failed,
 *   HTTP-endpoint-failed), and envelopes one per line;
 * - base64: one record (line breaks allowed), or several records one per line;
 * - log text: any other text, as a server writes its log file (or JSON log lines): one event per entry,
 *   parsed with the `parser` option or the parser detected from the text.
 *
 * Each format is a plug-in in `formats/` (`{ kind, sniff, decode }`), tried in the order of
 * `formats/list.ts`; this module resolves the options, runs the list, and adds the totals.
 *
 * @example
 * ```ts
 * const decoded = decodeInput(JSON.stringify(event));
 * decoded.kind;                 // "firehose-transformation-event"
 * decoded.summary.events;       // 1200
 * for (const item of decoded.items) {
 *   if (!item.decoded.ok) console.log(item.decoded.error.message); // "firewatch: records[3].data: gzip data ends before its 8-byte trailer"
 * }
 * ```
 * @module
 */
import { portableCodecs } from '../bytes/codecs.ts';
import { FirewatchError } from '../errors.ts';
import { DEFAULT_MAX_INFLATED_BYTES } from '../limits.ts';
import type { LogParser } from '../parsers/parser.ts';
import { builtinParsers, isBuiltinParserName, parserForLogGroup } from '../parsers/registry.ts';
import { type Context, type Found, InputView, jsonObject } from './formats/format.ts';
import { INPUT_FORMATS } from './formats/list.ts';
import { summarizeProblems } from './problems.ts';
import { type DecodedInput, type DecodeInputOptions, InputKind } from './types.ts';
import { keysOf, plural, unknown } from './wording.ts';
import { MessageType } from '../cloudwatch/envelope.ts';

const TRIED = INPUT_FORMATS.map((format) => format.label).join(', ');

/**
 * Recognises and decodes any of the inputs listed in the module documentation. Never throws: a record
 * that does not decode is an item with an error, and an input that is nothing recognisable has kind
 * `unknown` and an {@link DecodedInput.error} naming what was tried.
 *
 * @example
 * ```ts
 * const decoded = decodeInput(bytesOfAnS3Object, { codecs: nodeCodecs });
 * decoded.description; // "12 gzip members back to back: an S3 object of records as Firehose writes CloudWatch Logs data."
 * decoded.items[0]?.decoded; // { ok: true, value: { kind: "cloudwatch", envelopes: [...], documents: [...] } }
 * decodeInput("").error?.code; // "FORMAT_UNKNOWN"
 * ```
 */
export function decodeInput(input: string | Uint8Array, options: DecodeInputOptions = {}): DecodedInput {
  const forced = options.parser;
  let parser: LogParser | undefined;
  if (typeof forced === 'string') {
    if (!isBuiltinParserName(forced)) {
      return finish({
        kind: InputKind.UNKNOWN,
        description: 'Nothing decoded: the parser option is invalid.',
        items: [],
        error: new FirewatchError('CONFIG_INVALID', `unknown parser ${JSON.stringify(forced)}; known parsers: ${Object.keys(builtinParsers).join(', ')}`),
      });
    }
    parser = builtinParsers[forced];
  } else parser = forced;
  const overrides = options.parserOverrides;
  const context: Context = {
    codecs: options.codecs ?? portableCodecs,
    maxInflatedBytes: options.maxInflatedBytes ?? DEFAULT_MAX_INFLATED_BYTES,
    documents: options.documents ?? true,
    recordData: options.recordData ?? false,
    parserFor: parser !== undefined
      ? () => parser
      : overrides !== undefined
      ? (logGroup) => parserForLogGroup(logGroup, overrides)
      : (logGroup) => parserForLogGroup(logGroup),
    forcedParser: parser,
    depth: 0,
    decode,
  };
  try {
    return finish(decode(input, context));
  } catch (cause) {
    // Every decoder returns errors as values; this is the promise kept should one of them have a bug.
    const error = new FirewatchError('FORMAT_UNKNOWN', `internal error while decoding (${cause instanceof Error ? cause.message : String(cause)})`, {
      path: 'input',
      cause,
    });
    return finish({ kind: InputKind.UNKNOWN, description: 'Nothing decoded: firewatch failed unexpectedly.', items: [], error });
  }
}

/** Tries the formats in order; the first that recognises and decodes the input answers. */
function decode(input: string | Uint8Array, context: Context): Found {
  const view = new InputView(input);
  for (const format of INPUT_FORMATS) {
    if (!format.sniff(view, context)) continue;
    const found = format.decode(view, context);
    if (found !== undefined) return found;
  }
  return unrecognised(view);
}

/** Why no format took the input, as precisely as it can be said. */
function unrecognised(view: InputView): Found {
  const text = view.text;
  if (text === undefined) {
    const start = Array.from(view.bytes!.subarray(0, 4), (b) => `0x${b.toString(16).padStart(2, '0')}`).join(' ');
    return unknown(
      `binary data that is neither gzip (it starts ${start}) nor UTF-8 text (${
        (view.textError ?? '').replace(/^data is not valid UTF-8 \(|\)$/g, '')
      }); tried ${TRIED}`,
      'input',
    );
  }
  if (view.start < 0) return unknown('the input is empty', 'input');
  const json = view.json;
  if (json.kind === 'invalid') {
    return { kind: InputKind.UNKNOWN, description: 'Nothing decoded: the input looks like JSON but does not parse.', items: [], error: json.error };
  }
  if (json.kind === 'lines') return unknown(`a JSON array of ${plural(json.lines.length, 'element')}, not a recognised format; tried ${TRIED}`, 'input');
  if (json.kind === 'value') {
    const value = json.value;
    if (Array.isArray(value)) return unknown(`a JSON array of ${plural(value.length, 'element')}, not a recognised format; tried ${TRIED}`, 'input');
    const object = jsonObject(view);
    if (object === undefined) return unknown(`a JSON ${value === null ? 'null' : typeof value}, not a recognised format; tried ${TRIED}`, 'input');
    const hint = 'records' in object ? ' ("records" is not an array)' : '';
    return unknown(`a JSON object with ${keysOf(object)}${hint}, not a recognised format; tried ${TRIED}`, 'input');
  }
  const preview = JSON.stringify(text.slice(view.start, view.start + 24).split(/\r?\n/)[0]);
  return unknown(`not a recognised format (the text starts ${preview}); tried ${TRIED}`, 'input');
}

/** Adds the totals and the problem counts. */
function finish(found: Found): DecodedInput {
  let envelopes = 0;
  let events = 0;
  let controlMessages = 0;
  let documents = 0;
  let bytes = 0;
  let compressedBytes = 0;
  let inflatedBytes = 0;
  let errors = found.error ? 1 : 0;
  for (const item of found.items) {
    bytes += item.bytes;
    if (!item.decoded.ok) {
      errors++;
      continue;
    }
    const payload = item.decoded.value;
    documents += payload.documents.length;
    if (payload.kind === 'lines') events += payload.events.length;
    if (payload.kind !== 'cloudwatch') continue;
    envelopes += payload.envelopes.length;
    for (const envelope of payload.envelopes) {
      if (envelope.messageType === MessageType.CONTROL) controlMessages++;
      else events += envelope.logEvents.length;
    }
    if (payload.gzipped) {
      compressedBytes += item.bytes;
      inflatedBytes += payload.inflatedBytes;
    }
  }
  const problems = summarizeProblems(found.items);
  return {
    kind: found.kind,
    description: found.description,
    items: found.items,
    summary: {
      records: found.items.length,
      envelopes,
      events,
      controlMessages,
      documents,
      bytes,
      compressedBytes,
      inflatedBytes,
      errors,
      unparsed: problems.unparsed,
    },
    ...(found.context ? { context: found.context } : {}),
    warnings: found.warnings ?? [],
    ...(found.error ? { error: found.error } : {}),
    problems,
  };
}
