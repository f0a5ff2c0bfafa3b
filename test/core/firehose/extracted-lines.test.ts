/**
 * Records written by Firehose's CloudWatch Logs decompression with message extraction: log lines only,
 * newline-joined. The planner makes one event per entry, answers and re-ingests them like CloudWatch
 * Logs events, and every entry ends as exactly one document with an id derived from the record.
 */
import { describe, expect, it } from 'vitest';
import { decodeBase64 } from '../../../core/bytes/base64.ts';
import { decodeRecordData } from '../../../core/cloudwatch/record.ts';
import { type OutputMode, planTransformation } from '../../../core/firehose/transform.ts';
import { builtinParsers } from '../../../core/parsers/mod.ts';
import { buildTransformationEvent } from '../../../core/samples/records.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
const EXTRACTED = [
  '2026-11-25T11:41:00.100000Z\t   42 Connect\tapp@10.0.0.7 on shop using TCP/IP',
  '2026-11-25T11:41:00.200000Z\t   42 Query\tSELECT id',
  'FROM orders',
  'WHERE id = 7',
  '2026-11-25T11:41:00.300000Z\t   42 Quit\t',
].join('\n');

/** A document as the assertions read it. */
type Doc = { readonly [key: string]: unknown; readonly cloudwatch: { readonly log_group: string; readonly event_id: string } };

function documentsOf(data: string): Doc[] {
  const bytes = decodeBase64(data);
  if (!bytes.ok) throw bytes.error;
  return new TextDecoder().decode(bytes.value).split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));
}

/** Runs the planner until nothing is re-ingested, as Firehose would; returns every document answered. */
function untilDone(records: Uint8Array[], mode: OutputMode, options: Parameters<typeof planTransformation>[1] = {}) {
  const documents: Doc[] = [];
  let pending = records;
  for (let round = 1; pending.length > 0; round++) {
    expect(round).toBeLessThanOrEqual(3);
    const plan = planTransformation(buildTransformationEvent(pending), { mode, ...options });
    for (const answer of plan.response.records) if (answer.result === 'Ok') documents.push(...documentsOf(answer.data));
    pending = plan.reingest ? plan.reingest.batches.flatMap((b) => b.records.map((r) => r.data)) : [];
  }
  return documents;
}

describe('planTransformation: message-extraction records', () => {
  it('answers one document per entry, multi-line statements whole, ids from the recordId, in both modes', () => {
    const recordId = buildTransformationEvent([utf8(EXTRACTED)]).records[0]!.recordId;
    for (const mode of ['split', 'ndjson'] as const) {
      // Act
      const documents = untilDone([utf8(EXTRACTED)], mode);

      // Assess: three entries, each once, parsed by the detected general-log parser
      expect(documents.map((d) => d['cloudwatch'].event_id).sort()).toEqual([`${recordId}:0`, `${recordId}:1`, `${recordId}:2`]);
      expect(documents.every((d) => d['parser'] === 'mysql-general' && d['error'] === undefined && d['cloudwatch'].log_group === '')).toBe(true);
      expect(documents.find((d) => d['command'] === 'Query')).toMatchObject({
        thread_id: 42,
        argument: 'SELECT id\nFROM orders\nWHERE id = 7',
        '@timestamp': '2026-11-25T11:41:00.200000Z',
      });
    }
  });

  it('re-ingests the other entries of a split record as envelopes without log group, read as extracted lines again', () => {
    const plan = planTransformation(buildTransformationEvent([utf8(EXTRACTED)]), { mode: 'split' });
    expect(plan.stats).toMatchObject({ records: 1, ok: 1, events: 3, documents: 1, reingestedRecords: 2, reingestedEvents: 2 });
    const children = plan.reingest!.batches.flatMap((b) => b.records);
    for (const child of children) {
      const payload = decodeRecordData(child.data);
      expect(payload.ok && payload.value.kind === 'cloudwatch' && payload.value.envelopes[0]!.logGroup).toBe('');
    }
  });

  it('gives a redelivered record the same ids, and uses the configured parser when there is one', () => {
    expect(untilDone([utf8(EXTRACTED)], 'ndjson')).toEqual(untilDone([utf8(EXTRACTED)], 'ndjson'));
    // The text parser has no multi-line entries: every line is an event.
    const documents = untilDone([utf8(EXTRACTED)], 'split', { defaultParser: builtinParsers.text });
    expect(documents).toHaveLength(5);
    expect(documents.every((d) => d['parser'] === 'text')).toBe(true);
  });

  it('reads JSON log lines (one object per line) as extracted lines, not as one broken JSON document', () => {
    const documents = untilDone([utf8('{"level":"warn","msg":"disk"}\n{"level":"info","msg":"ok"}\n')], 'ndjson');
    expect(documents).toEqual([expect.objectContaining({ level: 'warn', parser: 'json' }), expect.objectContaining({ level: 'info', parser: 'json' })]);
  });

  it('still answers a JSON value that is not CloudWatch data with one plain document', () => {
    const plan = planTransformation(buildTransformationEvent([utf8('{"level":"info"}')]), { mode: 'split' });
    const answer = plan.response.records[0]!;
    expect(answer.result).toBe('Ok');
    expect(documentsOf((answer as { data: string }).data)).toEqual([expect.objectContaining({ level: 'info', parser: 'auto' })]);
  });
});
