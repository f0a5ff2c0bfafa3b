/**
 * The event Firehose invokes a data-transformation Lambda with: `records[]` with `recordId`, `data`,
 * arrival time and, from a Kinesis source, `kinesisRecordMetadata`. Checked against what Firehose sends;
 * shape problems (duplicate recordIds...) are warnings beside the decoded records.
 *
 * @module
 */
import { epochMillis, validateTransformationEvent } from '../../firehose/lambda-event.ts';
import { recordInfo, recordItem } from '../records.ts';
import { InputKind } from '../types.ts';
import { asObject, nameOf, numberOrString, pickStrings, plural } from '../wording.ts';
import { type Context, type Found, type InputFormat, jsonObject } from './format.ts';
import { recordsOf, someRecordHas } from './transformation-response.ts';

/** The transformation-event format. */
export const transformationEventFormat: InputFormat = {
  kind: InputKind.TRANSFORMATION_EVENT,
  label: 'Firehose transformation event',
  sniff: (input) => {
    const object = jsonObject(input);
    const records = recordsOf(object);
    return records !== undefined && ('deliveryStreamArn' in object! || 'invocationId' in object! || someRecordHas(records, 'recordId'));
  },
  decode: (input, context) => {
    const event = jsonObject(input)!;
    return decodeTransformationEvent(event, recordsOf(event)!, context);
  },
};

function decodeTransformationEvent(event: Record<string, unknown>, records: readonly unknown[], context: Context): Found {
  const items = records.map((record, i) => {
    const r = asObject(record);
    const metadata = asObject(r['kinesisRecordMetadata']);
    const arrival = epochMillis(numberOrString(r['approximateArrivalTimestamp']));
    const info = recordInfo({
      recordId: r['recordId'],
      approximateArrivalTimestamp: arrival,
      partitionKey: metadata['partitionKey'],
      sequenceNumber: metadata['sequenceNumber'],
      shardId: metadata['shardId'],
    });
    return recordItem(`records[${i}]`, `records[${i}].data`, r['data'], context, { record: info }, arrival ?? 0);
  });
  const valid = validateTransformationEvent(event);
  const warnings = valid.ok ? [] : [valid.error.at('event')];
  const stream = nameOf(event['deliveryStreamArn']);
  const source = nameOf(event['sourceKinesisStreamArn']);
  const from = source ? ` from Kinesis stream ${source}` : ' (Direct PUT)';
  return {
    kind: InputKind.TRANSFORMATION_EVENT,
    description: `A Firehose data-transformation Lambda event with ${plural(items.length, 'record')}${stream ? ` for delivery stream ${stream}` : ''}${from}.`,
    items,
    context: pickStrings(event, ['invocationId', 'deliveryStreamArn', 'region', 'sourceKinesisStreamArn']),
    warnings,
  };
}
