/**
 * Resource properties against the specification: every property exists (case-sensitive), every required
 * one is there, and every value has the specified type all the way down the nested type definitions —
 * with CloudFormation's coercions (`"60"` is an integer, `60` a string) and intrinsic functions accepted
 * where their result can have the expected type (`Fn::If` checks both branches, `Ref: AWS::NoValue`
 * removes the property).
 *
 * @example
 * ```ts
 * import { checkProperties } from './properties.ts';
 * const stream = resourceSpec(db, 'AWS::Kinesis::Stream')!;
 * checkProperties('Stream', stream, { StreamModeDetail: {} }, { db, template, parameters: {} });
 * // [{ path: 'Resources.Stream.Properties.StreamModeDetail', message: 'AWS::Kinesis::Stream has no property StreamModeDetail (did you mean StreamModeDetails?)' }]
 * ```
 * @module
 */
import { isNumeric, parameterKind, parameterValue, type ParameterValues } from './parameters.ts';
import { attributeType, describeType, type PropertyType, type Resource, resourceSpec, type SpecDatabase, typeDefinition } from './spec.ts';
import {
  CONDITION_FUNCTIONS,
  didYouMean,
  getAttTarget,
  intrinsicOf,
  isPseudoParameter,
  isRecord,
  joinPath,
  type Problem,
  section,
  type Template,
} from './template.ts';

/** What the property checks look up besides the value: the specification, the template, parameter values. */
export interface PropertyContext {
  readonly db: SpecDatabase;
  readonly template: Template;
  readonly parameters: ParameterValues;
}

/** Checks a resource's `Properties` against its specification. */
export function checkProperties(logicalId: string, spec: Resource, properties: unknown, ctx: PropertyContext): Problem[] {
  const problems: Problem[] = [];
  const path = `Resources.${logicalId}.Properties`;
  if (properties === undefined) {
    for (const [name, property] of Object.entries(spec.properties)) {
      if (property.required) problems.push({ path: joinPath(path, name), message: `required property ${name} of ${spec.cloudFormationType} is missing` });
    }
    return problems;
  }
  if (intrinsicOf(properties)) return problems; // `Properties: !If [...]` is rare; its branches are checked by nobody, on purpose
  if (!isRecord(properties)) return [{ path, message: 'Properties must be a mapping' }];
  checkObject(spec.properties, spec.cloudFormationType, properties, path, ctx, problems);
  return problems;
}

type Properties = Resource['properties'];

function checkObject(properties: Properties, typeName: string, value: Record<string, unknown>, path: string, ctx: PropertyContext, problems: Problem[]): void {
  for (const key of Object.keys(value)) {
    if (!Object.hasOwn(properties, key)) {
      problems.push({ path: joinPath(path, key), message: `${typeName} has no property ${key}${didYouMean(key, Object.keys(properties))}` });
    }
  }
  for (const [name, property] of Object.entries(properties)) {
    const child = joinPath(path, name);
    if (value[name] === undefined || value[name] === null) {
      if (property.required) problems.push({ path: child, message: `required property ${name} of ${typeName} is missing` });
      continue;
    }
    checkValue(value[name], property.type, child, ctx, problems, property.required === true);
  }
}

