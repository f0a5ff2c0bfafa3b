/**
 * References across a template: every `Ref`, `Fn::GetAtt`, `Fn::Sub` variable, `DependsOn`, condition
 * name and literal `Fn::FindInMap` key resolves; intrinsic functions have their documented shape and are
 * used where they are allowed; and resources do not depend on each other in a circle (CloudFormation
 * refuses a template with a circular dependency).
 *
 * @example
 * ```ts
 * import { checkReferences, dependencyCycles } from './references.ts';
 * checkReferences(template, db); // [{ path: 'Resources.Fn.Properties.Role', message: 'Ref Missing: no parameter, resource or pseudo parameter of that name' }]
 * dependencyCycles(template); // [['A', 'B', 'A']]
 * ```
 * @module
 */
import { attributeType, resourceSpec, type SpecDatabase } from './spec.ts';
import {
  CONDITION_FUNCTIONS,
  didYouMean,
  getAttTarget,
  intrinsicOf,
  isPseudoParameter,
  isRecord,
  joinPath,
  type Problem,
  PSEUDO_PARAMETERS,
  section,
  subArgument,
  subVariables,
  type Template,
  TRANSFORM_FUNCTIONS,
  VALUE_FUNCTIONS,
} from './template.ts';

/** Where an expression sits: conditions may only use parameters; resources and outputs anything. */
type Scope = 'condition' | 'value';

interface Walk {
  template: Template;
  db: SpecDatabase;
  problems: Problem[];
  /** Resources referred to from the value being walked (for the dependency graph). */
  refs: Set<string>;
}

/** Checks every reference and intrinsic function in Conditions, Resources and Outputs. */
export function checkReferences(template: Template, db: SpecDatabase): Problem[] {
  const walk: Walk = { template, db, problems: [], refs: new Set() };
  for (const [name, condition] of Object.entries(section(template, 'Conditions'))) {
    const path = joinPath('Conditions', name);
    if (!intrinsicOf(condition)) walk.problems.push({ path, message: 'a condition is Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition' });
    visit(condition, path, 'condition', walk);
  }
  const resources = section(template, 'Resources');
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (!isRecord(resource)) continue;
    const path = joinPath('Resources', logicalId);
    for (const key of ['Properties', 'Metadata', 'CreationPolicy', 'UpdatePolicy'] as const) {
      if (resource[key] !== undefined) visit(resource[key], joinPath(path, key), 'value', walk);
    }
    checkConditionName(resource['Condition'], joinPath(path, 'Condition'), walk);
    const dependsOn = resource['DependsOn'];
    if (dependsOn !== undefined) {
      const names = Array.isArray(dependsOn) ? dependsOn : [dependsOn];
      names.forEach((name, i) => {
        const at = Array.isArray(dependsOn) ? joinPath(joinPath(path, 'DependsOn'), i) : joinPath(path, 'DependsOn');
        if (typeof name !== 'string') walk.problems.push({ path: at, message: 'DependsOn takes resource names' });
        else if (!Object.hasOwn(resources, name)) {
          walk.problems.push({ path: at, message: `DependsOn ${name}: no such resource${didYouMean(name, Object.keys(resources))}` });
        } else if (name === logicalId) walk.problems.push({ path: at, message: `${logicalId} depends on itself` });
      });
    }
  }
  for (const [name, output] of Object.entries(section(template, 'Outputs'))) {
    if (!isRecord(output)) continue;
    const path = joinPath('Outputs', name);
    visit(output['Value'], joinPath(path, 'Value'), 'value', walk);
    if (output['Export'] !== undefined) visit(output['Export'], joinPath(path, 'Export'), 'value', walk);
    checkConditionName(output['Condition'], joinPath(path, 'Condition'), walk);
  }
  return walk.problems;
}

function checkConditionName(name: unknown, path: string, walk: Walk): void {
  if (name === undefined) return;
  const conditions = section(walk.template, 'Conditions');
  if (typeof name !== 'string') walk.problems.push({ path, message: 'Condition takes a condition name' });
  else if (!Object.hasOwn(conditions, name)) {
    walk.problems.push({ path, message: `no condition ${name} in Conditions${didYouMean(name, Object.keys(conditions))}` });
  }
}

