import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFiles, parseArguments } from '../../scripts/cloudformation/check.ts';
import { createEvalContext, evaluate, type EvaluationError } from '../../scripts/cloudformation/evaluate.ts';
import { arnMatches } from '../../scripts/cloudformation/iam.ts';
import { loadTemplate, TemplateLoadError } from '../../scripts/cloudformation/load.ts';
import { loadSpec } from '../../scripts/cloudformation/spec.ts';
import type { Problem, Template } from '../../scripts/cloudformation/template.ts';
import { type ValidateOptions, validateTemplate } from '../../scripts/cloudformation/validate.ts';

// A small but complete pipeline: stream -> (Lambda with least privilege) and stream -> Firehose -> S3.
const VALID = `
AWSTemplateFormatVersion: '2010-09-09'
Description: validator fixture
Parameters:
  RetentionHours:
    Type: Number
    Default: 24
    MinValue: 24
    MaxValue: 8760
  StreamMode:
    Type: String
    Default: ON_DEMAND
    AllowedValues: [ON_DEMAND, PROVISIONED]
  Suffix:
    Type: String
    AllowedPattern: '[a-z]+'
Conditions:
  Provisioned: !Equals [!Ref StreamMode, PROVISIONED]
Resources:
  Stream:
    Type: AWS::Kinesis::Stream
    Properties:
      Name: !Sub '\${AWS::StackName}-logs'
      RetentionPeriodHours: !Ref RetentionHours
      StreamModeDetails:
        StreamMode: !Ref StreamMode
      ShardCount: !If [Provisioned, 2, !Ref AWS::NoValue]
  Bucket:
    Type: AWS::S3::Bucket
    DeletionPolicy: Retain
    UpdateReplacePolicy: Retain
  FunctionRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: put-records
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action: kinesis:PutRecords
                Resource: !GetAtt Stream.Arn
  Function:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: !Sub '\${AWS::StackName}-transform-\${Suffix}'
      Runtime: nodejs22.x
      Handler: index.handler
      Code: ../../dist/transform.zip
      Role: !GetAtt FunctionRole.Arn
      Timeout: '60'
      MemorySize: 512
      Environment:
        Variables:
          STREAM_NAME: !Ref Stream
  DeliveryRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: { Service: firehose.amazonaws.com }
            Action: sts:AssumeRole
            Condition:
              StringEquals: { sts:ExternalId: !Ref AWS::AccountId }
      Policies:
        - PolicyName: delivery
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action: [kinesis:DescribeStream, kinesis:GetShardIterator, kinesis:GetRecords, kinesis:ListShards]
                Resource: !GetAtt Stream.Arn
              - Effect: Allow
                Action: [s3:PutObject, s3:GetBucketLocation, s3:ListBucket]
                Resource: [!GetAtt Bucket.Arn, !Sub '\${Bucket.Arn}/*']
              - Effect: Allow
                Action: [lambda:InvokeFunction, lambda:GetFunctionConfiguration]
                Resource: [!GetAtt Function.Arn, !Sub '\${Function.Arn}:*']
  Delivery:
    Type: AWS::KinesisFirehose::DeliveryStream
    Properties:
      DeliveryStreamName: !Sub '\${AWS::StackName}-delivery'
      DeliveryStreamType: KinesisStreamAsSource
      KinesisStreamSourceConfiguration:
        KinesisStreamARN: !GetAtt Stream.Arn
        RoleARN: !GetAtt DeliveryRole.Arn
      ExtendedS3DestinationConfiguration:
        BucketARN: !GetAtt Bucket.Arn
        RoleARN: !GetAtt DeliveryRole.Arn
        CompressionFormat: GZIP
        BufferingHints:
          IntervalInSeconds: 60
          SizeInMBs: 5
        ProcessingConfiguration:
          Enabled: true
          Processors:
            - Type: Lambda
              Parameters:
                - { ParameterName: LambdaArn, ParameterValue: !GetAtt Function.Arn }
Outputs:
  StreamArn:
    Value: !GetAtt Stream.Arn
  BucketName:
    Value: !Ref Bucket
`;

