/**
 * The Firehose HTTP endpoint, runtime-neutral, in reading order: the app and its routes (app.ts), one
 * delivery end to end (delivery.ts), the access keys it checks (access-keys.ts), the documents it makes
 * (documents.ts), the protocol's headers and answers (protocol.ts), its configuration (config.ts), the
 * sink's health (health.ts), its log lines (log.ts), and the endpoint built from an environment as Deno,
 * Bun and Workers host it (from-env.ts; Workers' entry is worker.ts).
 *
 * @example
 * ```ts
 * import { createConsoleSink, createEndpointApp, readEndpointConfig } from "@firewatch/core";
 *
 * const app = createEndpointApp(readEndpointConfig({ FIREWATCH_ALLOW_NO_ACCESS_KEY: "true" }), createConsoleSink({ log: console.log }));
 * const response = await app.request("/health"); // 200 {"status":"ok","sink":"console"}
 * ```
 * @module
 */
export { createEndpointApp, type EndpointOptions } from './app.ts';
export { type DeliveryOptions, type DeliverySummary } from './delivery.ts';
export { type AccessKeyProvider, checkDeliveryAccess } from './access-keys.ts';
export { type Admission, type AdmissionLimits } from './admission.ts';
export { type DocumentSettings, DocumentShaper, firehoseMembers, type RecordContext, type RecordCounts } from './documents.ts';
export {
  type AccessKeyConfig,
  checkDeliveryHeaders,
  type DeliveryHeaders,
  FirehoseHeader,
  type ProtocolFailure,
  protocolResponse,
  Status,
} from './protocol.ts';
export { type EndpointConfig, readEndpointConfig, type ReadEndpointConfigOptions } from './config.ts';
export { type HealthReport, type MonitoredOpenSearch, monitorOpenSearch, type MonitorOptions } from './health.ts';
export { deliveryLogLine, logFailedDeliveries } from './log.ts';
export {
  appForBindings,
  type ExecutionContextLike,
  fetchWithEnv,
  type StartedEndpoint,
  startEndpoint,
  type StartEndpointOptions,
  type WorkerBindings,
} from './from-env.ts';