/** Checks one value against a specification type, appending to `problems`. */
export function checkValue(value: unknown, type: PropertyType, path: string, ctx: PropertyContext, problems: Problem[], required = false): void {
  const fn = intrinsicOf(value);
  // `{ Condition: X }` is only a function inside Conditions; elsewhere it is a mapping with one key.
  if (fn && fn.name !== 'Condition') return checkIntrinsic(fn.name, fn.arg, type, path, ctx, problems, required);
  if (type.type === 'union') {
    let best: Problem[] | undefined;
    for (const member of type.types) {
      const attempt: Problem[] = [];
      checkValue(value, member, path, ctx, attempt, required);
      if (attempt.length === 0) return;
      if (best === undefined || attempt.length < best.length) best = attempt;
    }
    // A value that fits no member: the closest member's problems say the most.
    if (best && best.length === 1 && best[0]!.path === path) problems.push({ path, message: `expects ${describeType(ctx.db, type)}, got ${shown(value)}` });
    else problems.push(...(best ?? []));
    return;
  }
  const expected = () => `expects ${describeType(ctx.db, type)}, got ${shown(value)}`;
  switch (type.type) {
    case 'json':
      return;
    case 'string':
    case 'date-time':
      if (!isScalar(value)) problems.push({ path, message: expected() });
      else if (type.type === 'string' && type.allowedValues && !type.allowedValues.includes(String(value))) {
        problems.push({ path, message: `${shown(value)} is not one of ${type.allowedValues.join(', ')}` });
      }
      return;
    case 'integer':
    case 'number': {
      // CloudFormation coerces scalars: "60" is as good as 60.
      const ok = typeof value === 'number' || (typeof value === 'string' && isNumeric(value));
      if (!ok || (type.type === 'integer' && !Number.isInteger(Number(value)))) problems.push({ path, message: expected() });
      else if (type.type === 'integer' && type.allowedValues && !type.allowedValues.includes(Number(value))) {
        problems.push({ path, message: `${shown(value)} is not one of ${type.allowedValues.join(', ')}` });
      }
      return;
    }
    case 'boolean':
      if (typeof value !== 'boolean' && !(typeof value === 'string' && /^(true|false)$/i.test(value))) problems.push({ path, message: expected() });
      return;
    case 'null':
      if (value !== null) problems.push({ path, message: expected() });
      return;
    case 'tag':
      if (!isRecord(value)) {
        problems.push({ path, message: expected() });
        return;
      }
      checkObject(TAG_PROPERTIES, 'Tag', value, path, ctx, problems);
      return;
    case 'array':
      if (!Array.isArray(value)) {
        problems.push({ path, message: expected() });
        return;
      }
      value.forEach((item, i) => checkValue(item, type.element, joinPath(path, i), ctx, problems));
      return;
    case 'map':
      if (!isRecord(value)) {
        problems.push({ path, message: expected() });
        return;
      }
      for (const [key, item] of Object.entries(value)) checkValue(item, type.element, joinPath(path, key), ctx, problems);
      return;
    case 'ref': {
      const definition = typeDefinition(ctx.db, type);
      if (!isRecord(value)) {
        problems.push({ path, message: `expects ${definition.name} (a mapping), got ${shown(value)}` });
        return;
      }
      checkObject(definition.properties, definition.name, value, path, ctx, problems);
      return;
    }
  }
}

const TAG_PROPERTIES: Properties = { Key: { type: { type: 'string' }, required: true }, Value: { type: { type: 'string' }, required: true } };

/** What an intrinsic function can give, as far as type checks go. */
type Kind = 'string' | 'number' | 'boolean' | 'list' | 'object' | 'any';

function checkIntrinsic(name: string, arg: unknown, type: PropertyType, path: string, ctx: PropertyContext, problems: Problem[], required: boolean): void {
  if (name === 'Fn::If') {
    if (!Array.isArray(arg) || arg.length !== 3) return; // the reference checks report the shape
    checkValue(arg[1], type, joinPath(path, 'Fn::If[1]'), ctx, problems, required);
    checkValue(arg[2], type, joinPath(path, 'Fn::If[2]'), ctx, problems, required);
    return;
  }
  if (name === 'Ref' && arg === 'AWS::NoValue') {
    if (required) problems.push({ path, message: 'Ref AWS::NoValue removes this property, which is required' });
    return;
  }
  // Condition functions out of place and unknown functions are the reference checks' to report.
  if ((CONDITION_FUNCTIONS as readonly string[]).includes(name)) return;
  const kind = intrinsicKind(name, arg, ctx);
  if (!fits(kind, type)) {
    problems.push({ path, message: `expects ${describeType(ctx.db, type)}, but ${name}${typeof arg === 'string' ? ` ${arg}` : ''} gives ${KIND_WORDS[kind]}` });
    return;
  }
  if (name === 'Ref' && typeof arg === 'string') checkParameterFits(arg, type, path, ctx, problems);
}

const KIND_WORDS: Record<Kind, string> = { string: 'a string', number: 'a number', boolean: 'a boolean', list: 'a list', object: 'a mapping', any: 'anything' };

