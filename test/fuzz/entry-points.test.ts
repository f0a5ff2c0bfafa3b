/**
 * The fuzz suite: hostile log messages (test/fuzz/adversarial.ts) through every entry point — the HTTP
 * endpoint app, the transformation Lambda, the subscription Lambda, the playground's decode worker and the
 * CLI. No 500, no throw, and every event still a document (its raw text kept when it could not be parsed).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { decodeBase64, encodeBase64 } from '../../core/bytes/base64.ts';
import { createEndpointApp } from '../../core/endpoint/app.ts';
import { OutputMode } from '../../core/firehose/transform.ts';
import { buildEnvelope, buildTransformationEvent, encodeRecord } from '../../core/samples/records.ts';
import { loadTransformConfig } from '../../lambda/config.ts';
import { createTransformHandler } from '../../lambda/transform.ts';
import type { ReingestPlan } from '../../core/firehose/reingest-plan.ts';
import { decodeRecordData } from '../../core/cloudwatch/record.ts';
import type { DecodeResponse } from '../../playground/view.ts';
import { body, config, delivery, MemorySink } from '../core/endpoint/support.ts';
import { deepJson, fixedHostileMessages, hostileMessage, hostileMessages } from './adversarial.ts';

const RUNS = { numRuns: 40 };
const LOG_GROUPS = [
  '/ecs/api',
  '/aws/rds/instance/db/general',
  '/aws/rds/instance/db/slowquery',
  '/aws/rds/instance/db/error',
  '/aws/rds/instance/db/audit',
  '/aws/rds/instance/pg/postgresql',
  '/custom/anything',
];
const logGroup = fc.constantFrom(...LOG_GROUPS);

/** Asserts a document is one JSON object whose raw line is kept whenever it was not parsed. */
function expectDocument(json: string): Record<string, unknown> {
  const document = JSON.parse(json) as Record<string, unknown>;
  expect(typeof document['@timestamp']).toBe('string');
  if (document['error'] !== undefined && (document['error'] as { type: string }).type === 'parse_failure') expect(typeof document['message']).toBe('string');
  return document;
}

describe('fuzz: the HTTP endpoint', () => {
  it('answers 200 with one document per event, whatever the messages, in records and in plain records', async () => {
    await fc.assert(
      // The plain record is one line: a record of several lines is Firehose's message extraction, one
      // document per entry (its own tests), so a newline drawn here would change the count, not the answer.
      fc.asyncProperty(hostileMessages, logGroup, hostileMessage.map((m) => m.replaceAll('\n', ' ')), async (lines, group, plain) => {
        const sink = new MemorySink();
        const app = createEndpointApp(config(), sink);
        const envelope = buildEnvelope({ lines, logGroup: group });
        const response = await app.request(delivery(body([encodeRecord(envelope), plain])));
        expect(response.status).toBe(200);
        expect(sink.documents.length).toBe(lines.length + 1);
        for (const document of sink.documents) expectDocument(document.json);
      }),
      RUNS,
    );
  });

  it('answers 400, never 500, to a hostile body', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostileMessage, deepJson.map((text) => `{"requestId":"r","records":[{"data":"aGk=","x":${text}}]}`)), async (text) => {
        const response = await createEndpointApp(config(), new MemorySink()).request(delivery(text));
        expect([200, 400, 413]).toContain(response.status);
      }),
      RUNS,
    );
  });
});

describe('fuzz: the transformation Lambda', () => {
  for (const mode of [OutputMode.SPLIT, OutputMode.NDJSON]) {
    it(`answers every record in ${mode} mode and every event is a document or re-ingested`, async () => {
      await fc.assert(
        fc.asyncProperty(hostileMessages, logGroup, async (lines, group) => {
          const plans: ReingestPlan[] = [];
          const handler = createTransformHandler(loadTransformConfig({ FIREWATCH_MODE: mode }), {
            log: () => undefined,
            reingest: (plan) => {
              plans.push(plan);
              return Promise.resolve({ failedParents: new Set(), recordsSent: 0, recordsFailed: 0, calls: 0, retries: 0, errors: [] });
            },
          });
          const envelope = buildEnvelope({ lines, logGroup: group });
          const response = await handler(buildTransformationEvent([encodeRecord(envelope)]));
          expect(response.records.length).toBe(1);
          const answer = response.records[0]!;
          let documents = 0;
          if (answer.result === 'Ok') {
            const bytes = decodeBase64(answer.data);
            if (!bytes.ok) throw bytes.error;
            for (const line of new TextDecoder().decode(bytes.value).split('\n').filter(Boolean)) {
              expectDocument(line);
              documents++;
            }
          } else expect(answer.result).toBe('Dropped');
          let reingested = 0;
          for (const plan of plans) {
            for (const batch of plan.batches) {
              for (const record of batch.records) {
                const payload = decodeRecordData(record.data);
                if (!payload.ok || payload.value.kind !== 'cloudwatch') throw new Error('a re-ingested record is not an envelope');
                reingested += payload.value.envelopes.reduce((n, e) => n + e.logEvents.length, 0);
              }
            }
          }
          expect(documents + reingested).toBe(lines.length);
        }),
        RUNS,
      );
    });
  }
});

