/**
 * Every entry (the Lambda handlers, the Workers module, the Deno and Bun mains and the Node server
 * command) only wires configuration, core and I/O: at most 40 lines of code, comments and blank lines
 * not counted. Orchestration (batching, counting, deadlines) lives in the modules the entries wire, so a
 * change to it is made once, not once per runtime.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const ENTRIES = [
  'lambda/http.ts',
  'lambda/kinesis.ts',
  'lambda/subscription.ts',
  'lambda/transform.ts',
  'core/endpoint/worker.ts',
  'scripts/runtimes/bun.ts',
  'scripts/runtimes/deno.ts',
  'scripts/runtimes/serve-runtime.ts',
  'scripts/cli/serve.ts',
];

const MAX_CODE_LINES = 40;

/** Lines holding code: not blank, not inside a block comment, not a whole-line `//` comment. */
function codeLines(source: string): number {
  let count = 0;
  let inComment = false;
  for (const raw of source.split('\n')) {
    const line = raw.trim();
    if (inComment) {
      inComment = !line.includes('*/');
      continue;
    }
    if (line.startsWith('/*')) {
      inComment = !line.includes('*/');
      continue;
    }
    if (line === '' || line.startsWith('//')) continue;
    count++;
  }
  return count;
}

describe('entries', () => {
  it('counts code lines, not comments', () => {
    expect(codeLines('/**\n * doc\n */\nimport x from "y";\n\n// why\nexport const a = 1; // trailing\n/* one line */\n')).toBe(2);
  });

  for (const entry of ENTRIES) {
    it(`${entry} wires in at most ${MAX_CODE_LINES} lines of code`, () => {
      const source = readFileSync(new URL(`../${entry}`, import.meta.url), 'utf8');
      expect(codeLines(source), entry).toBeLessThanOrEqual(MAX_CODE_LINES);
    });
  }
});
