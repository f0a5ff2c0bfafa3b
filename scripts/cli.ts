/**
 * The `firewatch` command line: decode anything CloudWatch Logs, Kinesis and Firehose produce, run the
 * transformation offline, write sample inputs, serve and feed the HTTP endpoint, and prepare OpenSearch
 * (`opensearch setup`), estimate costs. No AWS API calls. scripts/firewatch.mjs runs this through tsx;
 * `main` returns the exit code instead of exiting, so output is flushed first. Commands live in one
 * table, {@link COMMANDS}: its entries give the help pages (scripts/cli/help.ts) and the "did you mean"
 * for a mistyped name (scripts/cli/suggest.ts).
 *
 * @example
 * ```sh
 * npx firewatch sample --format mixed --records 10 | npx firewatch transform
 * ```
 * @module
 */
import { readFile } from 'node:fs/promises';
import { FirewatchError } from '../core/errors.ts';
import { DEFAULT_MAX_INFLATED_BYTES, DEFAULT_RESPONSE_BUDGET_BYTES } from '../core/limits.ts';
import { DEFAULT_RETENTION_DAYS, DEFAULT_TEMPLATE_PRIORITY } from '../core/opensearch/index-template.ts';
import { sampleEventFormats } from '../core/samples/events.ts';
import { decodeCommand } from './cli/decode.ts';
import { type CommandHelp, commandPage, overview } from './cli/help.ts';
import { InputError, oneLine, type Output, standardOutputs, UsageError } from './cli/io.ts';
import { parserNames } from './cli/parser-options.ts';
import { sampleCommand, sampleOutputs } from './cli/sample.ts';
import { didYouMean } from './cli/suggest.ts';
import { transformCommand } from './cli/transform.ts';

const PARSER_OPTIONS = `Parsers:
    --parser NAME          parse every event (and plain log text) with NAME: ${parserNames()}
    --parsers GLOBS        log-group overrides, e.g. '/aws/rds/*/general=mysql-general,/app/*=json'
    --max-inflated BYTES   cap on inflated bytes per record (default ${DEFAULT_MAX_INFLATED_BYTES}, 64 MiB)`;

/** One command: its help and how to run it. Adding a command is adding an entry to {@link COMMANDS}. */
export interface Command extends CommandHelp {
  run(args: readonly string[], out: Output, err: Output): Promise<number>;
}

/**
 * Every command, in the order the overview lists them. Commands with heavy dependencies (the server,
 * the AWS-facing ones) load them when run, so the offline commands start fast.
 */