describe('fuzz: the subscription Lambda', () => {
  let createSubscriptionHandler: typeof import('../../lambda/subscription.ts').createSubscriptionHandler;
  let readSubscriptionConfig: typeof import('../../lambda/subscription.ts').readSubscriptionConfig;
  beforeAll(async () => {
    vi.stubEnv('OPENSEARCH_URL', 'http://127.0.0.1:9');
    ({ createSubscriptionHandler, readSubscriptionConfig } = await import('../../lambda/subscription.ts'));
    vi.unstubAllEnvs();
  });

  it('writes one document per event, whatever the messages', async () => {
    await fc.assert(
      fc.asyncProperty(hostileMessages, logGroup, async (lines, group) => {
        const sink = new MemorySink();
        const handler = createSubscriptionHandler(readSubscriptionConfig({ OPENSEARCH_URL: 'http://127.0.0.1:9' }), sink, () => undefined);
        const summary = await handler({ awslogs: { data: encodeBase64(encodeRecord(buildEnvelope({ lines, logGroup: group }))) } });
        expect(summary.documents).toBe(lines.length);
        expect(sink.documents.length).toBe(lines.length);
        for (const document of sink.documents) expectDocument(document.json);
      }),
      RUNS,
    );
  });
});

describe('fuzz: the playground decode worker', () => {
  const posted: DecodeResponse[] = [];
  const worker = new EventTarget();
  let id = 0;
  beforeAll(async () => {
    // The worker does a large input's parsing in a later task (setTimeout 0): fake timers let each decode
    // run that task at once instead of the test racing it.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    vi.stubGlobal('self', Object.assign(worker, { postMessage: (message: DecodeResponse) => posted.push(message) }));
    await import('../../playground/decode-worker.ts');
  });
  afterAll(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  /** Every answer to one decode request, the later tasks' included. */
  const decode = (input: string): DecodeResponse[] => {
    posted.length = 0;
    worker.dispatchEvent(new MessageEvent('message', { data: { type: 'decode', id: ++id, input } }));
    vi.runAllTimers();
    return [...posted];
  };
  /** The documents counted by the last answer that has them: a large input's rows come first without. */
  const documentsOf = (answers: readonly DecodeResponse[]) => {
    const last = answers.filter((answer) => answer.type === 'decoded' || answer.type === 'parsed').at(-1);
    if (last?.type === 'parsed') return last.parsed.summary.documents;
    return last?.type === 'decoded' && last.ok ? last.view.summary.documents : undefined;
  };
  const withDeepExtra = (envelope: object) => JSON.stringify(envelope).replace(/}$/, `,"extra":${'['.repeat(8000)}${']'.repeat(8000)}}`);

  it('decodes hostile input, and hostile messages inside an envelope, without failing', () => {
    fc.assert(
      fc.property(hostileMessages, logGroup, hostileMessage, (lines, group, input) => {
        const envelope = buildEnvelope({ lines, logGroup: group });
        expect(decode(input)[0]).toMatchObject({ type: 'decoded', ok: true });
        // Every event a document, also beside an unknown key nested thousands deep.
        for (const text of [JSON.stringify(envelope), withDeepExtra(envelope)]) expect(documentsOf(decode(text))).toBe(lines.length);
      }),
      { numRuns: 25 },
    );
  });

  it('counts every event of an envelope large enough to be answered in two passes', () => {
    // Two of the fuzzer's longest strings: over the worker's two-pass size, as random runs sometimes are.
    const lines = [`{"msg":"${'x'.repeat(300_000)}"}`, `{"msg":"${'y'.repeat(300_000)}"}`, 'plain'];
    const envelope = buildEnvelope({ lines, logGroup: '/ecs/api' });
    const answers = decode(withDeepExtra(envelope));
    expect(answers.map((answer) => answer.type)).toEqual(['decoded', 'parsed']);
    expect(documentsOf(answers)).toBe(lines.length);
  });
});

describe('fuzz: the CLI', () => {
  const BIN = fileURLToPath(new URL('../../scripts/firewatch.mjs', import.meta.url));
  const run = (args: readonly string[], stdin: string) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (c: Buffer) => out.push(c));
      child.stderr.on('data', (c: Buffer) => err.push(c));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
      child.stdin.end(stdin);
    });

  it('decode --documents gives one document per hostile message, and transform answers the record', async () => {
    const envelope = buildEnvelope({ lines: fixedHostileMessages, logGroup: '/ecs/api' });
    const decoded = await run(['decode', '--documents'], JSON.stringify(envelope));
    expect(decoded.code).toBe(0);
    expect(decoded.stderr).not.toMatch(/internal error|call stack/i);
    const documents = decoded.stdout.split('\n').filter(Boolean);
    expect(documents.length).toBe(fixedHostileMessages.length);
    for (const document of documents) expectDocument(document);
    const transformed = await run(['transform', '--mode', 'ndjson'], JSON.stringify(buildTransformationEvent([encodeRecord(envelope)])));
    expect(transformed.code).toBe(0);
    expect(JSON.parse(transformed.stdout).records[0].result).toBe('Ok');
  });
});
