import { describe, expect, it } from 'vitest';
import { createBenchReport, formatTarget, formatVerdict, judge, summaryLine } from '../../scripts/bench-report.ts';

/** A reporter whose figures and progress are collected instead of printed. */
function collecting(json: boolean, isTTY = false) {
  const out: string[] = [];
  let progress = '';
  const report = createBenchReport({
    json,
    sections: ['first', 'second'],
    out: (line) => out.push(line),
    progressStream: { isTTY, write: (text: string) => (progress += text) },
    now: () => 0,
  });
  return { report, out, progress: () => progress };
}

describe('bench verdicts', () => {
  it('judges figures against at-least and at-most targets, the bound itself passing', () => {
    expect(judge('ratio', 0.4, { atLeast: 0.4 }).pass).toBe(true);
    expect(judge('ratio', 0.39, { atLeast: 0.4 }).pass).toBe(false);
    expect(judge('memory', 64, { atMost: 64 }, 'MiB').pass).toBe(true);
    expect(judge('memory', 65, { atMost: 64 }, 'MiB').pass).toBe(false);
  });

  it('prints the value, the mark and the target', () => {
    expect(formatTarget({ atLeast: 0.3 })).toBe('≥ 0.3');
    expect(formatTarget({ atMost: 1536 }, 'ms')).toBe('≤ 1,536 ms');
    expect(formatVerdict(judge('x', 0.45, { atLeast: 0.4 }))).toBe('0.45 ✓ (target ≥ 0.4)');
    expect(formatVerdict(judge('x', 97.5, { atMost: 64 }, 'MiB'))).toBe('97.5 MiB ✗ (target ≤ 64 MiB)');
  });

  it('sums up, naming what missed, with plurals right', () => {
    expect(summaryLine([judge('a', 1, { atLeast: 0.5 })])).toBe('bench: 1 of 1 figure met its target ✓');
    expect(summaryLine([judge('a', 1, { atLeast: 0.5 }), judge('b', 3, { atMost: 2 })])).toBe(
      'bench: 1 of 2 figures met their targets; missed: b 3 ✗ (target ≤ 2)',
    );
  });
});

describe('the bench reporter', () => {
  it('prints figures and the summary on stdout, progress on stderr', () => {
    const { report, out, progress } = collecting(false);
    report.section('first');
    for (let i = 0; i <= 8; i++) report.progress(i, 8);
    report.say(`ratio ${report.check('first ratio', 0.5, { atLeast: 0.4 })}`);
    report.section('third');
    expect(report.finish()).toHaveLength(1);
    expect(out).toEqual(['ratio 0.5 ✓ (target ≥ 0.4)', 'bench: 1 of 1 figure met its target ✓']);
    // Not a terminal: the section line, then one line per quarter, not per step.
    expect(progress().split('\n')).toEqual([
      'bench: [1/2] first…',
      'bench: [1/2] first: 25%',
      'bench: [1/2] first: 50%',
      'bench: [1/2] first: 75%',
      'bench: [3/3] third…',
      '',
    ]);
  });

  it('keeps stdout for the JSON under --json: figures silent, the summary on stderr', () => {
    const { report, out, progress } = collecting(true);
    report.section('second');
    report.say(`ratio ${report.check('second ratio', 0.2, { atLeast: 0.4 })}`);
    expect(report.finish().map((v) => v.pass)).toEqual([false]);
    expect(out).toEqual([]);
    expect(progress()).toContain('bench: 0 of 1 figure met its target; missed: second ratio 0.2 ✗ (target ≥ 0.4)\n');
  });

  it('redraws one progress line in place on a terminal and clears it before a figure', () => {
    const { report, out, progress } = collecting(false, true);
    report.section('first');
    report.progress(1, 4, 'round 2 of 4');
    report.say('figure');
    expect(progress()).toBe('bench: [1/2] first…\n\r\x1b[2Kbench: [1/2] first: 25% (round 2 of 4)\r\x1b[2K');
    expect(out).toEqual(['figure']);
  });
});