function visit(value: unknown, path: string, scope: Scope, walk: Walk): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => visit(item, joinPath(path, i), scope, walk));
    return;
  }
  if (!isRecord(value)) return;
  const fn = intrinsicOf(value);
  if (fn && (fn.name !== 'Condition' || scope === 'condition')) {
    visitFunction(fn.name, fn.arg, joinPath(path, fn.name), scope, walk);
    return;
  }
  const keys = Object.keys(value);
  if (keys.length > 1 && keys.some((k) => k === 'Ref' || k.startsWith('Fn::'))) {
    walk.problems.push({ path, message: `an intrinsic function must be the only key of its mapping (here: ${keys.join(', ')})` });
  }
  for (const [key, item] of Object.entries(value)) visit(item, joinPath(path, key), scope, walk);
}

const SHAPES: Readonly<Record<string, (arg: unknown) => boolean>> = {
  Ref: (a) => typeof a === 'string',
  'Fn::GetAtt': (a) => getAttTarget(a) !== undefined,
  'Fn::Sub': (a) => subArgument(a) !== undefined,
  'Fn::Join': (a) => Array.isArray(a) && a.length === 2 && typeof a[0] === 'string',
  'Fn::Select': (a) => Array.isArray(a) && a.length === 2,
  'Fn::Split': (a) => Array.isArray(a) && a.length === 2 && typeof a[0] === 'string',
  'Fn::If': (a) => Array.isArray(a) && a.length === 3 && typeof a[0] === 'string',
  'Fn::FindInMap': (a) => Array.isArray(a) && a.length === 3,
  'Fn::GetAZs': (a) => typeof a === 'string' || intrinsicOf(a)?.name === 'Ref',
  'Fn::ImportValue': (a) => typeof a === 'string' || intrinsicOf(a) !== undefined,
  'Fn::Base64': (a) => a !== null && a !== undefined && !Array.isArray(a),
  'Fn::Cidr': (a) => Array.isArray(a) && a.length === 3,
  'Fn::Equals': (a) => Array.isArray(a) && a.length === 2,
  'Fn::Not': (a) => Array.isArray(a) && a.length === 1,
  'Fn::And': (a) => Array.isArray(a) && a.length >= 2 && a.length <= 10,
  'Fn::Or': (a) => Array.isArray(a) && a.length >= 2 && a.length <= 10,
  Condition: (a) => typeof a === 'string',
};

const USAGE: Readonly<Record<string, string>> = {
  Ref: 'a name',
  'Fn::GetAtt': '[resource, attribute] or "resource.attribute"',
  'Fn::Sub': 'a string or [string, {variables}]',
  'Fn::Join': '[delimiter, list]',
  'Fn::Select': '[index, list]',
  'Fn::Split': '[delimiter, string]',
  'Fn::If': '[condition name, value if true, value if false]',
  'Fn::FindInMap': '[map, top-level key, second-level key]',
  'Fn::GetAZs': 'a region (or "")',
  'Fn::ImportValue': 'an export name',
  'Fn::Base64': 'a string',
  'Fn::Cidr': '[ip block, count, cidr bits]',
  'Fn::Equals': '[value, value]',
  'Fn::Not': '[condition]',
  'Fn::And': '2 to 10 conditions',
  'Fn::Or': '2 to 10 conditions',
  Condition: 'a condition name',
};

