/**
 * Template parameters: their declaration (type, keys, constraints), whether a value (the `Default`, or
 * one a caller supplies) meets the constraints, and the sample value each evaluates to offline.
 *
 * @example
 * ```ts
 * import { checkParameters, parameterValue } from './parameters.ts';
 * const parameters = { Mode: { Type: 'String', Default: 'fast', AllowedValues: ['slow', 'normal'] } };
 * checkParameters(parameters, {}); // [{ path: 'Parameters.Mode.Default', message: '"fast" is not one of AllowedValues (slow, normal)' }]
 * parameterValue('Mode', parameters.Mode, {}); // { ok: true, value: 'fast' }
 * ```
 * @module
 */
import { isRecord, joinPath, LOGICAL_ID, type Problem, TEMPLATE_LIMITS } from './template.ts';

/** Keys a parameter declaration may have. */
export const PARAMETER_KEYS = [
  'Type',
  'Default',
  'AllowedValues',
  'AllowedPattern',
  'ConstraintDescription',
  'Description',
  'MaxLength',
  'MaxValue',
  'MinLength',
  'MinValue',
  'NoEcho',
] as const;

/** AWS-specific parameter types (the user guide's "Supported AWS-specific parameter types") and a sample of each. */
export const AWS_PARAMETER_TYPES = {
  'AWS::EC2::AvailabilityZone::Name': 'us-east-1a',
  'AWS::EC2::Image::Id': 'ami-0123456789abcdef0',
  'AWS::EC2::Instance::Id': 'i-0123456789abcdef0',
  'AWS::EC2::KeyPair::KeyName': 'sample-key',
  'AWS::EC2::SecurityGroup::GroupName': 'sample-security-group',
  'AWS::EC2::SecurityGroup::Id': 'sg-0123456789abcdef0',
  'AWS::EC2::Subnet::Id': 'subnet-0123456789abcdef0',
  'AWS::EC2::Volume::Id': 'vol-0123456789abcdef0',
  'AWS::EC2::VPC::Id': 'vpc-0123456789abcdef0',
  'AWS::Route53::HostedZone::Id': 'Z0123456789ABCDEFGHIJ',
} as const;

/** What a parameter type is made of: a list or a scalar, and of what. */
export interface ParameterKind {
  list: boolean;
  element: 'String' | 'Number' | keyof typeof AWS_PARAMETER_TYPES | 'SSMName';
}

/** The kind of a parameter type, or undefined when CloudFormation has no such type. */
export function parameterKind(type: unknown): ParameterKind | undefined {
  if (typeof type !== 'string') return undefined;
  const ssm = /^AWS::SSM::Parameter::Value<(.+)>$/.exec(type);
  if (ssm) {
    const inner = ssm[1]!;
    if (inner === 'String') return { list: false, element: 'String' };
    if (inner === 'List<String>' || inner === 'CommaDelimitedList') return { list: true, element: 'String' };
    const kind = awsKind(inner);
    return kind;
  }
  if (type === 'String') return { list: false, element: 'String' };
  if (type === 'Number') return { list: false, element: 'Number' };
  if (type === 'List<Number>') return { list: true, element: 'Number' };
  if (type === 'CommaDelimitedList') return { list: true, element: 'String' };
  if (type === 'AWS::SSM::Parameter::Name') return { list: false, element: 'SSMName' };
  return awsKind(type);
}

function awsKind(type: string): ParameterKind | undefined {
  const list = /^List<(.+)>$/.exec(type);
  const element = list ? list[1]! : type;
  return Object.hasOwn(AWS_PARAMETER_TYPES, element) ? { list: list !== null, element: element as keyof typeof AWS_PARAMETER_TYPES } : undefined;
}

/** Values callers pass for parameters (as on `aws cloudformation deploy --parameter-overrides`). */
export type ParameterValues = Readonly<Record<string, string>>;

/**
 * Checks every parameter declaration, its `Default` and any supplied value against the constraints.
 * Supplied values for parameters the template does not declare are problems too (CloudFormation refuses them).
 */