const TEMPLATE_DIR = resolve('lambda/cloudformation');
const OPTIONS: ValidateOptions = { templateDir: TEMPLATE_DIR, parameters: { Suffix: 'abc' } };

/** A template as the mutations reach into it: any path, read or written, as plain JSON allows. */
// deno-lint-ignore no-explicit-any -- the mutations write arbitrary deep paths of a parsed template; a precise type would be a cast per line
type Json = Record<string, any>;

/** The valid fixture with one change (a fresh copy each time). */
function mutated(change: (t: Json) => void): Template {
  const template = structuredClone(loadTemplate(VALID).template) as Json;
  change(template);
  return template;
}

/** Validates and returns the problems. */
async function problemsOf(template: Template, options: ValidateOptions = OPTIONS): Promise<Problem[]> {
  return (await validateTemplate(template, options)).problems;
}

beforeAll(async () => {
  await loadSpec(); // once for the file (about half a second); every test after shares it
});

describe('a valid template', () => {
  it('passes with no problems and reports its resources, statements and local artifacts', async () => {
    // Prepare
    const { template } = loadTemplate(VALID);
    // Act
    const result = await validateTemplate(template, OPTIONS);
    // Assess
    expect(result.problems).toEqual([]);
    expect(result.resources).toBe(6);
    expect(result.iamStatements).toBe(6);
    expect(result.packagedArtifacts).toEqual([{ path: '../../dist/transform.zip', resource: 'Function', resolved: resolve('dist/transform.zip') }]);
  });

  it('needs a value for a pattern-constrained parameter without a default to evaluate ARNs', async () => {
    const problems = await problemsOf(loadTemplate(VALID).template, { templateDir: TEMPLATE_DIR });
    expect(problems).toContainEqual({
      path: 'Resources.DeliveryRole.Properties.Policies[0].PolicyDocument.Statement[2].Resource[0]',
      message: expect.stringContaining('no sample value for parameter Suffix'),
    });
  });
});

