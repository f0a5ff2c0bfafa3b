/**
 * Suites that need a program the machine image ships (cfn-lint, moto_server) but npm cannot install.
 * Without the program the suite skips with one line saying why; under `CI=true` it fails instead, so CI
 * never passes by skipping.
 *
 * @example
 * ```ts
 * describeWithTool('cfn-lint', 'cfn-lint on the templates', (cfnLint) => {
 *   it('finds nothing', () => { ... spawnSync(cfnLint, [...]) ... });
 * });
 * ```
 * @module
 */

import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, it } from 'vitest';

/** The full path of `command` on PATH, or undefined. */
export function findOnPath(command: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}

/**
 * `describe(name, () => body(path))` when `command` is on PATH. Otherwise one test that skips saying
 * why, or fails when `CI=true`.
 */
export function describeWithTool(command: string, name: string, body: (path: string) => void): void {
  const path = findOnPath(command);
  if (path !== undefined) return void describe(name, () => body(path));
  const reason = `${command} is not on PATH (it comes with the machine image's Python; see README prerequisites)`;
  describe(name, () => {
    it(`needs ${command}`, (context) => {
      if (process.env['CI'] === 'true') throw new Error(`${reason}; CI=true does not allow skipping`);
      context.skip(reason);
    });
  });
}
