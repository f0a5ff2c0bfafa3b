/**
 * What went wrong in a decoded input, counted so a reader sees it without opening records: lines each
 * parser did not recognise (with the most common reasons), S3 backup lines by `errorCode`, and records
 * that did not decode. The CLI's summary and the playground both read {@link summarizeProblems}'s
 * answer, so they never disagree.
 *
 * @example
 * ```ts
 * const decoded = decodeInput(text);
 * for (const line of formatProblems(decoded.problems)) console.log(line);
 * // mysql-general: 3 of 120 unparsed — no tab after the timestamp ×2, no thread id ×1
 * ```
 * @module
 */
import type { DecodedDocument, DecodedItem } from './types.ts';

/** A document's parse status: recognised, a banner line, or kept whole because the parser did not recognise it. */
export interface DocumentStatus {
  readonly status: 'parsed' | 'header' | 'unparsed';
  /** The parser that read the line (`""` for a document that names none). */
  readonly parser: string;
  /** The parser's reason, for an unparsed line. */
  readonly reason?: string;
}

/** How many times one reason was given. */
export interface ReasonCount {
  readonly reason: string;
  readonly count: number;
}

/** One parser's documents and failures. */
export interface ParserProblems {
  readonly parser: string;
  readonly documents: number;
  readonly unparsed: number;
  /** Every reason given, most common first (ties in first-seen order). */
  readonly reasons: readonly ReasonCount[];
}

/** S3 backup lines with one `errorCode`. */
export interface BackupErrorCount {
  readonly errorCode: string;
  readonly count: number;
  /** The first line's `errorMessage`, when it has one. */
  readonly message?: string;
}

/** The problems of a decoded input. */
export interface ProblemSummary {
  readonly documents: number;
  readonly unparsed: number;
  /** Per parser, in the order first met. */
  readonly parsers: readonly ParserProblems[];
  /** Per backup `errorCode`, most common first. */
  readonly backupErrors: readonly BackupErrorCount[];
  /** Items that did not decode. */
  readonly decodeErrors: number;
}

/**
 * The parse status of one document, read from what the document builder wrote: `error.type` is
 * `parse_failure` for a line the parser did not recognise; banner lines carry a `header` field.
 *
 * @example
 * ```ts
 * documentStatus({ "@timestamp": "…", message: "x", parser: "mysql-general", error: { type: "parse_failure", parser: "mysql-general", reason: "no thread id" } });
 * // { status: "unparsed", parser: "mysql-general", reason: "no thread id" }
 * ```
 */
export function documentStatus(document: DecodedDocument): DocumentStatus {
  const parser = typeof document['parser'] === 'string' ? document['parser'] : '';
  const error = document['error'];
  if (typeof error === 'object' && error !== null && (error as { type?: unknown }).type === 'parse_failure') {
    const reason = (error as { reason?: unknown }).reason;
    return { status: 'unparsed', parser, reason: typeof reason === 'string' ? reason : 'not recognised' };
  }
  return { status: typeof document['header'] === 'string' ? 'header' : 'parsed', parser };
}

/**
 * Counts the problems of decoded items: one pass over their documents and backup lines.
 *
 * @example
 * ```ts
 * summarizeProblems(decodeInput(text).items).parsers[0]; // { parser: "mysql-general", documents: 120, unparsed: 3, reasons: [...] }
 * ```
 */
export function summarizeProblems(items: readonly DecodedItem[]): ProblemSummary {
  const parsers = new Map<string, { documents: number; unparsed: number; reasons: Map<string, number> }>();
  const backups = new Map<string, { count: number; message?: string }>();
  let documents = 0;
  let unparsed = 0;
  let decodeErrors = 0;
  for (const item of items) {
    const code = item.backup?.errorCode;
    if (code !== undefined) {
      const entry = backups.get(code);
      if (entry) entry.count++;
      else backups.set(code, item.backup?.errorMessage === undefined ? { count: 1 } : { count: 1, message: item.backup.errorMessage });
    }
    if (!item.decoded.ok) {
      decodeErrors++;
      continue;
    }
    for (const document of item.decoded.value.documents) {
      const status = documentStatus(document);
      documents++;
      let tally = parsers.get(status.parser);
      if (tally === undefined) {
        tally = { documents: 0, unparsed: 0, reasons: new Map() };
        parsers.set(status.parser, tally);
      }
      tally.documents++;
      if (status.status !== 'unparsed') continue;
      unparsed++;
      tally.unparsed++;
      const reason = status.reason ?? '';
      tally.reasons.set(reason, (tally.reasons.get(reason) ?? 0) + 1);
    }
  }
  return {
    documents,
    unparsed,
    parsers: [...parsers].map(([parser, t]) => ({
      parser,
      documents: t.documents,
      unparsed: t.unparsed,
      reasons: byCount([...t.reasons].map(([reason, count]) => ({ reason, count }))),
    })),
    backupErrors: byCount([...backups].map(([errorCode, b]) => ({ errorCode, ...b }))),
    decodeErrors,
  };
}

/** Most common first; a stable sort keeps first-seen order among equals. */
const byCount = <T extends { readonly count: number }>(list: T[]): T[] => list.sort((a, b) => b.count - a.count);

/** Reasons shown per parser by {@link formatProblems}. */
export const TOP_REASONS = 3;

/**
 * One line per parser with unparsed lines and per backup error code, for a summary:
 * `mysql-general: 3 of 120 unparsed — no tab after the timestamp ×2, no thread id ×1`.
 *
 * @example
 * ```ts
 * formatProblems(decoded.problems); // ["mysql-general: 3 of 120 unparsed — no tab after the timestamp ×2, no thread id ×1"]
 * ```
 */
export function formatProblems(problems: ProblemSummary): string[] {
  const lines: string[] = [];
  for (const p of problems.parsers) {
    if (p.unparsed === 0) continue;
    const shown = p.reasons.slice(0, TOP_REASONS).map((r) => `${r.reason} ×${r.count}`);
    if (p.reasons.length > TOP_REASONS) shown.push(`${p.reasons.length - TOP_REASONS} other reasons`);
    lines.push(`${p.parser || 'no parser'}: ${p.unparsed} of ${p.documents} unparsed — ${shown.join(', ')}`);
  }
  for (const b of problems.backupErrors) lines.push(`backup ${b.errorCode}: ${b.count} line${b.count === 1 ? '' : 's'}${b.message ? ` — ${b.message}` : ''}`);
  return lines;
}
