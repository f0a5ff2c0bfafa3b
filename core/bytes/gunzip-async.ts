/**
 * gzip reading that may use the platform's `DecompressionStream` (native zlib) for large inputs, for the
 * asynchronous fronts (the HTTP endpoint, the browser playground). Measured on Node (README, "Runtimes
 * and gzip"): the stream costs ~0.2 ms to set up, so fflate is faster for records up to a few hundred
 * KiB and the platform beyond; the default threshold, 256 KiB, sits at that crossover.
 *
 * The platform's answer is kept only when it is exactly one member's worth (the size in the gzip
 * trailer): runtimes disagree on concatenated members (Node and Bun join them, Deno, workerd and Chromium
 * throw), so anything else is read again by {@link gunzip}, which walks members the same way everywhere
 * and says precisely what is wrong with bad data. One difference remains: empty members before the last
 * one, which carry no data, may be left out where the runtime joins members.
 *
 * @example
 * ```ts
 * const result = await gunzipAsync(bytes, { maxOutputBytes: 64 * 1024 * 1024 });
 * if (result.ok) console.log(result.value.length, "member(s)");
 * ```
 * @module
 */
import type { Result } from '../errors.ts';
import { ok } from '../errors.ts';
import { DEFAULT_MAX_INFLATED_BYTES } from '../limits.ts';
import { gunzip, readHeader, type GunzipOptions } from './gzip.ts';
import { concat } from './inflate.ts';

/** Inputs from this size up go through `DecompressionStream`, when the runtime has it. */
export const DEFAULT_STREAM_THRESHOLD_BYTES = 256 * 1024;

/** Options of {@link gunzipAsync}. */
export interface GunzipAsyncOptions extends GunzipOptions {
  /** Smallest input sent to the platform's `DecompressionStream` (default {@link DEFAULT_STREAM_THRESHOLD_BYTES}). */
  readonly streamThresholdBytes?: number;
}

/** Like {@link gunzip}, with the same results for the same input, but faster for large inputs. */
export async function gunzipAsync(bytes: Uint8Array, options: GunzipAsyncOptions = {}): Promise<Result<Uint8Array[]>> {
  const threshold = options.streamThresholdBytes ?? DEFAULT_STREAM_THRESHOLD_BYTES;
  if (bytes.length < threshold || typeof DecompressionStream === 'undefined' || !readHeader(bytes, 0).ok) return gunzip(bytes, options);
  const max = options.maxOutputBytes ?? DEFAULT_MAX_INFLATED_BYTES;
  const claimed = (bytes[bytes.length - 4]! | (bytes[bytes.length - 3]! << 8) | (bytes[bytes.length - 2]! << 16) | (bytes[bytes.length - 1]! << 24)) >>> 0;
  if (claimed <= max) {
    const single = await inflateWithPlatform(bytes, claimed);
    if (single !== undefined) return ok([single]);
  }
  return gunzip(bytes, options);
}

/** The platform's inflation of `bytes`, or undefined when it fails or is not exactly `expected` bytes long. */
async function inflateWithPlatform(bytes: Uint8Array, expected: number): Promise<Uint8Array | undefined> {
  const reader = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip')).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      // More than the trailer promises: a second member or a lying trailer. Stop before it can grow.
      if (total > expected) {
        await reader.cancel();
        return undefined;
      }
      chunks.push(value);
    }
  } catch {
    return undefined;
  }
  return total === expected ? concat(chunks, total) : undefined;
}
