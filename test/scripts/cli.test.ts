/**
 * The real CLI as a subprocess (`node scripts/firewatch.mjs ...`, stdin piped): what users and scripts see.
 * Tests run concurrently; each spawn costs ~0.3 s of tsx start-up.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { rmSync } from 'node:fs';
import { encodeBase64 } from '../../core/bytes/base64.ts';
import { planTransformation } from '../../core/firehose/transform.ts';
import { buildSampleEvent, buildSampleHttpRequest, buildSampleRecords } from '../../core/samples/events.ts';
import { buildControlMessage, buildEnvelope, buildTransformationEvent, encodeRecord } from '../../core/samples/records.ts';
import { buildSampleBackupLines } from '../../core/samples/failures.ts';
import { decodeInput } from '../../core/inspect/decode-input.ts';
import { nodeCodecs } from '../../scripts/node/codecs.ts';
import { COMMANDS } from '../../scripts/cli.ts';
import { commandPage } from '../../scripts/cli/help.ts';
import { closest } from '../../scripts/cli/suggest.ts';

// Subprocess tests queue for a free core (see run): a test may wait its turn well beyond vitest's default.
vi.setConfig({ testTimeout: 120_000 });

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'scripts', 'firewatch.mjs');
const dir = mkdtempSync(join(tmpdir(), 'firewatch-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  readonly code: number | null;
  readonly stdout: Buffer;
  readonly text: string;
  readonly stderr: string;
  /** Non-empty stderr lines. */
  readonly errLines: string[];
}

/**
 * At most this many CLI processes at once: the concurrent tests would otherwise start dozens together,
 * each paying tsx's start-up, and on a busy two-core machine none would finish within a test's timeout.
 */
const MAX_CHILDREN = 2;
let children = 0;
const waiting: (() => void)[] = [];

/** Runs the CLI with `args`, piping `stdin` (closed empty when absent, so nothing waits on a terminal). */
async function run(args: readonly string[], stdin?: string | Uint8Array): Promise<Run> {
  if (children >= MAX_CHILDREN) await new Promise<void>((resolve) => waiting.push(resolve));
  children++;
  try {
    return await spawnCli(args, stdin);
  } finally {
    children--;
    waiting.shift()?.();
  }
}

function spawnCli(args: readonly string[], stdin?: string | Uint8Array): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, FIREWATCH_DEBUG: '' } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      const stdout = Buffer.concat(out);
      const stderr = Buffer.concat(err).toString('utf8');
      resolve({ code, stdout, text: stdout.toString('utf8'), stderr, errLines: stderr.split('\n').filter((l) => l !== '') });
    });
    child.stdin.end(stdin === undefined ? undefined : Buffer.from(stdin));
  });
}

