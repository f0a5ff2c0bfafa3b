/**
 * The `firewatch` command line: decode anything CloudWatch Logs, Kinesis and Firehose produce, run the
 * transformation offline, write sample inputs, serve and feed the HTTP endpoint, and prepare OpenSearch
 * (`opensearch setup`). No AWS API calls. scripts/firewatch.mjs runs this through
 * tsx; `main` returns the exit code instead of exiting, so output is flushed first.
 *
 * @example
 * ```sh
 * npm run --silent firewatch -- sample --format mixed --records 10 | npm run --silent firewatch -- transform
 * ```
 * @module
 */
import { FirewatchError } from '../core/errors.ts';
import { DEFAULT_MAX_INFLATED_BYTES, DEFAULT_RESPONSE_BUDGET_BYTES } from '../core/limits.ts';
import { DEFAULT_RETENTION_DAYS, DEFAULT_TEMPLATE_PRIORITY } from '../core/opensearch/index-template.ts';
import { sampleEventFormats } from '../core/samples/events.ts';
import { decodeCommand } from './cli/decode.ts';
import { InputError, oneLine, standardOutputs, UsageError } from './cli/io.ts';
import { parserNames } from './cli/parser-options.ts';
import { sampleCommand, sampleOutputs } from './cli/sample.ts';
import { transformCommand } from './cli/transform.ts';

