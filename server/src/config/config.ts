import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import * as path from 'node:path';
import configSchema from '../../../schemas/config.schema.json' with { type: 'json' };
import kindSchema from '../../../schemas/kind.schema.json' with { type: 'json' };
import type { Fix, Range, SeveritySetting } from '../core/problem.js';
import { didYouMean } from '../core/suggest.js';
import type { KindDefinition } from '../kinds/definition.js';
import { escapePointer, parseYaml } from '../parse/yaml.js';
import { YamlView } from '../parse/yamlView.js';
import { schemaErrorTarget } from '../metadata/schemaErrors.js';
import { schemaNodeAt, type SchemaNode } from '../metadata/schemaWalk.js';

export const CONFIG_FILE = '.kep-studio.yaml';

export interface Config {
  /** Where it was read from, when it came from a file. */
  path?: string;
  rules: Record<string, SeveritySetting>;
  /** Absolute path of a sigs.yaml or kubernetes/community checkout. */
  sigs?: string;
  /** Minor number of the release in progress. */
  upcomingMinor?: number;
  /** The kinds the repository defines that match kind.schema.json, with their index in `kinds:`. */
  kinds: Array<{ index: number; definition: KindDefinition }>;
  /** Globs relative to the configuration file's folder, and the kind of the documents there. */
  associations: Array<{ glob: string; kind: string }>;
}

export interface ConfigProblem {
  range: Range;
  message: string;
  /** The spelling it most likely meant, for a misspelt key or value. */
  fixes?: Fix[];
}

/** The schema of a value of the configuration (`/rules/md~1placeholder`, `/kinds/0/sections`), for messages and editor features. */
export function configSchemaAt(pointer: string): SchemaNode | undefined {
  return schemaNodeAt(configSchema as SchemaNode, pointer, { 'kind.schema.json': kindSchema as SchemaNode });
}

/** "; did you mean …?" with the fix that writes it, when `given` looks like a slip for one of `candidates`. */
function suggestion(given: string, candidates: readonly string[], file: string, range: Range): { hint: string; fixes?: Fix[] } {
  const meant = didYouMean(given, candidates);
  if (meant === undefined || meant === given) return { hint: '' };
  return { hint: ` Did you mean "${meant}"?`, fixes: [{ title: `Change to "${meant}"`, edits: [{ kind: 'edit', path: file, range, newText: meant }], preferred: true }] };
}

/** Compiled on first use: most repositories have no configuration file. */
let validator: ValidateFunction | undefined;
function validate(value: unknown): { valid: boolean; errors: ErrorObject[] } {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
    ajv.addSchema(kindSchema);
    validator = ajv.compile(configSchema);
  }
  const valid = validator(value);
  return { valid, errors: validator.errors ?? [] };
}

export function parseConfig(text: string, file: string, knownRules: { has(id: string): boolean; keys(): Iterable<string> }): { config: Config; problems: ConfigProblem[]; view?: YamlView } {
  const view = new YamlView(parseYaml(text));
  const config: Config = { path: file, rules: {}, kinds: [], associations: [] };
  const name = path.basename(file);
  // A file that is not valid YAML is not applied at all (half a configuration would mislead).
  if (view.model.errors.length) return { config, problems: view.model.errors.map((e) => ({ range: e.range, message: `Invalid ${name}: ${e.message} Its settings are not applied.` })) };
  const problems: ConfigProblem[] = [];
  const value = view.model.value ?? {};
  // Kind definitions are data with booleans and numbers (`required: false`, `level: 2`); the
  // other settings keep their text (`upcomingRelease: 1.30` is "1.30", not 1.3).
  if (value && typeof value === 'object' && 'kinds' in value) (value as Record<string, unknown>)['kinds'] = (parseYaml(text, { typed: true }).value as Record<string, unknown>)['kinds'];
  const badKinds = new Set<number>();
  const { valid, errors } = validate(value);
  if (!valid) {
    // A mistake inside one kind drops that kind; any other breaks the whole file.
    const inKind = (e: ErrorObject): number | undefined => {
      const m = /^\/kinds\/(\d+)(?:\/|$)/.exec(e.instancePath);
      return m && e.instancePath !== '/kinds' ? Number(m[1]) : undefined;
    };
    for (const err of errors) {
      const k = inKind(err);
      if (k !== undefined) badKinds.add(k);
      problems.push(describe(view, file, err, k));
    }
    if (errors.some((e) => inKind(e) === undefined)) return { config, problems, view };
  }
  const root = view.root ?? {};
  const rules = root['rules'];
  if (rules && typeof rules === 'object') {
    for (const [id, sev] of Object.entries(rules as Record<string, string>)) {
      if (knownRules.has(id)) config.rules[id] = sev as SeveritySetting;
      else {
        const range = view.keyRange(`/rules/${escapePointer(id)}`);
        const { hint, fixes } = suggestion(id, [...knownRules.keys()], file, range);
        problems.push({ range, message: `Unknown rule id "${id}" in ${name}.${hint}`, ...(fixes ? { fixes } : {}) });
      }
    }
  }
  if (typeof root['sigs'] === 'string') config.sigs = path.resolve(path.dirname(file), root['sigs']);
  const upcoming = root['upcomingRelease'];
  if (typeof upcoming === 'string') config.upcomingMinor = Number(upcoming.replace(/^v?1\./, ''));
  if (Array.isArray(root['kinds'])) {
    config.kinds = (root['kinds'] as KindDefinition[]).flatMap((definition, index) => (badKinds.has(index) ? [] : [{ index, definition }]));
  }
  const associations = root['associations'];
  if (associations && typeof associations === 'object') config.associations = Object.entries(associations as Record<string, string>).map(([glob, kind]) => ({ glob, kind }));
  return { config, problems, view };
}

function describe(view: YamlView, file: string, err: ErrorObject, kind: number | undefined): ConfigProblem {
  const { pointer, segments, key } = schemaErrorTarget(err);
  const at = (err.keyword === 'additionalProperties' ? [...segments, key] : segments).join('/');
  const dropped = kind !== undefined ? '; this kind is not used' : '';
  const invalid = `Invalid ${path.basename(file)}:`;
  if (err.keyword === 'additionalProperties') {
    const range = view.keyRange(pointer);
    const { hint, fixes } = suggestion(key!, Object.keys(configSchemaAt(err.instancePath)?.properties ?? {}), file, range);
    return { range, message: `${invalid} unknown setting "${at}"${dropped}.${hint}`, ...(fixes ? { fixes } : {}) };
  }
  if (err.keyword === 'enum') {
    const allowed = (err.params as { allowedValues: unknown[] }).allowedValues.map(String);
    const value = String(view.get(pointer));
    const range = view.valueRange(pointer);
    const { hint, fixes } = suggestion(value, allowed, file, range);
    return { range, message: `${invalid} "${at}" is "${value}"; it must be one of ${allowed.join(', ')}${dropped}.${hint}`, ...(fixes ? { fixes } : {}) };
  }
  return { range: view.keyRange(pointer), message: `${invalid} "${at}" ${err.message}${dropped}.` };
}