describe('each kind of error is found', () => {
  it('a Transform section', async () => {
    const problems = await problemsOf(mutated((t) => (t['Transform'] = 'AWS::Serverless-2016-10-31')));
    expect(problems).toContainEqual({ path: 'Transform', message: expect.stringContaining('Transform is not supported') });
  });

  it('an unknown resource type', async () => {
    const problems = await problemsOf(mutated((t) => (t['Resources'].Bucket.Type = 'AWS::S3::Bukket')));
    expect(problems).toContainEqual({ path: 'Resources.Bucket.Type', message: 'unknown resource type AWS::S3::Bukket (did you mean AWS::S3::Bucket?)' });
  });

  it('a misspelled property', async () => {
    const problems = await problemsOf(
      mutated((t) => {
        const p = t['Resources'].Stream.Properties;
        p.StreamModeDetail = p.StreamModeDetails;
        delete p.StreamModeDetails;
      }),
    );
    expect(problems).toContainEqual({
      path: 'Resources.Stream.Properties.StreamModeDetail',
      message: 'AWS::Kinesis::Stream has no property StreamModeDetail (did you mean StreamModeDetails?)',
    });
  });

  it('a property in the wrong case', async () => {
    const problems = await problemsOf(
      mutated((t) => {
        const p = t['Resources'].Function.Properties;
        p.runtime = p.Runtime;
        delete p.Runtime;
      }),
    );
    expect(problems).toContainEqual({
      path: 'Resources.Function.Properties.runtime',
      message: expect.stringContaining('has no property runtime (did you mean Runtime?)'),
    });
  });

  it('a missing required property, top level and nested', async () => {
    const problems = await problemsOf(
      mutated((t) => {
        delete t['Resources'].Function.Properties.Role;
        delete t['Resources'].Delivery.Properties.ExtendedS3DestinationConfiguration.BucketARN;
      }),
    );
    expect(problems).toContainEqual({ path: 'Resources.Function.Properties.Role', message: 'required property Role of AWS::Lambda::Function is missing' });
    expect(problems).toContainEqual({
      path: 'Resources.Delivery.Properties.ExtendedS3DestinationConfiguration.BucketARN',
      message: 'required property BucketARN of ExtendedS3DestinationConfiguration is missing',
    });
  });

  it('a wrong value type deep in a nested type', async () => {
    const problems = await problemsOf(
      mutated((t) => (t['Resources'].Delivery.Properties.ExtendedS3DestinationConfiguration.BufferingHints.IntervalInSeconds = 'soon')),
    );
    expect(problems).toEqual([{
      path: 'Resources.Delivery.Properties.ExtendedS3DestinationConfiguration.BufferingHints.IntervalInSeconds',
      message: 'expects integer, got "soon"',
    }]);
  });

  it('a value outside an enumeration, in either branch of Fn::If', async () => {
    const problems = await problemsOf(
      mutated((t) => (t['Resources'].Stream.Properties.StreamModeDetails.StreamMode = { 'Fn::If': ['Provisioned', 'PROVISIONED', 'ONDEMAND'] })),
    );
    expect(problems).toContainEqual({
      path: 'Resources.Stream.Properties.StreamModeDetails.StreamMode.Fn::If[2]',
      message: '"ONDEMAND" is not one of ON_DEMAND, PROVISIONED',
    });
  });

  it('a parameter whose allowed values do not fit the property', async () => {
    const problems = await problemsOf(mutated((t) => t['Parameters'].StreamMode.AllowedValues.push('SLOW')));
    expect(problems).toContainEqual({
      path: 'Resources.Stream.Properties.StreamModeDetails.StreamMode',
      message: expect.stringContaining('parameter StreamMode may be "SLOW"'),
    });
  });

  it('a string where a list is expected', async () => {
    const problems = await problemsOf(mutated((t) => (t['Resources'].Function.Properties.Architectures = { 'Fn::Sub': 'arm64' })));
    expect(problems).toContainEqual({
      path: 'Resources.Function.Properties.Architectures',
      message: 'expects list of string, but Fn::Sub arm64 gives a string',
    });
  });

  it('a Ref to nothing', async () => {
    const problems = await problemsOf(mutated((t) => (t['Resources'].Function.Properties.Environment.Variables.STREAM_NAME = { Ref: 'Streem' })));
    expect(problems).toContainEqual({
      path: 'Resources.Function.Properties.Environment.Variables.STREAM_NAME.Ref',
      message: 'Ref Streem: no parameter, resource or pseudo parameter of that name (did you mean Stream?)',
    });
  });

  it('a GetAtt of an attribute the resource type does not have', async () => {
    const problems = await problemsOf(mutated((t) => (t['Outputs'].StreamArn.Value = { 'Fn::GetAtt': ['Stream', 'StreamArn'] })));
    expect(problems).toContainEqual({
      path: 'Outputs.StreamArn.Value.Fn::GetAtt',
      message: expect.stringContaining('Fn::GetAtt Stream.StreamArn: AWS::Kinesis::Stream has no attribute StreamArn'),
    });
  });

  it('an unresolved ${Var} in Fn::Sub (and none for an escaped ${!Literal} or a mapped variable)', async () => {
    const problems = await problemsOf(
      mutated((t) => {
        t['Resources'].Function.Properties.Description = { 'Fn::Sub': ['${Stage}-${Known} ${!Literal}', { Known: 'x' }] };
      }),
    );
    expect(problems).toEqual([{
      path: 'Resources.Function.Properties.Description.Fn::Sub',
      message: 'Fn::Sub: ${Stage}: no parameter, resource or pseudo parameter of that name',
    }]);
  });

  it('a circular dependency, with its path', async () => {
    const problems = await problemsOf(mutated((t) => (t['Resources'].FunctionRole.DependsOn = 'Function')));
    expect(problems).toContainEqual({ path: 'Resources.FunctionRole', message: 'circular dependency: FunctionRole -> Function -> FunctionRole' });
  });

  it('an unknown IAM action', async () => {
    const problems = await problemsOf(
      mutated((t) => (t['Resources'].FunctionRole.Properties.Policies[0].PolicyDocument.Statement[0].Action = 'kinesis:PutRecordz')),
    );
    expect(problems).toContainEqual({
      path: 'Resources.FunctionRole.Properties.Policies[0].PolicyDocument.Statement[0].Action',
      message: 'unknown IAM action kinesis:PutRecordz (did you mean kinesis:PutRecords?)',
    });
  });

  it('wildcard actions', async () => {
    const problems = await problemsOf(
      mutated((t) => (t['Resources'].FunctionRole.Properties.Policies[0].PolicyDocument.Statement[0].Action = ['kinesis:Put*', '*'])),
    );
    const at = 'Resources.FunctionRole.Properties.Policies[0].PolicyDocument.Statement[0].Action';
    expect(problems).toContainEqual({ path: `${at}[0]`, message: expect.stringContaining('wildcard action kinesis:Put*') });
    expect(problems).toContainEqual({ path: `${at}[1]`, message: expect.stringContaining('Action "*" allows everything') });
  });

  it('Resource "*" for an action that supports resource-level permissions', async () => {
    const problems = await problemsOf(mutated((t) => (t['Resources'].FunctionRole.Properties.Policies[0].PolicyDocument.Statement[0].Resource = '*')));
    expect(problems).toContainEqual({
      path: 'Resources.FunctionRole.Properties.Policies[0].PolicyDocument.Statement[0].Resource',
      message: expect.stringContaining('Resource "*" for kinesis:PutRecords, which can be scoped to stream arn:${Partition}:kinesis:'),
    });
  });

  it('Resource "*" is fine for an action without resource types, and allowed per action on request', async () => {
    const statement = { Effect: 'Allow', Action: ['xray:PutTraceSegments', 'cloudwatch:PutMetricData'], Resource: '*' };
    const template = mutated((t) => t['Resources'].FunctionRole.Properties.Policies[0].PolicyDocument.Statement.push(statement));
    expect(await problemsOf(template, { ...OPTIONS, allowWildcardResource: ['cloudwatch:PutMetricData'] })).toEqual([]);
  });

  it('a resource ARN that is not one of the action’s resource types', async () => {
    const firehose = { 'Fn::Sub': 'arn:${AWS::Partition}:firehose:${AWS::Region}:${AWS::AccountId}:deliverystream/${AWS::StackName}' };
    const problems = await problemsOf(mutated((t) => (t['Resources'].FunctionRole.Properties.Policies[0].PolicyDocument.Statement[0].Resource = firehose)));
    expect(problems).toEqual([
      {
        path: 'Resources.FunctionRole.Properties.Policies[0].PolicyDocument.Statement[0].Resource',
        message: expect.stringContaining(
          'arn:aws:firehose:us-east-1:123456789012:deliverystream/firewatch is not a resource kinesis:PutRecords acts on (stream:',
        ),
      },
    ]);
  });

  it('a log stream ARN built on a log group’s GetAtt Arn (which ends in :*)', async () => {
    const statement = { Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: { 'Fn::Sub': '${Logs.Arn}:log-stream:x' } };
    const problems = await problemsOf(
      mutated((t) => {
        t['Resources'].Logs = { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: 'app' } };
        t['Resources'].FunctionRole.Properties.Policies[0].PolicyDocument.Statement.push(statement);
      }),
    );
    expect(problems).toEqual([
      {
        path: 'Resources.FunctionRole.Properties.Policies[0].PolicyDocument.Statement[1].Resource',
        message: expect.stringContaining('arn:aws:logs:us-east-1:123456789012:log-group:app:*:log-stream:x is not a resource logs:PutLogEvents acts on'),
      },
    ]);
  });

  it('a trust policy with a malformed service principal', async () => {
    const problems = await problemsOf(
      mutated((t) => (t['Resources'].FunctionRole.Properties.AssumeRolePolicyDocument.Statement[0].Principal.Service = 'lambda')),
    );
    expect(problems).toContainEqual({
      path: 'Resources.FunctionRole.Properties.AssumeRolePolicyDocument.Statement[0].Principal.Service',
      message: 'service principal "lambda" is not <service>.amazonaws.com',
    });
  });

  it('a parameter default outside AllowedValues', async () => {
    const problems = await problemsOf(mutated((t) => (t['Parameters'].StreamMode.Default = 'FAST')));
    expect(problems).toContainEqual({ path: 'Parameters.StreamMode.Default', message: '"FAST" is not one of AllowedValues (ON_DEMAND, PROVISIONED)' });
  });

  it('a parameter default outside MinValue/MaxValue, an unknown type and an unknown key', async () => {
    const problems = await problemsOf(
      mutated((t) => {
        t['Parameters'].RetentionHours.Default = 12;
        t['Parameters'].Extra = { Type: 'Strin', Defualt: 'x' };
      }),
    );
    expect(problems).toContainEqual({ path: 'Parameters.RetentionHours.Default', message: '"12" is below MinValue 24' });
    expect(problems).toContainEqual({ path: 'Parameters.Extra.Defualt', message: expect.stringContaining('unknown parameter key Defualt') });
    expect(problems).toContainEqual({ path: 'Parameters.Extra.Type', message: 'unknown parameter type "Strin"' });
  });

  it('an unsupported Node.js runtime', async () => {
    const problems = await problemsOf(mutated((t) => (t['Resources'].Function.Properties.Runtime = 'nodejs18.x')));
    expect(problems).toContainEqual({
      path: 'Resources.Function.Properties.Runtime',
      message: 'nodejs18.x is not a supported Node.js runtime (nodejs20.x, nodejs22.x, nodejs24.x)',
    });
  });

  it('a zip package without a Handler, and Code given as an S3 URI', async () => {
    const problems = await problemsOf(
      mutated((t) => {
        delete t['Resources'].Function.Properties.Handler;
        t['Resources'].Function.Properties.Code = 's3://bucket/transform.zip';
      }),
    );
    expect(problems).toContainEqual({ path: 'Resources.Function.Properties.Handler', message: expect.stringContaining('Handler is required') });
    expect(problems).toContainEqual({ path: 'Resources.Function.Properties.Code', message: expect.stringContaining('is a URI') });
  });

  it('an unknown condition name and DependsOn target', async () => {
    const problems = await problemsOf(
      mutated((t) => {
        t['Resources'].Stream.Properties.ShardCount = { 'Fn::If': ['Provisoned', 2, { Ref: 'AWS::NoValue' }] };
        t['Resources'].Bucket.DependsOn = ['Strem'];
      }),
    );
    expect(problems).toContainEqual({
      path: 'Resources.Stream.Properties.ShardCount.Fn::If[0]',
      message: 'Fn::If: no condition Provisoned in Conditions (did you mean Provisioned?)',
    });
    expect(problems).toContainEqual({ path: 'Resources.Bucket.DependsOn[0]', message: 'DependsOn Strem: no such resource (did you mean Stream?)' });
  });
});