function visitFunction(name: string, arg: unknown, path: string, scope: Scope, walk: Walk): void {
  const { template, problems } = walk;
  if ((TRANSFORM_FUNCTIONS as readonly string[]).includes(name)) {
    problems.push({ path, message: `${name} needs a transform (AWS::LanguageExtensions or a macro); our templates use none` });
    return;
  }
  const known = (VALUE_FUNCTIONS as readonly string[]).includes(name) || (CONDITION_FUNCTIONS as readonly string[]).includes(name);
  if (!known) {
    problems.push({ path, message: `unknown intrinsic function ${name}${didYouMean(name, [...VALUE_FUNCTIONS, ...CONDITION_FUNCTIONS])}` });
    return;
  }
  if (!SHAPES[name]!(arg)) {
    problems.push({ path, message: `${name} takes ${USAGE[name]}, not ${JSON.stringify(arg)}` });
    return;
  }
  if (scope === 'value' && (CONDITION_FUNCTIONS as readonly string[]).includes(name)) {
    problems.push({ path, message: `${name} only works in the Conditions section (Fn::If takes a condition's name)` });
    return;
  }
  if (scope === 'condition' && (name === 'Fn::GetAtt' || name === 'Fn::If' || name === 'Fn::ImportValue')) {
    problems.push({ path, message: `${name} cannot be used in a condition (conditions are decided before any resource exists)` });
    return;
  }
  const args = Array.isArray(arg) ? arg : [];
  switch (name) {
    case 'Ref':
      checkRef(arg as string, path, scope, walk);
      return;
    case 'Fn::GetAtt': {
      const target = getAttTarget(arg)!;
      checkGetAtt(target.resource, target.attribute, path, walk);
      if (typeof target.attribute !== 'string') visit(target.attribute, joinPath(path, 1), scope, walk);
      return;
    }
    case 'Fn::Sub': {
      const sub = subArgument(arg)!;
      for (const variable of subVariables(sub.text)) {
        if (Object.hasOwn(sub.variables, variable)) continue;
        const dot = variable.indexOf('.');
        if (dot > 0 && !isPseudoParameter(variable)) {
          if (scope === 'condition') problems.push({ path, message: `Fn::Sub: \${${variable}} refers to a resource, which conditions cannot` });
          else checkGetAtt(variable.slice(0, dot), variable.slice(dot + 1), path, walk, `Fn::Sub: \${${variable}}`);
        } else checkRef(variable, path, scope, walk, `Fn::Sub: \${${variable}}`);
      }
      for (const [key, value] of Object.entries(sub.variables)) visit(value, joinPath(joinPath(path, 1), key), scope, walk);
      return;
    }
    case 'Fn::If': {
      const conditions = section(template, 'Conditions');
      const condition = args[0] as string;
      if (!Object.hasOwn(conditions, condition)) {
        problems.push({ path: joinPath(path, 0), message: `Fn::If: no condition ${condition} in Conditions${didYouMean(condition, Object.keys(conditions))}` });
      }
      visit(args[1], joinPath(path, 1), scope, walk);
      visit(args[2], joinPath(path, 2), scope, walk);
      return;
    }
    case 'Condition': {
      const conditions = section(template, 'Conditions');
      if (!Object.hasOwn(conditions, arg as string)) {
        problems.push({ path, message: `no condition ${String(arg)} in Conditions${didYouMean(String(arg), Object.keys(conditions))}` });
      }
      return;
    }
    case 'Fn::FindInMap': {
      const mappings = section(template, 'Mappings');
      const [map, top, second] = args;
      if (typeof map === 'string') {
        const mapping = mappings[map];
        if (!isRecord(mapping)) {
          problems.push({ path: joinPath(path, 0), message: `Fn::FindInMap: no mapping ${map} in Mappings${didYouMean(map, Object.keys(mappings))}` });
        } else if (typeof top === 'string') {
          const entry = mapping[top];
          if (!isRecord(entry)) problems.push({ path: joinPath(path, 1), message: `Fn::FindInMap: mapping ${map} has no key ${top}` });
          else if (typeof second === 'string' && !Object.hasOwn(entry, second)) {
            problems.push({ path: joinPath(path, 2), message: `Fn::FindInMap: mapping ${map}.${top} has no key ${second}` });
          }
        }
      }
      args.forEach((a, i) => visit(a, joinPath(path, i), scope, walk));
      return;
    }
    default:
      if (Array.isArray(arg)) arg.forEach((a, i) => visit(a, joinPath(path, i), scope, walk));
      else visit(arg, path, scope, walk);
  }
}

