/**
 * The one summary line per invocation, in CloudWatch Embedded Metric Format: CloudWatch turns its
 * numbers into metrics with no agent or SDK, and Logs Insights can still query the line as JSON.
 *
 * @module
 */
import type { TransformStats } from '../core/firehose/transform.ts';
import type { ReingestOutcome } from './reingest.ts';

/** Everything the summary line reports. */
export interface InvocationSummary {
  readonly namespace: string;
  readonly deliveryStream: string;
  readonly invocationId: string | undefined;
  readonly mode: string;
  readonly stats: TransformStats;
  /** Answers after re-ingestion failures were applied. */
  readonly ok: number;
  readonly dropped: number;
  readonly processingFailed: number;
  readonly reingest: ReingestOutcome | undefined;
  readonly durationMs: number;
  /** Record-level errors (`records[3].data: ...`), at most the first 10. */
  readonly errors: readonly string[];
  readonly timestamp: number;
}

const COUNT_METRICS = [
  ['RecordsIn', (s: InvocationSummary) => s.stats.records],
  ['RecordsOk', (s: InvocationSummary) => s.ok],
  ['RecordsDropped', (s: InvocationSummary) => s.dropped],
  ['RecordsProcessingFailed', (s: InvocationSummary) => s.processingFailed],
  ['Events', (s: InvocationSummary) => s.stats.events],
  ['Documents', (s: InvocationSummary) => s.stats.documents],
  ['ControlMessages', (s: InvocationSummary) => s.stats.controlMessages],
  ['RecordsReingested', (s: InvocationSummary) => s.reingest?.recordsSent ?? 0],
  ['ReingestFailed', (s: InvocationSummary) => s.reingest?.recordsFailed ?? 0],
] as const;

const BYTE_METRICS = [
  ['InputBytes', (s: InvocationSummary) => s.stats.inputBytes],
  ['InflatedBytes', (s: InvocationSummary) => s.stats.inflatedBytes],
  ['ResponseBytes', (s: InvocationSummary) => s.stats.responseBytes],
] as const;

/** Serializes the summary as one EMF JSON line. */
export function summaryLine(summary: InvocationSummary): string {
  const values: Record<string, number> = {};
  for (const [name, read] of [...COUNT_METRICS, ...BYTE_METRICS]) values[name] = read(summary);
  values['DurationMs'] = Math.round(summary.durationMs * 100) / 100;
  return JSON.stringify({
    _aws: {
      Timestamp: summary.timestamp,
      CloudWatchMetrics: [
        {
          Namespace: summary.namespace,
          Dimensions: [['DeliveryStream']],
          Metrics: [
            ...COUNT_METRICS.map(([Name]) => ({ Name, Unit: 'Count' })),
            ...BYTE_METRICS.map(([Name]) => ({ Name, Unit: 'Bytes' })),
            { Name: 'DurationMs', Unit: 'Milliseconds' },
          ],
        },
      ],
    },
    DeliveryStream: summary.deliveryStream,
    ...values,
    invocationId: summary.invocationId,
    mode: summary.mode,
    reingestedWhole: summary.stats.reingestedWhole,
    reingestCalls: summary.reingest?.calls ?? 0,
    reingestRetries: summary.reingest?.retries ?? 0,
    ...(summary.errors.length > 0 ? { errors: summary.errors } : {}),
    ...(summary.reingest && summary.reingest.errors.length > 0 ? { reingestErrors: summary.reingest.errors } : {}),
  });
}