describe('evaluate', () => {
  it('renders ARNs, names and substitutions as the deployed stack would, with sample pseudo parameters', async () => {
    const { template } = loadTemplate(VALID);
    const ctx = await createEvalContext(template, { parameters: { Suffix: 'abc' } });
    const policy = (template['Resources'] as Json).FunctionRole.Properties.Policies[0].PolicyDocument;
    // The Lambda's PutRecords resource is exactly the stream's ARN.
    expect(evaluate(policy.Statement[0].Resource, ctx)).toBe('arn:aws:kinesis:us-east-1:123456789012:stream/firewatch-logs');
    expect(evaluate({ 'Fn::GetAtt': ['Function', 'Arn'] }, ctx)).toBe('arn:aws:lambda:us-east-1:123456789012:function:firewatch-transform-abc');
    expect(evaluate({ 'Fn::Sub': '${Bucket.Arn}/*' }, ctx)).toBe('arn:aws:s3:::Bucket-sample/*');
    expect(evaluate({ Ref: 'Stream' }, ctx)).toBe('firewatch-logs');
    expect(evaluate({ 'Fn::If': ['Provisioned', 'yes', 'no'] }, ctx)).toBe('no');
    expect(evaluate({ 'Fn::Join': [',', { 'Fn::Split': ['-', { Ref: 'AWS::StackName' }] }] }, ctx)).toBe('firewatch');
  });

  it('says why a value has no sample', async () => {
    const ctx = await createEvalContext(loadTemplate(VALID).template);
    expect(() => evaluate({ Ref: 'Suffix' }, ctx)).toThrow(expect.objectContaining({ code: 'NO_SAMPLE' }) as EvaluationError);
    expect(() => evaluate({ 'Fn::ImportValue': 'x' }, ctx)).toThrow(expect.objectContaining({ code: 'UNRESOLVABLE' }) as EvaluationError);
  });
});

