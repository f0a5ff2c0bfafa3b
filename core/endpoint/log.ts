/**
 * The endpoint's log line for a delivery: one JSON object per line, the same on every runtime (Node,
 * Lambda, Deno, Bun, Workers), so a log query can count failures by status or reason. Deliveries answered
 * 200 are not logged by {@link logFailedDeliveries}: Firehose's own metrics count them.
 *
 * @example
 * ```ts
 * const app = createEndpointApp(config, sink, { onDelivery: logFailedDeliveries(console.log) });
 * // {"firewatch":"delivery","requestId":"…","status":503,"reason":"firewatch: sink opensearch: …","records":500,…}
 * ```
 * @module
 */
import type { DeliverySummary } from './delivery.ts';

/**
 * What a caller is told of a configuration error: that it is one, nothing of the values (a credential
 * may sit in a variable such as `OPENSEARCH_URL`). The log holds the message naming the variable. (Here,
 * not in worker.ts: a Workers entry module may export handlers only.)
 */
export const CONFIGURATION_ERROR_MESSAGE = 'firewatch: configuration: the endpoint configuration is invalid; its log names the variable';

/**
 * One JSON line for a delivery: `firewatch: "delivery"`, the summary's fields, and `reason`: what the log
 * may say beyond the answer (`detail`, which never goes to the caller), else the answer's `errorMessage`.
 *
 * @example
 * ```ts
 * deliveryLogLine(summary); // '{"firewatch":"delivery","requestId":"r-1","status":401,…,"reason":"…"}'
 * ```
 */
export function deliveryLogLine(summary: DeliverySummary): string {
  const { detail, ...fields } = summary;
  return JSON.stringify({ firewatch: 'delivery', ...fields, reason: detail ?? summary.errorMessage ?? '' });
}

/**
 * An `onDelivery` that logs every delivery not answered 200 as one {@link deliveryLogLine}.
 *
 * @example
 * ```ts
 * createEndpointApp(config, sink, { onDelivery: logFailedDeliveries((line) => console.log(line)) });
 * ```
 */
export function logFailedDeliveries(log: (line: string) => void): (summary: DeliverySummary) => void {
  return (summary) => {
    if (summary.status !== 200) log(deliveryLogLine(summary));
  };
}
