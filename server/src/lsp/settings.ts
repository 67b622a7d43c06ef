import * as path from 'node:path';
import type { SeveritySetting } from '../core/problem.js';
import { SEVERITIES } from '../core/problem.js';
import type { Engine } from '../engine.js';
import { globProblem } from '../kinds/glob.js';
import { loadRegistry } from '../registry/load.js';
import type { Overrides } from '../workspace/repository.js';

/** The `kepStudio.*` settings the server reads (see the extension's package.json). */
export interface Settings {
  rules?: Record<string, unknown>;
  sigs?: string;
  upcomingRelease?: string;
  associations?: Record<string, unknown>;
  /** `openFiles` (default) or `workspace`: whose problems are published. */
  problems?: string;
}

/**
 * Turns editor settings into engine overrides; problems (an unknown rule, an unreadable
 * registry) come back as messages for the user, and the setting is ignored.
 */
export function toOverrides(settings: Settings | null | undefined, engine: Engine, rules: ReadonlyMap<string, unknown>, folder: string | undefined): { overrides: Overrides; problems: string[] } {
  const overrides: Overrides = {};
  const problems: string[] = [];
  const ruleSettings: Record<string, SeveritySetting> = {};
  for (const [id, value] of Object.entries(settings?.rules ?? {})) {
    if (!rules.has(id)) problems.push(`kepStudio.rules: unknown rule "${id}".`);
    else if (value !== 'off' && !(SEVERITIES as readonly unknown[]).includes(value)) problems.push(`kepStudio.rules: "${id}" must be error, warning, information, hint or off.`);
    else ruleSettings[id] = value as SeveritySetting;
  }
  if (Object.keys(ruleSettings).length) overrides.rules = ruleSettings;
  if (settings?.sigs) {
    const where = path.resolve(folder ?? process.cwd(), settings.sigs);
    try {
      overrides.registry = loadRegistry(engine.sources.fs, where);
    } catch (err) {
      problems.push(`kepStudio.sigs: ${(err as Error).message}; using the embedded SIG registry.`);
    }
  }
  if (settings?.upcomingRelease) {
    const m = /^v?1\.(\d+)$/.exec(settings.upcomingRelease.trim());
    if (m) overrides.upcomingMinor = Number(m[1]);
    else problems.push(`kepStudio.upcomingRelease: "${settings.upcomingRelease}" is not a release like v1.38.`);
  }
  const associations = Object.entries(settings?.associations ?? {}).flatMap(([glob, kind]) => {
    const bad = globProblem(glob);
    if (bad) problems.push(`kepStudio.associations: the glob "${glob}" ${bad}.`);
    else if (typeof kind === 'string' && /^[a-z][a-z0-9-]{1,62}$/.test(kind)) return [{ glob, kind }];
    else problems.push(`kepStudio.associations: "${glob}" must name a kind id (like cncf-incubation-application).`);
    return [];
  });
  if (associations.length) overrides.associations = associations;
  return { overrides, problems };
}
