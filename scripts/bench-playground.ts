/**
 * `npm run bench:playground`: how fast the playground shows a 6 MB Lambda event (100,000 general-log
 * events, near Lambda's payload limit) in Chromium, pasted and dropped as a file: time from the paste or
 * drop event to the first rows in the DOM (target: 1 s on this machine), to the rows' parse status, and
 * the longest main-thread task meanwhile. Each figure is the median of several arrivals in the same page,
 * with the slowest beside it. A measurement, not a test: the tests assert the structure only.
 *
 * The first rows come after one `decodeInput` pass without documents over the whole event in the worker,
 * so on a busy machine they wait for the CPU like everything else: beside them, a same-run floor, the
 * median time of that same pass in this Node process (~250 ms on this machine when idle), and the ratio.
 *
 * `--json` prints the figures as one JSON object on the last line; `--runs N` sets the arrivals per way.
 */
import { availableParallelism, loadavg } from 'node:os';
import { decodeInput } from '../core/inspect/mod.ts';
import { type Arrival, largeEvent, measureArrival, startPlayground } from '../test/playground/harness.ts';

const args = process.argv.slice(2);
const asJson = args.includes('--json');
const runsAt = args.indexOf('--runs');
const RUNS = runsAt >= 0 ? Number(args[runsAt + 1]) : 5;
/** The target for the first rows of a 6 MB event. */
const FIRST_ROWS_TARGET_MS = 1000;

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const site = await startPlayground();
const results: Record<string, { firstRowMs: number; firstRowMaxMs: number; decodeMs: number; parsedMs: number; longestTaskMs: number; verdict: boolean }> = {};
let floorMs = 0;
try {
  const page = await site.browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${site.origin}/`, { waitUntil: 'networkidle' });
  const { text, events } = largeEvent();
  process.stderr.write(
    `6 MB Lambda event: ${text.length.toLocaleString('en-US')} characters, ${
      events.toLocaleString('en-US')
    } events; ${RUNS} arrivals per way after one warm-up\n`,
  );
  const floors: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    decodeInput(text, { documents: false });
    floors.push(performance.now() - start);
  }
  floorMs = median(floors);
  for (const how of ['paste', 'drop'] as const) {
    await measureArrival(page, text, how);
    const runs: Arrival[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await measureArrival(page, text, how));
    const first = runs.map((r) => r.firstRowMs);
    const firstRowMs = Math.round(median(first));
    results[how] = {
      firstRowMs,
      firstRowMaxMs: Math.round(Math.max(...first)),
      decodeMs: Math.round(median(runs.map((r) => r.decodeMs))),
      parsedMs: Math.round(median(runs.map((r) => r.parsedMs))),
      longestTaskMs: Math.round(Math.max(0, ...runs.flatMap((r) => r.longTasks.map((t) => t.duration)))),
      verdict: firstRowMs <= FIRST_ROWS_TARGET_MS,
    };
  }
} finally {
  await site.close();
}

console.log(
  `  floor: decodeInput without documents in Node ${floorMs.toFixed(0)} ms (load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores)`,
);
for (const [how, r] of Object.entries(results)) {
  console.log(
    `${r.verdict ? '✓' : '✗'} ${how.padEnd(5)} first rows ${r.firstRowMs} ms (slowest ${r.firstRowMaxMs}; target ≤ ${FIRST_ROWS_TARGET_MS}; ${
      (r.firstRowMs / floorMs).toFixed(2)
    } × floor; the worker's first pass ${r.decodeMs} ms of it), parsed rows ${r.parsedMs} ms, longest main-thread task ${r.longestTaskMs} ms`,
  );
}
if (asJson) console.log(JSON.stringify({ playground: { ...results, floorMs: Math.round(floorMs) } }));
