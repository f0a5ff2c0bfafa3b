/**
 * Offline CloudFormation template validation: load a YAML/JSON template (short forms included), check it
 * against the CloudFormation resource specification and the IAM service reference, and evaluate its
 * expressions to sample values for assertions.
 *
 * @example
 * ```ts
 * import { loadTemplateFile, validateTemplate, createEvalContext, evaluate } from './mod.ts';
 * const { template } = await loadTemplateFile('lambda/cloudformation/pipeline.yaml');
 * const parameters = { OpenSearchDomainArn: 'arn:aws:es:us-east-1:123456789012:domain/logs', LogGroupName: '/aws/rds/instance/db/general' };
 * const { problems } = await validateTemplate(template, { templateDir: 'lambda/cloudformation', parameters });
 * const ctx = await createEvalContext(template, { parameters });
 * evaluate({ 'Fn::GetAtt': ['LogStream', 'Arn'] }, ctx); // 'arn:aws:kinesis:us-east-1:123456789012:stream/firewatch'
 * ```
 * @module
 */
export {
  createEvalContext,
  type EvalContext,
  evaluate,
  evaluateCondition,
  evaluateString,
  EvaluationError,
  EvaluationErrorCode,
  type EvalValue,
} from './evaluate.ts';
export { arnMatches, type PolicyDocument, policyDocuments, type PolicyKind } from './iam.ts';
export { type PackagedArtifact, SUPPORTED_NODE_RUNTIMES } from './lambda.ts';
export { type LoadedTemplate, loadTemplate, loadTemplateFile, TemplateLoadError } from './load.ts';
export { loadSpec } from './spec.ts';
export { type Problem, PSEUDO_PARAMETERS, type Template } from './template.ts';
export { type ValidateOptions, validateTemplate, type ValidationResult } from './validate.ts';
