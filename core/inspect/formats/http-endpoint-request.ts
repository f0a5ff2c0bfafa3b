/**
 * The body Firehose POSTs to an HTTP endpoint destination: `{requestId, timestamp, records: [{data}]}`.
 *
 * @module
 */
import { epochMillis } from '../../firehose/lambda-event.ts';
import { recordItem } from '../records.ts';
import { InputKind } from '../types.ts';
import { asObject, numberOrString, pickStrings, plural } from '../wording.ts';
import { type InputFormat, jsonObject } from './format.ts';
import { recordsOf } from './transformation-response.ts';

/** The HTTP endpoint request format. */
export const httpEndpointRequestFormat: InputFormat = {
  kind: InputKind.HTTP_ENDPOINT_REQUEST,
  label: 'Firehose HTTP endpoint request',
  // The last of the `records[]` shapes: records without data are items with that error, not an unknown input.
  sniff: (input) => recordsOf(jsonObject(input)) !== undefined,
  decode: (input, context) => {
    const request = jsonObject(input)!;
    const records = recordsOf(request)!;
    const timestamp = epochMillis(numberOrString(request['timestamp']));
    const requestId = typeof request['requestId'] === 'string' ? request['requestId'] : undefined;
    // Ids of message-extraction lines derive from the request id and record index, as the endpoint derives them.
    const items = records.map((record, i) =>
      recordItem(
        `records[${i}]`,
        `records[${i}].data`,
        asObject(record)['data'],
        context,
        {},
        timestamp ?? 0,
        undefined,
        requestId === undefined ? undefined : `${requestId}:${i}`,
      )
    );
    const fields = pickStrings(request, ['requestId']);
    if (timestamp !== undefined) fields['timestamp'] = timestamp;
    const id = requestId !== undefined ? ` (request ${requestId})` : '';
    return {
      kind: InputKind.HTTP_ENDPOINT_REQUEST,
      description: `A Firehose HTTP endpoint request body with ${plural(items.length, 'record')}${id}.`,
      items,
      context: fields,
    };
  },
};
