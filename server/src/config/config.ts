import { Ajv } from 'ajv';
import * as path from 'node:path';
import configSchema from '../../../schemas/config.schema.json' with { type: 'json' };
import type { Range, SeveritySetting } from '../core/problem.js';
import { parseYaml } from '../parse/yaml.js';
import { YamlView } from '../parse/yamlView.js';

export const CONFIG_FILE = '.kep-studio.yaml';

export interface Config {
  /** Where it was read from, when it came from a file. */
  path?: string;
  rules: Record<string, SeveritySetting>;
  /** Absolute path of a sigs.yaml or kubernetes/community checkout. */
  sigs?: string;
  /** Minor number of the release in progress. */
  upcomingMinor?: number;
}

export interface ConfigProblem {
  range: Range;
  message: string;
}

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
const validate = ajv.compile(configSchema);

export function parseConfig(text: string, file: string, isKnownRule: (id: string) => boolean): { config: Config; problems: ConfigProblem[] } {
  const view = new YamlView(parseYaml(text));
  const config: Config = { path: file, rules: {} };
  // A file that is not valid YAML is not applied at all (half a configuration would mislead).
  if (view.model.errors.length) return { config, problems: view.model.errors.map((e) => ({ range: e.range, message: `Invalid ${path.basename(file)}: ${e.message} Its settings are not applied.` })) };
  const problems: ConfigProblem[] = [];
  const value = view.model.value ?? {};
  if (!validate(value)) {
    for (const err of validate.errors ?? []) {
      const pointer =
        err.keyword === 'additionalProperties'
          ? `${err.instancePath}/${(err.params as { additionalProperty: string }).additionalProperty}`
          : err.instancePath;
      const what = err.keyword === 'additionalProperties' ? `unknown setting "${pointer.slice(1)}"` : `"${pointer.slice(1)}" ${err.message}`;
      problems.push({ range: view.keyRange(pointer), message: `Invalid ${path.basename(file)}: ${what}.` });
    }
    return { config, problems };
  }
  const root = view.root ?? {};
  const rules = root['rules'];
  if (rules && typeof rules === 'object') {
    for (const [id, sev] of Object.entries(rules as Record<string, string>)) {
      if (isKnownRule(id)) config.rules[id] = sev as SeveritySetting;
      else problems.push({ range: view.keyRange(`/rules/${id.replace(/~/g, '~0').replace(/\//g, '~1')}`), message: `Unknown rule id "${id}" in ${path.basename(file)}.` });
    }
  }
  if (typeof root['sigs'] === 'string') config.sigs = path.resolve(path.dirname(file), root['sigs']);
  const upcoming = root['upcomingRelease'];
  if (typeof upcoming === 'string') config.upcomingMinor = Number(upcoming.replace(/^v?1\./, ''));
  return { config, problems };
}
