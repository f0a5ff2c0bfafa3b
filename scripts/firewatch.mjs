#!/usr/bin/env node
// The `firewatch` command. In a clone it runs the TypeScript sources: Node 20 cannot run TypeScript by
// itself, so it registers tsx's loader (a devDependency) and hands over to scripts/cli.ts; the same
// sources then run here, under Deno and in the browser. tsconfig lookup is off: a global install runs
// from any directory, whose tsconfig is not ours. The npm package ships no sources: there it runs the
// bundle `npm pack` builds into dist/cli/ (scripts/build-package.ts).
import { existsSync } from 'node:fs';

let main;
if (existsSync(new URL('./cli.ts', import.meta.url))) {
  const { register } = await import('tsx/esm/api');
  register({ tsconfig: false });
  ({ main } = await import('./cli.ts'));
} else {
  ({ main } = await import('../dist/cli/firewatch.mjs'));
}
process.exitCode = await main(process.argv.slice(2));
