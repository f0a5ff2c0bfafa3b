/**
 * `node --import tsx scripts/cloudformation/check.ts [--parameter Key=Value ...] FILE...`: validates
 * CloudFormation templates offline and prints each problem as `file:line: path: message`, including
 * local `Code` artifacts that do not exist yet (`npm run package` builds them). Exits 1 on any problem;
 * otherwise prints `ok: N resources, M IAM statements` per file.
 *
 * @example
 * ```sh
 * node --import tsx scripts/cloudformation/check.ts \
 *   --parameter OpenSearchDomainArn=arn:aws:es:us-east-1:123456789012:domain/logs \
 *   lambda/cloudformation/pipeline.yaml
 * ```
 * @module
 */
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadTemplateFile, TemplateLoadError } from './load.ts';
import { section } from './template.ts';
import { validateTemplate } from './validate.ts';

/** Parsed command line. */
export interface CheckArguments {
  files: string[];
  parameters: Record<string, string>;
}

/** Reads `--parameter Key=Value` (repeatable, also `--parameter=Key=Value`) and file names. Throws on a malformed flag. */
export function parseArguments(argv: readonly string[]): CheckArguments {
  const files: string[] = [];
  const parameters: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const inline = arg.startsWith('--parameter=') ? arg.slice('--parameter='.length) : undefined;
    if (arg === '--parameter' || inline !== undefined) {
      const pair = inline ?? argv[++i];
      const eq = pair?.indexOf('=') ?? -1;
      if (pair === undefined || eq <= 0) throw new Error(`check: --parameter takes Key=Value, got ${JSON.stringify(pair)}`);
      parameters[pair.slice(0, eq)] = pair.slice(eq + 1);
    } else if (arg.startsWith('--')) throw new Error(`check: unknown option ${arg}`);
    else files.push(arg);
  }
  return { files, parameters };
}

/** Checks each file; returns the lines to print and whether every file passed. */
export async function checkFiles(args: CheckArguments): Promise<{ ok: boolean; lines: string[] }> {
  const lines: string[] = [];
  let ok = true;
  const unused = new Set(Object.keys(args.parameters));
  for (const file of args.files) {
    let loaded;
    try {
      loaded = await loadTemplateFile(file);
    } catch (error) {
      if (!(error instanceof TemplateLoadError) && !(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error;
      lines.push(error.message);
      ok = false;
      continue;
    }
    // One command line serves several templates: each gets the parameters it declares.
    const declared = section(loaded.template, 'Parameters');
    const parameters = Object.fromEntries(Object.entries(args.parameters).filter(([name]) => Object.hasOwn(declared, name)));
    for (const name of Object.keys(args.parameters)) if (Object.hasOwn(declared, name)) unused.delete(name);
    const result = await validateTemplate(loaded.template, { templateDir: dirname(file), parameters });
    const problems = [...result.problems];
    for (const artifact of result.packagedArtifacts) {
      if (!existsSync(artifact.resolved)) {
        problems.push({
          path: `Resources.${artifact.resource}.Properties.Code`,
          message: `${artifact.path} (${artifact.resolved}) does not exist: run npm run package first`,
        });
      }
    }
    const located = problems.map((p) => ({ ...p, line: loaded.lineOf(p.path) ?? 0 })).sort((a, b) => a.line - b.line);
    for (const p of located) lines.push(`${file}:${p.line}: ${p.path}: ${p.message}`);
    if (problems.length === 0) lines.push(`${file}: ok: ${result.resources} resources, ${result.iamStatements} IAM statements`);
    else ok = false;
  }
  for (const name of unused) {
    lines.push(`--parameter ${name}: no template declares it`);
    ok = false;
  }
  return { ok, lines };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const args = parseArguments(process.argv.slice(2));
    if (args.files.length === 0) {
      console.error('usage: node --import tsx scripts/cloudformation/check.ts [--parameter Key=Value ...] FILE...');
      process.exit(2);
    }
    const { ok, lines } = await checkFiles(args);
    for (const line of lines) console.log(line);
    process.exitCode = ok ? 0 : 1;
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 2;
  }
}
