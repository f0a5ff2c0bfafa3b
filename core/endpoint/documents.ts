/**
 * Sink documents of CloudWatch Logs envelopes, shaped as the HTTP endpoint shapes them: one document
 * per log event of each data message, `_id` the CloudWatch event id (so a redelivery overwrites, or
 * conflicts harmlessly, instead of duplicating), the index rotated by the event time. Control messages
 * give no documents; the caller counts them. The Lambda subscription handler (lambda/subscription.ts)
 * uses this so its documents match the endpoint's.
 *
 * @example
 * ```ts
 * const settings = { index: "rds", indexRotation: "OneDay", parserOverrides: [], keepMessage: false } as const;
 * const documents = [...envelopeDocuments(envelopes, settings, "fallback-prefix")];
 * await sink.write(documents, { deadline: Date.now() + 60_000 });
 * ```
 * @module
 */
import { utf8Length } from '../bytes/utf8.ts';
import type { LogsEnvelope } from '../cloudwatch/envelope.ts';
import { documentJson } from '../document.ts';
import { OPENSEARCH_ID_MAX_BYTES } from '../limits.ts';
import { indexName, type IndexRotation } from '../opensearch/index-name.ts';
import { parserForLogGroup, type ParserOverride } from '../parsers/registry.ts';
import type { SinkDocument } from '../sinks/sink.ts';

/** What shapes the documents (a subset of the endpoint's configuration). */
export interface DocumentSettings {
  readonly index: string;
  readonly indexRotation: IndexRotation;
  readonly parserOverrides: readonly ParserOverride[];
  readonly keepMessage: boolean;
}

/**
 * The documents of the data messages among `envelopes`. An event id that is empty or over OpenSearch's
 * 512-byte `_id` limit gets `<fallbackPrefix>:<envelope>:<event>` instead, so `fallbackPrefix` must be
 * stable across retries of the same input (a Firehose request id, a hash of the payload).
 *
 * @example
 * ```ts
 * for (const document of envelopeDocuments(envelopes, settings, `${requestId}:${recordIndex}`)) batch.push(document);
 * ```
 */
export function* envelopeDocuments(envelopes: readonly LogsEnvelope[], settings: DocumentSettings, fallbackPrefix: string): Generator<SinkDocument> {
  const options = { keepMessage: settings.keepMessage };
  for (const [m, envelope] of envelopes.entries()) {
    if (envelope.messageType !== 'DATA_MESSAGE') continue;
    const parser = parserForLogGroup(envelope.logGroup, settings.parserOverrides);
    for (const [e, event] of envelope.logEvents.entries()) {
      const idBytes = utf8Length(event.id);
      const id = idBytes > 0 && idBytes <= OPENSEARCH_ID_MAX_BYTES ? event.id : `${fallbackPrefix}:${m}:${e}`;
      yield { index: indexName(settings.index, settings.indexRotation, event.timestamp), id, json: documentJson(event, envelope, parser, options) };
    }
  }
}
