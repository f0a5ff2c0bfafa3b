/**
 * Kinesis records: a Kinesis Lambda event (`Records[].kinesis.data`), `aws kinesis get-records` output
 * (`Records[].Data`), or the record an event source mapping writes to an S3 on-failure destination for a
 * discarded batch (`KinesisBatchInfo` with the event under `payload`, as an object or a JSON string).
 *
 * @module
 */
import { recordInfo, recordItem } from '../records.ts';
import { InputKind } from '../types.ts';
import { asObject, plural } from '../wording.ts';
import { type Context, type Found, type InputFormat, jsonObject } from './format.ts';
import { parseJsonText } from '../../json-text.ts';

/** The Kinesis records format. */
export const kinesisRecordsFormat: InputFormat = {
  kind: InputKind.KINESIS_RECORDS,
  label: 'Kinesis records',
  sniff: (input) => Array.isArray(jsonObject(input)?.['Records']) || onFailurePayload(jsonObject(input)) !== undefined,
  decode: (input, context) => {
    const object = jsonObject(input)!;
    const payload = onFailurePayload(object);
    if (payload === undefined) return decodeKinesis(object['Records'] as readonly unknown[], context);
    const found = decodeKinesis(payload, context);
    if (found === undefined) return undefined;
    const batch = asObject(object['KinesisBatchInfo']);
    const condition = asObject(object['requestContext'])['condition'];
    const batchContext = Object.fromEntries(
      Object.entries({
        shardId: batch['shardId'],
        startSequenceNumber: batch['startSequenceNumber'],
        endSequenceNumber: batch['endSequenceNumber'],
        streamArn: batch['streamArn'],
        condition,
      }).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string',
      ),
    );
    return {
      ...found,
      description: `An event source mapping's on-failure record of a discarded Kinesis batch${typeof condition === 'string' ? ` (${condition})` : ''}, with ${
        plural(found.items.length, 'record')
      }.`,
      context: batchContext,
    };
  },
};

/** The `Records` of an on-failure record's `payload` (an object or its JSON text), or undefined when it is not one. */
function onFailurePayload(object: Record<string, unknown> | undefined): readonly unknown[] | undefined {
  if (object === undefined || typeof object['KinesisBatchInfo'] !== 'object' || object['KinesisBatchInfo'] === null) return undefined;
  let payload = object['payload'];
  if (typeof payload === 'string') {
    try {
      payload = parseJsonText(payload);
    } catch {
      return undefined;
    }
  }
  const records = asObject(payload)['Records'];
  return Array.isArray(records) ? records : undefined;
}

function decodeKinesis(records: readonly unknown[], context: Context): Found | undefined {
  const lambda = records.some((r) => typeof asObject(r)['kinesis'] === 'object');
  const cli = records.some((r) => 'Data' in asObject(r));
  if (!lambda && !cli) return undefined;
  const items = records.map((record, i) => {
    const r = asObject(record);
    const k = lambda ? asObject(r['kinesis']) : r;
    const field = (lambdaName: string, cliName: string) => k[lambda ? lambdaName : cliName];
    const arrival = kinesisArrival(field('approximateArrivalTimestamp', 'ApproximateArrivalTimestamp'));
    const info = recordInfo({
      approximateArrivalTimestamp: arrival,
      partitionKey: field('partitionKey', 'PartitionKey'),
      sequenceNumber: field('sequenceNumber', 'SequenceNumber'),
    });
    const dataPath = lambda ? `Records[${i}].kinesis.data` : `Records[${i}].Data`;
    return recordItem(`Records[${i}]`, dataPath, field('data', 'Data'), context, { record: info }, arrival ?? 0);
  });
  const what = lambda ? 'A Kinesis Lambda event' : 'Kinesis GetRecords output';
  return { kind: InputKind.KINESIS_RECORDS, description: `${what} with ${plural(items.length, 'record')}.`, items };
}

/** Kinesis sends epoch seconds with a fraction; the CLI may print them or an ISO date. */
function kinesisArrival(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value < 1e11 ? Math.round(value * 1000) : value;
  if (typeof value === 'string') {
    const parsed = Date.parse(value);
    if (Number.isFinite(parsed)) return parsed;
    const n = Number(value);
    return Number.isFinite(n) ? kinesisArrival(n) : undefined;
  }
  return undefined;
}
