/**
 * Timestamp scanners shared by the parsers. Each reads one layout at a cursor position without
 * allocating a RegExp or a Date on the common path, validates the calendar (no 31 November), and
 * returns ISO 8601 in UTC keeping the fraction digits the line has. Zone-less times are taken as UTC
 * because RDS writes UTC.
 *
 * Internal to the parser plug-ins; `mod.ts` re-exports only `normalizeTimestamp`.
 *
 * @example
 * ```ts
 * const cursor = { pos: 0 };
 * scanIso("2026-11-25 11:41:00+01:00 rest", cursor); // "2026-11-25T10:41:00Z", cursor.pos === 25
 * ```
 * @module
 */

import { isBlank, skipBlanks } from './blanks.ts';

/** A read position that scanners advance only when they succeed. */
export interface Cursor {
  pos: number;
}

const ZERO = 48;
const DASH = 45;
const PLUS = 43;
const COLON = 58;
const SPACE = 32;
const DOT = 46;
const LETTER_T = 84;
const LETTER_Z = 90;

/** Latest fraction scanned: kept as a slice of the source so no digits are lost or invented. */
let fraction = '';

/** Reads exactly `count` ASCII digits at `at`, or returns -1. */
function digitsAt(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const digit = text.charCodeAt(i) - ZERO;
    // charCodeAt past the end is NaN, and NaN fails both comparisons below, hence the negated form.
    if (!(digit >= 0 && digit <= 9)) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** Whether the code unit at `at` is an ASCII digit (false past the end). */
export function isDigitAt(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  return code >= ZERO && code <= ZERO + 9;
}

// Anchored, no nested quantifiers: one linear look at the start of a line.
const TIMESTAMP_START = /^[ \t\u00a0]*(?:\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}|\d{6}[ \t\u00a0]+\d{1,2}:\d{2}:\d{2}|\d{8}[ \t\u00a0]\d{2}:\d{2}:\d{2})/;

/**
 * Whether a line starts with a time in one of the layouts the servers open an entry with (ISO
 * `2026-11-25T11:41` or `2026-11-25 11:41`, MySQL's `YYMMDD H:MM:SS`, the audit plugin's
 * `YYYYMMDD HH:MM:SS`), blanks before it allowed: the usual entry rule of a log file (see
 * `LogParser.startsEntry`). Only the shape is checked, not the calendar.
 *
 * @example
 * ```ts
 * startsWithTimestamp("2026-11-25 11:41:00 UTC:..."); // true
 * startsWithTimestamp("\tFROM t"); // false
 * ```
 */
