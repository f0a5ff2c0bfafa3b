/**
 * The shapes every CloudFormation check shares: a problem (`path` + `message`), the template as plain
 * JSON, the pseudo parameters with their sample values, and small helpers to recognise intrinsic
 * functions and take `Fn::Sub` strings apart.
 *
 * @example
 * ```ts
 * import { intrinsicOf, subVariables } from './template.ts';
 * intrinsicOf({ 'Fn::Sub': '${AWS::Region}-x' }); // { name: 'Fn::Sub', arg: '${AWS::Region}-x' }
 * subVariables('arn:${AWS::Partition}:s3:::${!Literal}'); // ['AWS::Partition']
 * ```
 * @module
 */

/** One thing wrong with a template: where (`Resources.Stream.Properties.ShardCount`) and what. */
export interface Problem {
  path: string;
  message: string;
}

/** A template after YAML/JSON loading: sections by name, everything else plain JSON. */
export type Template = Record<string, unknown>;

/** The sections a template may have (we do not use SAM, so no `Transform`). */
export const TEMPLATE_SECTIONS = [
  'AWSTemplateFormatVersion',
  'Description',
  'Metadata',
  'Parameters',
  'Rules',
  'Mappings',
  'Conditions',
  'Resources',
  'Outputs',
] as const;

/** The only template format version there is. */
export const TEMPLATE_FORMAT_VERSION = '2010-09-09';

/**
 * Template quotas from the CloudFormation user guide ("CloudFormation quotas"): exceeding any of them
 * fails validation before anything is created.
 */
export const TEMPLATE_LIMITS = {
  resources: 500,
  parameters: 200,
  outputs: 200,
  mappings: 200,
  descriptionBytes: 1024,
} as const;

/**
 * Pseudo parameters and the sample value each evaluates to offline. `AWS::NoValue` removes the property
 * it is the value of; `AWS::NotificationARNs` is a list (empty when the stack has no notification topics).
 */
export const PSEUDO_PARAMETERS = {
  'AWS::AccountId': '123456789012',
  'AWS::NotificationARNs': [] as string[],
  'AWS::NoValue': undefined,
  'AWS::Partition': 'aws',
  'AWS::Region': 'us-east-1',
  'AWS::StackId': 'arn:aws:cloudformation:us-east-1:123456789012:stack/firewatch/00000000-0000-0000-0000-000000000000',
  'AWS::StackName': 'firewatch',
  'AWS::URLSuffix': 'amazonaws.com',
} as const;
export type PseudoParameter = keyof typeof PSEUDO_PARAMETERS;

/** Whether `name` is a pseudo parameter (`AWS::Region`, ...). */
export function isPseudoParameter(name: string): name is PseudoParameter {
  return Object.hasOwn(PSEUDO_PARAMETERS, name);
}

/** Intrinsic functions usable in resource properties and outputs. */
export const VALUE_FUNCTIONS = [
  'Ref',
  'Fn::GetAtt',
  'Fn::Sub',
  'Fn::Join',
  'Fn::Select',
  'Fn::Split',
  'Fn::If',
  'Fn::FindInMap',
  'Fn::GetAZs',
  'Fn::ImportValue',
  'Fn::Base64',
  'Fn::Cidr',
] as const;
/** Condition functions: only in the Conditions section (and `Fn::If`'s condition is a name). */
export const CONDITION_FUNCTIONS = ['Fn::Equals', 'Fn::Not', 'Fn::And', 'Fn::Or', 'Condition'] as const;
/** Functions that only exist with a transform (`AWS::LanguageExtensions`, macros), which we do not use. */
export const TRANSFORM_FUNCTIONS = ['Fn::Transform', 'Fn::Length', 'Fn::ToJsonString', 'Fn::ForEach'] as const;

/** A plain object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The intrinsic function an object is, if it is one: a single key that is `Ref`, `Condition` or starts
 * with `Fn::`. (`Condition` only counts inside condition expressions; callers decide.)
 */
export function intrinsicOf(value: unknown): { name: string; arg: unknown } | undefined {
  if (!isRecord(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const name = keys[0]!;
  if (name === 'Ref' || name === 'Condition' || name.startsWith('Fn::')) return { name, arg: value[name] };
  return undefined;
}

/** Whether `value` is `{ Ref: 'AWS::NoValue' }`. */
export function isNoValue(value: unknown): boolean {
  return isRecord(value) && Object.keys(value).length === 1 && value['Ref'] === 'AWS::NoValue';
}

/** `Fn::GetAtt`'s argument as resource and attribute (`'A.B.C'` → `['A', 'B.C']`), if well formed. */
export function getAttTarget(arg: unknown): { resource: string; attribute: unknown } | undefined {
  if (typeof arg === 'string') {
    const dot = arg.indexOf('.');
    return dot > 0 && dot < arg.length - 1 ? { resource: arg.slice(0, dot), attribute: arg.slice(dot + 1) } : undefined;
  }
  if (Array.isArray(arg) && arg.length === 2 && typeof arg[0] === 'string') return { resource: arg[0], attribute: arg[1] };
  return undefined;
}

const SUB_VARIABLE = /\$\{([^}]*)\}/g;

/** The `${X}` / `${X.Y}` variables of an `Fn::Sub` string, without `${!Literal}` escapes. */
export function subVariables(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(SUB_VARIABLE)) {
    const inner = match[1]!;
    if (!inner.startsWith('!')) names.push(inner.trim());
  }
  return names;
}

/** Replaces each `${X}` of an `Fn::Sub` string with `lookup(X)`; `${!X}` becomes the literal `${X}`. */
export function substitute(text: string, lookup: (name: string) => string): string {
  return text.replace(SUB_VARIABLE, (_all, inner: string) => (inner.startsWith('!') ? `\${${inner.slice(1)}}` : lookup(inner.trim())));
}

/** `Fn::Sub`'s argument as text and variable map, if well formed. */
export function subArgument(arg: unknown): { text: string; variables: Record<string, unknown> } | undefined {
  if (typeof arg === 'string') return { text: arg, variables: {} };
  if (Array.isArray(arg) && arg.length === 2 && typeof arg[0] === 'string' && isRecord(arg[1])) return { text: arg[0], variables: arg[1] };
  return undefined;
}

/** `base.key`, or `base[3]` for an index. */
export function joinPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return base === '' ? key : `${base}.${key}`;
}

/** A section of the template as a record (empty when absent or malformed). */
export function section(template: Template, name: string): Record<string, unknown> {
  const value = template[name];
  return isRecord(value) ? value : {};
}

/** A logical id may only hold ASCII letters and digits. */
export const LOGICAL_ID = /^[A-Za-z0-9]+$/;

/** The closest of `candidates` to `name` (same letters in another case, or at most two edits), for "did you mean". */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of candidates) {
    if (candidate.toLowerCase() === name.toLowerCase()) return candidate;
    // Ties go to the candidate of the closer length: a typo more often replaces a letter than drops one.
    const score = editDistance(name.toLowerCase(), candidate.toLowerCase()) + Math.abs(candidate.length - name.length) / 100;
    if (score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return Math.floor(bestScore) <= Math.min(2, Math.floor(name.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** ` (did you mean X?)` or nothing. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const suggestion = closest(name, candidates);
  return suggestion === undefined ? '' : ` (did you mean ${suggestion}?)`;
}