describe('arnMatches', () => {
  const stream = 'arn:${Partition}:kinesis:${Region}:${Account}:stream/${StreamName}';
  const logStream = 'arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}';
  it.each([
    ['arn:aws:kinesis:us-east-1:123456789012:stream/logs', stream, true],
    ['arn:aws:kinesis:*:*:stream/*', stream, true],
    ['arn:aws:firehose:us-east-1:123456789012:deliverystream/logs', stream, false],
    ['arn:aws:logs:us-east-1:123456789012:log-group:app:log-stream:x', logStream, true],
    ['arn:aws:logs:us-east-1:123456789012:log-group:app:*', logStream, true],
    ['arn:aws:logs:us-east-1:123456789012:log-group:app:*:log-stream:x', logStream, false],
    ['arn:aws:lambda:us-east-1:123456789012:function:f:*', 'arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}', true],
    ['arn:aws:s3:::b/${aws:username}/*', 'arn:${Partition}:s3:::${BucketName}/${ObjectName}', true],
  ])('%s against %s is %s', (resource, format, expected) => {
    expect(arnMatches(resource, format)).toBe(expected);
  });
});

describe('loadTemplate', () => {
  it('turns short forms into long forms and knows each value’s line', () => {
    const { template, lineOf } = loadTemplate(
      [
        'Resources:',
        '  A:',
        '    Type: AWS::SNS::Topic',
        '    Properties:',
        '      TopicName: !Sub ["${x}-${AWS::Region}", {x: !GetAtt B.Endpoint.Address}]',
        '      DisplayName: !Select [0, !GetAZs ""]',
      ].join('\n'),
    );
    expect(template).toEqual({
      Resources: {
        A: {
          Type: 'AWS::SNS::Topic',
          Properties: {
            TopicName: { 'Fn::Sub': ['${x}-${AWS::Region}', { x: { 'Fn::GetAtt': ['B', 'Endpoint.Address'] } }] },
            DisplayName: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] },
          },
        },
      },
    });
    expect(lineOf('Resources.A.Properties.TopicName.Fn::Sub')).toBe(5);
    expect(lineOf('Resources.A.Properties.DisplayName.Fn::Select[1]')).toBe(6);
  });

  it('refuses tags CloudFormation does not know', () => {
    expect(() => loadTemplate('Resources: !Reff X', 'bad.yaml')).toThrow(TemplateLoadError);
  });
});