/** Writes a fixture file and returns its path. */
function fixture(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const concat = (parts: readonly Uint8Array[]) => Buffer.concat(parts.map((p) => Buffer.from(p)));
const QUERY = '2026-11-25T11:41:00.123456Z\t   42 Query\tSELECT 1';
const noStackTrace = (stderr: string) => expect(stderr).not.toMatch(/^\s+at |Error:|node:internal/m);

describe.concurrent('firewatch help and usage', () => {
  it("prints the overview for help and --help, and one command's page for COMMAND --help and help COMMAND", async () => {
    const overview = await run(['--help']);
    expect(overview.code).toBe(0);
    expect(overview.text).toMatch(/^firewatch \d+\.\d+\.\d+: /);
    expect(overview.text).toContain('\nCommands:\n  decode ');
    expect(overview.stderr).toBe('');
    const page = await run(['help', 'transform']);
    expect(page.code).toBe(0);
    expect(page.text).toMatch(/^firewatch transform \[FILE\] /);
    expect(page.text).toContain('--json');
    expect(page.text).not.toContain('firewatch decode [FILE]');
    const send = await run(['send', '--help']);
    expect(send.text).toMatch(/^firewatch send URL \[FILE\]/);
    expect(send.text).toContain('--retry-seconds N');
    // Every command has its own page, and the overview lists each.
    for (const command of COMMANDS) {
      expect(commandPage(command)).toMatch(new RegExp(`^firewatch ${command.name}\\b`));
      expect(overview.text).toContain(`\n  ${command.name} `);
    }
  });

  it('prints the version for --version, from package.json', async () => {
    const version = await run(['--version']);
    expect(version.code).toBe(0);
    expect(version.text).toBe(`firewatch ${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version}\n`);
  });

  it('exits 2 with one line for an unknown command or option, suggesting the one meant', async () => {
    const none = await run([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('\nCommands:\n');
    expect((await run(['sned'])).errLines).toEqual(['firewatch: unknown command "sned"; did you mean send? (firewatch help lists the commands)']);
    // What is close enough to suggest (in-process: no more subprocesses than needed).
    const names = COMMANDS.map((c) => c.name);
    expect([
      closest('frobnicate', names),
      closest('decdoe', names),
      closest('opensaerch', names),
      closest('tran', names),
      closest('--verison', ['--help', '--version']),
    ]).toEqual([undefined, 'decode', 'opensearch', 'transform', '--version']);
    const flag = await run(['send', 'http://127.0.0.1:9/', '--retry-secons', '5']);
    expect([flag.code, flag.errLines]).toEqual([2, [
      'firewatch send: unknown option --retry-secons; did you mean --retry-seconds? (firewatch send --help shows the usage)',
    ]]);
    const negative = await run(['opensearch', 'setup', '--retention-days', '-3']);
    expect([negative.code, negative.errLines]).toEqual([2, [
      'firewatch opensearch: --retention-days must be a whole number from 1 to 36500, got "-3" (firewatch opensearch --help shows the usage)',
    ]]);
    const bad = await run(['sample', '--records', 'lots']);
    expect(bad.code).toBe(2);
    expect(bad.errLines).toEqual(['firewatch sample: --records must be a whole number from 1 to 10000, got "lots" (firewatch sample --help shows the usage)']);
    const option = await run(['decode', '--parser', 'klingon'], '{}');
    expect(option.code).toBe(2);
    expect(option.errLines).toHaveLength(1);
    expect(option.errLines[0]).toMatch(/^firewatch decode: --parser: unknown parser "klingon"; known parsers: mysql-general, /);
  });
});

describe.concurrent('firewatch sample → transform', () => {
  it('answers every record of a sample exactly once (split: the rest planned for re-ingestion on stderr)', async () => {
    const sample = await run(['sample', '--format', 'mixed', '--records', '6', '--events', '4', '--seed', '3']);
    expect(sample.code).toBe(0);
    const event = JSON.parse(sample.text);
    expect(event.records).toHaveLength(6);

    const result = await run(['transform'], sample.stdout);
    expect(result.code).toBe(0);
    const response = JSON.parse(result.text);
    expect(response.records.map((r: { recordId: string }) => r.recordId)).toEqual(event.records.map((r: { recordId: string }) => r.recordId));
    // The plan is indented JSON on stderr, the summary its last line.
    const summary = result.errLines.at(-1)!;
    expect(summary).toMatch(/^firewatch transform: 6 records → \d+ Ok, \d+ Dropped, 0 ProcessingFailed; /);
    const plan = JSON.parse(result.stderr.slice(0, result.stderr.lastIndexOf('firewatch transform:')));
    expect(plan).toMatchObject({ service: 'firehose', deliveryStreamName: 'firewatch-rds' });
    const ok = response.records.filter((r: { result: string }) => r.result === 'Ok').length;
    expect(plan.totals.events).toBe(ok * 3); // each data record answers one of its 4 events, re-ingests 3
  });

  it("writes the Kinesis re-ingestion plan into --reingest-out, with each record's parent and events", async () => {
    const sample = await run(['sample', '--records', '3', '--events', '3', '--source', 'kinesis', '--compact']);
    const event = JSON.parse(sample.text);
    expect(event.sourceKinesisStreamArn).toMatch(/^arn:aws:kinesis:/);
    const out = join(dir, 'reingest-kinesis.json');
    const result = await run(['transform', '--reingest-out', out, '--parser', 'text'], sample.stdout);
    expect(result.code).toBe(0);
    expect(result.errLines).toHaveLength(1); // only the summary: the plan went to the file
    const plan = JSON.parse(readFileSync(out, 'utf8'));
    expect(plan).toMatchObject({ service: 'kinesis', streamName: 'firewatch-rds', region: 'us-east-1', totals: { batches: 1, records: 6, events: 6 } });
    const first = plan.batches[0].records[0];
    expect(first).toMatchObject({ parent: 0, parentRecordId: event.records[0].recordId });
    expect(first.partitionKey).toMatch(/^3\d+$/);
    expect(first.events).toEqual([
      expect.objectContaining({ logGroup: '/aws/rds/instance/shop-db/general', message: expect.stringMatching(/^2026-11-25T11:41/) }),
    ]);
    expect(Buffer.from(first.data, 'base64').length).toBe(first.bytes);
    const response = JSON.parse(result.text);
    const document = JSON.parse(Buffer.from(response.records[0].data, 'base64').toString('utf8'));
    expect(document.parser).toBe('text');
  });

  it('answers with NDJSON in ndjson mode, and writes null when nothing is re-ingested', async () => {
    const event = buildSampleEvent({ format: 'postgresql', records: 2, events: 3 });
    const out = join(dir, 'reingest-none.json');
    const result = await run(['transform', '--mode', 'ndjson', '--reingest-out', out, '--pretty', fixture('ndjson-event.json', JSON.stringify(event))]);
    expect(result.code).toBe(0);
    const response = JSON.parse(result.text);
    expect(result.text).toContain('\n  "records": [');
    const lines = Buffer.from(response.records[0].data, 'base64').toString('utf8').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).parser)).toEqual(['postgresql', 'postgresql', 'postgresql']);
    expect(readFileSync(out, 'utf8')).toBe('null\n');
    expect(result.errLines).toEqual([expect.stringContaining('; nothing to re-ingest; response ')]);
  });

  it('is deterministic for a seed', async () => {
    const [a, b, c] = await Promise.all([
      run(['sample', '--format', 'mysql-slow', '--seed', '7', '--output', 'lines']),
      run(['sample', '--format', 'mysql-slow', '--seed', '7', '--output', 'lines']),
      run(['sample', '--format', 'mysql-slow', '--seed', '8', '--output', 'lines']),
    ]);
    expect(a.text).toBe(b.text);
    expect(a.text).not.toBe(c.text);
    expect(a.text).toMatch(/^# Time: 2026-11-25T11:41:00\.\d{6}Z\n# User@Host: app\[app\]/);
  });
});

describe.concurrent('firewatch decode', () => {
  const record = () => encodeRecord(buildEnvelope({ lines: [QUERY, QUERY], logGroup: '/aws/rds/instance/shop-db/general' }));
  const decodeFile = async (name: string, content: string | Uint8Array, ...args: string[]) => {
    const result = await run(['decode', '--compact', ...args, fixture(name, content)]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.text.split('\n')).toHaveLength(2); // --compact: one line
    return JSON.parse(result.text);
  };

  it('reads an S3 object of gzip records back to back, binary-safe from stdin too', async () => {
    const records = buildSampleRecords({ records: 4, events: 2 });
    const fromFile = await decodeFile('s3-object.gz', concat(records));
    expect(fromFile).toMatchObject({ kind: 'gzip', summary: { records: 4, events: 8, errors: 0 } });
    const sample = await run(['sample', '--records', '4', '--events', '2', '--output', 'record']);
    const fromStdin = await run(['decode'], sample.stdout);
    expect(JSON.parse(fromStdin.text)).toMatchObject({ kind: 'gzip', summary: { records: 4, events: 8 } });
    expect(fromStdin.text).toContain('\n  "summary": {'); // indented by default
  });

  it('reads a base64 record with CRLF line breaks from stdin', async () => {
    const text = (encodeBase64(record()).match(/.{1,76}/g) ?? []).join('\r\n') + '\r\n';
    const result = await run(['decode', '--compact'], text);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.text)).toMatchObject({ kind: 'base64-record', summary: { records: 1, events: 2 } });
  });

  it('reads a transformation event, its response and an HTTP endpoint request', async () => {
    const event = buildSampleEvent({ format: 'mixed', records: 5, events: 2, seed: 2 });
    const response = planTransformation(event, { mode: 'ndjson' }).response;
    const http = buildSampleHttpRequest({ records: 2, events: 2 });
    const [e, r, h] = await Promise.all([
      decodeFile('event.json', JSON.stringify(event, null, 2)),
      decodeFile('response.json', JSON.stringify(response)),
      decodeFile('http.json', JSON.stringify(http)),
    ]);
    expect(e).toMatchObject({ kind: 'firehose-transformation-event', summary: { records: 5, errors: 0 } });
    expect(r.kind).toBe('firehose-transformation-response');
    expect(r.summary.documents).toBe(e.summary.events);
    expect(h).toMatchObject({ kind: 'firehose-http-endpoint-request', summary: { records: 2, events: 4 }, context: { requestId: http.requestId } });
  });

  it('reads a Lambda subscription event, an envelope, and S3 backup lines', async () => {
    const backup = [
      {
        attemptsMade: 4,
        arrivalTimestamp: 1795606865000,
        errorCode: 'Lambda.ProcessingFailedStatus',
        errorMessage: 'failed',
        attemptEndingTimestamp: 1795606925000,
        rawData: encodeBase64(record()),
        lambdaArn: 'arn:aws:lambda:us-east-1:123456789012:function:f',
      },
      {
        attemptsMade: 1,
        arrivalTimestamp: 1795606865000,
        errorCode: '400',
        errorMessage: 'mapper_parsing_exception',
        attemptEndingTimestamp: 1795606925000,
        rawData: encodeBase64(Buffer.from('{"message":"x"}')),
        esDocumentId: 'd1',
        esIndexName: 'logs',
        esTypeName: '',
      },
    ];
    const [a, env, backupRun] = await Promise.all([
      decodeFile('awslogs.json', JSON.stringify({ awslogs: { data: encodeBase64(record()) } })),
      decodeFile('envelope.json', JSON.stringify(buildControlMessage())),
      run(['decode', '--compact', fixture('backup.jsonl', backup.map((l) => JSON.stringify(l)).join('\n') + '\n')]),
    ]);
    // Backup lines are counted per error code on stderr; they decoded, so the exit status is 0.
    expect(backupRun.code).toBe(0);
    expect(backupRun.errLines).toEqual([
      'firewatch: backup Lambda.ProcessingFailedStatus: 1 line — failed',
      'firewatch: backup 400: 1 line — mapper_parsing_exception',
    ]);
    const b = JSON.parse(backupRun.text);
    expect(a).toMatchObject({ kind: 'cloudwatch-lambda-event', summary: { events: 2 } });
    expect(env).toMatchObject({ kind: 'cloudwatch-envelope', summary: { controlMessages: 1, events: 0 } });
    expect(b).toMatchObject({ kind: 's3-backup-lines', summary: { records: 2, errors: 0 } });
    expect(b.items[1].backup).toEqual({
      type: 'opensearch-failed',
      errorCode: '400',
      errorMessage: 'mapper_parsing_exception',
      attemptsMade: 1,
      arrivalTimestamp: 1795606865000,
      attemptEndingTimestamp: 1795606925000,
      indexName: 'logs',
      documentId: 'd1',
      typeName: '',
    });
  });

  it('prints just the documents with --documents, parsed by a forced parser', async () => {
    const event = buildTransformationEvent([record(), record()]);
    const result = await run(['decode', '--documents', '--parser', 'text', fixture('docs.json', JSON.stringify(event))]);
    expect(result.code).toBe(0);
    const documents = result.text.trim().split('\n').map((l) => JSON.parse(l));
    expect(documents).toHaveLength(4);
    expect(documents.every((d) => d.parser === 'text' && d.message === QUERY)).toBe(true);
  });
});

