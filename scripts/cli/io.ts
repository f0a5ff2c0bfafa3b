/**
 * The CLI's edges: reading FILE or stdin as bytes, writing large outputs without building one huge
 * string, option parsing with errors that are one line, and the two kinds of failure (bad usage, exit 2;
 * bad input, exit 1).
 *
 * @module
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { didYouMean } from './suggest.ts';

/** Wrong arguments: the message is printed as one line and the exit code is 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Input the command cannot use (unreadable file, not JSON...): one line on stderr, exit code 1. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

/**
 * Parses a command's arguments with node:util's parser, turning its exceptions into {@link UsageError}s.
 *
 * @example
 * ```ts
 * const { values, positionals } = parseOptions(["--compact", "in.json"], { compact: { type: "boolean" } });
 * ```
 */
export function parseOptions<const O extends NonNullable<ParseArgsConfig['options']>>(args: readonly string[], options: O) {
  // node:util reads "-3" after an option as another option; a negative number is the option's value (then checked for range).
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const next = args[i + 1];
    const option = arg.startsWith('--') && !arg.includes('=') ? options[arg.slice(2)] : undefined;
    if (option?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      joined.push(`${arg}=${next}`);
      i++;
    } else joined.push(arg);
  }
  try {
    return parseArgs({ args: joined, options, allowPositionals: true, strict: true });
  } catch (error) {
    // node:util's messages end with a hint to use "--" that does not apply to our options.
    const message = error instanceof Error ? error.message.replace(/\. To specify a positional argument.*$/s, '') : String(error);
    const unknown = /^Unknown option '(.+)'$/.exec(message)?.[1];
    if (unknown !== undefined) throw new UsageError(`unknown option ${unknown}${didYouMean(unknown, Object.keys(options).map((name) => `--${name}`))}`);
    const ambiguous = /^Option '(--[\w-]+)' argument is ambiguous/.exec(message)?.[1];
    if (ambiguous !== undefined) throw new UsageError(`${ambiguous} needs a value; one starting with "-" is written ${ambiguous}=-VALUE`);
    const missing = /^Option '(--[\w-]+)(?: <value>)?' argument missing/.exec(message)?.[1];
    if (missing !== undefined) throw new UsageError(`${missing} needs a value`);
    throw new UsageError(message.replace(/\s*\n\s*/g, ' '));
  }
}

/**
 * A whole number from an option, `_` separators allowed (`6_000_000`).
 *
 * @example
 * ```ts
 * integerOption("--records", "1_000", 1, 10_000); // 1000
 * ```
 */
export function integerOption(name: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw.trim().replace(/_/g, ''));
  if (raw.trim() === '' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

/** One of the listed values. */
export function choiceOption<T extends string>(name: string, raw: string | undefined, choices: readonly T[]): T | undefined {
  if (raw === undefined) return undefined;
  const value = choices.find((c) => c === raw);
  if (value === undefined) throw new UsageError(`${name} must be one of ${choices.join(', ')}, got ${JSON.stringify(raw)}`);
  return value;
}

/** At most one FILE argument. */
export function fileArgument(positionals: readonly string[]): string | undefined {
  if (positionals.length > 1) throw new UsageError(`expected at most one FILE, got ${positionals.length}: ${positionals.join(' ')}`);
  return positionals[0];
}

/**
 * The bytes of FILE, or of stdin when FILE is absent or `-`. Binary-safe (gzip goes through untouched).
 * A terminal on stdin is a usage error rather than a silent wait.
 */
export async function readInput(file: string | undefined): Promise<Uint8Array> {
  if (file !== undefined && file !== '-') {
    try {
      return await readFile(file);
    } catch (error) {
      throw new InputError(`firewatch: ${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
  }
  if (process.stdin.isTTY) throw new UsageError('give a FILE, or pipe the input into stdin');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Writes a file, reporting failure as an {@link InputError} naming it. */
export async function writeOutputFile(file: string, text: string): Promise<void> {
  try {
    await writeFile(file, text);
  } catch (error) {
    throw new InputError(`firewatch: ${file}: cannot write (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

/**
 * Buffers output and writes it in ~1 MiB pieces, waiting for each: a decoded 6 MB event is hundreds of
 * megabytes of pretty JSON, which is better never held as one string.
 */
export class Output {
  readonly #stream: NodeJS.WritableStream;
  #pending: (string | Uint8Array)[] = [];
  #size = 0;

  constructor(stream: NodeJS.WritableStream) {
    this.#stream = stream;
  }

  async write(piece: string | Uint8Array): Promise<void> {
    this.#pending.push(piece);
    this.#size += piece.length;
    if (this.#size >= 1 << 20) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.#pending.length === 0) return;
    const pieces = this.#pending;
    this.#pending = [];
    this.#size = 0;
    const data = pieces.every((p) => typeof p === 'string') ? pieces.join('') : Buffer.concat(pieces.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)));
    await new Promise<void>((resolve) => this.#stream.write(data, () => resolve()));
  }
}

/** stdout and stderr as {@link Output}s; a closed pipe (`firewatch decode x | head`) ends quietly. */
export function standardOutputs(): { out: Output; err: Output } {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  return { out: new Output(process.stdout), err: new Output(process.stderr) };
}

/** At most this many error lines per run; the rest are counted. */
export const MAX_ERROR_LINES = 20;

/** Writes one line per error (already `firewatch: <where>: <what>`), then how many were left out. */
export async function writeErrorLines(err: Output, messages: readonly string[]): Promise<void> {
  for (const message of messages.slice(0, MAX_ERROR_LINES)) await err.write(`${oneLine(message)}\n`);
  if (messages.length > MAX_ERROR_LINES) await err.write(`firewatch: ... and ${messages.length - MAX_ERROR_LINES} more errors\n`);
}

/** Errors must stay one line even when a message quotes multi-line data. */
export const oneLine = (message: string): string => message.replace(/\r?\n/g, '\\n');

/** `1234567` → `1,234,567`, for the summary lines. */
export const grouped = (n: number): string => n.toLocaleString('en-US');