describe('check CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cfn-check-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints file:line: path: message and fails on problems, including a Code artifact not built yet', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, VALID.replace('Code: ../../dist/transform.zip', 'Code: missing.zip').replace('nodejs22.x', 'nodejs16.x'));
    const { ok, lines } = await checkFiles(parseArguments(['--parameter', 'Suffix=abc', file]));
    expect(ok).toBe(false);
    const runtimeLine = VALID.split('\n').findIndex((l) => l.includes('Runtime: nodejs22.x')) + 1;
    expect(lines).toContain(
      `${file}:${runtimeLine}: Resources.Function.Properties.Runtime: nodejs16.x is not a supported Node.js runtime (nodejs20.x, nodejs22.x, nodejs24.x)`,
    );
    expect(lines.some((l) => l.includes('Resources.Function.Properties.Code: missing.zip') && l.includes('npm run package'))).toBe(true);
  });

  it('prints a count line for a valid file', async () => {
    const file = join(dir, 'good.yaml');
    writeFileSync(file, VALID.replace('Code: ../../dist/transform.zip', 'Code: good.yaml'));
    expect(await checkFiles(parseArguments([`--parameter=Suffix=abc`, file]))).toEqual({ ok: true, lines: [`${file}: ok: 6 resources, 6 IAM statements`] });
  });
});
