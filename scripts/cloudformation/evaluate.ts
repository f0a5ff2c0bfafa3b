/**
 * Renders template expressions to sample values offline, as a deployed stack would see them with
 * sample pseudo parameters (`aws`, `us-east-1`, `123456789012`, stack `firewatch`): parameters take the
 * supplied value or their `Default`, resources their name property (else `<LogicalId>-sample`), ARNs come
 * from the specification's `arnTemplate`, and `Fn::Sub`/`Join`/`Select`/`Split`/`If`/`FindInMap`/`Base64`
 * and conditions are computed. The IAM checks match these samples against ARN formats; template tests can
 * assert on them.
 *
 * @example
 * ```ts
 * import { createEvalContext, evaluate } from './evaluate.ts';
 * const ctx = await createEvalContext(template, { parameters: { DomainArn: 'arn:aws:es:us-east-1:123456789012:domain/logs' } });
 * evaluate({ 'Fn::GetAtt': ['Stream', 'Arn'] }, ctx); // 'arn:aws:kinesis:us-east-1:123456789012:stream/firewatch-logs'
 * evaluate({ 'Fn::Sub': '${DomainArn}/_bulk' }, ctx); // 'arn:aws:es:us-east-1:123456789012:domain/logs/_bulk'
 * ```
 * @module
 */
import { parameterValue, type ParameterValues } from './parameters.ts';
import { attributeType, loadSpec, nameProperty, refIdentifier, type Resource, resourceSpec, type SpecDatabase } from './spec.ts';
import { getAttTarget, intrinsicOf, isPseudoParameter, isRecord, PSEUDO_PARAMETERS, section, subArgument, substitute, type Template } from './template.ts';

/** A value an expression evaluates to (`undefined` is `AWS::NoValue`: the property is removed). */
export type EvalValue = string | number | boolean | null | undefined | EvalValue[] | { [key: string]: EvalValue };

/** Why an expression has no offline value. */
export const EvaluationErrorCode = {
  /** A parameter has neither a supplied value, a `Default` nor a safe sample. */
  NO_SAMPLE: 'NO_SAMPLE',
  /** The value only exists in a real account (`Fn::ImportValue`, `Fn::Cidr`, a custom resource's attribute). */
  UNRESOLVABLE: 'UNRESOLVABLE',
  /** The expression is malformed or names something that does not exist. */
  INVALID: 'INVALID',
} as const;
export type EvaluationErrorCode = (typeof EvaluationErrorCode)[keyof typeof EvaluationErrorCode];

