/**
 * Index names rotated as Firehose's OpenSearch destination does (`IndexRotationPeriod`), from the event
 * time in UTC: NoRotation `base`, OneHour `base-YYYY-MM-DD-HH`, OneDay `base-YYYY-MM-DD`,
 * OneWeek `base-YYYY-wWW`, OneMonth `base-YYYY-MM`. Weeks start on Sunday and week 1 is the week that
 * holds 1 January (US week numbering, as Java's `w` gives it); the year is the calendar year of the event,
 * so 31 December can be week 53. (Firehose's exact week-year rule at the year boundary is unverified.)
 *
 * @example
 * ```ts
 * indexName("rds-general", "OneDay", Date.UTC(2026, 10, 25, 11, 41)); // "rds-general-2026-11-25"
 * ```
 * @module
 */
import { OPENSEARCH_INDEX_NAME_MAX_BYTES } from '../limits.ts';

/** Firehose's `IndexRotationPeriod` values. */
export const IndexRotation = {
  NONE: 'NoRotation',
  HOUR: 'OneHour',
  DAY: 'OneDay',
  WEEK: 'OneWeek',
  MONTH: 'OneMonth',
} as const;
export type IndexRotation = (typeof IndexRotation)[keyof typeof IndexRotation];

/** All rotation values, for configuration parsing. */
export const indexRotations: readonly IndexRotation[] = Object.values(IndexRotation);

const two = (n: number) => String(n).padStart(2, '0');

/** The index for an event at `epochMs` (UTC). */
export function indexName(base: string, rotation: IndexRotation, epochMs: number): string {
  if (rotation === IndexRotation.NONE) return base;
  const date = new Date(epochMs);
  const year = date.getUTCFullYear();
  const month = two(date.getUTCMonth() + 1);
  switch (rotation) {
    case IndexRotation.HOUR:
      return `${base}-${year}-${month}-${two(date.getUTCDate())}-${two(date.getUTCHours())}`;
    case IndexRotation.DAY:
      return `${base}-${year}-${month}-${two(date.getUTCDate())}`;
    case IndexRotation.MONTH:
      return `${base}-${year}-${month}`;
    case IndexRotation.WEEK:
      return `${base}-${year}-w${two(usWeekOfYear(date))}`;
  }
}

/**
 * {@link indexName} for one base and rotation, remembering the last period: events arrive in time order,
 * so nearly every call is a hit, and a busy endpoint saves formatting a date per document.
 *
 * @example
 * ```ts
 * const nameOf = indexNamer("rds-general", "OneDay");
 * nameOf(Date.UTC(2026, 10, 25, 11, 41)); // "rds-general-2026-11-25"
 * ```
 */
export function indexNamer(base: string, rotation: IndexRotation): (epochMs: number) => string {
  if (rotation === IndexRotation.NONE) return () => base;
  // Every rotation's periods are made of whole hours (UTC), so the hour is a safe cache key.
  let lastHour = Number.NaN;
  let lastName = base;
  return (epochMs) => {
    const hour = Math.floor(epochMs / 3_600_000);
    if (hour !== lastHour) {
      lastName = indexName(base, rotation, epochMs);
      lastHour = hour;
    }
    return lastName;
  };
}

/** Week of the year, weeks starting Sunday, week 1 holding 1 January. */
function usWeekOfYear(date: Date): number {
  const startOfYear = Date.UTC(date.getUTCFullYear(), 0, 1);
  const dayOfYear = Math.floor((date.getTime() - startOfYear) / 86_400_000);
  const jan1Weekday = new Date(startOfYear).getUTCDay(); // 0 = Sunday
  return Math.floor((dayOfYear + jan1Weekday) / 7) + 1;
}

/**
 * Longest configured base index name, in UTF-8 bytes: under {@link OPENSEARCH_INDEX_NAME_MAX_BYTES}, leaving room for
 * the rotation suffix (`-YYYY-MM-DD-HH`, 14 bytes) and the dead-letter prefix (`deadletter-`, 11 bytes).
 */
export const BASE_INDEX_NAME_MAX_BYTES = 200;

/**
 * What is wrong with an index name, or undefined when OpenSearch accepts it: lowercase, none of
 * `\ / * ? " < > | , # :` or spaces, starting with a letter or digit (so not `_`, `-`, `+`, `.` or `..`),
 * at most `maxBytes` UTF-8 bytes. The one rule for every index name firewatch takes or writes.
 *
 * @example
 * ```ts
 * indexNameProblem("rds-general"); // undefined
 * indexNameProblem("Logs"); // "must be lowercase, ..."
 * ```
 */
export function indexNameProblem(name: string, maxBytes = OPENSEARCH_INDEX_NAME_MAX_BYTES): string | undefined {
  if (!/^[a-z0-9][^A-Z\\/*?"<>|,# :]*$/.test(name)) {
    return 'must be lowercase, without spaces or \\/*?"<>|,#:, and start with a letter or digit (not _, -, + or .)';
  }
  const bytes = new TextEncoder().encode(name).length;
  if (bytes > maxBytes) return `is ${bytes} bytes, more than ${maxBytes}`;
  return undefined;
}
