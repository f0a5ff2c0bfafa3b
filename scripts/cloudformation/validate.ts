/**
 * Validates a CloudFormation template offline, against the CloudFormation resource specification and the
 * IAM service reference: sections, parameters, resource types and properties (recursively), references
 * and dependency cycles, IAM least privilege, and Lambda packaging. Nothing is deployed; nothing needs AWS.
 *
 * @example
 * ```ts
 * import { loadTemplateFile } from './load.ts';
 * import { validateTemplate } from './validate.ts';
 * const { template } = await loadTemplateFile('lambda/cloudformation/pipeline.yaml');
 * const result = await validateTemplate(template, {
 *   templateDir: 'lambda/cloudformation',
 *   parameters: { OpenSearchDomainArn: 'arn:aws:es:us-east-1:123456789012:domain/logs' },
 * });
 * for (const p of result.problems) console.log(`${p.path}: ${p.message}`);
 * ```
 * @module
 */
import { createEvalContext } from './evaluate.ts';
import { checkPolicies, type IamOptions } from './iam.ts';
import { checkLambdaFunctions, type PackagedArtifact } from './lambda.ts';
import { checkParameters, type ParameterValues } from './parameters.ts';
import { checkProperties } from './properties.ts';
import { checkReferences, dependencyCycles } from './references.ts';
import { loadSpec, resourceSpec, type SpecDatabase } from './spec.ts';
import {
  didYouMean,
  isRecord,
  joinPath,
  LOGICAL_ID,
  type Problem,
  section,
  type Template,
  TEMPLATE_FORMAT_VERSION,
  TEMPLATE_LIMITS,
  TEMPLATE_SECTIONS,
} from './template.ts';

/** Options of {@link validateTemplate}. */
export interface ValidateOptions extends IamOptions {
  /** Directory local `Code` paths are relative to (the template file's directory). Default: the working directory. */
  templateDir?: string;
  /** Parameter values, as `--parameter-overrides` would pass them; they win over `Default`s. */
  parameters?: ParameterValues;
  /** A loaded specification (default: the cached one). */
  db?: SpecDatabase;
}

/** What {@link validateTemplate} found. */
export interface ValidationResult {
  /** Empty when the template is valid. */
  problems: Problem[];
  /** Number of resources declared. */
  resources: number;
  /** Number of IAM policy statements checked. */
  iamStatements: number;
  /** Local paths `aws cloudformation package` will upload; the caller checks they exist. */
  packagedArtifacts: PackagedArtifact[];
}

/** Keys a resource declaration may have. */
export const RESOURCE_KEYS = [
  'Type',
  'Properties',
  'DependsOn',
  'Condition',
  'DeletionPolicy',
  'UpdateReplacePolicy',
  'Metadata',
  'CreationPolicy',
  'UpdatePolicy',
] as const;
const DELETION_POLICIES = ['Delete', 'Retain', 'RetainExceptOnCreate', 'Snapshot'];
const UPDATE_REPLACE_POLICIES = ['Delete', 'Retain', 'Snapshot'];
const OUTPUT_KEYS = ['Description', 'Value', 'Export', 'Condition'];
const CUSTOM_TYPE = /^Custom::[A-Za-z0-9_@-]{1,60}$/;

/**
 * Validates a template (as loaded by `loadTemplate`, or any JSON object).
 *
 * @example
 * ```ts
 * const { problems } = await validateTemplate({ Resources: { Q: { Type: 'AWS::SQS::Queue', Properties: { DelaySeconds: 'soon' } } } });
 * // [{ path: 'Resources.Q.Properties.DelaySeconds', message: 'expects integer, got "soon"' }]
 * ```
 */
