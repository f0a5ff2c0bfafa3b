/**
 * Loads a CloudFormation template (YAML or JSON) into plain JSON, turning the YAML short forms
 * (`!Ref`, `!GetAtt`, `!Sub`, ...) into their long forms (`Ref`, `Fn::GetAtt`, `Fn::Sub`, ...), and keeps
 * each value's line so problems can point into the file.
 *
 * @example
 * ```ts
 * import { loadTemplate } from './load.ts';
 * const { template, lineOf } = loadTemplate('Resources:\n  S:\n    Type: AWS::SNS::Topic\n    Properties: { TopicName: !Sub "${AWS::StackName}-alerts" }\n');
 * template.Resources; // { S: { Type: 'AWS::SNS::Topic', Properties: { TopicName: { 'Fn::Sub': '${AWS::StackName}-alerts' } } } }
 * lineOf('Resources.S.Properties.TopicName'); // 4
 * ```
 * @module
 */
import { readFile } from 'node:fs/promises';
import { type Document, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { joinPath, type Template } from './template.ts';

/** Short-form tags and the long form each stands for. */
export const SHORT_FORMS = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!GetAtt': 'Fn::GetAtt',
  '!Sub': 'Fn::Sub',
  '!Join': 'Fn::Join',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!If': 'Fn::If',
  '!Equals': 'Fn::Equals',
  '!Not': 'Fn::Not',
  '!And': 'Fn::And',
  '!Or': 'Fn::Or',
  '!FindInMap': 'Fn::FindInMap',
  '!GetAZs': 'Fn::GetAZs',
  '!ImportValue': 'Fn::ImportValue',
  '!Base64': 'Fn::Base64',
  '!Cidr': 'Fn::Cidr',
  '!Transform': 'Fn::Transform',
} as const;

/** A loaded template and where its values are. */
export interface LoadedTemplate {
  template: Template;
  /** The 1-based line of the value at `path` (or of its closest ancestor the loader saw). */
  lineOf(path: string): number | undefined;
}

/** The text is not a template: YAML syntax, an unknown `!Tag`, or a top level that is not a mapping. */
export class TemplateLoadError extends Error {
  readonly code = 'TEMPLATE_LOAD_FAILED';
  override readonly name = 'TemplateLoadError';
}

/** Parses template text (YAML, or JSON, which is YAML). Throws {@link TemplateLoadError}. */
export function loadTemplate(text: string, fileName = 'template'): LoadedTemplate {
  const lineCounter = new LineCounter();
  // CloudFormation reads YAML 1.1-ish but every template we write is plain 1.2 core: no timestamps, so
  // `AWSTemplateFormatVersion: 2010-09-09` stays a string.
  const doc = parseDocument(text, { schema: 'core', lineCounter, uniqueKeys: true, prettyErrors: false });
  const firstError = doc.errors[0];
  if (firstError) throw new TemplateLoadError(`${fileName}: ${firstError.message}`, { cause: firstError });
  for (const warning of doc.warnings) {
    const tag = /Unresolved tag: (\S+)/.exec(warning.message)?.[1];
    if (tag === undefined || !Object.hasOwn(SHORT_FORMS, tag)) throw new TemplateLoadError(`${fileName}: ${warning.message}`, { cause: warning });
  }
  const lines = new Map<string, number>();
  const template = toJson(doc.contents, '', doc, lines, lineCounter);
  if (typeof template !== 'object' || template === null || Array.isArray(template)) throw new TemplateLoadError(`${fileName}: the top level is not a mapping`);
  return {
    template: template as Template,
    lineOf(path) {
      for (let p = path;;) {
        const line = lines.get(p);
        if (line !== undefined) return line;
        const parent = p.replace(/(?:^|\.)[^.[\]]*$|\[\d+\]$/, '');
        if (parent === p) return undefined;
        p = parent;
      }
    },
  };
}

/** Reads and parses a template file. */
export async function loadTemplateFile(file: string): Promise<LoadedTemplate> {
  return loadTemplate(await readFile(file, 'utf8'), file);
}

function toJson(node: Node | null | undefined, path: string, doc: Document, lines: Map<string, number>, lineCounter: LineCounter): unknown {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) return toJson(node.resolve(doc) as Node | undefined, path, doc, lines, lineCounter);
  if (node.range) lines.set(path, lineCounter.linePos(node.range[0]).line);
  const tag = node.tag;
  if (tag !== undefined && Object.hasOwn(SHORT_FORMS, tag)) {
    const name = SHORT_FORMS[tag as keyof typeof SHORT_FORMS];
    const inner = joinPath(path, name);
    if (node.range) lines.set(inner, lineCounter.linePos(node.range[0]).line);
    let arg = untagged(node, inner, doc, lines, lineCounter);
    // `!GetAtt Db.Endpoint.Address` is `[Db, Endpoint.Address]`: only the first dot splits.
    if (name === 'Fn::GetAtt' && typeof arg === 'string' && arg.includes('.')) arg = [arg.slice(0, arg.indexOf('.')), arg.slice(arg.indexOf('.') + 1)];
    return { [name]: arg ?? '' };
  }
  return untagged(node, path, doc, lines, lineCounter);
}

function untagged(node: Node, path: string, doc: Document, lines: Map<string, number>, lineCounter: LineCounter): unknown {
  if (isScalar(node)) return node.tag !== undefined && Object.hasOwn(SHORT_FORMS, node.tag) ? String(node.value ?? '') : node.value;
  if (isSeq(node)) return node.items.map((item, i) => toJson(item as Node, joinPath(path, i), doc, lines, lineCounter));
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const child = joinPath(path, key);
      out[key] = toJson(pair.value as Node | null, child, doc, lines, lineCounter);
      // The key's line, not the value's: a block value starts on the next line.
      if (isScalar(pair.key) && pair.key.range) lines.set(child, lineCounter.linePos(pair.key.range[0]).line);
    }
    return out;
  }
  return null;
}
