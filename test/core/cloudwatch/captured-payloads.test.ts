/**
 * Golden files: real events AWS delivered (test/fixtures/aws/SOURCES.md says whose), decoded by core and
 * shaped into documents as the endpoint and the Lambdas write them. Every document is spelled out: a
 * change in decoding, ids, timestamps, parser choice or document layout shows here against what AWS
 * really sends.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeRecordBase64 } from '../../../core/cloudwatch/record.ts';
import { DocumentShaper } from '../../../core/endpoint/documents.ts';
import type { SinkDocument } from '../../../core/sinks/sink.ts';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../fixtures/aws/${name}`, import.meta.url), 'utf8'));

/** The documents of base64 gzip CloudWatch Logs data, as every front shapes them. */
function documentsOf(datas: readonly { data: string; key: string }[]): SinkDocument[] {
  const shaper = new DocumentShaper({ index: 'logs', indexRotation: 'OneDay', parserOverrides: [], keepMessage: false });
  const documents: SinkDocument[] = [];
  for (const { data, key } of datas) {
    const decoded = decodeRecordBase64(data, { maxInflatedBytes: 1024 * 1024 });
    if (!decoded.ok) throw decoded.error;
    if (decoded.value.kind !== 'cloudwatch') throw new Error(`${key}: ${decoded.value.kind}, not CloudWatch Logs`);
    shaper.appendEnvelopes(documents, decoded.value.envelopes, key);
  }
  return documents;
}

/** A document's JSON as an object, for readable expectations (the text itself is checked to be one line). */
const parsed = (documents: readonly SinkDocument[]) =>
  documents.map(({ index, id, json }) => {
    expect(json).not.toMatch(/\n/);
    return { index, id, document: JSON.parse(json) as unknown };
  });

describe('captured AWS payloads', () => {
  it('a Kinesis event source mapping event of CloudWatch Logs records (Powertools for AWS Lambda, Python)', () => {
    const event = fixture('kinesis-cloudwatch-logs-event.json') as { Records: { eventID: string; kinesis: { data: string } }[] };
    const documents = documentsOf(event.Records.map((r) => ({ data: r.kinesis.data, key: r.eventID })));
    const cloudwatch = (logStream: string, eventId: string, timestamp: string) => ({
      log_group: '/aws/lambda/pt-1488-DummyLogDataFunction-gnWXPvL6jJyG',
      log_stream: logStream,
      owner: '231436140809',
      event_id: eventId,
      timestamp,
    });
    const first = '2022/11/10/[$LATEST]26b6a45d574f442ea28438923cbf7bf7';
    const second = '2022/11/10/[$LATEST]6749cb3ec3b34895986d592d7421cab2';
    const doc = (stream: string, id: string, time: string, message: string) => ({
      index: 'logs-2022-11-10',
      id,
      document: { '@timestamp': time, message, parser: 'auto', cloudwatch: cloudwatch(stream, id, time) },
    });
    expect(parsed(documents)).toEqual([
      doc(
        first,
        '37199717562907174288355125807040114704837640994633613312',
        '2022-11-10T15:10:27.015Z',
        'START RequestId: 06e46194-f277-454e-88d3-1dd7e3860eaa Version: $LATEST\n',
      ),
      doc(
        first,
        '37199717563107880995141901415313936169291476248187437057',
        '2022-11-10T15:10:27.024Z',
        'END RequestId: 06e46194-f277-454e-88d3-1dd7e3860eaa\n',
      ),
      doc(
        first,
        '37199717563107880995141901415313936169291476248187437058',
        '2022-11-10T15:10:27.024Z',
        'REPORT RequestId: 06e46194-f277-454e-88d3-1dd7e3860eaa\tDuration: 9.14 ms\tBilled Duration: 10 ms\tMemory Size: 128 MB\tMax Memory Used: 36 MB\tInit Duration: 190.62 ms\t\nXRAY TraceId: 1-636d1462-33ef10600061cad86dab71c8\tSegmentId: 7ccb4860675ee485\tSampled: true\t\n',
      ),
      doc(
        second,
        '37199708127506482280445535360970910210598331668667957248',
        '2022-11-10T15:03:23.917Z',
        'START RequestId: 4dfec460-05bb-4f62-8fed-e5cade099a36 Version: $LATEST\n',
      ),
      doc(
        second,
        '37199708127528783025644065984112445928870980030173937665',
        '2022-11-10T15:03:23.918Z',
        'END RequestId: 4dfec460-05bb-4f62-8fed-e5cade099a36\n',
      ),
      doc(
        second,
        '37199708127528783025644065984112445928870980030173937666',
        '2022-11-10T15:03:23.918Z',
        'REPORT RequestId: 4dfec460-05bb-4f62-8fed-e5cade099a36\tDuration: 0.97 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 37 MB\t\nXRAY TraceId: 1-636d12bb-42356e4e68523f1d0eb810e6\tSegmentId: 6e696167787807b9\tSampled: true\t\n',
      ),
    ]);
  });

  it('a CloudWatch Logs subscription event to a Lambda function, with a JSON log line (Powertools for AWS Lambda, TypeScript)', () => {
    const event = fixture('subscription-event.json') as { awslogs: { data: string } };
    const documents = documentsOf([{ data: event.awslogs.data, key: 'subscription' }]);
    const cloudwatch = (eventId: string, timestamp: string) => ({
      log_group: '/aws/lambda/some-other-name',
      log_stream: '2024/10/21/OtherFn[$LATEST]16c175a5f89246aaad5c878aebaeeac7',
      owner: '536254204126',
      event_id: eventId,
      timestamp,
    });
    const ids = [
      '38569604798453153764115268074363468419149517103543812096',
      '38569604798453153764115268074363468419149517103543812097',
      '38569604798475454509313798697505004137422165465049792514',
    ];
    expect(parsed(documents)).toEqual([
      {
        index: 'logs-2024-10-21',
        id: ids[0],
        document: {
          '@timestamp': '2024-10-21T14:28:15.158Z',
          message: '2024-10-21T14:28:15.158Z\teadc91c8-8273-4a2d-b170-b0a7883b619e\tINFO\tHello from other.ts\n',
          parser: 'auto',
          cloudwatch: cloudwatch(ids[0]!, '2024-10-21T14:28:15.158Z'),
        },
      },
      {
        index: 'logs-2024-10-21',
        id: ids[1],
        document: {
          '@timestamp': '2024-10-21T14:28:15.158Z',
          message: 'START RequestId: eadc91c8-8273-4a2d-b170-b0a7883b619e Version: $LATEST\n',
          parser: 'auto',
          cloudwatch: cloudwatch(ids[1]!, '2024-10-21T14:28:15.158Z'),
        },
      },
      {
        // The JSON line's own keys become fields (its `message` renamed, as `message` is the raw line's)
        // and its `timestamp`, the time the line carries, is `@timestamp`, 1 ms before CloudWatch's.
        index: 'logs-2024-10-21',
        id: ids[2],
        document: {
          '@timestamp': '2024-10-21T14:28:15.158Z',
          level: 'INFO',
          parsed_message: 'Hello from other.ts',
          sampling_rate: 0,
          service: 'service_undefined',
          timestamp: '2024-10-21T14:28:15.158Z',
          xray_trace_id: '1-671664ff-69b0ec7624423e04544c023f',
          parser: 'auto',
          cloudwatch: cloudwatch(ids[2]!, '2024-10-21T14:28:15.159Z'),
        },
      },
    ]);
  });
});
