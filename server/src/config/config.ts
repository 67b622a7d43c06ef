import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import * as path from 'node:path';
import configSchema from '../../../schemas/config.schema.json' with { type: 'json' };
import kindSchema from '../../../schemas/kind.schema.json' with { type: 'json' };
import type { Range, SeveritySetting } from '../core/problem.js';
import type { KindDefinition } from '../kinds/definition.js';
import { escapePointer, parseYaml } from '../parse/yaml.js';
import { YamlView } from '../parse/yamlView.js';
import { schemaErrorTarget } from '../metadata/schemaErrors.js';

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

export function parseConfig(text: string, file: string, isKnownRule: (id: string) => boolean): { config: Config; problems: ConfigProblem[]; view?: YamlView } {
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
      problems.push(describe(view, name, err, k));
    }
    if (errors.some((e) => inKind(e) === undefined)) return { config, problems, view };
  }
  const root = view.root ?? {};
  const rules = root['rules'];
  if (rules && typeof rules === 'object') {
    for (const [id, sev] of Object.entries(rules as Record<string, string>)) {
      if (isKnownRule(id)) config.rules[id] = sev as SeveritySetting;
      else problems.push({ range: view.keyRange(`/rules/${escapePointer(id)}`), message: `Unknown rule id "${id}" in ${name}.` });
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

function describe(view: YamlView, name: string, err: ErrorObject, kind: number | undefined): ConfigProblem {
  const { pointer, segments, key } = schemaErrorTarget(err);
  const at = (err.keyword === 'additionalProperties' ? [...segments, key] : segments).join('/');
  const what = err.keyword === 'additionalProperties' ? `unknown setting "${at}"` : `"${at}" ${err.message}`;
  return { range: view.keyRange(pointer), message: `Invalid ${name}: ${what}${kind !== undefined ? '; this kind is not used' : ''}.` };
}

