/**
 * The Firehose data-transformation Lambda (Node.js runtime): the replacement for the AWS blueprint
 * `kinesis-firehose-cloudwatch-logs-processor`. The planning is core's pure `planTransformation`; this
 * module adds node's native codecs, the re-ingestion calls and the summary line; the entry
 * lambda/transform.ts wires it to the configuration.
 *
 * @example
 * ```ts
 * const handler = createTransformHandler(loadTransformConfig(env));
 * const response = await handler(event, context); // one answer per record
 * ```
 * @module
 */
import { failParents, planTransformation } from '../core/firehose/transform.ts';
import { countResults, parseStreamArn, type TransformationResponse, validateTransformationEvent } from '../core/firehose/lambda-event.ts';
import { parserForLogGroup } from '../core/parsers/registry.ts';
import type { LambdaContext, TransformConfig } from './config.ts';
import { summaryLine } from './metrics.ts';
import { nodeCodecs } from '../scripts/node/codecs.ts';
import { reingest as sendReingest, type ReingestOptions, type ReingestOutcome } from './reingest.ts';
import type { ReingestPlan } from '../core/firehose/reingest-plan.ts';

/** What the handler does I/O with; tests replace parts of it. */
export interface TransformDependencies {
  readonly reingest: (plan: ReingestPlan, options: ReingestOptions) => Promise<ReingestOutcome>;
  /** Receives the summary line. */
  readonly log: (line: string) => void;
  readonly now: () => number;
  /** Extra re-ingestion options (client endpoints in tests). */
  readonly reingestOptions?: Partial<ReingestOptions>;
}

const defaults: TransformDependencies = {
  reingest: sendReingest,
  log: (line) => console.log(line),
  now: () => performance.now(),
};

/** Without a Lambda context (tests, the CLI), assume Firehose's 5-minute maximum. */
const NO_CONTEXT_TIME_MS = 300_000;

/**
 * Builds a handler for the given configuration. A malformed event (not from Firehose) throws, which
 * Firehose reports as `Lambda.FunctionError` and retries; bad record data never throws.
 */
export function createTransformHandler(config: TransformConfig, dependencies: Partial<TransformDependencies> = {}) {
  const deps = { ...defaults, ...dependencies };
  const parserFor = (logGroup: string) => parserForLogGroup(logGroup, config.parserOverrides);
  return async function handler(event: unknown, context?: LambdaContext): Promise<TransformationResponse> {
    const started = deps.now();
    const valid = validateTransformationEvent(event);
    if (!valid.ok) throw valid.error;
    const plan = planTransformation(valid.value, {
      mode: config.mode,
      responseBudgetBytes: config.responseBudgetBytes,
      maxInflatedBytes: config.maxInflatedBytes,
      parserFor,
      ...(config.defaultParser ? { defaultParser: config.defaultParser } : {}),
      codecs: nodeCodecs,
      document: { keepMessage: config.keepMessage },
    });
    let response = plan.response;
    let outcome: ReingestOutcome | undefined;
    if (plan.reingest) {
      outcome = await deps.reingest(plan.reingest, {
        remainingTimeMs: () => context?.getRemainingTimeInMillis() ?? NO_CONTEXT_TIME_MS,
        ...config.reingest,
        ...deps.reingestOptions,
      });
      response = failParents(response, outcome.failedParents);
    }
    const arn = parseStreamArn(valid.value.deliveryStreamArn, 'firehose');
    deps.log(
      summaryLine({
        namespace: config.metricsNamespace,
        deliveryStream: arn.ok ? arn.value.name : valid.value.deliveryStreamArn,
        invocationId: valid.value.invocationId,
        mode: config.mode,
        stats: plan.stats,
        ...countResults(response),
        reingest: outcome,
        durationMs: deps.now() - started,
        errors: plan.errors.slice(0, 10).map((e) => e.message),
        timestamp: Date.now(),
      }),
    );
    return response;
  };
}