export async function validateTemplate(template: unknown, options: ValidateOptions = {}): Promise<ValidationResult> {
  if (!isRecord(template)) {
    return { problems: [{ path: '', message: 'a template is a mapping of sections' }], resources: 0, iamStatements: 0, packagedArtifacts: [] };
  }
  const db = options.db ?? (await loadSpec());
  const parameters = options.parameters ?? {};
  const problems: Problem[] = [];
  problems.push(...checkSections(template));
  problems.push(...checkParameters(section(template, 'Parameters'), parameters));
  problems.push(...checkMappings(section(template, 'Mappings')));

  const lambda = checkLambdaFunctions(template, options.templateDir ?? process.cwd(), parameters);
  problems.push(...lambda.problems);
  const resources = section(template, 'Resources');
  for (const [logicalId, resource] of Object.entries(resources)) {
    const packaged = section(lambda.packaged, 'Resources')[logicalId];
    problems.push(...checkResource(logicalId, resource, packaged, { db, template, parameters }));
  }
  problems.push(...checkReferences(template, db));
  for (const cycle of dependencyCycles(template, db)) {
    problems.push({ path: joinPath('Resources', cycle[0]!), message: `circular dependency: ${cycle.join(' -> ')}` });
  }
  problems.push(...checkOutputs(section(template, 'Outputs')));

  const ctx = await createEvalContext(template, { parameters, db });
  const iam = await checkPolicies(template, ctx, options);
  problems.push(...iam.problems);
  return { problems, resources: Object.keys(resources).length, iamStatements: iam.statements, packagedArtifacts: lambda.artifacts };
}

function checkSections(template: Template): Problem[] {
  const problems: Problem[] = [];
  for (const key of Object.keys(template)) {
    if (key === 'Transform') problems.push({ path: key, message: 'Transform is not supported: the templates are plain CloudFormation (no SAM, no macros)' });
    else if (!(TEMPLATE_SECTIONS as readonly string[]).includes(key)) {
      problems.push({ path: key, message: `unknown template section ${key}${didYouMean(key, TEMPLATE_SECTIONS)}` });
    }
  }
  const version = template['AWSTemplateFormatVersion'];
  if (version !== undefined && version !== TEMPLATE_FORMAT_VERSION) {
    problems.push({ path: 'AWSTemplateFormatVersion', message: `AWSTemplateFormatVersion is '${TEMPLATE_FORMAT_VERSION}', not ${JSON.stringify(version)}` });
  }
  const description = template['Description'];
  if (description !== undefined && typeof description !== 'string') problems.push({ path: 'Description', message: 'Description is a string' });
  else if (typeof description === 'string' && new TextEncoder().encode(description).length > TEMPLATE_LIMITS.descriptionBytes) {
    problems.push({ path: 'Description', message: `Description is longer than ${TEMPLATE_LIMITS.descriptionBytes} bytes` });
  }
  const resources = template['Resources'];
  if (!isRecord(resources) || Object.keys(resources).length === 0) {
    problems.push({ path: 'Resources', message: 'Resources is required and declares at least one resource' });
  } else if (Object.keys(resources).length > TEMPLATE_LIMITS.resources) {
    problems.push({ path: 'Resources', message: `${Object.keys(resources).length} resources; CloudFormation allows ${TEMPLATE_LIMITS.resources}` });
  }
  for (const name of ['Parameters', 'Mappings', 'Conditions', 'Outputs', 'Metadata', 'Rules'] as const) {
    if (template[name] !== undefined && !isRecord(template[name])) problems.push({ path: name, message: `${name} is a mapping` });
  }
  for (const name of ['Resources', 'Conditions', 'Mappings', 'Outputs'] as const) {
    for (const id of Object.keys(section(template, name))) {
      if (!LOGICAL_ID.test(id)) problems.push({ path: joinPath(name, id), message: `logical id "${id}" must be alphanumeric (A-Za-z0-9)` });
    }
  }
  const parameters = section(template, 'Parameters');
  for (const id of Object.keys(section(template, 'Resources'))) {
    if (Object.hasOwn(parameters, id)) {
      problems.push({ path: joinPath('Resources', id), message: `${id} is both a parameter and a resource; Ref could not tell them apart` });
    }
  }
  const outputs = Object.keys(section(template, 'Outputs')).length;
  if (outputs > TEMPLATE_LIMITS.outputs) problems.push({ path: 'Outputs', message: `${outputs} outputs; CloudFormation allows ${TEMPLATE_LIMITS.outputs}` });
  const mappings = Object.keys(section(template, 'Mappings')).length;
  if (mappings > TEMPLATE_LIMITS.mappings) {
    problems.push({ path: 'Mappings', message: `${mappings} mappings; CloudFormation allows ${TEMPLATE_LIMITS.mappings}` });
  }
  return problems;
}

