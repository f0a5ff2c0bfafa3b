/**
 * Raw gzip bytes: one CloudWatch Logs record, or an S3 object of records back to back (one member each,
 * as Firehose writes them). A gzip file holding anything else (S3 backup lines, a saved event, log
 * text) is inflated and read again through the whole list.
 *
 * @module
 */
import { type GzipMember, isGzip, walkGzipMembers } from '../../bytes/gzip.ts';
import { concat } from '../../bytes/inflate.ts';
import { decodeRecordData, type RecordPayload } from '../../cloudwatch/record.ts';
import { ok } from '../../errors.ts';
import { withDocuments } from '../records.ts';
import { type DecodedItem, InputKind } from '../types.ts';
import { describePayload, lowerFirst } from '../wording.ts';
import { type Context, type Found, type InputFormat, MAX_DEPTH } from './format.ts';

/** The gzip format. */
export const gzipFormat: InputFormat = {
  kind: InputKind.GZIP,
  label: 'gzip',
  sniff: (input) => input.bytes !== undefined && isGzip(input.bytes),
  decode: (input, context) => decodeGzip(input.bytes!, context),
};

function decodeGzip(bytes: Uint8Array, context: Context): Found {
  const members = walkGzipMembers(bytes, { maxOutputBytes: context.maxInflatedBytes, inflateRaw: context.codecs.inflateRaw, resync: true });
  const good = members.filter((m) => m.output !== undefined);
  // A gzip file whose content is not CloudWatch data (S3 backup lines, a saved event...) is read again inflated.
  if (good.length === members.length && context.depth < MAX_DEPTH && !startsLikeEnvelope(good[0]!.output!)) {
    const inflated = concat(good.map((m) => m.output!), good.reduce((n, m) => n + m.output!.length, 0));
    const inner = context.decode(inflated, { ...context, depth: context.depth + 1 });
    if (inner.kind !== InputKind.UNKNOWN && inner.kind !== InputKind.ENVELOPE) {
      const of = members.length === 1 ? '' : `, ${members.length} members`;
      return { ...inner, description: `gzip data (${bytes.length} bytes, ${inflated.length} inflated${of}) holding: ${lowerFirst(inner.description)}` };
    }
  }
  const items = members.map((m, i): DecodedItem => memberItem(m, members.length === 1 ? 'input' : `gzip member ${i + 1} at offset ${m.offset}`, context));
  const failed = items.filter((i) => !i.decoded.ok).length;
  const damaged = failed === 0 ? '' : ` (${failed} damaged)`;
  const description = members.length === 1
    ? `gzip data (${bytes.length} bytes)${items[0]!.decoded.ok ? ` holding ${describePayload(items[0]!.decoded.value)}` : ' that does not decode'}.`
    : `${members.length} gzip members back to back${damaged}: an S3 object of records as Firehose writes CloudWatch Logs data.`;
  return { kind: InputKind.GZIP, description, items };
}

function memberItem(member: GzipMember, position: string, context: Context): DecodedItem {
  const bytes = member.end - member.offset;
  if (member.error) return { position, bytes, decoded: { ok: false, error: member.error.at(position) } };
  const output = member.output!;
  const payload = decodeRecordData(output, { codecs: context.codecs, maxInflatedBytes: context.maxInflatedBytes });
  if (!payload.ok) return { position, bytes, decoded: { ok: false, error: payload.error.at(position) } };
  // The member was inflated here, so the payload read plain bytes: restore what the record really was.
  const value: RecordPayload = payload.value.kind === 'cloudwatch' ? { ...payload.value, gzipped: true, inflatedBytes: output.length } : payload.value;
  return { position, bytes, decoded: ok(withDocuments(value, 0, context, position)) };
}

/** True when inflated data starts like a CloudWatch Logs envelope (or its awslogs wrapper), judged by its first bytes. */
function startsLikeEnvelope(bytes: Uint8Array): boolean {
  const head = new TextDecoder().decode(bytes.subarray(0, 512));
  return /^\s*\{\s*"(?:messageType|owner|logGroup|logStream|subscriptionFilters|logEvents|policyLevel|awslogs)"/.test(head);
}
