import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildEnvelope, buildTransformationEvent, encodeRecord } from '../../core/samples/records.ts';
import { bundleLambda } from '../../scripts/bundle.ts';

// Inside the project, so the bundle resolves the SDK from node_modules as the Lambda runtime provides it.
mkdirSync('dist', { recursive: true });
const dir = mkdtempSync(join('dist', 'lazy-sdk-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the bundled handler (SDK left external, as on Lambda) in a fresh Node and lists every module it resolved. */
async function resolvedModules(event: unknown): Promise<string[]> {
  const bundle = await bundleLambda('lambda/transform.ts', join(dir, 'bundle'), 'external');
  const entry = resolve(bundle.entry);
  const log = resolve(dir, 'resolved.log');
  writeFileSync(log, '');
  const hooks = resolve(dir, 'hooks.mjs');
  writeFileSync(hooks, `import { appendFileSync } from 'node:fs';\nexport async function resolve(specifier, context, next) { appendFileSync(${JSON.stringify(log)}, specifier + '\\n'); return next(specifier, context); }\n`);
  const register = resolve(dir, 'register.mjs');
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  const eventFile = resolve(dir, 'event.json');
  writeFileSync(eventFile, JSON.stringify(event));
  const script = `const { handler } = await import(${JSON.stringify(pathToFileURL(entry).href)}); const event = JSON.parse((await import('node:fs')).readFileSync(${JSON.stringify(eventFile)}, 'utf8')); const r = await handler(event); if (r.records.length !== event.records.length) process.exit(3);`;
  execFileSync(process.execPath, ['--import', pathToFileURL(register).href, '--input-type=module', '-e', script], { stdio: ['ignore', 'ignore', 'inherit'] });
  return readFileSync(log, 'utf8').split('\n').filter(Boolean);
}

describe('the AWS SDK is imported lazily', () => {
  it('is not loaded by an invocation with nothing to re-ingest', async () => {
    const event = buildTransformationEvent([encodeRecord(buildEnvelope({ lines: ['2026-11-25T11:41:00.000001Z\t    1 Quit\t'] }))]);
    const modules = await resolvedModules(event);
    expect(modules.some((m) => m.includes('transform') || m.includes('index.mjs'))).toBe(true);
    expect(modules.filter((m) => m.startsWith('@aws-sdk/') || m.startsWith('@smithy/'))).toEqual([]);
  });
});
