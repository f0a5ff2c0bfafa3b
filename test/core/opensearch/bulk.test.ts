import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { actionLine, type BulkBody, bulkBody, bulkText, maxContentLengthOf, parseBulkResponse, planBulk } from '../../../core/opensearch/bulk.ts';
import type { SinkDocument } from '../../../core/sinks/sink.ts';

const bytes = (text: string) => new TextEncoder().encode(text).length;
const doc = (id: string, json = `{"id":${JSON.stringify(id)}}`, index = 'logs'): SinkDocument => ({ index, id, json });

const arbDocument = fc.record({
  index: fc.constantFrom('logs-2026-11-25', 'rds-général', 'x'),
  id: fc.string({ minLength: 1, maxLength: 20, unit: 'grapheme' }),
  json: fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify({ value })),
});

describe('planBulk', () => {
  it('writes an action line and a document line per document, every line ending in \\n', () => {
    const { bodies, rejected } = planBulk([doc('1'), doc('é"2', '{"a":"ü"}', 'other')], { action: 'create', maxBytes: 1 << 20 });
    expect(rejected).toEqual([]);
    expect(bodies).toHaveLength(1);
    expect(bulkText(bodies[0]!)).toBe('{"create":{"_index":"logs","_id":"1"}}\n{"id":"1"}\n{"create":{"_index":"other","_id":"é\\"2"}}\n{"a":"ü"}\n');
    expect(actionLine('index', doc('9'))).toBe('{"index":{"_index":"logs","_id":"9"}}');
  });

  it('sizes bodies in UTF-8 bytes: each at most max, every document once, order kept', () => {
    fc.assert(
      fc.property(fc.array(arbDocument, { maxLength: 60 }), fc.integer({ min: 60, max: 2_000 }), (documents, maxBytes) => {
        const { bodies, rejected } = planBulk(documents, { action: 'index', maxBytes });
        for (const body of bodies) {
          expect(body.entries.length).toBeGreaterThan(0);
          expect(bytes(bulkText(body))).toBe(body.bytes);
          expect(body.bytes).toBeLessThanOrEqual(maxBytes);
        }
        // Every document is in exactly one body or rejected, and bodies keep write order.
        const positions = bodies.flatMap((body) => body.entries.map((entry) => entry.position));
        expect(positions).toEqual([...positions].sort((a, b) => a - b));
        expect([...positions, ...rejected.map((r) => r.position)].sort((a, b) => a - b)).toEqual(documents.map((_, i) => i));
        for (const r of rejected) expect(r.error.type).toBe('firewatch_document_too_large');
        for (const body of bodies) for (const entry of body.entries) expect(entry.document).toBe(documents[entry.position]);
      }),
    );
  });

  it('cuts exactly at the limit', () => {
    const one = bytes(`${actionLine('create', doc('a'))}\n{"id":"a"}\n`);
    const { bodies } = planBulk([doc('a'), doc('b'), doc('c')], { action: 'create', maxBytes: one * 2 });
    expect(bodies.map((body) => body.entries.length)).toEqual([2, 1]);
  });

  it('refuses, without failing the rest, documents that cannot be sent', () => {
    const documents = [doc('ok'), doc('big', `{"m":"${'€'.repeat(400)}"}`), doc(''), doc('x'.repeat(513)), doc('nl', '{"a":\n1}'), doc('ok2')];
    const { bodies, rejected } = planBulk(documents, { action: 'create', maxBytes: 1000 });
    expect(bodies.flatMap((body) => body.entries.map((entry) => entry.document.id))).toEqual(['ok', 'ok2']);
    expect(rejected.map((r) => [r.position, r.error.type, r.error.status])).toEqual([
      [1, 'firewatch_document_too_large', 0],
      [2, 'firewatch_id_invalid', 0],
      [3, 'firewatch_id_invalid', 0],
      [4, 'firewatch_document_invalid', 0],
    ]);
  });

  it('returns no bodies for no documents', () => {
    expect(planBulk([], { action: 'create', maxBytes: 100 })).toEqual({ bodies: [], rejected: [] });
  });
});

