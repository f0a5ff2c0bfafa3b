import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { endpointVariables } from '../core/endpoint/config.ts';
import { openSearchVariables } from '../core/opensearch/config.ts';

const readme = readFileSync('README.md', 'utf8');

describe('README', () => {
  it('documents every configuration variable the code reads', () => {
    const fromLambda = [...readFileSync('lambda/config.ts', 'utf8').matchAll(/'(FIREWATCH_[A-Z_]+)'/g)].map((m) => m[1]!);
    const names = [...endpointVariables.map((v) => v.name), ...openSearchVariables.map((v) => v.name), ...fromLambda];
    expect(fromLambda.length).toBeGreaterThan(5);
    for (const name of names) expect([name, readme.includes(`\`${name}\``)]).toEqual([name, true]);
  });

  it('starts with the two set-up commands', () => {
    expect(readme.split('\n').slice(0, 6).join('\n')).toContain('npm ci && npm start\nnpm test');
  });
});
