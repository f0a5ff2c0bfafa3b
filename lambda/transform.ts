/**
 * The Lambda entry of the Firehose data-transformation Lambda (Node.js runtime), the replacement for the
 * AWS blueprint `kinesis-firehose-cloudwatch-logs-processor`: lambda/transform-handler.ts plans the
 * answer with core's `planTransformation` and re-ingests what does not fit; this file only wires the
 * configuration, read once at start-up (lambda/config.ts).
 *
 * @example
 * ```ts
 * // Lambda handler setting: transform.handler (bundled by `npm run package`)
 * export { handler } from "./lambda/transform.ts";
 * ```
 * @module
 */
import type { TransformationResponse } from '../core/firehose/lambda-event.ts';
import { type LambdaContext, loadTransformConfig } from './config.ts';
import { createTransformHandler } from './transform-handler.ts';

export { createTransformHandler, type TransformDependencies } from './transform-handler.ts';

/** The Lambda entry point, configured from the environment at start-up. */
export const handler: (event: unknown, context?: LambdaContext) => Promise<TransformationResponse> = createTransformHandler(loadTransformConfig(process.env));