export function checkParameters(parameters: Record<string, unknown>, supplied: ParameterValues): Problem[] {
  const problems: Problem[] = [];
  const names = Object.keys(parameters);
  if (names.length > TEMPLATE_LIMITS.parameters) {
    problems.push({ path: 'Parameters', message: `${names.length} parameters; CloudFormation allows ${TEMPLATE_LIMITS.parameters}` });
  }
  for (const [name, declaration] of Object.entries(parameters)) {
    const path = joinPath('Parameters', name);
    if (!LOGICAL_ID.test(name)) problems.push({ path, message: `parameter name "${name}" must be alphanumeric` });
    if (!isRecord(declaration)) {
      problems.push({ path, message: 'a parameter is a mapping with at least a Type' });
      continue;
    }
    for (const key of Object.keys(declaration)) {
      if (!(PARAMETER_KEYS as readonly string[]).includes(key)) {
        problems.push({ path: joinPath(path, key), message: `unknown parameter key ${key} (allowed: ${PARAMETER_KEYS.join(', ')})` });
      }
    }
    const kind = parameterKind(declaration['Type']);
    if (kind === undefined) {
      problems.push({
        path: joinPath(path, 'Type'),
        message: declaration['Type'] === undefined ? 'Type is required' : `unknown parameter type ${JSON.stringify(declaration['Type'])}`,
      });
      continue;
    }
    problems.push(...checkConstraintDeclaration(path, declaration));
    if (declaration['Default'] !== undefined) {
      for (const message of valueProblems(declaration, kind, declaration['Default'])) problems.push({ path: joinPath(path, 'Default'), message });
    }
    if (Object.hasOwn(supplied, name)) {
      for (const message of valueProblems(declaration, kind, supplied[name])) problems.push({ path, message: `supplied value: ${message}` });
    }
  }
  for (const name of Object.keys(supplied)) {
    if (!Object.hasOwn(parameters, name)) {
      problems.push({ path: joinPath('Parameters', name), message: `a value is supplied for ${name}, which the template does not declare` });
    }
  }
  return problems;
}

function checkConstraintDeclaration(path: string, declaration: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  for (const key of ['MinLength', 'MaxLength', 'MinValue', 'MaxValue'] as const) {
    const value = declaration[key];
    if (value !== undefined && !isNumeric(value)) problems.push({ path: joinPath(path, key), message: `${key} must be a number` });
  }
  const allowed = declaration['AllowedValues'];
  if (allowed !== undefined && !(Array.isArray(allowed) && allowed.every((v) => typeof v === 'string' || typeof v === 'number'))) {
    problems.push({ path: joinPath(path, 'AllowedValues'), message: 'AllowedValues must be a list of strings or numbers' });
  }
  const pattern = declaration['AllowedPattern'];
  if (pattern !== undefined && compilePattern(pattern) === undefined) {
    problems.push({ path: joinPath(path, 'AllowedPattern'), message: `AllowedPattern ${JSON.stringify(pattern)} is not a regular expression` });
  }
  return problems;
}

