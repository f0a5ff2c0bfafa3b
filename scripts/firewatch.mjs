#!/usr/bin/env node
// The `firewatch` command. Node 20 cannot run TypeScript by itself, so this shim registers tsx's loader
// and hands over to scripts/cli.ts; the same sources then run here, under Deno and in the browser.
// tsconfig lookup is off: a global install runs from any directory, whose tsconfig is not ours.
import { register } from 'tsx/esm/api';

register({ tsconfig: false });
const { main } = await import('./cli.ts');
process.exitCode = await main(process.argv.slice(2));
