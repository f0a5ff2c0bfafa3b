/**
 * The published packages, offline. npm: `npm pack` (its `prepack` builds dist/ with
 * scripts/build-package.ts) ships built JavaScript, `.d.ts`, the bundled command and the playground page,
 * no sources or tests; installed beside its `dependencies` only (no tsx, no AWS SDK, no devDependency),
 * the command runs from its bundle and the library imports and type-checks. JSR: `deno publish --dry-run`
 * accepts deno.json's name, version, exports and license and finds no slow types.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  bin: Record<string, string>;
  exports: Record<string, string | Record<string, string>>;
  dependencies: Record<string, string>;
};
/** Nothing here may reach a network: a proxy nobody listens on makes any attempt fail loudly. */
const OFFLINE = { HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9', npm_config_offline: 'true', DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' };

describe('npm package (npm pack)', () => {
  // Outside the project, so nothing resolves from its node_modules but what the test links.
  const dir = mkdtempSync(join(tmpdir(), 'firewatch-pack-'));
  const app = join(dir, 'app');
  const installed = join(app, 'node_modules', manifest.name);
  let files: string[] = [];
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(() => {
    const out = execFileSync('npm', ['pack', '--json', '--pack-destination', dir], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, ...OFFLINE },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const [packed] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
    files = packed!.files.map((f) => f.path).sort();
    // Installed as npm would: the package folder, and beside it its dependencies (linked from the project).
    mkdirSync(installed, { recursive: true });
    execFileSync('tar', ['-xzf', join(dir, packed!.filename), '-C', installed, '--strip-components=1']);
    for (const name of Object.keys(manifest.dependencies)) {
      const link = join(app, 'node_modules', name);
      mkdirSync(dirname(link), { recursive: true });
      symlinkSync(join(ROOT, 'node_modules', name), link, 'dir');
    }
    writeFileSync(join(app, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  }, 240_000);

  it('ships built JavaScript with .d.ts, the bundled command and the playground, no sources or tests', () => {
    const allowed =
      /^(LICENSE|README(\.[\w-]+)?\.md|package\.json|scripts\/firewatch\.mjs|dist\/core\/.+\.(js|d\.ts)|dist\/cli\/[\w-]+\.mjs|dist\/playground\/.+)$/;
    expect(files.filter((path) => !allowed.test(path))).toEqual([]);
    expect(files.filter((path) => /\.tsx?$/.test(path) && !path.endsWith('.d.ts'))).toEqual([]);
    const shipped = new Set(files);
    for (
      const path of [
        'LICENSE',
        'dist/cli/firewatch.mjs',
        'dist/core/mod.js',
        'dist/core/mod.d.ts',
        'dist/playground/index.html',
        ...Object.values(manifest.bin),
      ]
    ) expect([path, shipped.has(path)]).toEqual([path, true]);
    for (const target of Object.values(manifest.exports).flatMap((entry) => (typeof entry === 'string' ? [entry] : Object.values(entry)))) {
      expect([target, shipped.has(target.replace(/^\.\//, ''))]).toEqual([target, true]);
    }
    const javascript = files.filter((path) => path.startsWith('dist/core/') && path.endsWith('.js'));
    expect(javascript.length).toBeGreaterThan(10);
    for (const path of javascript) expect([path, shipped.has(path.replace(/\.js$/, '.d.ts'))]).toEqual([path, true]);
  });

  it('bundles the command so it imports only Node built-ins and the dependencies, in every chunk', () => {
    const bundle = join(installed, 'dist', 'cli');
    const specifiers = new Set<string>();
    for (const name of readdirSync(bundle)) {
      const code = readFileSync(join(bundle, name), 'utf8');
      for (const match of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["']([^"'./][^"']*)["']/g)) specifiers.add(match[1]!);
    }
    const allowed = (specifier: string) =>
      specifier.startsWith('node:') || Object.keys(manifest.dependencies).some((name) => specifier === name || specifier.startsWith(`${name}/`));
    expect([...specifiers].filter((specifier) => !allowed(specifier))).toEqual([]);
    expect([...specifiers].some((specifier) => specifier.startsWith('node:'))).toBe(true);
  });

  it('runs the command from its bundle: version, sample, decode', () => {
    const firewatch = (args: string[], input?: Buffer): Buffer =>
      execFileSync(process.execPath, [join(installed, manifest.bin['firewatch']!), ...args], {
        cwd: app,
        env: { PATH: process.env['PATH'] ?? '', ...OFFLINE },
        ...(input ? { input } : {}),
      });
    expect(firewatch(['--version']).toString().trim()).toBe(`firewatch ${manifest.version}`);
    const record = firewatch(['sample', '--format', 'mysql-general', '--records', '2', '--events', '3', '--output', 'record']);
    const documents = firewatch(['decode', '--documents'], record).toString().trim().split('\n').map((line) => JSON.parse(line) as { parser: string });
    expect(documents.map((d) => d.parser)).toEqual(Array(6).fill('mysql-general'));
  }, 120_000);

  it('serves deliveries and the playground from the installed package', async () => {
    const data = join(dir, 'data');
    const child = spawn(process.execPath, [
      join(installed, manifest.bin['firewatch']!),
      'serve',
      '--port',
      '0',
      '--workers',
      '1',
      '--playground',
      '--data',
      data,
    ], {
      cwd: app,
      env: { PATH: process.env['PATH'] ?? '', ...OFFLINE },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    try {
      let output = '';
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const url = await new Promise<string>((found, failed) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /listening on (http:\/\/\S+)/.exec(output);
          if (match) found(match[1]!);
        });
        void exited.then(() => failed(new Error(`serve exited before listening:\n${output}`)));
      });
      const page = await fetch(`${url}/playground/`);
      expect([page.status, page.headers.get('content-type'), (await page.text()).includes('<html')]).toEqual([200, 'text/html; charset=utf-8', true]);
      execFileSync(process.execPath, [join(installed, manifest.bin['firewatch']!), 'send', `${url}/`], {
        cwd: app,
        env: { PATH: process.env['PATH'] ?? '', ...OFFLINE },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const written = readdirSync(data).map((name) => readFileSync(join(data, name), 'utf8').trim().split('\n').length / 2);
      expect(written.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  }, 120_000);

  it('exports the library as JavaScript that imports and .d.ts that type-check', () => {
    const script =
      "import { buildSampleEvent, planTransformation } from 'firewatch'; const plan = planTransformation(buildSampleEvent({ format: 'mysql-general', records: 2, events: 3 }), { mode: 'split' }); console.log(plan.response.records.length, plan.stats.reingestedRecords);";
    expect(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: app, encoding: 'utf8' }).trim()).toBe('2 4');
    writeFileSync(
      join(app, 'use.ts'),
      [
        "import { buildSampleEvent, parserForLogGroup, planTransformation, type TransformPlan } from 'firewatch';",
        "export const plan: TransformPlan = planTransformation(buildSampleEvent({ format: 'mysql-general' }), { mode: 'split' });",
        "export const ok: boolean = parserForLogGroup('/aws/rds/instance/db/general').parse('x').ok;",
        '// @ts-expect-error the types are real, not any: there is no such format',
        "buildSampleEvent({ format: 'no-such-format' });",
      ].join('\n'),
    );
    const tsconfig = {
      compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, types: [], lib: ['ES2022', 'DOM'] },
      files: ['use.ts'],
    };
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify(tsconfig));
    const check = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', app], { cwd: app, encoding: 'utf8' });
    expect([check.status, check.stdout]).toEqual([0, '']);
  }, 120_000);
});

describe('JSR package (deno publish --dry-run)', () => {
  it('publishes core with name, version, exports and license, without slow types', () => {
    // --allow-dirty: whether the work tree has uncommitted changes is not the package's business.
    const run = spawnSync(join(ROOT, 'node_modules', '.bin', 'deno'), ['publish', '--dry-run', '--allow-dirty'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, ...OFFLINE },
      timeout: 110_000,
    });
    const output = `${run.stdout}${run.stderr}`;
    expect([run.status, output]).toEqual([0, expect.stringContaining('Success Dry run complete')]);
    const config = JSON.parse(readFileSync(join(ROOT, 'deno.json'), 'utf8')) as { name: string; version: string };
    expect(output).toContain(`Simulating publish of ${config.name}@${config.version}`);
    const published = [...output.matchAll(/^\s+file:\/\/(\S+)/gm)].map((m) => m[1]!.slice(ROOT.length + 1));
    expect(published).toContain('core/mod.ts');
    expect(published).toContain('LICENSE');
    expect(published.filter((path) => !/^(core\/|LICENSE$|README\.md$|deno\.json$)/.test(path))).toEqual([]);
  }, 120_000);
});
