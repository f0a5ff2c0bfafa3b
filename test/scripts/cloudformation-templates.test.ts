/**
 * The deploy kit's CloudFormation templates (lambda/cloudformation/*.yaml), checked offline: valid against
 * the CloudFormation resource specification and the IAM reference (scripts/cloudformation), least
 * privilege asserted grant by grant, each Lambda's code a zip `npm run package` builds, and each
 * function's environment accepted by the code that reads it at start-up.
 */
import { basename, dirname, join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { LAMBDA_SYNC_PAYLOAD_BYTES } from '../../core/limits.ts';
import { indexRotations } from '../../core/opensearch/index-name.ts';
import { readOpenSearchConfig } from '../../core/opensearch/config.ts';
import { Front } from '../../core/config/env.ts';
import { settingsOf } from '../../core/settings.ts';
import {
  createEvalContext,
  type EvalContext,
  evaluate,
  loadTemplateFile,
  policyDocuments,
  type Template,
  validateTemplate,
} from '../../scripts/cloudformation/mod.ts';
import { LAMBDA_ENTRIES } from '../../scripts/package.ts';

const DIR = 'lambda/cloudformation';
const TEMPLATES = ['pipeline.yaml', 'http-endpoint.yaml', 'subscription.yaml', 'kinesis.yaml'] as const;
/** Values for the parameters without a default, as a user would pass them. */
const REQUIRED = {
  LogGroupName: '/aws/rds/instance/shop-db/general',
  OpenSearchDomainArn: 'arn:aws:es:us-east-1:123456789012:domain/logs',
  OpenSearchEndpoint: 'https://search-logs-abc123.us-east-1.es.amazonaws.com',
};
/** The pseudo parameters' sample values the evaluator uses (AWS::StackName is "firewatch"). */
const ARN = (service: string, rest: string) => `arn:aws:${service}:us-east-1:123456789012:${rest}`;
const DOMAIN = REQUIRED.OpenSearchDomainArn;

const templates = new Map<string, Template>();
beforeAll(async () => {
  for (const name of TEMPLATES) templates.set(name, (await loadTemplateFile(join(DIR, name))).template);
});

function parametersFor(template: Template, extra: Record<string, string> = {}): Record<string, string> {
  const declared = Object.keys((template['Parameters'] ?? {}) as Record<string, unknown>);
  return Object.fromEntries(Object.entries({ ...REQUIRED, ...extra }).filter(([k]) => declared.includes(k)));
}

function contextOf(name: string, extra: Record<string, string> = {}): Promise<EvalContext> {
  const template = templates.get(name)!;
  return createEvalContext(template, { parameters: parametersFor(template, extra) });
}

/** Every Allow grant of a role's inline policies as "action on resource", sorted. */
function grantsOf(name: string, role: string, ctx: EvalContext): string[] {
  const grants: string[] = [];
  for (const policy of policyDocuments(templates.get(name)!)) {
    if (policy.resource !== role || policy.kind !== 'identity') continue;
    const document = evaluate(policy.document, ctx) as { Statement: Array<{ Effect: string; Action: string | string[]; Resource: string | string[] }> };
    for (const statement of document.Statement) {
      if (statement.Effect !== 'Allow') continue;
      for (const action of [statement.Action].flat()) for (const resource of [statement.Resource].flat()) grants.push(`${action} on ${resource}`);
    }
  }
  return grants.sort();
}

function resourcesOfType(name: string, type: string): Array<[string, { Properties: Record<string, unknown> }]> {
  const resources = templates.get(name)!['Resources'] as Record<string, { Type: string; Properties: Record<string, unknown> }>;
  return Object.entries(resources).filter(([, r]) => r.Type === type);
}

describe('CloudFormation templates', () => {
  for (const name of TEMPLATES) {
    it(`${name} is valid against the resource specification and the IAM reference`, async () => {
      const template = templates.get(name)!;
      const result = await validateTemplate(template, { templateDir: DIR, parameters: parametersFor(template) });
      expect(result.problems).toEqual([]);
      expect(result.resources).toBeGreaterThan(5);
      expect(result.iamStatements).toBeGreaterThan(3);
      // Every Lambda's code is a zip npm run package builds, with the handler it writes.
      expect(result.packagedArtifacts.length).toBeGreaterThan(0);
      for (const artifact of result.packagedArtifacts) {
        expect(dirname(artifact.resolved)).toBe(join(process.cwd(), 'dist'));
        expect(Object.keys(LAMBDA_ENTRIES)).toContain(basename(artifact.resolved, '.zip'));
      }
      for (const [, fn] of resourcesOfType(name, 'AWS::Lambda::Function')) {
        expect(fn.Properties['Handler']).toBe('index.handler');
        expect(fn.Properties['Runtime']).toBe('nodejs22.x');
      }
    });
  }

  it('the Kinesis templates are valid with an on-demand stream too, and the shard count goes only to a provisioned one', async () => {
    for (const name of ['pipeline.yaml', 'http-endpoint.yaml', 'kinesis.yaml']) {
      const template = templates.get(name)!;
      const onDemand = await validateTemplate(template, { templateDir: DIR, parameters: parametersFor(template, { StreamShardCount: '0' }) });
      expect(onDemand.problems).toEqual([]);
      const stream = (template['Resources'] as Record<string, { Properties: unknown }>)['LogStream']!.Properties;
      expect(evaluate(stream, await contextOf(name, { StreamShardCount: '0' }))).toMatchObject({ StreamModeDetails: { StreamMode: 'ON_DEMAND' } });
      expect(evaluate(stream, await contextOf(name, { StreamShardCount: '0' }))).not.toHaveProperty('ShardCount');
      expect(evaluate(stream, await contextOf(name, { StreamShardCount: '4' }))).toMatchObject({
        StreamModeDetails: { StreamMode: 'PROVISIONED' },
        ShardCount: '4',
      });
    }
  });
});

describe('least privilege, grant by grant', () => {
  it('pipeline: the transformation Lambda may write its log and re-ingest into its own stream, nothing else', async () => {
    const ctx = await contextOf('pipeline.yaml');
    expect(grantsOf('pipeline.yaml', 'TransformRole', ctx)).toEqual([
      `kinesis:PutRecords on ${ARN('kinesis', 'stream/firewatch')}`,
      `logs:CreateLogStream on ${ARN('logs', 'log-group:/aws/lambda/firewatch-transform:*')}`,
      `logs:PutLogEvents on ${ARN('logs', 'log-group:/aws/lambda/firewatch-transform:*')}`,
    ]);
    expect(grantsOf('pipeline.yaml', 'LogsToStreamRole', ctx)).toEqual([`kinesis:PutRecord on ${ARN('kinesis', 'stream/firewatch')}`]);
  });

  it('pipeline: Firehose reads its stream, invokes its function, writes the named domain, its bucket and its log streams', async () => {
    const grants = grantsOf('pipeline.yaml', 'FirehoseRole', await contextOf('pipeline.yaml'));
    expect(grants).toContain(`lambda:InvokeFunction on ${ARN('lambda', 'function:firewatch-transform')}`);
    // Only what the documented destination uses: _bulk POSTs, the domain's description, and the GETs below.
    expect(grants).toContain(`es:ESHttpPost on ${DOMAIN}/_bulk`);
    expect(grants.filter((grant) => grant.startsWith('es:ESHttpPut'))).toEqual([]);
    expect(grants.filter((grant) => grant.startsWith('es:') && grant.endsWith(`${DOMAIN}/*`))).toEqual([]);
    expect(grants).toContain(`es:ESHttpGet on ${DOMAIN}/cloudwatch-logs*/_mapping/*`);
    expect(grants).toContain(`logs:PutLogEvents on ${ARN('logs', 'log-group:/aws/kinesisfirehose/firewatch:log-stream:DestinationDelivery')}`);
    // No grant reaches beyond the stack's own resources and the named domain.
    for (const grant of grants) {
      const resource = grant.split(' on ')[1]!;
      expect([
        resource,
        /stream\/firewatch$|function:firewatch-transform|^arn:aws:es:us-east-1:123456789012:domain\/logs(\/|$)|^arn:aws:s3:::BackupBucket-sample|kinesisfirehose\/firewatch:/
          .test(resource),
      ]).toEqual([resource, true]);
    }
  });

  it('http-endpoint: the endpoint reads its key and POSTs _bulk to the domain; Firehose reads the key, not the domain', async () => {
    const ctx = await contextOf('http-endpoint.yaml');
    const secret = evaluate({ Ref: 'AccessKeySecret' }, ctx);
    expect(grantsOf('http-endpoint.yaml', 'EndpointRole', ctx)).toEqual([
      `es:ESHttpPost on ${DOMAIN}/_bulk`,
      `logs:CreateLogStream on ${ARN('logs', 'log-group:/aws/lambda/firewatch-endpoint:*')}`,
      `logs:PutLogEvents on ${ARN('logs', 'log-group:/aws/lambda/firewatch-endpoint:*')}`,
      `secretsmanager:GetSecretValue on ${secret}`,
    ]);
    const firehose = grantsOf('http-endpoint.yaml', 'FirehoseRole', ctx);
    expect(firehose).toContain(`secretsmanager:GetSecretValue on ${secret}`);
    expect(firehose.filter((g) => g.startsWith('es:'))).toEqual([]);
  });

  it('subscription: the function writes its log, POSTs _bulk and records failures in its bucket; only this log group may invoke it', async () => {
    const ctx = await contextOf('subscription.yaml');
    expect(grantsOf('subscription.yaml', 'FunctionRole', ctx)).toEqual([
      `es:ESHttpPost on ${DOMAIN}/_bulk`,
      `logs:CreateLogStream on ${ARN('logs', 'log-group:/aws/lambda/firewatch-subscription:*')}`,
      `logs:PutLogEvents on ${ARN('logs', 'log-group:/aws/lambda/firewatch-subscription:*')}`,
      's3:ListBucket on arn:aws:s3:::FailureBucket-sample',
      's3:PutObject on arn:aws:s3:::FailureBucket-sample',
      's3:PutObject on arn:aws:s3:::FailureBucket-sample/*',
      's3:ListBucket on arn:aws:s3:::FailureBucket-sample/*',
    ].sort());
    const [[, permission]] = resourcesOfType('subscription.yaml', 'AWS::Lambda::Permission') as [[string, { Properties: Record<string, unknown> }]];
    expect(evaluate(permission.Properties, ctx)).toMatchObject({
      Principal: 'logs.amazonaws.com',
      SourceArn: ARN('logs', 'log-group:/aws/rds/instance/shop-db/general:*'),
      SourceAccount: '123456789012',
    });
  });
});

describe('hardening', () => {
  it('every bucket of every template takes TLS only', async () => {
    for (const name of TEMPLATES) {
      const ctx = await contextOf(name);
      const policies = resourcesOfType(name, 'AWS::S3::BucketPolicy').map(([, r]) =>
        evaluate(r.Properties, ctx) as { Bucket: unknown; PolicyDocument: { Statement: Array<Record<string, unknown>> } }
      );
      for (const [bucket] of resourcesOfType(name, 'AWS::S3::Bucket')) {
        const policy = policies.find((p) => JSON.stringify(p.Bucket) === JSON.stringify(evaluate({ Ref: bucket }, ctx)));
        expect([name, bucket, policy?.PolicyDocument.Statement]).toEqual([name, bucket, [
          expect.objectContaining({ Effect: 'Deny', Principal: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]]);
      }
    }
  });

  it('http-endpoint: the public function URL runs with reserved concurrency, a parameter with a sane default', async () => {
    const template = templates.get('http-endpoint.yaml')!;
    const parameter = (template['Parameters'] as Record<string, Record<string, unknown>>)['EndpointReservedConcurrency'];
    expect(parameter).toMatchObject({ Type: 'Number', Default: 10, MinValue: 1 });
    const [[, endpoint]] = resourcesOfType('http-endpoint.yaml', 'AWS::Lambda::Function').filter(([, r]) =>
      JSON.stringify(r.Properties).includes('http.zip')
    ) as [[string, { Properties: Record<string, unknown> }]];
    expect(evaluate(endpoint.Properties, await contextOf('http-endpoint.yaml', { EndpointReservedConcurrency: '25' }))).toMatchObject({
      ReservedConcurrentExecutions: '25',
    });
  });
});

describe('kinesis.yaml: the event source mapping consumer', () => {
  const STREAM = ARN('kinesis', 'stream/firewatch');
  const mappingOf = async (extra: Record<string, string> = {}) => {
    const [[, mapping]] = resourcesOfType('kinesis.yaml', 'AWS::Lambda::EventSourceMapping') as [[string, { Properties: Record<string, unknown> }]];
    return evaluate(mapping.Properties, await contextOf('kinesis.yaml', extra)) as Record<string, unknown>;
  };

  it('the function reads only its stream, writes its log, POSTs _bulk and records discarded batches in its bucket', async () => {
    const ctx = await contextOf('kinesis.yaml');
    const read = ['DescribeStream', 'DescribeStreamSummary', 'GetRecords', 'GetShardIterator', 'ListShards'].map((a) => `kinesis:${a} on ${STREAM}`);
    expect(grantsOf('kinesis.yaml', 'FunctionRole', ctx)).toEqual(
      [
        `es:ESHttpPost on ${DOMAIN}/_bulk`,
        ...read,
        `logs:CreateLogStream on ${ARN('logs', 'log-group:/aws/lambda/firewatch-kinesis:*')}`,
        `logs:PutLogEvents on ${ARN('logs', 'log-group:/aws/lambda/firewatch-kinesis:*')}`,
        's3:ListBucket on arn:aws:s3:::FailureBucket-sample',
        's3:PutObject on arn:aws:s3:::FailureBucket-sample',
        's3:PutObject on arn:aws:s3:::FailureBucket-sample/*',
        's3:ListBucket on arn:aws:s3:::FailureBucket-sample/*',
      ].sort(),
    );
    expect(grantsOf('kinesis.yaml', 'LogsToStreamRole', ctx)).toEqual([`kinesis:PutRecord on ${STREAM}`]);
    // An existing stream: the grants name that stream, in the stack's account and region.
    const existing = await contextOf('kinesis.yaml', { ExistingStreamName: 'rds-logs' });
    expect(grantsOf('kinesis.yaml', 'FunctionRole', existing).filter((g) => g.startsWith('kinesis:'))).toEqual(
      read.map((g) => g.replace(STREAM, ARN('kinesis', 'stream/rds-logs'))),
    );
  });

  it('the mapping reports partial batches, bisects on errors, bounds retries and sends discarded batches (with their records) to the bucket', async () => {
    expect(await mappingOf()).toEqual({
      FunctionName: 'firewatch-kinesis',
      EventSourceArn: STREAM,
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: '500',
      MaximumBatchingWindowInSeconds: '5',
      ParallelizationFactor: '1',
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: '20',
      DestinationConfig: { OnFailure: { Destination: 'arn:aws:s3:::FailureBucket-sample' } },
    });
    expect(await mappingOf({ MaximumRecordAgeInSeconds: '3600', ExistingStreamName: 'rds-logs' })).toMatchObject({
      MaximumRecordAgeInSeconds: '3600',
      EventSourceArn: ARN('kinesis', 'stream/rds-logs'),
    });
    // A 10,000-record batch is what the handler is built (and tested) for; Lambda allows no more from Kinesis.
    const parameters = templates.get('kinesis.yaml')!['Parameters'] as Record<string, { MaxValue: number; MinValue: number }>;
    expect(parameters['BatchSize']!.MaxValue).toBe(10_000);
    expect(parameters['ParallelizationFactor']!.MaxValue).toBe(10);
  });

  it('is valid reading an existing stream, and then creates neither a stream nor a subscription', async () => {
    const template = templates.get('kinesis.yaml')!;
    const result = await validateTemplate(template, { templateDir: DIR, parameters: parametersFor(template, { ExistingStreamName: 'rds-logs' }) });
    expect(result.problems).toEqual([]);
    const ctx = await contextOf('kinesis.yaml', { ExistingStreamName: 'rds-logs' });
    const conditional = Object.entries(template['Resources'] as Record<string, { Condition?: string }>).filter(([, r]) => r.Condition !== undefined);
    expect(conditional.map(([id, r]) => [id, evaluate({ 'Fn::If': [r.Condition, true, false] }, ctx)])).toEqual([
      ['LogStream', false],
      ['LogsToStreamRole', false],
      ['SubscriptionFilter', false],
    ]);
  });

  it('encrypts the stream and the bucket, and keeps records, failures and logs for bounded times', async () => {
    const ctx = await contextOf('kinesis.yaml');
    const resources = templates.get('kinesis.yaml')!['Resources'] as Record<string, { Properties: unknown }>;
    expect(evaluate(resources['LogStream']!.Properties, ctx)).toMatchObject({
      RetentionPeriodHours: '24',
      StreamEncryption: { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' },
    });
    expect(evaluate(resources['FailureBucket']!.Properties, ctx)).toMatchObject({
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LifecycleConfiguration: { Rules: [{ Status: 'Enabled', ExpirationInDays: '90' }] },
    });
    expect(evaluate(resources['FunctionLogGroup']!.Properties, ctx)).toEqual({ LogGroupName: '/aws/lambda/firewatch-kinesis', RetentionInDays: '30' });
    const policy = evaluate(resources['FailureBucketPolicy']!.Properties, ctx) as {
      PolicyDocument: { Statement: Array<{ Effect: string; Condition: unknown }> };
    };
    expect(policy.PolicyDocument.Statement).toEqual([expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]);
  });
});

describe('the templates and the code agree', () => {
  afterEach(() => vi.unstubAllEnvs());

  /** What Lambda sets in every function's environment. */
  const LAMBDA_ENV = { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'token' };
  const documented = new Set(settingsOf(Front.HTTP).map((v) => v.name));

  async function environmentOf(name: string, fn: string): Promise<Record<string, string>> {
    const ctx = await contextOf(name, { Parsers: '/aws/rds/*/general=mysql-general' });
    const [, resource] = resourcesOfType(name, 'AWS::Lambda::Function').find(([id]) => id === fn)!;
    return (evaluate(resource.Properties['Environment'], ctx) as { Variables: Record<string, string> }).Variables;
  }

  for (
    const [name, fn, entry] of [
      ['pipeline.yaml', 'TransformFunction', 'transform'],
      ['http-endpoint.yaml', 'EndpointFunction', 'http'],
      ['subscription.yaml', 'Function', 'subscription'],
      ['kinesis.yaml', 'Function', 'kinesis'],
    ] as const
  ) {
    it(`${name}: ${entry}'s start-up accepts the environment the template gives it`, async () => {
      const env = await environmentOf(name, fn);
      for (const variable of Object.keys(env)) {
        expect([variable, documented.has(variable) || /^FIREWATCH_(MODE|PARSERS)$/.test(variable)]).toEqual([variable, true]);
      }
      for (const [k, v] of Object.entries({ ...LAMBDA_ENV, ...env })) vi.stubEnv(k, v);
      // What Lambda does at init: import the entry, which reads its configuration from process.env.
      const module = await import(`../../lambda/${entry}.ts`);
      expect(typeof module.handler).toBe('function');
      if (entry !== 'transform') {
        const config = readOpenSearchConfig({ ...LAMBDA_ENV, ...env });
        expect(config).toMatchObject({
          url: REQUIRED.OpenSearchEndpoint,
          index: 'cloudwatch-logs',
          rotation: 'OneDay',
          auth: { type: 'sigv4', service: 'es', region: 'us-east-1' },
        });
      }
    });
  }

  it('rotations and limits in the parameters are the ones core knows', () => {
    for (const name of TEMPLATES) {
      const parameters = templates.get(name)!['Parameters'] as Record<string, { AllowedValues?: unknown[]; MaxValue?: number; Default?: unknown }>;
      expect(parameters['IndexRotation']!.AllowedValues).toEqual([...indexRotations]);
      expect(parameters['IndexRotation']!.Default).toBe('OneDay');
    }
    // The transformation's input stays at most 3 MB, so its answer fits Lambda's 6 MB with room to spare.
    const pipeline = templates.get('pipeline.yaml')!['Parameters'] as Record<string, { MaxValue: number }>;
    expect(pipeline['ProcessorBufferSizeMB']!.MaxValue).toBeLessThanOrEqual(3);
    // A function URL carries at most 6 MB and Firehose's batch arrives base64-encoded (4/3 larger) in it.
    const http = templates.get('http-endpoint.yaml')!['Parameters'] as Record<string, { MaxValue: number }>;
    expect(http['BufferingSizeMB']!.MaxValue * 1024 * 1024 * (4 / 3)).toBeLessThan(LAMBDA_SYNC_PAYLOAD_BYTES);
  });
});
