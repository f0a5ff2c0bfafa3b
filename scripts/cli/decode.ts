/**
 * `firewatch decode [FILE]`: recognises the input (gzip, base64, Firehose and Kinesis events, HTTP
 * endpoint bodies, S3 backup lines, envelopes, plain log text) with core's `decodeInput` and prints what
 * it holds. On stderr, besides the records that failed: lines the parsers did not recognise, counted per
 * parser with the most common reasons, and backup lines per error code (core's `formatProblems`, the
 * counts the playground shows).
 *
 * @module
 */
import { decodeInput } from '../../core/inspect/decode-input.ts';
import type { DecodedInput, DecodeInputOptions } from '../../core/inspect/types.ts';
import { formatProblems } from '../../core/inspect/problems.ts';
import { DEFAULT_MAX_INFLATED_BYTES } from '../../core/limits.ts';
import { nodeCodecs } from '../node/codecs.ts';
import { fileArgument, InputError, integerOption, oneLine, type Output, parseOptions, readInput, writeErrorLines } from './io.ts';
import { parserChoice } from './parser-options.ts';

/** Runs the command; resolves to the exit code. */
export async function decodeCommand(args: readonly string[], out: Output, err: Output): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    compact: { type: 'boolean' },
    documents: { type: 'boolean' },
    parser: { type: 'string' },
    parsers: { type: 'string' },
    'max-inflated': { type: 'string' },
  });
  const choice = parserChoice(values.parser, values.parsers);
  const maxInflatedBytes = integerOption('--max-inflated', values['max-inflated'], 1024, 2 ** 32) ?? DEFAULT_MAX_INFLATED_BYTES;
  const input = await readInput(fileArgument(positionals));

  const options: DecodeInputOptions = {
    codecs: nodeCodecs,
    maxInflatedBytes,
    ...(choice.parser ? { parser: choice.parser } : {}),
    ...(choice.overrides ? { parserOverrides: choice.overrides } : {}),
  };
  const decoded = decodeInput(input, options);
  if (decoded.error) throw new InputError(decoded.error.message);

  if (values.documents) await writeDocuments(decoded, out);
  else await writeDecoded(decoded, out, values.compact ? undefined : 2);

  const problems = [...decoded.warnings, ...decoded.items.flatMap((item) => (item.decoded.ok ? [] : [item.decoded.error]))];
  await writeErrorLines(err, problems.map((p) => p.message));
  // Not failures of the decoding (the lines are kept whole, with the reason), so they do not change the exit code.
  for (const line of formatProblems(decoded.problems)) await err.write(`firewatch: ${oneLine(line)}\n`);
  return decoded.summary.errors > 0 ? 1 : 0;
}

/** Every document as one NDJSON line, in input order. */
async function writeDocuments(decoded: DecodedInput, out: Output): Promise<void> {
  for (const item of decoded.items) {
    if (!item.decoded.ok) continue;
    for (const document of item.decoded.value.documents) await out.write(`${JSON.stringify(document)}\n`);
  }
}

/**
 * The decoded input as one JSON object, summary first (what a reader wants to see before scrolling), written
 * item by item so a large input never becomes one giant string.
 */
async function writeDecoded(decoded: DecodedInput, out: Output, indent: number | undefined): Promise<void> {
  const { items, ...head } = decoded;
  const pad = indent === undefined ? '' : ' '.repeat(indent);
  const newline = indent === undefined ? '' : '\n';
  const headText = JSON.stringify(head, null, indent);
  // Reopen the head object to append "items": [...] as its last member.
  await out.write(`${headText.slice(0, -1).replace(/\s*$/, '')},${newline}${pad}"items":${indent === undefined ? '' : ' '}[`);
  for (let i = 0; i < items.length; i++) {
    const text = JSON.stringify(items[i], null, indent);
    const indented = indent === undefined ? text : text.replace(/\n/g, `\n${pad}${pad}`);
    await out.write(`${i === 0 ? '' : ','}${newline}${pad}${pad}${indented}`);
  }
  await out.write(`${items.length > 0 ? `${newline}${pad}` : ''}]${newline}}\n`);
}