function checkRef(name: string, path: string, scope: Scope, walk: Walk, what = `Ref ${name}`): void {
  const parameters = section(walk.template, 'Parameters');
  const resources = section(walk.template, 'Resources');
  if (isPseudoParameter(name) || Object.hasOwn(parameters, name)) return;
  if (Object.hasOwn(resources, name)) {
    if (scope === 'condition') walk.problems.push({ path, message: `${what}: conditions can only refer to parameters, not resource ${name}` });
    walk.refs.add(name);
    return;
  }
  walk.problems.push({
    path,
    message: `${what}: no parameter, resource or pseudo parameter of that name${
      didYouMean(name, [...Object.keys(parameters), ...Object.keys(resources), ...Object.keys(PSEUDO_PARAMETERS)])
    }`,
  });
}

function checkGetAtt(logicalId: string, attribute: unknown, path: string, walk: Walk, what = `Fn::GetAtt ${logicalId}.${String(attribute)}`): void {
  const resources = section(walk.template, 'Resources');
  const resource = resources[logicalId];
  if (!isRecord(resource)) {
    walk.problems.push({ path, message: `${what}: no resource ${logicalId}${didYouMean(logicalId, Object.keys(resources))}` });
    return;
  }
  walk.refs.add(logicalId);
  const type = resource['Type'];
  if (typeof type !== 'string' || typeof attribute !== 'string') return;
  // A custom resource's attributes are whatever its handler answers.
  if (type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource') return;
  const spec = resourceSpec(walk.db, type);
  if (!spec) return; // the unknown type is reported with the resource
  if (attributeType(walk.db, spec, attribute) === undefined) {
    const names = Object.keys(spec.attributes);
    walk.problems.push({
      path,
      message: `${what}: ${type} has no attribute ${attribute}${didYouMean(attribute, names)} (it has ${names.join(', ') || 'none'})`,
    });
  }
}

/** The resources each resource depends on: `Ref`, `Fn::GetAtt`, `Fn::Sub` variables and `DependsOn`. */
export function dependencyGraph(template: Template, db: SpecDatabase): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  const resources = section(template, 'Resources');
  for (const [logicalId, resource] of Object.entries(resources)) {
    const walk: Walk = { template, db, problems: [], refs: new Set() };
    if (isRecord(resource)) {
      for (const key of ['Properties', 'Metadata', 'CreationPolicy', 'UpdatePolicy'] as const) visit(resource[key], '', 'value', walk);
      const dependsOn = resource['DependsOn'];
      for (const name of Array.isArray(dependsOn) ? dependsOn : [dependsOn]) {
        if (typeof name === 'string' && Object.hasOwn(resources, name)) walk.refs.add(name);
      }
    }
    graph.set(logicalId, walk.refs);
  }
  return graph;
}

/**
 * The dependency cycles among resources, each as a path that returns to its start (`['A', 'B', 'A']`):
 * one per strongly connected component (Tarjan), walked from its first resource in template order.
 */
export function dependencyCycles(template: Template, db: SpecDatabase): string[][] {
  const graph = dependencyGraph(template, db);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let counter = 0;
  const connect = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        connect(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      components.push(component);
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) connect(node);
  const order = [...graph.keys()];
  const cycles: string[][] = [];
  for (const component of components) {
    const members = new Set(component);
    const start = order.find((n) => members.has(n))!;
    if (component.length === 1 && !graph.get(start)?.has(start)) continue;
    cycles.push(cyclePath(start, members, graph));
  }
  return cycles.sort((a, b) => order.indexOf(a[0]!) - order.indexOf(b[0]!));
}

/** A shortest path from `start` back to itself inside one strongly connected component (breadth-first). */
function cyclePath(start: string, members: ReadonlySet<string>, graph: Map<string, Set<string>>): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const next of graph.get(node) ?? []) {
      if (!members.has(next)) continue;
      if (next === start) {
        const chain: string[] = [];
        for (let at = node; at !== start; at = previous.get(at)!) chain.unshift(at);
        return [start, ...chain, start];
      }
      if (!previous.has(next) && next !== start) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start, start];
}
