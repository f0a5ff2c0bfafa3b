/**
 * Lambda functions as `aws cloudformation package` sees them: a `Code` that is a local path (relative
 * to the template) is uploaded and replaced by `{S3Bucket, S3Key}`, so before packaging it is valid and
 * is reported as an artifact the caller can check exists. Node.js functions must use a supported runtime
 * and zip packages need a `Handler`.
 *
 * @example
 * ```ts
 * import { checkLambdaFunctions } from './lambda.ts';
 * const { problems, artifacts, packaged } = checkLambdaFunctions(template, '/repo/lambda/cloudformation');
 * artifacts; // [{ path: '../../dist/transform.zip', resource: 'Transform', resolved: '/repo/dist/transform.zip' }]
 * ```
 * @module
 */
import { resolve } from 'node:path';
import { parameterValue, type ParameterValues } from './parameters.ts';
import { intrinsicOf, isRecord, type Problem, section, type Template } from './template.ts';

/**
 * The Node.js runtimes Lambda supports (Lambda developer guide, "Lambda runtimes"): nodejs18.x was
 * deprecated on 1 September 2025 and nodejs24.x arrived in November 2025. Update this list, not the checks.
 */
export const SUPPORTED_NODE_RUNTIMES = ['nodejs20.x', 'nodejs22.x', 'nodejs24.x'] as const;

/** A local artifact `aws cloudformation package` will upload. */
export interface PackagedArtifact {
  /** As written in the template. */
  path: string;
  /** Logical id of the function. */
  resource: string;
  /** Absolute path, resolved against the template's directory. */
  resolved: string;
}

/** Stands in for the `{S3Bucket, S3Key}` that packaging writes, so the properties check sees the packaged shape. */
const PACKAGED_CODE = { S3Bucket: 'packaged-artifacts-bucket', S3Key: 'packaged-artifact.zip' } as const;

/**
 * Checks each `AWS::Lambda::Function`; returns the problems, the local artifacts, and a copy of the
 * template with each local `Code` path replaced as packaging would.
 */
export function checkLambdaFunctions(
  template: Template,
  templateDir: string,
  parameters: ParameterValues = {},
): { problems: Problem[]; artifacts: PackagedArtifact[]; packaged: Template } {
  const problems: Problem[] = [];
  const artifacts: PackagedArtifact[] = [];
  const resources = { ...section(template, 'Resources') };
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (!isRecord(resource) || resource['Type'] !== 'AWS::Lambda::Function' || !isRecord(resource['Properties'])) continue;
    const properties = resource['Properties'];
    const path = `Resources.${logicalId}.Properties`;
    const code = properties['Code'];
    if (typeof code === 'string') {
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(code)) {
        problems.push({
          path: `${path}.Code`,
          message: `Code ${JSON.stringify(code)} is a URI; give a local path for aws cloudformation package, or {S3Bucket, S3Key}`,
        });
      } else {
        artifacts.push({ path: code, resource: logicalId, resolved: resolve(templateDir, code) });
      }
      resources[logicalId] = { ...resource, Properties: { ...properties, Code: PACKAGED_CODE } };
    }
    const isZip = properties['PackageType'] === undefined || properties['PackageType'] === 'Zip';
    if (!isZip) continue;
    if (properties['Handler'] === undefined) problems.push({ path: `${path}.Handler`, message: 'Handler is required for a .zip package (e.g. index.handler)' });
    else if (typeof properties['Handler'] === 'string' && !/^[^\s]+\.[A-Za-z_$][\w$]*$/.test(properties['Handler'])) {
      problems.push({ path: `${path}.Handler`, message: `Handler ${JSON.stringify(properties['Handler'])} is not <file>.<export>` });
    }
    if (properties['Runtime'] === undefined) {
      problems.push({ path: `${path}.Runtime`, message: 'Runtime is required for a .zip package' });
      continue;
    }
    for (const runtime of runtimeValues(properties['Runtime'], template, parameters)) {
      if (runtime.startsWith('nodejs') && !(SUPPORTED_NODE_RUNTIMES as readonly string[]).includes(runtime)) {
        problems.push({ path: `${path}.Runtime`, message: `${runtime} is not a supported Node.js runtime (${SUPPORTED_NODE_RUNTIMES.join(', ')})` });
      }
    }
  }
  return { problems, artifacts, packaged: { ...template, Resources: resources } };
}

/** The runtimes a `Runtime` value may be: a literal, a parameter's allowed or given values, both `Fn::If` branches. */
function runtimeValues(value: unknown, template: Template, parameters: ParameterValues): string[] {
  if (typeof value === 'string') return [value];
  const fn = intrinsicOf(value);
  if (fn?.name === 'Fn::If' && Array.isArray(fn.arg)) return fn.arg.slice(1).flatMap((branch) => runtimeValues(branch, template, parameters));
  if (fn?.name === 'Ref' && typeof fn.arg === 'string') {
    const declaration = section(template, 'Parameters')[fn.arg];
    if (!isRecord(declaration)) return [];
    if (Array.isArray(declaration['AllowedValues'])) return declaration['AllowedValues'].map(String);
    const given = parameterValue(fn.arg, declaration, parameters);
    return given.ok && typeof given.value === 'string' ? [given.value] : [];
  }
  return [];
}
