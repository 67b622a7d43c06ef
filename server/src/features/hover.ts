import * as path from 'node:path';
import type { Hover, Position, Range } from 'vscode-languageserver-types';
import type { Engine } from '../engine.js';
import { normalizeUser } from '../kep/owners.js';
import { STAGES, STATUSES } from '../kep/process.js';
import { metadataSchemaAt } from '../metadata/schemaValidation.js';
import { currentKep, featureFile, fieldOf, PEOPLE_FIELDS, pointerOf, REFERENCE_FIELDS, schemaOf, SIG_FIELDS, type FeatureFile } from './context.js';
import { kepMarkdown, peopleIndex, personMarkdown, prrMarkdown, referenceMarkdown, sigMarkdown, STAGE_MEANINGS, STATUS_MEANINGS } from './describe.js';
import { kepMentionAt, prrKeps } from './navigation.js';
import { configHover, isConfigFile } from './configFile.js';
import { proposalHover } from './proposals.js';
import { unquote, yamlCursor, type YamlPath } from './yamlCursor.js';

/** What is under the cursor in a kep.yaml, a PRR approval file, markdown under keps/ or another proposal. */
export function hover(engine: Engine, file: string, position: Position): Hover | undefined {
  if (isConfigFile(file)) return configHover(engine, file, position);
  const f = featureFile(engine, file);
  if (!f) {
    const p = engine.repositoryFor(file).proposal(file);
    return p && proposalHover(p, position);
  }
  if (f.kind === 'markdown') {
    const mention = kepMentionAt(f.text, position);
    const text = mention && referenceMarkdown(f.view, mention.text);
    return text ? markdown(text, mention.range) : undefined;
  }
  const cursor = yamlCursor(f.text, position);
  if (!cursor || !cursor.token.text) return undefined;
  if (cursor.kind === 'key') {
    if (!cursor.hasColon) return undefined;
    const key = unquote(cursor.token.text);
    const keyPath = [...cursor.mapping, key];
    const parts = [keyDescription(f, keyPath)].filter((x): x is string => !!x);
    if (fieldOf(keyPath) === 'kep-number') parts.push(kepNumberMarkdown(engine, f));
    return parts.length ? markdown(parts.join('\n\n---\n\n'), cursor.token.range) : undefined;
  }
  const text = valueMarkdown(engine, f, cursor.path, unquote(cursor.token.text));
  return text ? markdown(text, cursor.token.range) : undefined;
}

function markdown(value: string, range: Range): Hover {
  return { contents: { kind: 'markdown', value }, range };
}

/** The schema's description of a key (`**status** (required)` and its text). */
function keyDescription(f: FeatureFile, keyPath: YamlPath): string | undefined {
  const schema = schemaOf(f);
  const node = metadataSchemaAt(schema, pointerOf(keyPath));
  if (!node?.description) return undefined;
  const parent = metadataSchemaAt(schema, pointerOf(keyPath.slice(0, -1)));
  const key = String(keyPath[keyPath.length - 1]);
  const required = parent?.required?.includes(key) ? ' (required)' : '';
  return `**${key}**${required}\n\n${node.description}`;
}

function valueMarkdown(engine: Engine, f: FeatureFile, valuePath: YamlPath, value: string): string | undefined {
  if (!value) return undefined;
  const field = fieldOf(valuePath);
  if (f.kind === 'prr') {
    if (field === 'kep-number') {
      const keps = prrKeps(f);
      return keps.length ? keps.map(kepMarkdown).join('\n\n---\n\n') : `No KEP in this repository has kep-number ${value}.`;
    }
    if (valuePath[valuePath.length - 1] === 'approver') return personMarkdown(value, peopleIndex(f.view).get(normalizeUser(value)));
    return undefined;
  }
  if (field === 'status' && (STATUSES as readonly string[]).includes(value)) return `**${value}**: ${STATUS_MEANINGS[value as (typeof STATUSES)[number]]}`;
  if (field === 'stage' && (STAGES as readonly string[]).includes(value)) return `**${value}**: ${STAGE_MEANINGS[value as (typeof STAGES)[number]]}`;
  if (SIG_FIELDS.has(field)) return sigMarkdown(f.view.registry, value);
  if (REFERENCE_FIELDS.has(field)) return referenceMarkdown(f.view, value);
  if (PEOPLE_FIELDS.has(field)) {
    if (value.toUpperCase() === 'TBD') return undefined;
    return personMarkdown(value, peopleIndex(f.view, path.dirname(f.path)).get(normalizeUser(value)));
  }
  if (field === 'kep-number') return kepNumberMarkdown(engine, f);
  return undefined;
}

function kepNumberMarkdown(engine: Engine, f: FeatureFile): string {
  return prrMarkdown(f.view, currentKep(engine, f));
}
