import { describe, expect, it } from 'vitest';
import { encodeBase64 } from '../../../core/bytes/base64.ts';
import { gzip } from '../../../core/bytes/gzip.ts';
import { decodeRecordBase64, decodeRecordData } from '../../../core/cloudwatch/record.ts';
import { buildControlMessage, buildEnvelope, encodeRecord } from '../../../core/samples/records.ts';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('decodeRecordData', () => {
  it('decodes a gzip CloudWatch Logs record', () => {
    const envelope = buildEnvelope({ lines: ['one', 'two'] });
    const result = decodeRecordData(encodeRecord(envelope));
    expect(result.ok && result.value).toMatchObject({ kind: 'cloudwatch', gzipped: true, envelopes: [envelope] });
  });

  it('decodes a plain-JSON envelope, as firewatch re-ingests them', () => {
    const envelope = buildEnvelope({ lines: ['one'] });
    const result = decodeRecordData(bytes(JSON.stringify(envelope)));
    expect(result.ok && result.value).toMatchObject({ kind: 'cloudwatch', gzipped: false, envelopes: [envelope] });
  });

  it('decodes every member of a multi-member record', () => {
    const a = encodeRecord(buildEnvelope({ lines: ['a'] }));
    const b = encodeRecord(buildControlMessage());
    const joined = new Uint8Array(a.length + b.length);
    joined.set(a);
    joined.set(b, a.length);
    const result = decodeRecordData(joined);
    expect(result.ok && result.value.kind === 'cloudwatch' && result.value.envelopes.map((e) => e.messageType)).toEqual(['DATA_MESSAGE', 'CONTROL_MESSAGE']);
  });

  it('unwraps the {"awslogs":{"data":...}} form of Lambda subscriptions', () => {
    const envelope = buildEnvelope({ lines: ['wrapped'] });
    const wrapped = JSON.stringify({ awslogs: { data: encodeBase64(encodeRecord(envelope)) } });
    const result = decodeRecordData(bytes(wrapped));
    expect(result.ok && result.value).toMatchObject({ kind: 'cloudwatch', envelopes: [envelope] });
  });

  it('passes other JSON and plain text through', () => {
    expect(decodeRecordData(bytes('{"level":"info"}'))).toMatchObject({ ok: true, value: { kind: 'json', value: { level: 'info' } } });
    expect(decodeRecordData(bytes('just a line'))).toMatchObject({ ok: true, value: { kind: 'text', text: 'just a line' } });
    expect(decodeRecordData(gzip(bytes('gzipped line')))).toMatchObject({ ok: true, value: { kind: 'text', text: 'gzipped line' } });
  });

  it('reports each kind of bad data with its code', () => {
    const cases: [Uint8Array, string][] = [
      [bytes('{"messageType":"DATA_MESSAGE"'), 'JSON_INVALID'],
      [gzip(bytes('{"logEvents": 1}')), 'ENVELOPE_INVALID'],
      [gzip(bytes('{"messageType":"SURPRISE","logEvents":[]}')), 'MESSAGE_TYPE_UNKNOWN'],
      [new Uint8Array([0x61, 0xc3, 0x28]), 'UTF8_INVALID'],
      [gzip(new Uint8Array([0xff, 0xfe, 0x00])), 'UTF8_INVALID'],
      [encodeRecord(buildEnvelope({ lines: ['x'] })).subarray(0, 20), 'GZIP_TRUNCATED'],
      [bytes('{"awslogs":{"data":"!!!"}}'), 'BASE64_INVALID'],
    ];
    for (const [input, code] of cases) {
      const result = decodeRecordData(input);
      expect(result.ok ? 'accepted' : result.error.code).toBe(code);
    }
  });

  it('caps inflated size per record', () => {
    const big = encodeRecord(buildEnvelope({ lines: ['x'.repeat(200_000)] }));
    const result = decodeRecordData(big, { maxInflatedBytes: 100_000 });
    expect(result.ok ? 'accepted' : result.error.code).toBe('GZIP_TOO_LARGE');
  });

  it('decodes base64 records and reports bad base64', () => {
    const envelope = buildEnvelope({ lines: ['b64'] });
    expect(decodeRecordBase64(encodeBase64(encodeRecord(envelope))).ok).toBe(true);
    const bad = decodeRecordBase64('%%%');
    expect(bad.ok ? 'accepted' : bad.error.code).toBe('BASE64_INVALID');
  });
});
