/**
 * `npm run build:package` (`npm pack` and `npm publish` run it as `prepack`): what the npm package ships
 * besides scripts/firewatch.mjs, built from the sources, which the package does not ship:
 * - dist/core/: core as JavaScript with `.d.ts` (tsconfig.package.json), what `import ... from 'firewatch'` loads;
 * - dist/cli/: the firewatch command bundled by esbuild, which scripts/firewatch.mjs starts where the
 *   TypeScript sources are absent (a clone keeps running the sources through tsx);
 * - dist/playground/: the page `firewatch serve --playground` serves.
 * The package's `dependencies` stay imports in the bundle (core needs them too); anything else it uses
 * would be inlined, so an installed package never needs a devDependency (tsx, the AWS SDK, esbuild).
 */
import { build, type Plugin } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Output folders, relative to the project root (package.json `files` lists the same). */
export const PACKAGE_OUTPUTS = { core: 'dist/core', cli: 'dist/cli', playground: 'dist/playground' } as const;

/**
 * The sources find files by `new URL('../package.json', import.meta.url)` from where they sit under
 * scripts/; in one bundle they would all resolve from dist/cli/. So each module's `import.meta.url` becomes
 * its source path under the package root, which every output file derives from its own URL (the banner).
 */
const sourceLocations: Plugin = {
  name: 'firewatch-source-locations',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
      const source = relative(ROOT, path);
      if (source.startsWith('..') || source.startsWith('node_modules')) return undefined;
      const contents = await readFile(path, 'utf8');
      const url = `new URL(${JSON.stringify(source.split(sep).join('/'))}, __firewatchPackageRoot).href`;
      return { contents: contents.replaceAll('import.meta.url', url), loader: 'ts' };
    });
  },
};

/** Bundles the firewatch command into dist/cli/ (firewatch.mjs exports `main`, commands load lazily). */
export async function bundleCli(): Promise<void> {
  const outdir = join(ROOT, PACKAGE_OUTPUTS.cli);
  const manifest = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  await rm(outdir, { recursive: true, force: true });
  await build({
    absWorkingDir: ROOT,
    entryPoints: { firewatch: 'scripts/cli.ts' },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outExtension: { '.js': '.mjs' },
    // A package marked external keeps its subpaths external too (hono/*).
    external: Object.keys(manifest.dependencies ?? {}),
    // Every output file sits in dist/cli/, two folders below the package root.
    banner: { js: "const __firewatchPackageRoot = new URL('../../', import.meta.url);" },
    plugins: [sourceLocations],
    logLevel: 'warning',
  });
}

/** Compiles core/mod.ts and what it imports into dist/core/ (JavaScript and `.d.ts`). */
export async function compileCore(): Promise<void> {
  await rm(join(ROOT, PACKAGE_OUTPUTS.core), { recursive: true, force: true });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.package.json'], { cwd: ROOT, stdio: 'inherit' });
}

/** Builds the playground page into dist/playground/ (as `npm run build:playground`). */
export async function buildPlayground(): Promise<void> {
  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: join(ROOT, 'playground/vite.config.ts'), logLevel: 'warn' });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await compileCore();
  await bundleCli();
  await buildPlayground();
  console.error(`firewatch package: built ${Object.values(PACKAGE_OUTPUTS).join(', ')}`);
}