describe('parseBulkResponse', () => {
  const body: BulkBody = planBulk([doc('a'), doc('b'), doc('c'), doc('d'), doc('e'), doc('f')], { action: 'create', maxBytes: 1 << 20 }).bodies[0]!;
  const item = (id: string, status: number, error?: object) => ({ create: { _index: 'logs', _id: id, status, ...(error ? { error } : {}) } });

  it('reads stored, already-there, retryable and permanent outcomes in order', () => {
    const response = {
      took: 3,
      errors: true,
      items: [
        item('a', 201),
        item('b', 409, { type: 'version_conflict_engine_exception', reason: 'document already exists' }),
        item('c', 429, { type: 'es_rejected_execution_exception', reason: 'rejected execution' }),
        item('d', 503, { type: 'unavailable_shards_exception', reason: 'primary shard is not active' }),
        item('e', 400, {
          type: 'mapper_parsing_exception',
          reason: 'failed to parse field [n] of type [long]',
          caused_by: { type: 'illegal_argument_exception', reason: 'For input string: "x"' },
        }),
        item('f', 200),
      ],
    };
    const result = parseBulkResponse(response, body, 'create');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.map((o) => o.kind)).toEqual(['stored', 'stored', 'retry', 'retry', 'rejected', 'stored']);
    expect(result.value[1]).toEqual({ kind: 'stored', status: 409, created: false });
    expect(result.value[4]).toEqual({
      kind: 'rejected',
      error: {
        type: 'mapper_parsing_exception',
        reason: 'failed to parse field [n] of type [long] (caused by illegal_argument_exception: For input string: "x")',
        status: 400,
      },
    });
  });

  it('treats 409 as a conflict to retry when the action is index', () => {
    const indexBody = planBulk([doc('a')], { action: 'index', maxBytes: 1000 }).bodies[0]!;
    const result = parseBulkResponse(
      { errors: true, items: [{ index: { _id: 'a', status: 409, error: { type: 'version_conflict_engine_exception', reason: 'x' } } }] },
      indexBody,
      'index',
    );
    expect(result.ok && result.value[0]?.kind).toBe('retry');
  });

  it('fails the whole batch when the response does not match the request', () => {
    const two = bulkBody(body.entries.slice(0, 2));
    const cases: unknown[] = [
      undefined,
      'text',
      { took: 1, errors: false },
      { errors: false, items: [item('a', 201)] },
      { errors: false, items: [item('a', 201), { index: { _id: 'b', status: 201 } }] },
      { errors: false, items: [item('a', 201), item('z', 201)] },
      { errors: false, items: [item('a', 201), { create: { _id: 'b', status: '201' } }] },
    ];
    for (const response of cases) {
      const result = parseBulkResponse(response, two, 'create');
      expect(result.ok ? 'ok' : result.error.code).toBe('BULK_RESPONSE_INVALID');
    }
  });
});

describe('maxContentLengthOf', () => {
  it('reads http.max_content_length from a flat _cluster/settings answer, persistent before defaults', () => {
    expect(maxContentLengthOf({ persistent: {}, transient: {}, defaults: { 'http.max_content_length': '100mb' } })).toBe(100 * 1024 * 1024);
    expect(maxContentLengthOf({ persistent: { 'http.max_content_length': '10485760b' }, defaults: { 'http.max_content_length': '100mb' } })).toBe(
      10 * 1024 * 1024,
    );
    expect(maxContentLengthOf({ defaults: { 'http.max_content_length': '1.5KB' } })).toBe(1536);
    expect(maxContentLengthOf({ defaults: { 'http.max_content_length': 'lots' } })).toBeUndefined();
    expect(maxContentLengthOf({ defaults: {} })).toBeUndefined();
    // Nested, as filter_path=**.http.max_content_length answers without flat_settings.
    expect(maxContentLengthOf({ defaults: { http: { max_content_length: '16kb' } } })).toBe(16 * 1024);
    expect(maxContentLengthOf({ transient: { http: { max_content_length: '1mb' } }, defaults: { http: { max_content_length: '100mb' } } })).toBe(1024 * 1024);
    expect(maxContentLengthOf('nope')).toBeUndefined();
  });
});