describe.concurrent('firewatch decode: plain log lines', () => {
  it('decodes what sample --output lines writes, detecting the parser, one document per entry', async () => {
    const formats = ['mysql-general', 'mysql-slow', 'postgresql'] as const;
    // Side by side: every spawn costs a tsx start-up.
    const results = await Promise.all(
      formats.map(async (format) =>
        run(['decode', '--compact'], (await run(['sample', '--output', 'lines', '--format', format, '--records', '2', '--events', '5'])).stdout)
      ),
    );
    for (const [i, format] of formats.entries()) {
      const result = results[i]!;
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      const decoded = JSON.parse(result.text);
      expect(decoded).toMatchObject({ kind: 'log-lines', summary: { records: 1, events: 10, documents: 10, errors: 0, unparsed: 0 } });
      expect(decoded.description).toMatch(new RegExp(`parsed with ${format} \\(detected: 10 of 10 entries parse`));
      expect(decoded.items[0].decoded.value.documents.every((d: { parser: string; error?: unknown }) => d.parser === format && d.error === undefined)).toBe(
        true,
      );
    }
  });

  it('parses with --parser when given, and counts the lines it did not recognise on stderr with the reasons', async () => {
    const lines = await run(['sample', '--output', 'lines', '--format', 'mysql-error', '--records', '1', '--events', '4']);
    const result = await run(['decode', '--documents', '--parser', 'mysql-general'], lines.stdout);
    expect(result.code).toBe(0);
    const documents = result.text.trim().split('\n').map((l) => JSON.parse(l));
    expect(documents).toHaveLength(4);
    expect(documents.every((d) => d.parser === 'mysql-general' && d.error?.type === 'parse_failure')).toBe(true);
    expect(result.errLines).toEqual([expect.stringMatching(/^firewatch: mysql-general: 4 of 4 unparsed — .+ ×4$/)]);
  });
});