/** The usage text, printed by `firewatch help`. */
export const USAGE = `firewatch: CloudWatch Logs → Kinesis → Firehose → OpenSearch data, decoded and transformed offline.

Usage:
  firewatch decode [FILE] [--compact] [--documents] [--parser NAME] [--parsers GLOBS] [--max-inflated BYTES]
  firewatch transform [FILE] [--mode split|ndjson] [--parser NAME] [--parsers GLOBS] [--budget BYTES]
                      [--max-inflated BYTES] [--reingest-out FILE] [--pretty]
  firewatch sample [--format FORMAT] [--records N] [--events N] [--source kinesis|direct] [--seed N]
                   [--output ${sampleOutputs.join('|')}] [--compact]
  firewatch serve [--port N] [--host H] [--data DIR] [--playground]
  firewatch send URL [FILE] [--access-key K] [--gzip] [--records-per-request N] [--retry-seconds N]
  firewatch opensearch setup [--index NAME] [--retention-days N] [--priority N] [--dry-run]
  firewatch cost (--events-per-second N | --gb-per-day N) (--line-bytes N | --sample FILE) [--events-per-record N]
                 [--compression-ratio N] [--memory MB] [--architecture arm64|x86_64] [--stream provisioned|on-demand]
                 [--wait-ms-per-mb N] [--batch-size N] [--prices FILE] [--price KEY=USD]... [--json]
  firewatch help

Commands:
  decode     Recognise the input and decode every record in it: raw gzip (one record, or an S3 object of
             records back to back), a base64 record, a Firehose transformation event or response, a Firehose
             HTTP endpoint request body, a CloudWatch Logs Lambda event {"awslogs":...}, a Kinesis event or
             \`aws kinesis get-records\` output, S3 backup lines (processing-failed, OpenSearch-failed,
             HTTP-endpoint-failed), a CloudWatch Logs envelope, or else plain log text (one event per entry,
             multi-line entries joined; --parser, or the parser detected from the text). Prints JSON: what
             the input is, a summary, and per record its envelopes, log events and the documents firewatch
             would index; on stderr, unparsed lines per parser with the most common reasons.
               --compact          one line of JSON instead of indented
               --documents        only the documents, one JSON object per line (NDJSON)
  transform  Run a Firehose data-transformation event (FILE or stdin) through the firewatch Lambda's
             planner. Prints the Lambda response on stdout; the re-ingestion plan (target, batches, each
             record's parent and events) on stderr, or into --reingest-out FILE; then a one-line summary.
               --mode             split (default: one document per record, OpenSearch destination) or ndjson
               --budget BYTES     response size budget (default ${DEFAULT_RESPONSE_BUDGET_BYTES}); smaller forces re-ingestion
               --reingest-out F   write the re-ingestion plan as JSON to F (null when there is none)
               --pretty           indent the response
  sample     Write a realistic, deterministic sample (the same --seed gives the same bytes).
               --format           ${sampleEventFormats.join(', ')} (default mysql-general)
               --records N        records, one CloudWatch Logs envelope each (default 3)
               --events N         log events per record (default 5)
               --source           direct (CloudWatch Logs → Firehose, default) or kinesis (via a Kinesis stream)
               --output           event: a Firehose transformation Lambda event (default; paste it into the
                                    Lambda console as a test event); http: a Firehose HTTP endpoint request
                                    body; record: the gzip records back to back (binary); envelope: one JSON
                                    envelope per line; lines: the raw log lines
               --compact          one line of JSON instead of indented
  serve      Run the Firehose HTTP endpoint (protocol 1.0) on Node until Ctrl-C. Documents go to OpenSearch
             when OPENSEARCH_URL is set, else to NDJSON files (_bulk form, one per index) under ./data.
             Configuration from the environment (FIREWATCH_ACCESS_KEYS, FIREWATCH_INDEX, ... see README).
               --port N           default PORT or 8080 (0: any free port)
               --host H           default HOST or 127.0.0.1; anything but loopback needs FIREWATCH_ACCESS_KEYS
               --data DIR         files sink directory (default ./data)
               --playground       also serve the built playground (npm run build:playground) at /playground/
  send       POST records to an HTTP endpoint as Firehose does: protocol headers, a request id kept across
             retries, retries of non-200 answers (1 s, doubling, ±15%; 413 is final). FILE: a Firehose HTTP
             request body or transformation event, S3 backup lines (rawData), a CloudWatch Logs envelope or
             Lambda event, or raw gzip; no FILE: a built-in sample. One summary line per request.
               --access-key K     X-Amz-Firehose-Access-Key (default: the first of FIREWATCH_ACCESS_KEYS)
               --gzip             Content-Encoding: gzip
               --records-per-request N   default 500 (at most 10000); requests also stay near 4 MiB
               --retry-seconds N  retry duration per request (default 60)
  opensearch setup
             Prepare OpenSearch for firewatch's documents, idempotently: an index template for the index and
             its rotated indices (NAME, NAME-*) mapping every field firewatch writes, a template for the
             dead-letter index, and an ISM policy deleting rotated indices N days after their creation. Reads
             what is there and writes only what is missing or different; one line per item: created,
             updated, unchanged or skipped. Connection and auth as the sink: OPENSEARCH_URL,
             FIREWATCH_OPENSEARCH_AUTH and its credentials, FIREWATCH_INDEX_ROTATION... (see README).
               --index NAME       base index (default FIREWATCH_INDEX, else cloudwatch-logs)
               --retention-days N delete rotated indices N days after their creation (default ${DEFAULT_RETENTION_DAYS})
               --priority N       priority of the templates and the ISM template (default ${DEFAULT_TEMPLATE_PRIORITY}); indices whose
                                    patterns overlap (logs-*, logs-audit-*) need different ones
               --dry-run          print the requests, as Dev Tools console input, without contacting OpenSearch
  cost       The monthly cost of each deployment (split via Firehose, HTTP endpoint, subscription Lambda,
             Kinesis consumer) and of an OpenSearch Ingestion pipeline (1 OCU or more), for a log volume, at
             us-east-1 list prices (each printed with its source page and date). Lambda time comes from
             npm run bench; CloudWatch Logs and the OpenSearch domain, the same on every path, are left out.
               --sample FILE      measure the line size (and events per record, gzip ratio) from anything
                                    decode reads: records, an event, backup lines, log text
               --events-per-record N   events per CloudWatch Logs delivery (default 100, or the sample's)
               --compression-ratio N   inflated ÷ gzip size of a delivery (default 6, or the sample's)
               --wait-ms-per-mb N billed time per inflated MB spent waiting for OpenSearch (default 0)
               --prices FILE      JSON of price keys to USD (or {"usd": n, "source": ...}); --price KEY=USD
               --json             the whole estimate as JSON

Options of decode and transform:
  --parser NAME          parse every event (and plain log text) with NAME: ${parserNames()}
  --parsers GLOBS        log-group overrides, e.g. '/aws/rds/*/general=mysql-general,/app/*=json'
  --max-inflated BYTES   cap on inflated bytes per record (default ${DEFAULT_MAX_INFLATED_BYTES}, 64 MiB)

FILE "-" or no FILE reads stdin. Exit status: 0 success; 1 bad input (one line per problem on stderr,
e.g. "firewatch: records[3].data: gzip data ends before its 8-byte trailer", a request not answered 200
by send, or an opensearch setup step OpenSearch refused); 2 wrong usage.
`;

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
  const [command, ...args] = argv;
  try {
    if (command === 'help' || command === '--help' || command === '-h' || (command !== undefined && isCommand(command) && (args.includes('--help') || args.includes('-h')))) {
      await out.write(USAGE);
      return 0;
    }
    switch (command) {
      case 'decode':
        return await decodeCommand(args, out, err);
      case 'transform':
        return await transformCommand(args, out, err);
      case 'sample':
        return await sampleCommand(args, out);
      // Loaded on demand: the server's dependencies need not slow down the offline commands.
      case 'serve':
        return await (await import('./cli/serve.ts')).serveCommand(args, out);
      case 'send':
        return await (await import('./cli/send.ts')).sendCommand(args, out);
      case 'opensearch':
        return await (await import('./cli/opensearch.ts')).opensearchCommand(args, out);
      case 'cost':
        return await (await import('./cli/cost.ts')).costCommand(args, out);
      case undefined:
        await err.write(USAGE);
        return 2;
      default:
        await err.write(`firewatch: unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    return await report(error, command, err);
  } finally {
    await out.flush();
    await err.flush();
  }
}

const isCommand = (name: string) => ['decode', 'transform', 'sample', 'serve', 'send', 'opensearch', 'cost'].includes(name);

/** Turns a failure into one line on stderr and an exit code; a stack trace only for a real bug, and only on request. */
async function report(error: unknown, command: string | undefined, err: ReturnType<typeof standardOutputs>['err']): Promise<number> {
  if (error instanceof UsageError) {
    await err.write(`firewatch ${command}: ${oneLine(error.message)} (see firewatch help)\n`);
    return 2;
  }
  if (error instanceof InputError || error instanceof FirewatchError) {
    await err.write(`${oneLine(error.message)}\n`);
    return 1;
  }
  const message = error instanceof Error ? error.message : String(error);
  await err.write(`firewatch ${command}: internal error: ${oneLine(message)}${process.env['FIREWATCH_DEBUG'] ? `\n${(error as Error).stack ?? ''}` : ' (set FIREWATCH_DEBUG=1 for a stack trace)'}\n`);
  return 1;
}