export function startsWithTimestamp(line: string): boolean {
  return TIMESTAMP_START.test(line);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function validFields(year: number, month: number, day: number, hour: number, minute: number, second: number): boolean {
  return (
    month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 &&
    second <= 59
  );
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

function pad4(n: number): string {
  if (n >= 1000) return `${n}`;
  return n >= 100 ? `0${n}` : n >= 10 ? `00${n}` : `000${n}`;
}

/**
 * Builds the canonical UTC string, shifting by `offsetMinutes` (the zone's offset east of UTC).
 * Returns undefined when the shift leaves the four-digit years OpenSearch dates accept.
 */
function utcIso(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  frac: string,
  offsetMinutes: number,
): string | undefined {
  if (offsetMinutes !== 0) {
    const shifted = new Date(Date.UTC(year, month - 1, day, hour, minute - offsetMinutes, second));
    // Date.UTC maps years 0-99 to 1900-1999; setUTCFullYear undoes that for the rare tiny year.
    if (year < 100) shifted.setUTCFullYear(shifted.getUTCFullYear() - 1900);
    year = shifted.getUTCFullYear();
    month = shifted.getUTCMonth() + 1;
    day = shifted.getUTCDate();
    hour = shifted.getUTCHours();
    minute = shifted.getUTCMinutes();
    second = shifted.getUTCSeconds();
    if (year < 0 || year > 9999) return undefined;
  }
  const fractionPart = frac === '' ? '' : `.${frac}`;
  return `${pad4(year)}-${pad2(month)}-${pad2(day)}T${pad2(hour)}:${pad2(minute)}:${pad2(second)}${fractionPart}Z`;
}

/** Reads `.ddd` (1 to 9 digits) at `at` into `fraction`; returns the index after it. */
function scanFraction(text: string, at: number): number {
  fraction = '';
  if (text.charCodeAt(at) !== DOT) return at;
  let end = at + 1;
  while (end - at - 1 < 9 && isDigitAt(text, end)) end++;
  if (end === at + 1) return at;
  fraction = text.slice(at + 1, end);
  return end;
}

/** Numeric offset written as `±HH:MM`, `±HHMM` or `±HH` at `at`. Sets `zoneEnd`; NaN when there is none. */
let zoneEnd = 0;
function scanNumericOffset(text: string, at: number): number {
  const sign = text.charCodeAt(at);
  if (sign !== PLUS && sign !== DASH) return Number.NaN;
  const hours = digitsAt(text, at + 1, 2);
  if (hours < 0 || hours > 23) return Number.NaN;
  let minutes = 0;
  let end = at + 3;
  if (text.charCodeAt(end) === COLON) {
    minutes = digitsAt(text, end + 1, 2);
    if (minutes < 0) return Number.NaN;
    end += 3;
  } else if (isDigitAt(text, end)) {
    minutes = digitsAt(text, end, 2);
    if (minutes < 0) return Number.NaN;
    end += 2;
  }
  if (minutes > 59 || isDigitAt(text, end)) return Number.NaN;
  zoneEnd = end;
  const total = hours * 60 + minutes;
  return sign === PLUS ? total : -total;
}

/**
 * Scans `YYYY-MM-DD(T| )HH:MM:SS[.fraction][Z|±HH:MM|±HHMM|±HH]` at `cursor.pos`. A missing zone means
 * UTC. On success advances the cursor past the zone and returns the UTC ISO string.
 *
 * @example
 * ```ts
 * scanIso("2026-11-25T11:41:00.123456Z\t42", { pos: 0 }); // "2026-11-25T11:41:00.123456Z"
 * ```
 */
export function scanIso(text: string, cursor: Cursor): string | undefined {
  const at = cursor.pos;
  const year = digitsAt(text, at, 4);
  if (year < 0 || text.charCodeAt(at + 4) !== DASH || text.charCodeAt(at + 7) !== DASH) return undefined;
  const separator = text.charCodeAt(at + 10);
  if (separator !== LETTER_T && !isBlank(separator)) return undefined;
  if (text.charCodeAt(at + 13) !== COLON || text.charCodeAt(at + 16) !== COLON) return undefined;
  const month = digitsAt(text, at + 5, 2);
  const day = digitsAt(text, at + 8, 2);
  const hour = digitsAt(text, at + 11, 2);
  const minute = digitsAt(text, at + 14, 2);
  const second = digitsAt(text, at + 17, 2);
  if (!validFields(year, month, day, hour, minute, second)) return undefined;
  let end = scanFraction(text, at + 19);
  const zone = text.charCodeAt(end);
  let offset = 0;
  if (zone === LETTER_Z) {
    // The common RDS shape is already canonical: slice it rather than rebuild it.
    if (separator === LETTER_T) {
      cursor.pos = end + 1;
      return text.slice(at, end + 1);
    }
    end += 1;
  } else if (zone === PLUS || zone === DASH) {
    offset = scanNumericOffset(text, end);
    if (Number.isNaN(offset)) return undefined;
    end = zoneEnd;
  } else if (isDigitAt(text, end)) {
    return undefined;
  }
  const iso = utcIso(year, month, day, hour, minute, second, fraction, offset);
  if (iso !== undefined) cursor.pos = end;
  return iso;
}

/**
 * Scans a zone written as a word after a space, as PostgreSQL's `%t` does (` UTC`, ` GMT`, ` +03`,
 * ` -0330`), and returns its offset in minutes east of UTC; advances the cursor. Returns NaN, leaving the
 * cursor, for an abbreviation it cannot convert (`EST`): the caller keeps the line but not its time.
 * `±HH:MM` is read only with `allowColon`: in a PostgreSQL prefix the colon after `+03` is a separator.
 *
 * @example
 * ```ts
 * scanZoneWord(" UTC:10.0.0.7", { pos: 0 }); // 0
 * ```
 */
export function scanZoneWord(text: string, cursor: Cursor, allowColon = false): number {
  const at = cursor.pos;
  if (!isBlank(text.charCodeAt(at))) return Number.NaN;
  const first = text.charCodeAt(at + 1);
  if (first === PLUS || first === DASH) {
    if (!allowColon && text.charCodeAt(at + 4) === COLON) {
      const hours = digitsAt(text, at + 2, 2);
      if (hours < 0 || hours > 23) return Number.NaN;
      cursor.pos = at + 4;
      return first === PLUS ? hours * 60 : -hours * 60;
    }
    const offset = scanNumericOffset(text, at + 1);
    if (!Number.isNaN(offset)) cursor.pos = zoneEnd;
    return offset;
  }
  if (text.startsWith('UTC', at + 1) || text.startsWith('GMT', at + 1)) {
    cursor.pos = at + 4;
    return 0;
  }
  return Number.NaN;
}

/**
 * Shifts a canonical UTC string produced by these scanners from a zone `offsetMinutes` east of UTC,
 * for layouts whose zone comes after the time as a separate word.
 *
 * @example
 * ```ts
 * shiftIso("2026-11-25T11:41:00.5Z", 60); // "2026-11-25T10:41:00.5Z"
 * ```
 */
export function shiftIso(iso: string, offsetMinutes: number): string | undefined {
  if (offsetMinutes === 0) return iso;
  const frac = iso.charCodeAt(19) === DOT ? iso.slice(20, iso.length - 1) : '';
  return utcIso(
    digitsAt(iso, 0, 4),
    digitsAt(iso, 5, 2),
    digitsAt(iso, 8, 2),
    digitsAt(iso, 11, 2),
    digitsAt(iso, 14, 2),
    digitsAt(iso, 17, 2),
    frac,
    offsetMinutes,
  );
}

/**
 * Scans MySQL 5.6's `YYMMDD H:MM:SS` (the hour printed `%2d`, so space-padded: `251125  1:41:00`; a
 * zero-padded or bare one-digit hour is accepted too). Years are 20YY.
 *
 * @example
 * ```ts
 * scanMysqlShort("251125  1:41:00\t", { pos: 0 }); // "2025-11-25T01:41:00Z"
 * ```
 */
export function scanMysqlShort(text: string, cursor: Cursor): string | undefined {
  const at = cursor.pos;
  const yy = digitsAt(text, at, 2);
  const month = digitsAt(text, at + 2, 2);
  const day = digitsAt(text, at + 4, 2);
  // The server writes one space, then the hour padded to two places; copies may hold any run of blanks.
  if (yy < 0 || month < 0 || day < 0 || !isBlank(text.charCodeAt(at + 6))) return undefined;
  let p = skipBlanks(text, at + 7);
  let hour = digitsAt(text, p, 1);
  if (hour < 0) return undefined;
  p++;
  if (isDigitAt(text, p)) {
    hour = hour * 10 + (text.charCodeAt(p) - ZERO);
    p++;
  }
  if (text.charCodeAt(p) !== COLON || text.charCodeAt(p + 3) !== COLON) return undefined;
  const minute = digitsAt(text, p + 1, 2);
  const second = digitsAt(text, p + 4, 2);
  const year = 2000 + yy;
  if (!validFields(year, month, day, hour, minute, second)) return undefined;
  const end = scanFraction(text, p + 6);
  if (isDigitAt(text, end)) return undefined;
  cursor.pos = end;
  return utcIso(year, month, day, hour, minute, second, fraction, 0);
}

/**
 * Scans the MariaDB audit plugin's `YYYYMMDD HH:MM:SS`.
 *
 * @example
 * ```ts
 * scanCompact("20261125 11:41:00,ip-10-0-0-1", { pos: 0 }); // "2026-11-25T11:41:00Z"
 * ```
 */
export function scanCompact(text: string, cursor: Cursor): string | undefined {
  const at = cursor.pos;
  const year = digitsAt(text, at, 4);
  const month = digitsAt(text, at + 4, 2);
  const day = digitsAt(text, at + 6, 2);
  if (year < 0 || month < 0 || day < 0 || !isBlank(text.charCodeAt(at + 8))) return undefined;
  const t = skipBlanks(text, at + 9);
  if (text.charCodeAt(t + 2) !== COLON || text.charCodeAt(t + 5) !== COLON) return undefined;
  const hour = digitsAt(text, t, 2);
  const minute = digitsAt(text, t + 3, 2);
  const second = digitsAt(text, t + 6, 2);
  if (!validFields(year, month, day, hour, minute, second)) return undefined;
  const end = scanFraction(text, t + 8);
  if (isDigitAt(text, end)) return undefined;
  cursor.pos = end;
  return utcIso(year, month, day, hour, minute, second, fraction, 0);
}

const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';

/** Common Log Format `25/Nov/2026:11:41:00 +0000`, for user-defined patterns over web server logs. */
function scanCommonLog(text: string, cursor: Cursor): string | undefined {
  const at = cursor.pos;
  const day = digitsAt(text, at, 2);
  if (day < 0 || text.charCodeAt(at + 2) !== 47 || text.charCodeAt(at + 6) !== 47 || text.charCodeAt(at + 11) !== COLON) return undefined;
  const monthIndex = MONTHS.indexOf(text.slice(at + 3, at + 6));
  if (monthIndex < 0 || monthIndex % 3 !== 0) return undefined;
  const year = digitsAt(text, at + 7, 4);
  const hour = digitsAt(text, at + 12, 2);
  const minute = digitsAt(text, at + 15, 2);
  const second = digitsAt(text, at + 18, 2);
  if (year < 0 || text.charCodeAt(at + 14) !== COLON || text.charCodeAt(at + 17) !== COLON) return undefined;
  const month = monthIndex / 3 + 1;
  if (!validFields(year, month, day, hour, minute, second)) return undefined;
  let end = scanFraction(text, at + 20);
  const frac = fraction;
  let offset = 0;
  if (text.charCodeAt(end) === SPACE) {
    offset = scanNumericOffset(text, end + 1);
    if (Number.isNaN(offset)) return undefined;
    end = zoneEnd;
  }
  const iso = utcIso(year, month, day, hour, minute, second, frac, offset);
  if (iso !== undefined) cursor.pos = end;
  return iso;
}

/** Largest epoch in milliseconds that still has a four-digit year (9999-12-31T23:59:59.999Z). */
const MAX_EPOCH_MS = 253_402_300_799_999;

/**
 * Converts an epoch number to ISO. Values below 1e11 are taken as seconds (1e11 ms is only 1973, while
 * 1e11 s is the year 5138), so both `Date.now()` and `time.time()` style stamps work.
 *
 * @example
 * ```ts
 * epochToIso(1764070860123); // "2025-11-25T11:41:00.123Z"
 * epochToIso(1764070860);    // "2025-11-25T11:41:00.000Z"
 * ```
 */
export function epochToIso(epoch: number): string | undefined {
  if (!Number.isFinite(epoch) || epoch < 0) return undefined;
  const ms = epoch < 1e11 ? epoch * 1000 : epoch;
  if (ms > MAX_EPOCH_MS) return undefined;
  return new Date(Math.floor(ms)).toISOString();
}

/**
 * Converts epoch digits of a known unit without losing the sub-millisecond digits that a Number would
 * round (Aurora's audit log writes microseconds: `1764070860123456`).
 *
 * @example
 * ```ts
 * epochDigitsToIso("1764070860123456", 6); // "2025-11-25T11:41:00.123456Z"
 * ```
 */
export function epochDigitsToIso(digits: string, fractionDigits: number): string | undefined {
  if (digits.length <= fractionDigits || digits.length > fractionDigits + 12) return undefined;
  const seconds = Number(digits.slice(0, digits.length - fractionDigits));
  if (!Number.isSafeInteger(seconds) || seconds * 1000 > MAX_EPOCH_MS) return undefined;
  const whole = new Date(seconds * 1000).toISOString().slice(0, 19);
  return fractionDigits === 0 ? `${whole}Z` : `${whole}.${digits.slice(digits.length - fractionDigits)}Z`;
}

const cursorScratch: Cursor = { pos: 0 };

/**
 * Reads a whole string as a time: ISO 8601 (`T` or space, any zone; none means UTC) optionally followed
 * by ` UTC`/` GMT`, MySQL's `YYMMDD H:MM:SS`, the audit log's `YYYYMMDD HH:MM:SS`, Common Log Format
 * (`25/Nov/2026:11:41:00 +0000`), or epoch digits (seconds, milliseconds or microseconds by length).
 * Never uses `Date.parse`, whose zone-less reading depends on the host's time zone.
 *
 * @example
 * ```ts
 * normalizeTimestamp("2026-11-25 11:41:00.5"); // "2026-11-25T11:41:00.5Z"
 * normalizeTimestamp("next tuesday");           // undefined
 * ```
 */
export function normalizeTimestamp(text: string): string | undefined {
  const value = text.trim();
  if (value.length === 0 || value.length > 64) return undefined;
  const cursor = cursorScratch;
  cursor.pos = 0;
  let iso: string | undefined;
  if (value.charCodeAt(4) === DASH) {
    iso = scanIso(value, cursor);
    if (iso !== undefined && cursor.pos < value.length) {
      // A zone word only makes sense after a zone-less time: "…Z UTC" is not a time.
      if (/[Z+-]/.test(value.slice(19, cursor.pos))) return undefined;
      const offset = scanZoneWord(value, cursor, true);
      if (Number.isNaN(offset)) return undefined;
      iso = shiftIso(iso, offset);
    }
  } else if (value.charCodeAt(2) === 47) {
    iso = scanCommonLog(value, cursor);
  } else if (value.charCodeAt(6) === SPACE) {
    iso = scanMysqlShort(value, cursor);
  } else if (value.charCodeAt(8) === SPACE) {
    iso = scanCompact(value, cursor);
  } else if (/^\d{10}(?:\d{3}(?:\d{3})?)?$/.test(value)) {
    return epochDigitsToIso(value, value.length === 10 ? 0 : value.length === 13 ? 3 : 6);
  } else {
    return undefined;
  }
  return iso !== undefined && cursor.pos === value.length ? iso : undefined;
}
