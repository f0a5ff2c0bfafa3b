/**
 * Kinesis records: a Kinesis Lambda event (`Records[].kinesis.data`) or `aws kinesis get-records` output
 * (`Records[].Data`).
 *
 * @module
 */
import { recordInfo, recordItem } from '../records.ts';
import { InputKind } from '../types.ts';
import { asObject, plural } from '../wording.ts';
import { type Context, type Found, type InputFormat, jsonObject } from './format.ts';

/** The Kinesis records format. */
export const kinesisRecordsFormat: InputFormat = {
  kind: InputKind.KINESIS_RECORDS,
  label: 'Kinesis records',
  sniff: (input) => Array.isArray(jsonObject(input)?.['Records']),
  decode: (input, context) => decodeKinesis(jsonObject(input)!['Records'] as readonly unknown[], context),
};

function decodeKinesis(records: readonly unknown[], context: Context): Found | undefined {
  const lambda = records.some((r) => typeof asObject(r)['kinesis'] === 'object');
  const cli = records.some((r) => 'Data' in asObject(r));
  if (!lambda && !cli) return undefined;
  const items = records.map((record, i) => {
    const r = asObject(record);
    const k = lambda ? asObject(r['kinesis']) : r;
    const field = (lambdaName: string, cliName: string) => k[lambda ? lambdaName : cliName];
    const arrival = kinesisArrival(field('approximateArrivalTimestamp', 'ApproximateArrivalTimestamp'));
    const info = recordInfo({ approximateArrivalTimestamp: arrival, partitionKey: field('partitionKey', 'PartitionKey'), sequenceNumber: field('sequenceNumber', 'SequenceNumber') });
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