export const COMMANDS: readonly Command[] = [
  {
    name: 'decode',
    summary: 'recognise any CloudWatch Logs, Kinesis or Firehose input (or log text) and show what it holds',
    synopsis: 'firewatch decode [FILE] [--compact] [--documents] [--parser NAME] [--parsers GLOBS] [--max-inflated BYTES]',
    details: `  Recognise the input and decode every record in it: raw gzip (one record, or an S3 object of
  records back to back), a base64 record, a Firehose transformation event or response, a Firehose
  HTTP endpoint request body, a CloudWatch Logs Lambda event {"awslogs":...} or a Lambda on-failure
  record, a Kinesis event or \`aws kinesis get-records\` output, S3 backup lines (processing-failed,
  OpenSearch-failed, HTTP-endpoint-failed), a CloudWatch Logs envelope, or else plain log text (one
  event per entry, multi-line entries joined; --parser, or the parser detected from the text). Prints
  JSON: what the input is, a summary, and per record its envelopes, log events and the documents
  firewatch would index; on stderr, unparsed lines per parser with the most common reasons.
    --compact          one line of JSON instead of indented
    --documents        only the documents, one JSON object per line (NDJSON)
  ${PARSER_OPTIONS}

  Every input \`firewatch sample --output ...\` writes decodes, e.g.:
    firewatch sample --output processing-failed > processing-failed.json && firewatch decode processing-failed.json`,
    run: (args, out, err) => decodeCommand(args, out, err),
  },
  {
    name: 'transform',
    summary: "run a Firehose transformation event through the Lambda's planner: the answer per record",
    synopsis: `firewatch transform [FILE] [--mode split|ndjson] [--parser NAME] [--parsers GLOBS] [--budget BYTES]
                    [--max-inflated BYTES] [--reingest-out FILE] [--json | --table] [--pretty]`,
    details: `  Run a Firehose data-transformation event (FILE or stdin) through the firewatch Lambda's planner,
  offline. On a terminal: a table of the records with their result, events and first document, then
  what would be re-ingested and a one-line summary. Piped, or with --json: the Lambda response JSON on
  stdout, the re-ingestion plan (target, batches, each record's parent and events) on stderr or into
  --reingest-out FILE, then the summary line on stderr.
    --mode             split (default: one document per record, OpenSearch destination) or ndjson
    --budget BYTES     response size budget (default ${DEFAULT_RESPONSE_BUDGET_BYTES}); smaller forces re-ingestion
    --reingest-out F   write the re-ingestion plan as JSON to F (null when there is none)
    --json             the machine form (the default when stdout is not a terminal)
    --table            the table, also when stdout is not a terminal
    --pretty           indent the response JSON
  ${PARSER_OPTIONS}`,
    run: (args, out, err) => transformCommand(args, out, err),
  },
  {
    name: 'sample',
    summary: 'write realistic sample inputs: events, HTTP requests, records, log lines, backup lines, on-failure records',
    synopsis: `firewatch sample [--format FORMAT] [--records N] [--events N] [--source kinesis|direct] [--seed N]
                 [--output ${sampleOutputs.join('|')}] [--compact] [--gzip]`,
    details: `  Write a realistic, deterministic sample (the same --seed gives the same bytes) on stdout.
    --format           ${sampleEventFormats.join(', ')} (default mysql-general)
    --records N        records, one CloudWatch Logs envelope each (default 3)
    --events N         log events per record (default 5)
    --source           direct (CloudWatch Logs → Firehose, default) or kinesis (via a Kinesis stream)
    --output           event: a Firehose transformation Lambda event (default; paste it into the Lambda
                         console as a test event); http: a Firehose HTTP endpoint request body; record:
                         the gzip records back to back (binary); envelope: one JSON envelope per line;
                         lines: the raw log lines; processing-failed, opensearch-failed,
                         http-endpoint-failed: the S3 backup lines Firehose writes under
                         processing-failed/, AmazonOpenSearchService-failed/ and http-endpoint-failed/;
                         on-failure: Lambda on-failure destination records of the subscription Lambda
    --compact          one line of JSON instead of indented
    --gzip             gzip the output, as Firehose compresses S3 backups (binary: redirect it)`,
    run: (args, out) => sampleCommand(args, out),
  },
  {
    name: 'serve',
    summary: 'run the Firehose HTTP endpoint on Node (documents to OpenSearch, or to files under ./data)',
    synopsis: 'firewatch serve [--port N] [--host H] [--data DIR] [--workers N] [--playground]',
    details: `  Run the Firehose HTTP endpoint (protocol 1.0) on Node until Ctrl-C (npm start runs this).
  Documents go to OpenSearch when OPENSEARCH_URL is set (checked once at start-up: one line says
  whether it answers), else to NDJSON files (_bulk form, one per index) under ./data. Configuration
  from the environment (FIREWATCH_ACCESS_KEYS, FIREWATCH_INDEX, ... see README). GET /health answers
  200 ok, or 503 degraded with the sink's last error.
    --port N           default PORT or 8080 (0: any free port)
    --host H           default HOST or 127.0.0.1; anything but loopback needs FIREWATCH_ACCESS_KEYS
    --data DIR         files sink directory (default ./data)
    --workers N        processes sharing the port, one core each (default: one per core)
    --playground       also serve the built playground (npm run build:playground first) at /playground/`,
    run: async (args, out) => (await import('./cli/serve.ts')).serveCommand(args, out),
  },
  {
    name: 'send',
    summary: 'POST records to an HTTP endpoint as Firehose does (a sample, a request body, backup lines, ...)',
    synopsis: 'firewatch send URL [FILE] [--access-key K] [--gzip] [--records-per-request N] [--retry-seconds N]',
    details: `  POST records to an HTTP endpoint as Firehose does: protocol headers, a request id kept across
  retries, retries of 5xx, 429, 408 and no answer (1 s, doubling, ±15%) for --retry-seconds; other 4xx
  answers are final, as the endpoint meant them (413: too large). Nothing listening, a TLS mismatch or
  an unknown host is said in one line at once. FILE: a Firehose HTTP request body or transformation
  event, S3 backup lines (rawData) also gzip, a Lambda on-failure record, a CloudWatch Logs envelope or
  Lambda event, or raw gzip; no FILE: a built-in sample. One summary line per request.
    --access-key K     X-Amz-Firehose-Access-Key (default: the first of FIREWATCH_ACCESS_KEYS)
    --gzip             Content-Encoding: gzip
    --records-per-request N   default 500 (at most 10000); requests also stay near 4 MiB
    --retry-seconds N  how long to retry one request (default 60; 0: no retry)`,
    run: async (args, out) => (await import('./cli/send.ts')).sendCommand(args, out),
  },
  {
    name: 'opensearch',
    summary: 'prepare OpenSearch for the documents: opensearch setup (index templates, retention)',
    synopsis: 'firewatch opensearch setup [--index NAME] [--retention-days N] [--priority N] [--dry-run]',
    details: `  Prepare OpenSearch for firewatch's documents, idempotently: an index template for the index and
  its rotated indices (NAME, NAME-*) mapping every field firewatch writes, a template for the
  dead-letter index, and an ISM policy deleting rotated indices N days after their creation. Reads
  what is there and writes only what is missing or different; one line per item: created, updated,
  unchanged or skipped. Connection and auth as the sink: OPENSEARCH_URL, FIREWATCH_OPENSEARCH_AUTH and
  its credentials, FIREWATCH_INDEX_ROTATION... (see README).
    --index NAME       base index (default FIREWATCH_INDEX, else cloudwatch-logs)
    --retention-days N delete rotated indices N days after their creation (default ${DEFAULT_RETENTION_DAYS})
    --priority N       priority of the templates and the ISM template (default ${DEFAULT_TEMPLATE_PRIORITY}); indices whose
                         patterns overlap (logs-*, logs-audit-*) need different ones
    --dry-run          print the requests, as Dev Tools console input, without contacting OpenSearch`,
    run: async (args, out) => (await import('./cli/opensearch.ts')).opensearchCommand(args, out),
  },
  {
    name: 'cost',
    summary: 'the monthly cost of each deployment for a log volume, at us-east-1 list prices',
    synopsis: `firewatch cost (--events-per-second N | --gb-per-day N) (--line-bytes N | --sample FILE) [--events-per-record N]
               [--compression-ratio N] [--memory MB] [--architecture arm64|x86_64] [--stream provisioned|on-demand]
               [--wait-ms-per-mb N] [--batch-size N] [--prices FILE] [--price KEY=USD]... [--json]`,
    details: `  The monthly cost of each deployment (split via Firehose, HTTP endpoint, subscription Lambda,
  Kinesis consumer) and of an OpenSearch Ingestion pipeline at its minimum, for a log volume, at
  us-east-1 list prices (each printed with its source page and date). Lambda time comes from
  npm run bench; CloudWatch Logs and the OpenSearch domain, the same on every path, are left out.
    --sample FILE      measure the line size (and events per record, gzip ratio) from anything
                         decode reads: records, an event, backup lines, log text
    --events-per-record N   events per CloudWatch Logs delivery (default 100, or the sample's)
    --compression-ratio N   inflated ÷ gzip size of a delivery (default 6, or the sample's)
    --wait-ms-per-mb N billed time per inflated MB spent waiting for OpenSearch (default 0)
    --prices FILE      JSON of price keys to USD (or {"usd": n, "source": ...}); --price KEY=USD
    --json             the whole estimate as JSON`,
    run: async (args, out) => (await import('./cli/cost.ts')).costCommand(args, out),
  },
];

