/**
 * Admission control and the memory budget of one endpoint process. Memory is bounded by design, not by
 * the defaults of what clients send:
 *
 * - **Deliveries in flight** (`FIREWATCH_MAX_DELIVERIES`): beyond it a delivery is answered 503 at once,
 *   before its body is read, so Firehose retries it later; an overloaded server keeps serving the
 *   deliveries it took at full speed instead of slowing all of them down until every one times out.
 * - **Inflated bytes in flight** (`FIREWATCH_INFLATED_BUDGET_BYTES`): a record is decoded only once its
 *   inflated size (read from its gzip trailer before inflating) is reserved from the process's budget;
 *   it is released when the record's documents are all handed to the sink. A delivery decodes one record
 *   at a time, so it holds at most one record's worth (the per-request budget, itself capped by
 *   `FIREWATCH_MAX_INFLATED_BYTES`). A record larger than the whole budget is decoded alone. A delivery
 *   that cannot get its bytes by its deadline is answered 503.
 *
 * A dense record (under 1 MB of gzip, ~60 MB inflated, ~95,000 events) costs about its inflated size
 * while decoded: its events are parsed as read (core/cloudwatch/lazy-envelope.ts), its documents made and
 * written in batches (`FIREWATCH_BATCH_BYTES`), never all at once, and its inflated bytes dropped once its
 * last document is made, so the collection at its release frees them before the next dense record inflates.
 *
 * @example
 * ```ts
 * const admission = new Admission({ maxDeliveries: 16, inflatedBudgetBytes: 64 * 1024 * 1024 });
 * if (!admission.enter()) return busy(); // 503 before reading the body
 * try {
 *   const release = await admission.reserve(inflatedSizeOf(record.data), signal);
 *   if (release === undefined) return busy(); // deadline passed while waiting
 *   try { decodeAndWrite(record); } finally { release(); }
 * } finally { admission.leave(); }
 * ```
 * @module
 */

/** The limits of {@link Admission}. */
export interface AdmissionLimits {
  /** Deliveries handled at once; more are refused. */
  readonly maxDeliveries: number;
  /** Inflated bytes of records being decoded at once. */
  readonly inflatedBudgetBytes: number;
  /**
   * Called when a reservation of at least {@link LARGE_RESERVATION_BYTES} is released, before the next
   * waiting record is granted: a runtime that can collect garbage on demand (Node passes V8's `gc`) frees
   * the finished dense record's ~60 MB of buffers before the next one inflates, instead of holding both.
   */
  readonly collect?: () => void;
}

/** Reservations this large (a dense record's) are followed by {@link AdmissionLimits.collect}. */
export const LARGE_RESERVATION_BYTES = 8 * 1024 * 1024;

/** Gives the reserved bytes back; call once. */
export type Release = () => void;

interface Waiter {
  readonly bytes: number;
  readonly grant: () => void;
}

/**
 * One process's admission state. Single-threaded: every method runs to completion between awaits.
 *
 * @example
 * ```ts
 * const admission = new Admission({ maxDeliveries: 2, inflatedBudgetBytes: 1024 });
 * admission.enter(); // true
 * ```
 */
export class Admission {
  readonly #limits: AdmissionLimits;
  #inFlight = 0;
  #reserved = 0;
  /** Reservations waiting, first come first served (a large one is not overtaken forever by small ones). */
  readonly #waiting: Waiter[] = [];

  constructor(limits: AdmissionLimits) {
    this.#limits = limits;
  }

  /** Deliveries being handled now. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Inflated bytes reserved now. */
  get reservedBytes(): number {
    return this.#reserved;
  }

  /** Takes a place for one delivery; false when all are taken (answer 503 without reading the body). */
  enter(): boolean {
    if (this.#inFlight >= this.#limits.maxDeliveries) return false;
    this.#inFlight++;
    return true;
  }

  /** Gives back the place {@link enter} took. */
  leave(): void {
    this.#inFlight = Math.max(0, this.#inFlight - 1);
  }

  /**
   * Reserves `bytes` of the inflated budget if they fit now and nobody waits; undefined otherwise. The
   * common case, without the promise and microtask {@link reserve} costs for each of a delivery's records.
   */
  tryReserve(bytes: number): Release | undefined {
    return this.#waiting.length === 0 && this.#fits(bytes) ? this.#take(bytes) : undefined;
  }

  /**
   * Reserves `bytes` of the inflated budget, waiting (in order) until they fit or nothing else is
   * reserved; resolves to the release, or to undefined when `signal` aborts first (nothing is then held).
   */
  reserve(bytes: number, signal?: AbortSignal): Promise<Release | undefined> {
    if (signal?.aborted) return Promise.resolve(undefined);
    const now = this.tryReserve(bytes);
    if (now !== undefined) return Promise.resolve(now);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        bytes,
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(this.#take(bytes));
        },
      };
      const onAbort = () => {
        const at = this.#waiting.indexOf(waiter);
        if (at >= 0) this.#waiting.splice(at, 1);
        resolve(undefined);
        this.#grantWaiting(); // the one behind may fit now
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiting.push(waiter);
    });
  }

  #fits(bytes: number): boolean {
    return this.#reserved === 0 || this.#reserved + bytes <= this.#limits.inflatedBudgetBytes;
  }

  #take(bytes: number): Release {
    this.#reserved += bytes;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#reserved -= bytes;
      if (bytes >= LARGE_RESERVATION_BYTES) this.#limits.collect?.();
      this.#grantWaiting();
    };
  }

  #grantWaiting(): void {
    while (this.#waiting.length > 0 && this.#fits(this.#waiting[0]!.bytes)) this.#waiting.shift()!.grant();
  }
}

const BASE64_VALUES = (() => {
  const table = new Int16Array(128).fill(-1);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  return table;
})();

/**
 * The inflated size of a record from its base64 `data`, before decoding it: a gzip record's trailer
 * states it (ISIZE, the last four bytes; exact for the single-member records CloudWatch Logs writes,
 * and the decoder caps whatever a forged one claims), anything else is its own decoded size.
 *
 * @example
 * ```ts
 * inflatedSizeOf("aGVsbG8="); // 5
 * ```
 */
export function inflatedSizeOf(data: string): number {
  // Padding and trailing whitespace stepped over from the end: a regex anchored at `$` would scan every record's whole data.
  let end = data.length;
  for (let c = data.charCodeAt(end - 1); c === 0x3d || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = data.charCodeAt(end - 1)) end--;
  const decoded = Math.floor((end * 3) / 4);
  // "H4sI": 1f 8b 08, the gzip magic and deflate method.
  if (!data.startsWith('H4sI') || decoded < 18) return decoded;
  // The last 8 base64 characters hold the last 6 bytes (or 5 or 4, by the tail's length).
  // ISIZE is little-endian: each byte read shifts in from the top, so the last four end up in place.
  let bits = 0;
  let count = 0;
  let bytes = 0;
  let last = 0;
  const start = end - (end % 4) - 8;
  for (let i = Math.max(0, start); i < end; i++) {
    const value = BASE64_VALUES[data.charCodeAt(i)] ?? -1;
    if (value < 0) return decoded;
    bits = ((bits << 6) | value) & 0xffff;
    count += 6;
    if (count >= 8) {
      count -= 8;
      last = (last >>> 8) | (((bits >> count) & 0xff) << 24);
      bytes++;
    }
  }
  return bytes < 4 ? decoded : last >>> 0;
}