/** Why `value` is not a valid value of the parameter (empty when it is). */
export function valueProblems(declaration: Record<string, unknown>, kind: ParameterKind, value: unknown): string[] {
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return [`${JSON.stringify(value)} is not a scalar`];
  const text = String(value);
  const elements = kind.list ? text.split(',').map((e) => e.trim()) : [text];
  const problems: string[] = [];
  const allowed = Array.isArray(declaration['AllowedValues']) ? declaration['AllowedValues'].map(String) : undefined;
  for (const element of elements) {
    const shown = JSON.stringify(element);
    if (kind.element === 'Number' && !isNumeric(element)) problems.push(`${shown} is not a number`);
    if (allowed && !allowed.includes(element)) problems.push(`${shown} is not one of AllowedValues (${allowed.join(', ')})`);
    if (kind.element === 'Number' && isNumeric(element)) {
      const n = Number(element);
      if (isNumeric(declaration['MinValue']) && n < Number(declaration['MinValue'])) problems.push(`${shown} is below MinValue ${declaration['MinValue']}`);
      if (isNumeric(declaration['MaxValue']) && n > Number(declaration['MaxValue'])) problems.push(`${shown} is above MaxValue ${declaration['MaxValue']}`);
    }
  }
  if (kind.element === 'String' && !kind.list) {
    const pattern = compilePattern(declaration['AllowedPattern']);
    if (pattern && !pattern.test(text)) problems.push(`${JSON.stringify(text)} does not match AllowedPattern ${declaration['AllowedPattern']}`);
    if (isNumeric(declaration['MinLength']) && text.length < Number(declaration['MinLength'])) {
      problems.push(`${JSON.stringify(text)} is shorter than MinLength ${declaration['MinLength']}`);
    }
    if (isNumeric(declaration['MaxLength']) && text.length > Number(declaration['MaxLength'])) {
      problems.push(`${JSON.stringify(text)} is longer than MaxLength ${declaration['MaxLength']}`);
    }
  }
  return problems;
}

/** `AllowedPattern` as a regular expression that must match the whole value, as CloudFormation applies it. */
export function compilePattern(pattern: unknown): RegExp | undefined {
  if (typeof pattern !== 'string') return undefined;
  try {
    return new RegExp(`^(?:${pattern})$`);
  } catch {
    return undefined;
  }
}

/** Whether a value is a number or a string CloudFormation reads as one. */
export function isNumeric(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  return typeof value === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(value);
}

/** A parameter's value offline: a string, or a list for list types. */
export type ParameterValueResult = { ok: true; value: string | string[] } | { ok: false; message: string };

/**
 * The value `Ref: name` evaluates to offline: the supplied value, else the `Default`, else a sample that
 * meets the declared constraints (first of `AllowedValues`, `MinValue`, a padded name). A `String` with an
 * `AllowedPattern` and neither has no safe sample: the caller must supply one.
 */
export function parameterValue(name: string, declaration: unknown, supplied: ParameterValues): ParameterValueResult {
  if (!isRecord(declaration)) return { ok: false, message: `parameter ${name} is malformed` };
  const kind = parameterKind(declaration['Type']);
  if (kind === undefined) return { ok: false, message: `parameter ${name} has an unknown Type` };
  const shape = (text: string): ParameterValueResult => ({ ok: true, value: kind.list ? (text === '' ? [] : text.split(',').map((e) => e.trim())) : text });
  const given = Object.hasOwn(supplied, name) ? supplied[name] : declaration['Default'];
  if (given !== undefined && given !== null) return shape(String(given));
  if (Array.isArray(declaration['AllowedValues']) && declaration['AllowedValues'].length > 0) return shape(String(declaration['AllowedValues'][0]));
  switch (kind.element) {
    case 'Number': {
      const min = isNumeric(declaration['MinValue']) ? Number(declaration['MinValue']) : undefined;
      const max = isNumeric(declaration['MaxValue']) ? Number(declaration['MaxValue']) : undefined;
      return shape(String(min ?? (max !== undefined && max < 1 ? max : 1)));
    }
    case 'String': {
      if (declaration['AllowedPattern'] !== undefined) {
        return {
          ok: false,
          message: `no sample value for parameter ${name}: it has an AllowedPattern and no Default, so pass one (options.parameters.${name})`,
        };
      }
      let sample = `${name}-sample`;
      if (isNumeric(declaration['MaxLength'])) sample = sample.slice(0, Number(declaration['MaxLength']));
      if (isNumeric(declaration['MinLength'])) sample = sample.padEnd(Number(declaration['MinLength']), 'x');
      return shape(sample);
    }
    case 'SSMName':
      return shape(`/sample/${name}`);
    default:
      return shape(AWS_PARAMETER_TYPES[kind.element]);
  }
}
