import * as path from 'node:path';
import { CompletionItemKind, InsertTextFormat, InsertTextMode, type CompletionItem, type Hover, type Position } from 'vscode-languageserver-types';
import { ruleDocUrl } from '../core/docs.js';
import type { SeveritySetting } from '../core/problem.js';
import { CONFIG_FILE, configSchemaAt } from '../config/config.js';
import type { Engine } from '../engine.js';
import { RULES } from '../engine.js';
import { isList, isObject, type SchemaNode } from '../metadata/schemaWalk.js';
import { pointerOf } from './context.js';
import { unquote, yamlCursor, type YamlPath, type YamlToken } from './yamlCursor.js';

/** What each severity setting does, for completion and hover. */
const SEVERITY_MEANINGS: Record<SeveritySetting, string> = {
  error: 'An error: what the proposal repository’s CI rejects (`kep-studio check` exits 1).',
  warning: 'A warning: what the process asks for without a robot.',
  information: 'A suggestion.',
  hint: 'A hint: shown faintly in the editor, a suggestion in the command line.',
  off: 'Not reported.',
};

/** The configuration file (`.kep-studio.yaml`), which gets its own completion and hover. */
export function isConfigFile(file: string): boolean {
  return path.basename(file) === CONFIG_FILE;
}

const isRuleSetting = (p: YamlPath): boolean => p.length === 2 && p[0] === 'rules';
const isAssociation = (p: YamlPath): boolean => p.length === 2 && p[0] === 'associations';

/** Keys and values of the configuration, from schemas/config.schema.json, the rules and the kinds, each with its description. */
export function configCompletions(engine: Engine, file: string, position: Position): CompletionItem[] {
  const text = engine.sources.get(file, 'yaml').text;
  const cursor = yamlCursor(text, position);
  if (!cursor) return [];
  if (cursor.kind === 'key') {
    if (cursor.mapping.length === 1 && cursor.mapping[0] === 'rules') {
      return [...RULES.values()]
        .filter((r) => !cursor.present.includes(r.id))
        .map((r) => keyItem(cursor.token, r.id, cursor.hasColon ? r.id : `${r.id}: `, `default: ${r.severity}`, ruleMarkdown(r.id)));
    }
    const node = configSchemaAt(pointerOf(cursor.mapping));
    const indent = ' '.repeat(cursor.token.range.start.character);
    return Object.keys(node?.properties ?? {})
      .filter((k) => !cursor.present.includes(k) && k !== '$schema')
      .map((k) => {
        const child = configSchemaAt(pointerOf([...cursor.mapping, k]));
        const snippet = isList(child) ? `${k}:\n${indent}  - $0` : isObject(child) || typeof child?.additionalProperties === 'object' ? `${k}:\n${indent}  $0` : `${k}: $0`;
        const required = node?.required?.includes(k) ? 'required' : 'optional';
        return keyItem(cursor.token, k, cursor.hasColon ? k : snippet, `${required}${isList(child) ? ' list' : ''}`, child?.description);
      });
  }
  const lead = cursor.needsSpace ? ' ' : '';
  const item = (label: string, detail: string | undefined, sortText: string): CompletionItem => ({
    label,
    kind: CompletionItemKind.EnumMember,
    textEdit: { range: cursor.token.range, newText: lead + label },
    sortText,
    ...(detail ? { documentation: { kind: 'markdown', value: detail } } : {}),
  });
  if (isAssociation(cursor.path)) {
    return engine.repositoryFor(file).kinds.map((k, i) => ({ ...item(k.id, k.description, String(i).padStart(3, '0')), detail: k.name }));
  }
  const node = configSchemaAt(pointerOf(cursor.path));
  const meaning = (v: string): string | undefined => (isRuleSetting(cursor.path) ? SEVERITY_MEANINGS[v as SeveritySetting] : undefined);
  return (node?.enum ?? []).map((v, i) => item(String(v), meaning(String(v)), String(i).padStart(3, '0')));
}

/** The description of a setting, a rule, a severity or a kind under the cursor. */
export function configHover(engine: Engine, file: string, position: Position): Hover | undefined {
  const cursor = yamlCursor(engine.sources.get(file, 'yaml').text, position);
  if (!cursor?.token.text) return undefined;
  const range = cursor.token.range;
  const word = unquote(cursor.token.text);
  let value: string | undefined;
  if (cursor.kind === 'key') {
    if (!cursor.hasColon) return undefined;
    const keyPath = [...cursor.mapping, word];
    value = isRuleSetting(keyPath) ? (RULES.has(word) ? ruleMarkdown(word) : undefined) : describe(word, configSchemaAt(pointerOf(keyPath)));
  } else if (isRuleSetting(cursor.path)) value = SEVERITY_MEANINGS[word as SeveritySetting] && `**${word}**: ${SEVERITY_MEANINGS[word as SeveritySetting]}`;
  else if (isAssociation(cursor.path)) {
    const kind = engine.repositoryFor(file).kinds.find((k) => k.id === word);
    value = kind && `**${kind.name}** (\`${kind.id}\`)${kind.description ? `\n\n${kind.description}` : ''}`;
  }
  return value ? { contents: { kind: 'markdown', value }, range } : undefined;
}

function keyItem(token: YamlToken, label: string, insert: string, detail: string, documentation: string | undefined): CompletionItem {
  const item: CompletionItem = { label, kind: CompletionItemKind.Property, detail, textEdit: { range: token.range, newText: insert } };
  if (documentation) item.documentation = { kind: 'markdown', value: documentation };
  if (insert.includes('$0')) {
    item.insertTextFormat = InsertTextFormat.Snippet;
    item.insertTextMode = InsertTextMode.asIs;
  }
  return item;
}

function ruleMarkdown(id: string): string {
  const r = RULES.get(id)!;
  return `**${id}** (default: ${r.severity})\n\n${r.summary}\n\n[Rule documentation](${ruleDocUrl(id)})`;
}

function describe(key: string, node: SchemaNode | undefined): string | undefined {
  return node?.description && `**${key}**\n\n${node.description}`;
}
