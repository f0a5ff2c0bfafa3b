/**
 * CloudWatch Logs subscription envelopes as plain JSON: one, or several one per line (or in an array),
 * as firewatch re-ingests them and as `firewatch sample --output envelope` writes them.
 *
 * @module
 */
import { looksLikeEnvelope } from '../../cloudwatch/envelope.ts';
import { awslogsData } from '../../cloudwatch/record.ts';
import { jsonLineItems } from '../json-lines.ts';
import { jsonRecordItem } from '../records.ts';
import { InputKind } from '../types.ts';
import { describePayload, lowerFirst, plural, upperFirst } from '../wording.ts';
import { type InputFormat, jsonObject } from './format.ts';

/** The envelope format. */
export const envelopeFormat: InputFormat = {
  kind: InputKind.ENVELOPE,
  label: 'CloudWatch Logs envelope',
  sniff: (input) => {
    const json = input.json;
    return json.kind === 'lines'
      ? json.lines.some((l) => looksLikeEnvelope(l.value) || awslogsData(l.value) !== undefined)
      : looksLikeEnvelope(jsonObject(input));
  },
  decode: (input, context) => {
    const json = input.json;
    if (json.kind !== 'lines') {
      const item = jsonRecordItem('input', jsonObject(input), context);
      return {
        kind: InputKind.ENVELOPE,
        description: item.decoded.ok ? `${upperFirst(describePayload(item.decoded.value))}, as plain JSON.` : 'A CloudWatch Logs envelope that is not valid.',
        items: [item],
      };
    }
    const items = jsonLineItems(json.lines, context);
    const description = `${plural(items.length, 'line')} of CloudWatch Logs envelopes as plain JSON.`;
    return { kind: InputKind.ENVELOPE, description: json.array ? `A JSON array: ${lowerFirst(description)}` : description, items };
  },
};
