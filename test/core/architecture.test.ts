/**
 * The shape of core/, checked from its import lines: core/ runs on every runtime, so it imports nothing
 * from `node:` (nor Node's globals' modules), and its folders depend one way, so each can be read, moved
 * or published without dragging in the folder that uses it. A cycle between folders (a imports b, b
 * imports a) fails here, naming the files that close it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const CORE = new URL('../../core/', import.meta.url);

/** Every .ts file under core/, as a path relative to core/ (`opensearch/config.ts`). */
function coreFiles(dir = '', found: string[] = []): string[] {
  for (const name of readdirSync(new URL(dir, CORE))) {
    const path = `${dir}${name}`;
    if (statSync(new URL(path, CORE)).isDirectory()) coreFiles(`${path}/`, found);
    else if (name.endsWith('.ts')) found.push(path);
  }
  return found;
}

/** The module specifiers of a file's static and dynamic imports and re-exports. */
function specifiers(source: string): string[] {
  const found: string[] = [];
  for (
    const match of source.matchAll(
      /(?:^|\n)\s*(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g,
    )
  ) {
    found.push((match[1] ?? match[2] ?? match[3])!);
  }
  return found;
}

/**
 * The node of a core/ path in the graph: its folder (`opensearch` for `opensearch/config.ts`); a file at
 * core/'s top (`errors.ts`, `document.ts`) is a node of its own, as each is a module of its own.
 */
const folderOf = (path: string): string => (path.includes('/') ? path.slice(0, path.indexOf('/')) : path);

/** core/-relative path a relative specifier of `from` points to, or undefined outside core/. */
function resolve(from: string, specifier: string): string | undefined {
  const url = new URL(specifier, new URL(from, CORE));
  return url.href.startsWith(CORE.href) ? url.href.slice(CORE.href.length) : undefined;
}

interface Edge {
  readonly from: string;
  readonly to: string;
}

const files = coreFiles();
const imports = files.map((file) => ({ file, specifiers: specifiers(readFileSync(new URL(file, CORE), 'utf8')) }));

/** Folder-to-folder edges, each with one file-level import as its witness. */
function folderGraph(): Map<string, Map<string, Edge>> {
  const graph = new Map<string, Map<string, Edge>>();
  for (const { file, specifiers: specs } of imports) {
    for (const spec of specs) {
      if (!spec.startsWith('.')) continue;
      const target = resolve(file, spec);
      if (target === undefined) continue;
      const [a, b] = [folderOf(file), folderOf(target)];
      if (a === b) continue;
      const out = graph.get(a) ?? new Map<string, Edge>();
      if (!out.has(b)) out.set(b, { from: file, to: target });
      graph.set(a, out);
    }
  }
  return graph;
}

/** One cycle of the graph as its edges, or undefined; iterative depth-first search (no recursion). */
function findCycle(graph: Map<string, Map<string, Edge>>): Edge[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  for (const start of graph.keys()) {
    if (state.has(start)) continue;
    const stack: { node: string; next: Iterator<[string, Edge]>; via?: Edge }[] = [{ node: start, next: (graph.get(start) ?? new Map()).entries() }];
    state.set(start, 'open');
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const step = top.next.next();
      if (step.done === true) {
        state.set(top.node, 'done');
        stack.pop();
        continue;
      }
      const [to, edge] = step.value;
      if (state.get(to) === 'open') {
        const from = stack.findIndex((frame) => frame.node === to);
        return [...stack.slice(from + 1).map((frame) => frame.via!), edge];
      }
      if (state.has(to)) continue;
      state.set(to, 'open');
      stack.push({ node: to, next: (graph.get(to) ?? new Map()).entries(), via: edge });
    }
  }
  return undefined;
}

describe('core/ architecture', () => {
  it('finds the files and imports it checks', () => {
    expect(files).toContain('opensearch/config.ts');
    expect(files.length).toBeGreaterThan(50);
    expect(folderGraph().get('sinks')?.has('opensearch')).toBe(true);
  });

  it('imports nothing from node: or Node-only packages', () => {
    const nodeImports = imports.flatMap(({ file, specifiers: specs }) =>
      specs.filter((spec) => spec.startsWith('node:') || /^(?:fs|path|zlib|buffer|stream|crypto|os|http|https|child_process)(?:\/|$)/.test(spec)).map((spec) =>
        `${file} imports ${spec}`
      )
    );
    expect(nodeImports).toEqual([]);
  });

  it('has folders that depend one way (no cycle between folders)', () => {
    const cycle = findCycle(folderGraph());
    expect(cycle?.map((edge) => `${edge.from} -> ${edge.to}`)).toBeUndefined();
  });

  it('finds a cycle when there is one', () => {
    const edge = (from: string, to: string): [string, Edge] => [to, { from: `${from}/x.ts`, to: `${to}/y.ts` }];
    const graph = new Map([
      ['a', new Map([edge('a', 'b')])],
      ['b', new Map([edge('b', 'c')])],
      ['c', new Map([edge('c', 'a')])],
    ]);
    expect(findCycle(graph)?.map((e) => e.from)).toEqual(['a/x.ts', 'b/x.ts', 'c/x.ts']);
    expect(findCycle(new Map([['a', new Map([edge('a', 'b')])]]))).toBeUndefined();
  });
});
