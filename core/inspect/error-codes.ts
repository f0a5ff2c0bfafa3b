/**
 * What each error code Firehose writes into its S3 backup lines (and its `DestinationDelivery` log)
 * means for a firewatch deployment, and what to do about it. One home for this knowledge: the
 * playground shows the line beside every failed record, and the README's "Troubleshooting by error
 * code" table is {@link errorCodeTable}'s output.
 *
 * Texts may hold `code spans` in backticks (Markdown); a page renders them as code.
 *
 * @example
 * ```ts
 * const help = explainErrorCode("Lambda.ProcessingFailedStatus");
 * help?.meaning; // "firewatch answered `ProcessingFailed` on purpose: ..."
 * help?.action;  // "`firewatch decode` on the backup file names the problem per record; ..."
 * ```
 * @module
 */

/** One row of the troubleshooting table. */
export interface ErrorCodeHelp {
  /** The code column, Markdown: the codes (or the kind of failure) the row is about. */
  readonly label: string;
  /** What it means. */
  readonly meaning: string;
  /** What to do. */
  readonly action: string;
  /** True when a backup line with this `errorCode` (and `errorMessage`) is what the row is about. */
  readonly matches: (code: string, message: string) => boolean;
}

const exactly = (...codes: string[]) => (code: string): boolean => codes.includes(code);

/** OpenSearch delivery codes: `OS.*`, `ES.*` (older streams), or the HTTP status OpenSearch answered. */
const isOpenSearchCode = (code: string): boolean => /^(?:OS|ES|AmazonOpenSearch|Elasticsearch)/i.test(code) || /^\d{3}$/.test(code);

/** The rows, in the order the README shows them; the first that matches a code explains it. */
export const ERROR_CODES: readonly ErrorCodeHelp[] = [
  {
    label: '`Lambda.MissingRecordId`, `Lambda.DuplicatedRecordId`',
    meaning: 'the answer did not hold every input `recordId` exactly once',
    action:
      "firewatch always answers each `recordId` once: the processor runs another function (a patched blueprint that invents ids). Check the delivery stream's processor `LambdaArn`.",
    matches: exactly('Lambda.MissingRecordId', 'Lambda.DuplicatedRecordId'),
  },
  {
    label: '`Lambda.FunctionError`',
    meaning: 'the function threw, timed out, or answered more than 6 MB',
    action:
      "read the function's log: a `CONFIG_INVALID` line at start-up names the bad variable; `Task timed out` wants a longer `LambdaTimeoutSeconds` or a smaller `ProcessorBufferSizeMB`.",
    matches: exactly('Lambda.FunctionError'),
  },
  {
    label: '`Lambda.JsonProcessingException`',
    meaning: 'the answer was not a valid Firehose response',
    action: "a different function again: firewatch's answers are checked by its tests.",
    matches: exactly('Lambda.JsonProcessingException'),
  },
  {
    label: '`Lambda.InvokeAccessDenied`',
    meaning: 'Firehose may not invoke the function',
    action: 'the template grants it; a hand-made stream needs `lambda:InvokeFunction` on the function in its role.',
    matches: exactly('Lambda.InvokeAccessDenied'),
  },
  {
    label: '`Lambda.ProcessingFailedStatus`',
    meaning:
      "firewatch answered `ProcessingFailed` on purpose: the record's data is not a CloudWatch Logs record (bad base64 or gzip, a gzip bomb, invalid JSON or envelope, non-UTF-8, an event too large), or its re-ingestion failed after retries",
    action:
      "`firewatch decode` on the backup file names the problem per record; records whose re-ingestion failed decode fine and can be replayed. The function's EMF line counts them (`RecordsProcessingFailed`, `ReingestFailed`).",
    matches: exactly('Lambda.ProcessingFailedStatus'),
  },
  {
    label: '`HttpEndpoint.DestinationException`',
    meaning: "the endpoint answered something other than 200; Firehose logs the status and the answer's `errorMessage`",
    action:
      "401: the key Firehose sends is not the secret's (a secret rotated outside Secrets Manager, or `FIREWATCH_ACCESS_KEYS` set by hand); 400: a malformed request (the message says which header or field); 503: OpenSearch unreachable or throttling past the deadline; 500: OpenSearch refused documents and the dead-letter write failed too. The endpoint logs one line per failed delivery.",
    matches: exactly('HttpEndpoint.DestinationException'),
  },
  {
    label: 'other `HttpEndpoint.*` codes',
    meaning: 'connection failures, timeouts (Firehose waits 3 minutes) or an invalid answer',
    action: 'check the function URL answers (`curl -X POST <url>` gets a JSON 400); a timeout wants a smaller `BufferingSizeMB` or more `LambdaMemoryMB`.',
    matches: (code) => code.startsWith('HttpEndpoint.'),
  },
  {
    label: 'mapping errors (`mapper_parsing_exception` in `AmazonOpenSearchService-failed/` lines, or documents in `deadletter-<index>`)',
    meaning:
      'a field arrived with a type the index mapping refuses: typically an index created before `firewatch opensearch setup`, or a user JSON field whose type changes between events',
    action:
      "run `firewatch opensearch setup` (new indices get the mappings; the current day's index keeps its own until it rotates), then replay the documents.",
    matches: (code, message) => /mapper_?parsing|MapperParsing|illegal_argument_exception|document_parsing_exception/i.test(`${code} ${message}`),
  },
  {
    label: '403 access errors in `DestinationDelivery`',
    meaning: 'the domain refuses the Firehose role',
    action: 'allow the role in the domain\'s access policy and map it under fine-grained access control ("Before you deploy: the OpenSearch domain").',
    matches: (code, message) => isOpenSearchCode(code) && /\b403\b|AccessDenied|security_exception|Forbidden/i.test(`${code} ${message}`),
  },
  {
    label: 'other OpenSearch codes (`OS.*`, `ES.*`, an HTTP status) in `AmazonOpenSearchService-failed/` lines',
    meaning:
      'OpenSearch did not take the document within the retry duration: unreachable, throttling (429), a full or read-only cluster, or a refusal the message names',
    action:
      "read `errorMessage` (OpenSearch's own answer); once the domain is healthy, replay the lines' documents (`rawData`) with `firewatch send` or a bulk request.",
    matches: isOpenSearchCode,
  },
];

/**
 * The row that explains a backup line's `errorCode` (with its `errorMessage`, which tells mapping and
 * access errors from other OpenSearch failures), or undefined for a code firewatch knows nothing about.
 *
 * @example
 * ```ts
 * explainErrorCode("HttpEndpoint.ResponseTimeout")?.label; // "other `HttpEndpoint.*` codes"
 * explainErrorCode("400", '{"type":"mapper_parsing_exception"}')?.label.startsWith("mapping errors"); // true
 * ```
 */
export function explainErrorCode(code: string, message = ''): ErrorCodeHelp | undefined {
  return ERROR_CODES.find((help) => help.matches(code, message));
}

/**
 * The README's troubleshooting table as Markdown, one row per entry of {@link ERROR_CODES}.
 *
 * @example
 * ```ts
 * errorCodeTable().split("\n")[0]; // "| code | what it means | what to do |"
 * ```
 */
export function errorCodeTable(): string {
  const cell = (text: string) => text.replaceAll('|', '\\|');
  return [
    '| code | what it means | what to do |',
    '| --- | --- | --- |',
    ...ERROR_CODES.map((h) => `| ${cell(h.label)} | ${cell(h.meaning)} | ${cell(h.action)} |`),
  ].join('\n');
}
