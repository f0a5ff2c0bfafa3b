/**
 * Sample failure records, so every input the README shows can be made on any machine: the lines Firehose
 * backs up to S3 when it gives up on a record (`processing-failed/`, `AmazonOpenSearchService-failed/`,
 * `http-endpoint-failed/`) and the records a Lambda on-failure destination receives when the subscription
 * Lambda gave up on an event. Built from the same records as the other samples (core/samples/events.ts),
 * so `decode` and `send` read them back to the same log events.
 *
 * Shapes as the Firehose and Lambda documentation show them (DESIGN §3): every backup line holds
 * `attemptsMade`, `arrivalTimestamp`, `errorCode`, `errorMessage`, `attemptEndingTimestamp` and `rawData`
 * (base64); processing-failed lines add `lambdaArn`, OpenSearch-failed lines `esDocumentId`, `esIndexName`
 * and `esTypeName`, and hold the document OpenSearch refused rather than the original record.
 *
 * @example
 * ```ts
 * const lines = buildSampleBackupLines("processing-failed", { records: 2 });
 * lines.map((line) => JSON.stringify(line)).join("\n"); // what s3://…/processing-failed/… holds
 * ```
 * @module
 */
import { decodeBase64, encodeBase64 } from '../bytes/base64.ts';
import { decodeUtf8 } from '../bytes/utf8.ts';
import { planTransformation } from '../firehose/transform.ts';
import { buildSampleEvent, buildSampleRecords, type SampleOptions } from './events.ts';
import { SAMPLE_ACCOUNT, SAMPLE_REGION, SAMPLE_TIME } from './records.ts';

/** The S3 backup prefixes Firehose writes failed records under. */
export const backupKinds = ['processing-failed', 'opensearch-failed', 'http-endpoint-failed'] as const;
export type BackupKind = (typeof backupKinds)[number];

/** The transformation Lambda of the samples. */
export const SAMPLE_LAMBDA_ARN = `arn:aws:lambda:${SAMPLE_REGION}:${SAMPLE_ACCOUNT}:function:firewatch-transform:$LATEST`;
/** The subscription Lambda of the samples. */
export const SAMPLE_SUBSCRIPTION_LAMBDA_ARN = `arn:aws:lambda:${SAMPLE_REGION}:${SAMPLE_ACCOUNT}:function:firewatch-subscription:$LATEST`;

/** One line of a Firehose S3 backup object. */
export type BackupLine = Readonly<Record<string, string | number>>;

/** Arrived a minute after the logs, given up on five minutes later (Firehose's default retry duration for OpenSearch). */
const ARRIVED = SAMPLE_TIME + 60_000;
const GAVE_UP = ARRIVED + 300_000;

/**
 * The backup lines of one kind for the sample's records: processing-failed and HTTP-endpoint-failed lines
 * hold the original CloudWatch Logs record, OpenSearch-failed lines the document the transformation made
 * of it (split mode: the record's first event).
 *
 * @example
 * ```ts
 * buildSampleBackupLines("opensearch-failed", { records: 1 })[0]?.esIndexName; // "cloudwatch-logs-2026-11-25"
 * ```
 */
export function buildSampleBackupLines(kind: BackupKind, options: SampleOptions = {}): BackupLine[] {
  const common = { attemptsMade: kind === 'processing-failed' ? 4 : 1, arrivalTimestamp: ARRIVED };
  if (kind === 'opensearch-failed') {
    // What Firehose sends to OpenSearch is what the transformation answered: one document per Ok record.
    const event = buildSampleEvent(options);
    const plan = planTransformation(event, { mode: 'split' });
    return plan.response.records.flatMap((answer, i) => {
      if (answer.result !== 'Ok' || !('data' in answer) || typeof answer.data !== 'string') return [];
      const bytes = decodeBase64(answer.data);
      const text = bytes.ok ? decodeUtf8(bytes.value) : undefined;
      const document = (text?.ok ? JSON.parse(text.value) : {}) as { '@timestamp'?: string };
      const day = (document['@timestamp'] ?? new Date(ARRIVED).toISOString()).slice(0, 10);
      return [
        {
          ...common,
          errorCode: '400',
          errorMessage:
            '{"type":"mapper_parsing_exception","reason":"failed to parse field [thread_id] of type [long] in document","caused_by":{"type":"illegal_argument_exception","reason":"For input string: \\"n/a\\""}}',
          attemptEndingTimestamp: GAVE_UP,
          esDocumentId: `${ARRIVED}${String(i).padStart(4, '0')}-firewatch`,
          esIndexName: `cloudwatch-logs-${day}`,
          esTypeName: '',
          rawData: answer.data,
        },
      ];
    });
  }
  return buildSampleRecords(options).map((record) => {
    const rawData = encodeBase64(record);
    return kind === 'processing-failed'
      ? {
        ...common,
        errorCode: 'Lambda.ProcessingFailedStatus',
        errorMessage: 'ProcessingFailed status set for the record by the Lambda function.',
        attemptEndingTimestamp: GAVE_UP,
        rawData,
        lambdaArn: SAMPLE_LAMBDA_ARN,
      }
      : {
        ...common,
        errorCode: 'HttpEndpoint.InvalidResponseFromDestination',
        errorMessage: 'The response received from the specified endpoint is invalid. Contact the owner of the endpoint to resolve the issue.',
        attemptEndingTimestamp: GAVE_UP,
        rawData,
      };
  });
}

/** A Lambda asynchronous-invocation record, as an on-failure destination receives it. */
export interface OnFailureRecord {
  readonly version: '1.0';
  readonly timestamp: string;
  readonly requestContext: {
    readonly requestId: string;
    readonly functionArn: string;
    readonly condition: 'RetriesExhausted';
    readonly approximateInvokeCount: number;
  };
  readonly requestPayload: { readonly awslogs: { readonly data: string } };
  readonly responseContext: { readonly statusCode: number; readonly executedVersion: string; readonly functionError: 'Unhandled' };
  readonly responsePayload: { readonly errorType: string; readonly errorMessage: string; readonly trace: readonly string[] };
}

/**
 * One on-failure record per sample record: the CloudWatch Logs event the subscription Lambda failed on
 * (`requestPayload`), after Lambda's two retries.
 *
 * @example
 * ```ts
 * buildSampleOnFailureRecords({ records: 1 })[0]?.requestContext.condition; // "RetriesExhausted"
 * ```
 */
export function buildSampleOnFailureRecords(options: SampleOptions = {}): OnFailureRecord[] {
  const seed = ((options.seed ?? 1) >>> 0).toString(16).padStart(8, '0');
  return buildSampleRecords(options).map((record, i) => ({
    version: '1.0',
    timestamp: new Date(ARRIVED + i * 1000).toISOString(),
    requestContext: {
      requestId: `${seed}-${String(i).padStart(4, '0')}-4b1e-9d2c-0f5e7a6b8c9d`,
      functionArn: SAMPLE_SUBSCRIPTION_LAMBDA_ARN,
      condition: 'RetriesExhausted',
      approximateInvokeCount: 3,
    },
    requestPayload: { awslogs: { data: encodeBase64(record) } },
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    responsePayload: {
      errorType: 'FirewatchError',
      errorMessage:
        'firewatch: sink opensearch failed: cannot reach https://search-logs.us-east-1.es.amazonaws.com: timed out; Lambda retries the invocation, then sends the event to the on-failure destination',
      trace: [],
    },
  }));
}