/** An expression could not be evaluated; `code` says why. */
export class EvaluationError extends Error {
  override readonly name = 'EvaluationError';
  constructor(
    readonly code: EvaluationErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** What {@link evaluate} needs: the template, the specification and the parameter values. */
export interface EvalContext {
  readonly template: Template;
  readonly db: SpecDatabase;
  readonly parameters: ParameterValues;
  /** Resources whose name is being computed (a name that refers to itself is an error, not a hang). */
  readonly naming: Set<string>;
}

/** Builds an evaluation context; loads the (cached) specification. */
export async function createEvalContext(template: Template, options: { parameters?: ParameterValues; db?: SpecDatabase } = {}): Promise<EvalContext> {
  return { template, db: options.db ?? (await loadSpec()), parameters: options.parameters ?? {}, naming: new Set() };
}

/**
 * Evaluates an expression to its sample value. Throws {@link EvaluationError}.
 *
 * @example
 * ```ts
 * evaluate({ 'Fn::Join': ['-', [{ Ref: 'AWS::StackName' }, 'x']] }, ctx); // 'firewatch-x'
 * ```
 */
export function evaluate(expr: unknown, ctx: EvalContext): EvalValue {
  if (expr === null || typeof expr === 'string' || typeof expr === 'number' || typeof expr === 'boolean') return expr;
  if (Array.isArray(expr)) return expr.map((item) => evaluate(item, ctx)).filter((item) => item !== undefined);
  const fn = intrinsicOf(expr);
  if (fn) return evaluateFunction(fn.name, fn.arg, ctx);
  if (!isRecord(expr)) throw new EvaluationError('INVALID', `cannot evaluate ${typeof expr}`);
  const out: Record<string, EvalValue> = {};
  for (const [key, value] of Object.entries(expr)) {
    const evaluated = evaluate(value, ctx);
    if (evaluated !== undefined) out[key] = evaluated;
  }
  return out;
}

/** Evaluates an expression that must give a string (numbers and booleans are written out, as CloudFormation does). */
export function evaluateString(expr: unknown, ctx: EvalContext): string {
  const value = evaluate(expr, ctx);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new EvaluationError('INVALID', `expected a string, got ${JSON.stringify(value)}`);
}

function evaluateList(expr: unknown, ctx: EvalContext): EvalValue[] {
  const value = evaluate(expr, ctx);
  if (Array.isArray(value)) return value;
  throw new EvaluationError('INVALID', `expected a list, got ${JSON.stringify(value)}`);
}

/** Whether the named condition holds with the context's parameter values. */
export function evaluateCondition(name: string, ctx: EvalContext, seen: ReadonlySet<string> = new Set()): boolean {
  const conditions = section(ctx.template, 'Conditions');
  if (!Object.hasOwn(conditions, name)) throw new EvaluationError('INVALID', `no condition ${name}`);
  if (seen.has(name)) throw new EvaluationError('INVALID', `condition ${name} refers to itself`);
  return conditionValue(conditions[name], ctx, new Set([...seen, name]));
}

function conditionValue(expr: unknown, ctx: EvalContext, seen: ReadonlySet<string>): boolean {
  const fn = intrinsicOf(expr);
  if (!fn) throw new EvaluationError('INVALID', `${JSON.stringify(expr)} is not a condition`);
  const args = Array.isArray(fn.arg) ? fn.arg : [];
  switch (fn.name) {
    case 'Condition':
      return evaluateCondition(String(fn.arg), ctx, seen);
    case 'Fn::Equals': {
      if (args.length !== 2) throw new EvaluationError('INVALID', 'Fn::Equals takes two values');
      // Parameters are strings once referenced, so `!Equals [!Ref Count, 0]` compares "0" with 0 as text.
      return JSON.stringify(scalarText(evaluate(args[0], ctx))) === JSON.stringify(scalarText(evaluate(args[1], ctx)));
    }
    case 'Fn::Not':
      return !conditionValue(args[0], ctx, seen);
    case 'Fn::And':
      return args.every((arg) => conditionValue(arg, ctx, seen));
    case 'Fn::Or':
      return args.some((arg) => conditionValue(arg, ctx, seen));
    default:
      throw new EvaluationError('INVALID', `${fn.name} is not a condition function`);
  }
}

function scalarText(value: EvalValue): EvalValue {
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
}

function evaluateFunction(name: string, arg: unknown, ctx: EvalContext): EvalValue {
  const args = Array.isArray(arg) ? arg : [];
  switch (name) {
    case 'Ref':
      return evaluateRef(arg, ctx);
    case 'Fn::GetAtt': {
      const target = getAttTarget(arg);
      if (!target) throw new EvaluationError('INVALID', `malformed Fn::GetAtt ${JSON.stringify(arg)}`);
      return getAtt(target.resource, evaluateString(target.attribute, ctx), ctx);
    }
    case 'Fn::Sub': {
      const sub = subArgument(arg);
      if (!sub) throw new EvaluationError('INVALID', `malformed Fn::Sub ${JSON.stringify(arg)}`);
      return substitute(sub.text, (variable) => {
        if (Object.hasOwn(sub.variables, variable)) return evaluateString(sub.variables[variable], ctx);
        const dot = variable.indexOf('.');
        return dot > 0 ? evaluateString({ 'Fn::GetAtt': [variable.slice(0, dot), variable.slice(dot + 1)] }, ctx) : evaluateString({ Ref: variable }, ctx);
      });
    }
    case 'Fn::Join': {
      if (args.length !== 2 || typeof args[0] !== 'string') throw new EvaluationError('INVALID', 'Fn::Join takes [delimiter, list]');
      return evaluateList(args[1], ctx)
        .map((item) => evaluateString(item, ctx))
        .join(args[0]);
    }
    case 'Fn::Select': {
      const index = Number(evaluate(args[0], ctx));
      const list = evaluateList(args[1], ctx);
      if (!Number.isInteger(index) || index < 0 || index >= list.length) {
        throw new EvaluationError('INVALID', `Fn::Select index ${String(args[0])} is outside the list of ${list.length}`);
      }
      return list[index];
    }
    case 'Fn::Split': {
      if (args.length !== 2 || typeof args[0] !== 'string') throw new EvaluationError('INVALID', 'Fn::Split takes [delimiter, string]');
      return evaluateString(args[1], ctx).split(args[0]);
    }
    case 'Fn::If': {
      if (args.length !== 3 || typeof args[0] !== 'string') throw new EvaluationError('INVALID', 'Fn::If takes [condition, then, else]');
      return evaluate(evaluateCondition(args[0], ctx) ? args[1] : args[2], ctx);
    }
    case 'Fn::FindInMap': {
      const [map, top, second] = args.map((a) => evaluateString(a, ctx));
      const mapping = section(ctx.template, 'Mappings')[map ?? ''];
      const entry = isRecord(mapping) ? mapping[top ?? ''] : undefined;
      const value = isRecord(entry) ? entry[second ?? ''] : undefined;
      if (value === undefined) throw new EvaluationError('INVALID', `Fn::FindInMap: no ${map}.${top}.${second} in Mappings`);
      return evaluate(value, ctx);
    }
    case 'Fn::GetAZs': {
      const region = evaluateString(arg ?? '', ctx) || PSEUDO_PARAMETERS['AWS::Region'];
      return ['a', 'b', 'c'].map((zone) => `${region}${zone}`);
    }
    case 'Fn::Base64':
      return Buffer.from(evaluateString(arg, ctx), 'utf8').toString('base64');
    case 'Fn::ImportValue':
      throw new EvaluationError('UNRESOLVABLE', 'Fn::ImportValue has no value offline');
    case 'Fn::Cidr':
      throw new EvaluationError('UNRESOLVABLE', 'Fn::Cidr is not evaluated offline');
    case 'Fn::Equals':
    case 'Fn::Not':
    case 'Fn::And':
    case 'Fn::Or':
    case 'Condition':
      return conditionValue({ [name]: arg }, ctx, new Set());
    default:
      throw new EvaluationError('INVALID', `${name} is not an intrinsic function evaluated here`);
  }
}

function evaluateRef(name: unknown, ctx: EvalContext): EvalValue {
  if (typeof name !== 'string') throw new EvaluationError('INVALID', `Ref takes a name, not ${JSON.stringify(name)}`);
  if (isPseudoParameter(name)) {
    const value = PSEUDO_PARAMETERS[name];
    return Array.isArray(value) ? [...value] : value;
  }
  const parameters = section(ctx.template, 'Parameters');
  if (Object.hasOwn(parameters, name)) {
    const result = parameterValue(name, parameters[name], ctx.parameters);
    if (!result.ok) throw new EvaluationError('NO_SAMPLE', result.message);
    return result.value;
  }
  if (Object.hasOwn(section(ctx.template, 'Resources'), name)) return refValue(name, ctx);
  throw new EvaluationError('INVALID', `Ref ${name}: no such parameter, resource or pseudo parameter`);
}

/** The resource declaration and its specification (undefined for custom and unknown types). */
function declared(logicalId: string, ctx: EvalContext): { properties: Record<string, unknown>; spec: Resource | undefined; type: string } {
  const resource = section(ctx.template, 'Resources')[logicalId];
  if (!isRecord(resource)) throw new EvaluationError('INVALID', `no resource ${logicalId}`);
  const type = typeof resource['Type'] === 'string' ? resource['Type'] : '';
  return { properties: isRecord(resource['Properties']) ? resource['Properties'] : {}, spec: resourceSpec(ctx.db, type), type };
}

/**
 * A resource's physical id: its name property when the template sets it (`FunctionName`, `BucketName`,
 * `Name`, ...), else `<LogicalId>-sample` (CloudFormation would generate one from the stack name).
 */
export function physicalName(logicalId: string, ctx: EvalContext): string {
  const { properties, spec } = declared(logicalId, ctx);
  const property = spec ? nameProperty(spec) : undefined;
  if (property === undefined || properties[property] === undefined) return `${logicalId}-sample`;
  if (ctx.naming.has(logicalId)) throw new EvaluationError('INVALID', `the name of ${logicalId} refers to itself`);
  ctx.naming.add(logicalId);
  try {
    const value = evaluate(properties[property], ctx);
    return value === undefined ? `${logicalId}-sample` : evaluateString(value, ctx);
  } finally {
    ctx.naming.delete(logicalId);
  }
}

/**
 * Resource types whose `Ref` is not what the specification's identifier suggests. Secrets Manager's
 * identifier is `Id`, but `Ref` returns the secret's ARN (user guide, AWS::SecretsManager::Secret return values).
 */
const REF_IS_ARN = new Set(['AWS::SecretsManager::Secret']);

/** What `Ref` of a resource returns: its ARN, its URL (SQS) or its physical name, per the specification. */
export function refValue(logicalId: string, ctx: EvalContext): string {
  const { spec, type } = declared(logicalId, ctx);
  const identifier = spec ? refIdentifier(spec) : undefined;
  if (REF_IS_ARN.has(type) || identifier?.endsWith('Arn')) return arnOf(logicalId, ctx);
  if (identifier === 'QueueUrl') {
    return `https://sqs.${PSEUDO_PARAMETERS['AWS::Region']}.${PSEUDO_PARAMETERS['AWS::URLSuffix']}/${PSEUDO_PARAMETERS['AWS::AccountId']}/${
      physicalName(logicalId, ctx)
    }`;
  }
  return physicalName(logicalId, ctx);
}

/**
 * What `Fn::GetAtt X.Arn` returns where the specification's `arnTemplate` is not the whole story: a log
 * group's ARN ends in `:*` (its return value covers the log streams; user guide, AWS::Logs::LogGroup), and a
 * secret's ARN ends in a random six-character suffix.
 */
const ARN_SUFFIX: Readonly<Record<string, string>> = {
  'AWS::Logs::LogGroup': ':*',
  'AWS::SecretsManager::Secret': '-AbCdEf',
};

/**
 * A resource's ARN: the specification's `arnTemplate` with partition, region and account filled in, a
 * placeholder named like a set property taking its value, `...WithPath` placeholders the `Path` and the
 * name, and any other the physical name. Without a template: `arn:aws:<service>:us-east-1:123456789012:<logicalid>`.
 */
export function arnOf(logicalId: string, ctx: EvalContext): string {
  const { properties, spec, type } = declared(logicalId, ctx);
  const service = (type.split('::')[1] ?? 'custom').toLowerCase();
  const template = spec?.arnTemplate ?? `arn:\${Partition}:${service}:\${Region}:\${Account}:${logicalId.toLowerCase()}`;
  const arn = template.replace(/\$\{([^}]+)\}/g, (_all, placeholder: string) => {
    if (placeholder === 'Partition') return PSEUDO_PARAMETERS['AWS::Partition'];
    if (placeholder === 'Region') return PSEUDO_PARAMETERS['AWS::Region'];
    if (placeholder === 'Account') return PSEUDO_PARAMETERS['AWS::AccountId'];
    if (properties[placeholder] !== undefined && spec?.properties[placeholder]?.type.type === 'string') return evaluateString(properties[placeholder], ctx);
    if (placeholder.endsWith('WithPath')) {
      const path = properties['Path'] === undefined ? '/' : evaluateString(properties['Path'], ctx);
      return `${path.slice(1)}${physicalName(logicalId, ctx)}`;
    }
    return physicalName(logicalId, ctx);
  });
  return arn + (ARN_SUFFIX[type] ?? '');
}

function getAtt(logicalId: string, attribute: string, ctx: EvalContext): EvalValue {
  const { spec, type } = declared(logicalId, ctx);
  if (spec === undefined) {
    throw new EvaluationError('UNRESOLVABLE', `Fn::GetAtt ${logicalId}.${attribute}: ${type || 'the resource'} has no specification (custom resource?)`);
  }
  if (attributeType(ctx.db, spec, attribute) === undefined) throw new EvaluationError('INVALID', `${type} has no attribute ${attribute}`);
  if (attribute === 'Arn' || attribute === `${spec.name}Arn` || (attribute === refIdentifier(spec) && attribute.endsWith('Arn'))) return arnOf(logicalId, ctx);
  const name = nameProperty(spec);
  if (name !== undefined && attribute === name) return physicalName(logicalId, ctx);
  if (attribute === 'QueueUrl') return refValue(logicalId, ctx);
  if (attribute.endsWith('Arn')) {
    return `arn:${PSEUDO_PARAMETERS['AWS::Partition']}:${type.split('::')[1]?.toLowerCase()}:${PSEUDO_PARAMETERS['AWS::Region']}:${
      PSEUDO_PARAMETERS['AWS::AccountId']
    }:${logicalId.toLowerCase()}/${attribute}`;
  }
  const attrType = attributeType(ctx.db, spec, attribute);
  if (attrType?.type === 'array') return [`${logicalId}-${attribute}-sample`];
  if (attrType?.type === 'integer' || attrType?.type === 'number') return 1;
  return `${logicalId}-${attribute}-sample`;
}