function checkMappings(mappings: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  for (const [name, mapping] of Object.entries(mappings)) {
    const path = joinPath('Mappings', name);
    if (!isRecord(mapping)) {
      problems.push({ path, message: 'a mapping is {top-level key: {second-level key: value}}' });
      continue;
    }
    for (const [top, entry] of Object.entries(mapping)) {
      if (!isRecord(entry)) problems.push({ path: joinPath(path, top), message: 'a top-level key maps second-level keys to values' });
      else {
        for (const [second, value] of Object.entries(entry)) {
          const ok = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ||
            (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number'));
          if (!ok) problems.push({ path: joinPath(joinPath(path, top), second), message: 'a mapping value is a string, a number or a list of them' });
        }
      }
    }
  }
  return problems;
}

function checkResource(logicalId: string, resource: unknown, packaged: unknown, ctx: Parameters<typeof checkProperties>[3]): Problem[] {
  const path = joinPath('Resources', logicalId);
  if (!isRecord(resource)) return [{ path, message: 'a resource is a mapping with a Type' }];
  const problems: Problem[] = [];
  for (const key of Object.keys(resource)) {
    if (!(RESOURCE_KEYS as readonly string[]).includes(key)) {
      problems.push({ path: joinPath(path, key), message: `unknown resource key ${key}${didYouMean(key, RESOURCE_KEYS)}` });
    }
  }
  const deletion = resource['DeletionPolicy'];
  if (typeof deletion === 'string' && !DELETION_POLICIES.includes(deletion)) {
    problems.push({ path: joinPath(path, 'DeletionPolicy'), message: `DeletionPolicy is one of ${DELETION_POLICIES.join(', ')}` });
  }
  const replace = resource['UpdateReplacePolicy'];
  if (typeof replace === 'string' && !UPDATE_REPLACE_POLICIES.includes(replace)) {
    problems.push({ path: joinPath(path, 'UpdateReplacePolicy'), message: `UpdateReplacePolicy is one of ${UPDATE_REPLACE_POLICIES.join(', ')}` });
  }
  const type = resource['Type'];
  if (typeof type !== 'string') {
    problems.push({ path: joinPath(path, 'Type'), message: 'Type is required' });
    return problems;
  }
  const properties = isRecord(packaged) ? packaged['Properties'] : resource['Properties'];
  if (type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource') {
    if (type.startsWith('Custom::') && !CUSTOM_TYPE.test(type)) {
      problems.push({ path: joinPath(path, 'Type'), message: `custom resource type ${type} is Custom:: and up to 60 of A-Za-z0-9_@-` });
    }
    if (!isRecord(properties) || properties['ServiceToken'] === undefined) {
      problems.push({
        path: joinPath(path, 'Properties.ServiceToken'),
        message: 'a custom resource needs a ServiceToken (a Lambda function or SNS topic ARN)',
      });
    }
    return problems;
  }
  const spec = resourceSpec(ctx.db, type);
  if (!spec) {
    problems.push({ path: joinPath(path, 'Type'), message: `unknown resource type ${type}${didYouMean(type, similarTypes(ctx.db, type))}` });
    return problems;
  }
  if (spec.cloudFormationTransform) {
    problems.push({ path: joinPath(path, 'Type'), message: `${type} needs Transform ${spec.cloudFormationTransform}, which we do not use` });
    return problems;
  }
  problems.push(...checkProperties(logicalId, spec, properties, ctx));
  return problems;
}

/** Resource types of the same service (for "did you mean"; the whole list would be slow to compare). */
function similarTypes(db: SpecDatabase, type: string): string[] {
  const namespace = type.split('::').slice(0, 2).join('::').toLowerCase();
  return db
    .all('resource')
    .map((r) => r.cloudFormationType)
    .filter((t) => t.toLowerCase().startsWith(namespace));
}

function checkOutputs(outputs: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  for (const [name, output] of Object.entries(outputs)) {
    const path = joinPath('Outputs', name);
    if (!isRecord(output)) {
      problems.push({ path, message: 'an output is a mapping with a Value' });
      continue;
    }
    for (const key of Object.keys(output)) {
      if (!OUTPUT_KEYS.includes(key)) problems.push({ path: joinPath(path, key), message: `unknown output key ${key}${didYouMean(key, OUTPUT_KEYS)}` });
    }
    if (output['Value'] === undefined || output['Value'] === null) problems.push({ path: joinPath(path, 'Value'), message: 'Value is required' });
    const exported = output['Export'];
    if (exported !== undefined && !(isRecord(exported) && exported['Name'] !== undefined && Object.keys(exported).length === 1)) {
      problems.push({ path: joinPath(path, 'Export'), message: 'Export is {Name: ...}' });
    }
  }
  return problems;
}