describe.concurrent('firewatch errors', () => {
  it('names the bad record in one line, exits 1, and still prints the records that decoded', async () => {
    const good = encodeRecord(buildEnvelope({ lines: [QUERY] }));
    const event = buildTransformationEvent([good, good.subarray(0, good.length - 4)]);
    const result = await run(['decode', '--compact', fixture('bad-record.json', JSON.stringify(event))]);
    expect(result.code).toBe(1);
    expect(result.errLines).toEqual(['firewatch: records[1].data: gzip data ends before its 8-byte trailer']);
    expect(JSON.parse(result.text).summary).toMatchObject({ records: 2, events: 1, errors: 1 });

    // transform answers that record ProcessingFailed: a valid answer, so exit 0, with the same line.
    const transformed = await run(['transform', fixture('bad-record-2.json', JSON.stringify(event))]);
    expect(transformed.code).toBe(0);
    expect(transformed.errLines[0]).toBe('firewatch: records[1].data: gzip data ends before its 8-byte trailer');
    expect(JSON.parse(transformed.text).records.map((r: { result: string }) => r.result)).toEqual(['Ok', 'ProcessingFailed']);
  });

  it('reports unusable input in one line without a stack trace', async () => {
    const cases: [string[], string | undefined, RegExp][] = [
      [['decode'], '[1, 2, 3]', /^firewatch: input: a JSON array of 3 elements, not a recognised format; tried gzip, /],
      [['decode'], '{"records": [1, 2', /^firewatch: input: not valid JSON/],
      [['transform'], 'not json', /^firewatch: input: not valid JSON \(/],
      [
        ['transform'],
        JSON.stringify({ awslogs: { data: 'H4sI' } }),
        /^firewatch: input: not a transformation event: records is missing or not an array \(it looks like a CloudWatch Logs subscription event/,
      ],
      [['decode', join(dir, 'does-not-exist.json')], undefined, /^firewatch: .*does-not-exist\.json: cannot read \(ENOENT\)$/],
    ];
    const results = await Promise.all(cases.map(([args, stdin]) => run(args, stdin ?? '')));
    results.forEach((result, i) => {
      expect(result.code).toBe(1);
      expect(result.errLines).toHaveLength(1);
      expect(result.errLines[0]).toMatch(cases[i]![2]);
      expect(result.text).toBe('');
      noStackTrace(result.stderr);
    });
  });
});

// Sequential, and few subprocesses each: the suites above already keep both cores busy.
describe('firewatch transform for a person', () => {
  it('shows a table of records with their result, events, documents and first document (--table, as on a terminal)', async () => {
    const event = buildSampleEvent({ format: 'mixed', records: 6, events: 4, seed: 3 });
    const table = await run(['transform', '--table'], JSON.stringify(event));
    expect(table.code).toBe(0);
    const lines = table.text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^#\s+recordId\s+result\s+events\s+documents\s+re-ingested\s+first document$/);
    expect(lines.slice(1, 7).map((line) => line.split(/\s+/)[2])).toEqual(planTransformation(event).response.records.map((r) => r.result));
    expect(lines.find((line) => /\bOk\b/.test(line))).toMatch(/\{"@timestamp":"2026-11-25T/);
    expect(lines.at(-1)).toMatch(/^re-ingested: \d+ events as \d+ records in 1 batch to Firehose firewatch-rds; they come back through the Lambda/);
    expect(table.errLines).toEqual([expect.stringMatching(/^firewatch transform: 6 records → /)]);
    const both = await run(['transform', '--table', '--json'], JSON.stringify(event));
    expect([both.code, both.errLines]).toEqual([2, [
      'firewatch transform: --json and --table ask for different outputs; give one (firewatch transform --help shows the usage)',
    ]]);
  });
});

describe('firewatch sample: every input the README uses', () => {
  it('builds S3 backup lines of each kind that decode back to the sample', () => {
    for (
      const [kind, description] of [
        ['processing-failed', /^3 S3 backup lines \(3 processing-failed \(Lambda\)\)\.$/],
        ['opensearch-failed', /^3 S3 backup lines \(3 OpenSearch-failed\)\.$/],
        ['http-endpoint-failed', /^3 S3 backup lines \(3 HTTP-endpoint-failed\)\.$/],
      ] as const
    ) {
      const text = buildSampleBackupLines(kind).map((line) => JSON.stringify(line)).join('\n');
      const decoded = decodeInput(new TextEncoder().encode(text), { codecs: nodeCodecs });
      expect(decoded).toMatchObject({ kind: 's3-backup-lines', description: expect.stringMatching(description), summary: { errors: 0 } });
      expect(decoded.summary.documents).toBe(kind === 'opensearch-failed' ? 3 : 15);
    }
  });

  it('writes them, gzip too, and Lambda on-failure records, that decode', async () => {
    const gzipped = await run(['sample', '--output', 'http-endpoint-failed', '--gzip']);
    expect(gzipped.stdout.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(JSON.parse((await run(['decode', '--compact'], gzipped.stdout)).text)).toMatchObject({
      description: expect.stringMatching(/^gzip data .* holding: 3 S3 backup lines \(3 HTTP-endpoint-failed\)\.$/),
      summary: { errors: 0 },
    });
    const onFailure = await run(['sample', '--output', 'on-failure', '--records', '1']);
    expect(JSON.parse(onFailure.text)).toMatchObject({
      requestContext: { condition: 'RetriesExhausted' },
      requestPayload: { awslogs: { data: expect.any(String) } },
    });
    expect(JSON.parse((await run(['decode', '--compact'], onFailure.stdout)).text)).toMatchObject({
      description: expect.stringMatching(/^A Lambda on-failure record \(RetriesExhausted\)/),
      summary: { events: 5, errors: 0 },
    });
  });
});

describe('firewatch send: first mistakes', () => {
  it('says at once, in one line, that nothing listens, and suggests npm start', async () => {
    const { freePort } = await import('../runtimes/spawn-runtime.ts');
    const port = await freePort();
    const result = await run(['send', `http://127.0.0.1:${port}/`]);
    expect(result.code).toBe(1);
    expect(result.text).toMatch(
      new RegExp(
        `^firewatch send: request 1/1 \\S+: no answer after 1 attempt in [\\d,]+ ms \\(10 records, [\\d,]+ bytes\\): nothing listens at http://127\\.0\\.0\\.1:${port} \\(connect ECONNREFUSED [^)]+\\): start the endpoint with \`npm start\``,
      ),
    );
    expect(result.stderr).toBe('');
  });

  it('explains https:// against a plain-HTTP port, and does not retry a 404', async () => {
    const { startServer } = await import('../../scripts/cli/serve.ts');
    const server = await startServer({ env: {}, port: 0, dataDir: join(dir, 'send-data'), log: () => undefined });
    try {
      const tls = await run(['send', server.url.replace('http:', 'https:') + '/']);
      expect(tls.code).toBe(1);
      expect(tls.text.split('\n')[0]).toMatch(
        new RegExp(
          `: no answer after 1 attempt in .*: ${server.url.replace('http:', 'https:').replace(/[.]/g, '\\.')} speaks plain HTTP, not TLS: use ${
            server.url.replace(/[.]/g, '\\.')
          }/$`,
        ),
      );
      const missing = await run(['send', `${server.url}/firehose`]);
      expect(missing.text.split('\n')[0]).toMatch(/: 404 after 1 attempt in .*: HTTP 404: no Firehose endpoint at this path/);
    } finally {
      await server.close();
    }
  });

  it('bounds each request by --retry-seconds, waiting for an answer included', async () => {
    const { sendRecords } = await import('../../scripts/cli/send.ts');
    let attempts = 0;
    // An endpoint that never answers: only the send's own timer can end an attempt.
    const silent: typeof fetch = (_input, init) => {
      attempts++;
      return new Promise((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    };
    const [result] = await sendRecords('http://127.0.0.1:9/', ['aGk='], { fetch: silent, retrySeconds: 0, answerWaitMs: 50, sleep: () => Promise.resolve() });
    expect(result).toMatchObject({ status: 0, attempts: 1, errorMessage: 'no answer from http://127.0.0.1:9 within 50 ms' });
    expect(attempts).toBe(1);
  });
});
