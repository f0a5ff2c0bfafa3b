/**
 * One error type for the whole library: a stable `code` callers can switch on, the path of the
 * failing input (`records[3].data`), and the original `cause` kept.
 *
 * @example
 * ```ts
 * const result = decodeBase64("not base64!");
 * if (!result.ok) console.log(result.error.code); // "BASE64_INVALID"
 * ```
 * @module
 */

/** Stable error codes. Adding one is fine; renaming one breaks callers. */
export const ErrorCode = {
  /** The text is not base64 (bad character, bad length or bad padding). */
  BASE64_INVALID: 'BASE64_INVALID',
  /** The bytes do not start with a valid gzip header. */
  GZIP_HEADER_INVALID: 'GZIP_HEADER_INVALID',
  /** The gzip data ends before its deflate stream or trailer does. */
  GZIP_TRUNCATED: 'GZIP_TRUNCATED',
  /** The deflate stream is corrupt, or the trailer's size does not match the inflated data. */
  GZIP_CORRUPT: 'GZIP_CORRUPT',
  /** Inflating would exceed the configured cap (a gzip bomb, or simply too much data). */
  GZIP_TOO_LARGE: 'GZIP_TOO_LARGE',
  /** The bytes are not valid UTF-8. */
  UTF8_INVALID: 'UTF8_INVALID',
  /** The text is not valid JSON. */
  JSON_INVALID: 'JSON_INVALID',
  /** The JSON is not a CloudWatch Logs subscription envelope (missing or mistyped fields). */
  ENVELOPE_INVALID: 'ENVELOPE_INVALID',
  /** The envelope's `messageType` is neither DATA_MESSAGE nor CONTROL_MESSAGE. */
  MESSAGE_TYPE_UNKNOWN: 'MESSAGE_TYPE_UNKNOWN',
  /** A single log event cannot be carried within the service limits, even on its own. */
  EVENT_TOO_LARGE: 'EVENT_TOO_LARGE',
  /** An input (record, body, file) is larger than the configured limit. */
  INPUT_TOO_LARGE: 'INPUT_TOO_LARGE',
  /** The Firehose transformation event is not of the documented shape. */
  EVENT_SHAPE_INVALID: 'EVENT_SHAPE_INVALID',
  /** A configuration value is missing or invalid. */
  CONFIG_INVALID: 'CONFIG_INVALID',
  /** A user-supplied regular expression does not compile or has no named groups. */
  PATTERN_INVALID: 'PATTERN_INVALID',
  /** Re-ingestion (PutRecordBatch / PutRecords) failed after all retries. */
  REINGEST_FAILED: 'REINGEST_FAILED',
  /** The input format could not be recognised. */
  FORMAT_UNKNOWN: 'FORMAT_UNKNOWN',
  /** A `_bulk` response does not match its request (item count, order, shape): the whole batch is retried. */
  BULK_RESPONSE_INVALID: 'BULK_RESPONSE_INVALID',
  /** A sink's target could not be reached, or kept refusing (throttling, 5xx, timeouts) until the deadline. */
  SINK_UNAVAILABLE: 'SINK_UNAVAILABLE',
  /** A sink's target refused a whole request (authentication, a malformed request); the result's `retryable` says whether a later try may pass. */
  SINK_REJECTED: 'SINK_REJECTED',
  /** Documents refused permanently could not be kept in the dead-letter place either. */
  DEAD_LETTER_FAILED: 'DEAD_LETTER_FAILED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const PROPERTY_PATH = /^[A-Za-z_$[][\w$.[\]]*$/;

/** Options of {@link FirewatchError}. */
export interface FirewatchErrorOptions {
  /** Where in the input it failed, e.g. `records[3].data` or `line 12`. */
  readonly path?: string;
  /** The underlying error, kept for debugging. */
  readonly cause?: unknown;
}

/**
 * The library's error. `message` reads `firewatch: <path>: <detail>` so a log line alone says which
 * record failed; `detail` is the message without that prefix.
 *
 * @example
 * ```ts
 * const error = new FirewatchError("GZIP_TRUNCATED", "gzip data ends early", { path: "records[2].data" });
 * error.message; // "firewatch: records[2].data: gzip data ends early"
 * ```
 */
export class FirewatchError extends Error {
  override readonly name = 'FirewatchError';
  readonly code: ErrorCode;
  readonly detail: string;
  readonly path: string | undefined;

  constructor(code: ErrorCode, detail: string, options: FirewatchErrorOptions = {}) {
    super(`firewatch: ${options.path ? `${options.path}: ` : ''}${detail}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.detail = detail;
    this.path = options.path;
  }

  /**
   * The same error, located at `path`, prefixed to any path it already has: property paths join as one
   * (`records[3]` + `data` = `records[3].data`), anything else with a colon (`records[3].data: gzip member 2`).
   */
  at(path: string): FirewatchError {
    const joined = this.path === undefined
      ? path
      : PROPERTY_PATH.test(path) && PROPERTY_PATH.test(this.path)
      ? `${path}${this.path.startsWith('[') ? '' : '.'}${this.path}`
      : `${path}: ${this.path}`;
    return new FirewatchError(this.code, this.detail, { path: joined, cause: this.cause });
  }

  /** A plain JSON form for logs and CLI output. */
  toJSON(): { code: ErrorCode; message: string; path?: string } {
    return this.path === undefined ? { code: this.code, message: this.detail } : { code: this.code, message: this.detail, path: this.path };
  }
}

/** A result that is either a value or a {@link FirewatchError}; core functions return these instead of throwing. */
export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: FirewatchError };

/** Builds a successful {@link Result}. */
export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

/** Builds a failed {@link Result}. */
export const fail = <T = never>(code: ErrorCode, detail: string, options?: FirewatchErrorOptions): Result<T> => ({
  ok: false,
  error: new FirewatchError(code, detail, options),
});
