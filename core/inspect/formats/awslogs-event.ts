/**
 * `{"awslogs":{"data":...}}`: a CloudWatch Logs subscription delivering to Lambda, also inside a Lambda
 * on-failure destination record (`requestPayload`), the subscription Lambda's failures.
 *
 * @module
 */
import { awslogsData } from '../../cloudwatch/record.ts';
import { recordItem } from '../records.ts';
import { InputKind } from '../types.ts';
import { describePayload } from '../wording.ts';
import { type InputFormat, jsonObject } from './format.ts';

/** The awslogs event format. */
export const awslogsEventFormat: InputFormat = {
  kind: InputKind.AWSLOGS_EVENT,
  label: 'CloudWatch Logs Lambda event',
  sniff: (input) => {
    const object = jsonObject(input);
    return object !== undefined && (awslogsData(object) !== undefined || awslogsData(object['requestPayload']) !== undefined);
  },
  decode: (input, context) => {
    const object = jsonObject(input)!;
    const awslogs = awslogsData(object);
    if (awslogs !== undefined) {
      const item = recordItem('awslogs.data', 'awslogs.data', awslogs, context, {}, 0);
      return {
        kind: InputKind.AWSLOGS_EVENT,
        description: `A CloudWatch Logs subscription event for Lambda ({"awslogs":{"data":...}})${
          item.decoded.ok ? ` holding ${describePayload(item.decoded.value)}` : ''
        }.`,
        items: [item],
      };
    }
    // A Lambda on-failure destination record: the subscription event it failed on is its requestPayload.
    const item = recordItem('requestPayload.awslogs.data', 'requestPayload.awslogs.data', awslogsData(object['requestPayload']), context, {}, 0);
    const requestContext = object['requestContext'];
    const condition = typeof requestContext === 'object' && requestContext !== null ? (requestContext as Record<string, unknown>)['condition'] : undefined;
    return {
      kind: InputKind.AWSLOGS_EVENT,
      description: `A Lambda on-failure record${typeof condition === 'string' ? ` (${condition})` : ''} of a CloudWatch Logs subscription event${
        item.decoded.ok ? ` holding ${describePayload(item.decoded.value)}` : ''
      }.`,
      items: [item],
    };
  },
};
