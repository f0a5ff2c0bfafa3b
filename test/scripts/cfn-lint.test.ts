/**
 * cfn-lint (AWS's CloudFormation linter, shipped with the machine image) on every template of the deploy
 * kit: a second, independent reading beside our own offline check (cloudformation-templates.test.ts).
 *
 * The one finding expected is W3002 on each function's `Code`: the templates point at local zips that
 * `aws cloudformation package` uploads, which is how the README deploys them.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeWithTool } from '../support/external-tool.ts';

const DIR = 'lambda/cloudformation';

interface Finding {
  readonly Filename: string;
  readonly Level: string;
  readonly Message: string;
  readonly Rule: { readonly Id: string };
  readonly Location: { readonly Path: readonly (string | number)[]; readonly Start: { readonly LineNumber: number } };
}

/** The local `Code` path only works through `aws cloudformation package`; that is intended. */
const expectedPackageWarning = (finding: Finding) => finding.Rule.Id === 'W3002' && finding.Location.Path.at(-1) === 'Code';

describeWithTool('cfn-lint', 'cfn-lint on lambda/cloudformation/*.yaml', (cfnLint) => {
  const templates = readdirSync(DIR)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => join(DIR, name));

  it('finds nothing but the expected package warning, in every template', () => {
    expect(templates.length).toBeGreaterThanOrEqual(3);

    // Exit status is a bit mask of the levels found (2 error, 4 warning, 8 informational); 1 is a crash.
    const run = spawnSync(cfnLint, ['--format', 'json', '--', ...templates], { encoding: 'utf8', timeout: 120_000 });

    expect(run.error, String(run.error)).toBeUndefined();
    expect([0, 2, 4, 6, 8, 10, 12, 14], run.stderr).toContain(run.status);
    const findings = JSON.parse(run.stdout) as Finding[];
    const unexpected = findings.filter((finding) => !expectedPackageWarning(finding));
    expect(unexpected.map((f) => `${f.Filename}:${f.Location.Start.LineNumber} ${f.Rule.Id} ${f.Message}`)).toEqual([]);
    // Each template with a function has its warning; the check above is not passing on an empty list.
    const warned = new Set(findings.filter(expectedPackageWarning).map((f) => f.Filename));
    expect([...warned].sort()).toEqual(templates.filter((t) => /^\s+Code:/m.test(readFileSync(t, 'utf8'))));
    // cfn-lint loads its whole resource specification first: ~2 s idle, several times that on a busy machine.
  }, 120_000);
});