/** `help` is a command too, for the overview and "did you mean". */
const HELP: CommandHelp = {
  name: 'help',
  summary: 'this overview; firewatch help COMMAND (or COMMAND --help) for one command',
  synopsis: 'firewatch help [COMMAND]',
  details: '',
};

/** The package version, for `--version` and the overview: package.json above this file (scripts/), or above the bundle (dist/cli/). */
async function version(): Promise<string> {
  for (const path of ['../package.json', '../../package.json']) {
    const text = await readFile(new URL(path, import.meta.url), 'utf8').catch(() => undefined);
    const parsed = text === undefined ? undefined : (JSON.parse(text) as { name?: string; version?: string });
    if (parsed?.name === 'firewatch' && parsed.version !== undefined) return parsed.version;
  }
  return 'unknown';
}

/**
 * Runs one command line (without `node` and the script name) and resolves to the exit code.
 *
 * @example
 * ```ts
 * process.exitCode = await main(["decode", "record.gz"]);
 * ```
 */
export async function main(argv: readonly string[]): Promise<number> {
  const { out, err } = standardOutputs();
  const [name, ...args] = argv;
  const command = COMMANDS.find((c) => c.name === name);
  try {
    if (name === '--version' || name === '-v' || name === 'version') {
      await out.write(`firewatch ${await version()}\n`);
      return 0;
    }
    if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
      const topic = name === 'help' ? args[0] : undefined;
      if (topic === undefined) {
        // No command at all is a usage mistake (exit 2), but the answer is the same overview.
        await (name === undefined ? err : out).write(overview([...COMMANDS, HELP], await version()));
        return name === undefined ? 2 : 0;
      }
      const page = COMMANDS.find((c) => c.name === topic);
      if (page === undefined) throw new UsageError(`no command ${JSON.stringify(topic)}${didYouMean(topic, COMMANDS.map((c) => c.name))}`);
      await out.write(commandPage(page));
      return 0;
    }
    if (command === undefined) {
      const names = [...COMMANDS, HELP].map((c) => c.name);
      const hint = name.startsWith('-') ? didYouMean(name, ['--help', '--version']) : didYouMean(name, names);
      await err.write(`firewatch: unknown command ${JSON.stringify(name)}${hint} (firewatch help lists the commands)\n`);
      return 2;
    }
    if (args.includes('--help') || args.includes('-h')) {
      await out.write(commandPage(command));
      return 0;
    }
    return await command.run(args, out, err);
  } catch (error) {
    return await report(error, command?.name ?? name, err);
  } finally {
    await out.flush();
    await err.flush();
  }
}

/** Turns a failure into one line on stderr and an exit code; a stack trace only for a real bug, and only on request. */
async function report(error: unknown, command: string | undefined, err: ReturnType<typeof standardOutputs>['err']): Promise<number> {
  if (error instanceof UsageError) {
    await err.write(
      `firewatch ${command}: ${oneLine(error.message)} (firewatch ${
        command === undefined || command === 'help' ? 'help' : `${command} --help`
      } shows the usage)\n`,
    );
    return 2;
  }
  if (error instanceof InputError || error instanceof FirewatchError) {
    await err.write(`${oneLine(error.message)}\n`);
    return 1;
  }
  const message = error instanceof Error ? error.message : String(error);
  await err.write(
    `firewatch ${command}: internal error: ${oneLine(message)}${
      process.env['FIREWATCH_DEBUG'] ? `\n${(error as Error).stack ?? ''}` : ' (set FIREWATCH_DEBUG=1 for a stack trace)'
    }\n`,
  );
  return 1;
}