function intrinsicKind(name: string, arg: unknown, ctx: PropertyContext): Kind {
  switch (name) {
    case 'Ref': {
      if (typeof arg !== 'string') return 'any';
      if (isPseudoParameter(arg)) return arg === 'AWS::NotificationARNs' ? 'list' : 'string';
      const parameter = section(ctx.template, 'Parameters')[arg];
      if (isRecord(parameter)) {
        const kind = parameterKind(parameter['Type']);
        if (!kind) return 'any';
        return kind.list ? 'list' : kind.element === 'Number' ? 'number' : 'string';
      }
      return 'string'; // a resource's id, name or ARN (unknown names are the reference checks' business)
    }
    case 'Fn::GetAtt': {
      const target = getAttTarget(arg);
      const resource = target ? section(ctx.template, 'Resources')[target.resource] : undefined;
      if (!target || !isRecord(resource) || typeof target.attribute !== 'string' || typeof resource['Type'] !== 'string') return 'any';
      const spec = resourceSpec(ctx.db, resource['Type']);
      const attribute = spec ? attributeType(ctx.db, spec, target.attribute) : undefined;
      return attribute ? typeKind(attribute) : 'any';
    }
    case 'Fn::Sub':
    case 'Fn::Join':
    case 'Fn::Base64':
      return 'string';
    case 'Fn::Split':
    case 'Fn::GetAZs':
    case 'Fn::Cidr':
      return 'list';
    default:
      return 'any'; // Fn::Select, Fn::FindInMap, Fn::ImportValue: whatever the list, mapping or export holds
  }
}

function typeKind(type: PropertyType): Kind {
  switch (type.type) {
    case 'string':
    case 'date-time':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'array':
      return 'list';
    case 'map':
    case 'ref':
    case 'tag':
      return 'object';
    default:
      return 'any';
  }
}

function fits(kind: Kind, type: PropertyType): boolean {
  if (kind === 'any') return true;
  switch (type.type) {
    case 'union':
      return type.types.some((member) => fits(kind, member));
    case 'json':
      return true;
    case 'string':
    case 'date-time':
      return kind === 'string' || kind === 'number' || kind === 'boolean';
    case 'integer':
    case 'number':
      // A string from Fn::Sub or Fn::Join may well be "60"; parameters are checked on their values.
      return kind === 'number' || kind === 'string';
    case 'boolean':
      return kind === 'boolean' || kind === 'string';
    case 'array':
      return kind === 'list';
    case 'map':
    case 'ref':
    case 'tag':
      return kind === 'object';
    default:
      return false;
  }
}

/**
 * A parameter's possible values against what the property takes: every `AllowedValues` entry (else the
 * supplied or default value) must be numeric for a number and allowed for an enumeration.
 */
function checkParameterFits(name: string, type: PropertyType, path: string, ctx: PropertyContext, problems: Problem[]): void {
  const declaration = section(ctx.template, 'Parameters')[name];
  if (!isRecord(declaration)) return;
  const kind = parameterKind(declaration['Type']);
  if (!kind || kind.list) return;
  let values: string[];
  if (Array.isArray(declaration['AllowedValues'])) values = declaration['AllowedValues'].map(String);
  else {
    const value = parameterValue(name, declaration, ctx.parameters);
    if (!value.ok || Array.isArray(value.value) || (declaration['Default'] === undefined && !Object.hasOwn(ctx.parameters, name))) return;
    values = [value.value];
  }
  const scalar = type.type === 'union' ? type.types.find((t) => t.type !== 'array' && t.type !== 'ref' && t.type !== 'map') : type;
  if (!scalar) return;
  for (const value of values) {
    if ((scalar.type === 'integer' || scalar.type === 'number') && !isNumeric(value)) {
      problems.push({ path, message: `expects ${scalar.type}, but parameter ${name} may be ${JSON.stringify(value)}` });
    } else if (scalar.type === 'integer' && !Number.isInteger(Number(value))) {
      problems.push({ path, message: `expects integer, but parameter ${name} may be ${value}` });
    } else if (scalar.type === 'integer' && scalar.allowedValues && !scalar.allowedValues.includes(Number(value))) {
      problems.push({ path, message: `parameter ${name} may be ${value}, which is not one of ${scalar.allowedValues.join(', ')}` });
    } else if (scalar.type === 'string' && scalar.allowedValues && !scalar.allowedValues.includes(value)) {
      problems.push({ path, message: `parameter ${name} may be ${JSON.stringify(value)}, which is not one of ${scalar.allowedValues.join(', ')}` });
    }
  }
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function shown(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (isRecord(value)) return 'a mapping';
  return JSON.stringify(value);
}
