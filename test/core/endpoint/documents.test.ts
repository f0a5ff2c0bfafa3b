import { describe, expect, it } from 'vitest';
import { DocumentShaper } from '../../../core/endpoint/documents.ts';
import { encodeBase64 } from '../../../core/bytes/base64.ts';
import { portableCodecs } from '../../../core/bytes/codecs.ts';
import { encodeUtf8 } from '../../../core/bytes/utf8.ts';
import { buildControlMessage, buildEnvelope, encodeRecord } from '../../../core/samples/records.ts';

describe('DocumentShaper.documentChunks', () => {
  it('makes documents a bounded chunk at a time: taking the first chunk of a large envelope reads no event past it', () => {
    const envelope = buildEnvelope({ lines: Array.from({ length: 1_000 }, (_, i) => `line ${i}`), logGroup: '/ecs/api' });
    let highest = -1;
    const watched = new Proxy(envelope.logEvents, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) highest = Math.max(highest, Number(key));
        return Reflect.get(target, key, receiver);
      },
    });
    const shaper = new DocumentShaper({ index: 'logs', indexRotation: 'OneDay', parserOverrides: [], keepMessage: false });
    const chunks = shaper.documentChunks([{ ...envelope, logEvents: watched }], 'prefix');
    const first = chunks.next().value ?? [];
    expect(first[0]).toMatchObject({ id: envelope.logEvents[0]!.id });
    expect(first.length).toBeLessThan(1_000);
    expect(highest).toBe(first.length - 1);
    expect(first.length + [...chunks].flat().length).toBe(1_000);
  });
});

describe('DocumentShaper.recordDocumentChunks', () => {
  const shaper = new DocumentShaper({ index: 'logs', indexRotation: 'OneDay', parserOverrides: [], keepMessage: false }, ',"firehose":{"request_id":"r1"}');
  const record = { requestId: 'r1', requestTime: Date.UTC(2026, 10, 25, 12), codecs: portableCodecs, maxInflatedBytes: 1 << 20, maxEventsPerRecord: 3 };
  const run = (data: string) => {
    const counts = { controlMessages: 0, decodeFailures: 0 };
    return { documents: [...shaper.recordDocumentChunks(7, data, record, counts)].flat(), counts };
  };

  it('gives one document per log event of a CloudWatch Logs record, counting control messages', () => {
    const envelope = buildEnvelope({ lines: ['a', 'b'], logGroup: '/ecs/api' });
    const data = encodeBase64(encodeRecord(envelope));
    const { documents, counts } = run(data);
    expect(documents.map((d) => d.id)).toEqual(envelope.logEvents.map((e) => e.id));
    expect(documents.every((d) => d.json.endsWith(',"firehose":{"request_id":"r1"}}'))).toBe(true);
    expect(counts).toEqual({ controlMessages: 0, decodeFailures: 0 });
    expect(run(encodeBase64(encodeRecord(buildControlMessage()))).counts.controlMessages).toBe(1);
  });

  it('keeps data that does not decode, and a record of too many events, as one decode_failure document with its raw data', () => {
    const broken = run('not base64!');
    expect(broken.counts.decodeFailures).toBe(1);
    expect(broken.documents).toHaveLength(1);
    expect(broken.documents[0]!.id).toBe('r1:7');
    expect(JSON.parse(broken.documents[0]!.json)).toMatchObject({
      raw_data: 'not base64!',
      parser: 'none',
      error: { type: 'decode_failure' },
      firehose: { request_id: 'r1' },
    });
    const dense = run(encodeBase64(encodeRecord(buildEnvelope({ lines: ['a', 'b', 'c', 'd'], logGroup: '/ecs/api' }))));
    expect(JSON.parse(dense.documents[0]!.json)).toMatchObject({ error: { type: 'decode_failure', code: 'INPUT_TOO_LARGE' } });
  });

  it('gives a plain JSON record one document, dated by the request, id from the request and record', () => {
    const { documents } = run(encodeBase64(encodeUtf8('{"level":"info"}')));
    expect(documents).toHaveLength(1);
    expect(documents[0]).toMatchObject({ id: 'r1:7', index: 'logs-2026-11-25' });
  });
});
