import { closest, distance } from 'fastest-levenshtein';
import { parse } from 'yaml';

export type GroupKind = 'sig' | 'workinggroup' | 'usergroup' | 'committee';

export interface Person {
  github: string;
  name?: string;
}

export interface Group {
  dir: string;
  name: string;
  kind: GroupKind;
  label?: string;
  mission?: string;
  charterLink?: string;
  chairs: Person[];
  techLeads: Person[];
  subprojects: { name: string; description?: string }[];
}

/** The registry's serialised form (also the embedded snapshot, sigs.json). */
export interface RegistryData {
  source: string;
  groups: Group[];
  /** Names of retired groups (folders under kubernetes/community's archive/). */
  retired: string[];
}

const SECTIONS: Array<[string, GroupKind]> = [
  ['sigs', 'sig'],
  ['workinggroups', 'workinggroup'],
  ['usergroups', 'usergroup'],
  ['committees', 'committee'],
];

interface RawPerson {
  github?: unknown;
  name?: unknown;
}
interface RawGroup {
  dir?: unknown;
  name?: unknown;
  label?: unknown;
  mission_statement?: unknown;
  charter_link?: unknown;
  leadership?: { chairs?: RawPerson[]; tech_leads?: RawPerson[] };
  subprojects?: Array<{ name?: unknown; description?: unknown }>;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

function people(list: RawPerson[] | undefined): Person[] {
  return (list ?? []).flatMap((p) => {
    const github = str(p?.github);
    if (!github) return [];
    const name = str(p.name);
    return [name ? { github, name } : { github }];
  });
}

/** Reads kubernetes/community's sigs.yaml (throws with a clear message if it is not one). */
export function readSigsYaml(text: string, source: string, retired: string[] = []): RegistryData {
  let doc: unknown;
  try {
    doc = parse(text, { maxAliasCount: 100 });
  } catch (err) {
    throw new Error(`${source} is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!doc || typeof doc !== 'object') throw new Error(`${source} does not look like kubernetes/community's sigs.yaml.`);
  const groups: Group[] = [];
  for (const [key, kind] of SECTIONS) {
    const list = (doc as Record<string, unknown>)[key];
    if (!Array.isArray(list)) continue;
    for (const g of list as RawGroup[]) {
      const dir = str(g?.dir);
      if (!dir) continue;
      const group: Group = {
        dir,
        name: str(g.name) ?? dir,
        kind,
        chairs: people(g.leadership?.chairs),
        techLeads: people(g.leadership?.tech_leads),
        subprojects: (g.subprojects ?? []).flatMap((s) => {
          const name = str(s?.name);
          if (!name) return [];
          const description = str(s.description);
          return [description ? { name, description } : { name }];
        }),
      };
      const label = str(g.label);
      if (label) group.label = label;
      const mission = str(g.mission_statement);
      if (mission) group.mission = mission.replace(/\s+/g, ' ');
      const charter = str(g.charter_link);
      if (charter) group.charterLink = charter;
      groups.push(group);
    }
  }
  if (groups.length === 0) throw new Error(`${source} lists no groups (expected sigs.yaml from kubernetes/community).`);
  return { source, groups, retired: [...new Set(retired)].sort() };
}

export type SigLookup =
  | { kind: 'known'; group: Group }
  | { kind: 'retired' }
  | { kind: 'unknown'; suggestion?: string };

/** The groups a KEP may name as owning or participating SIG. */
export class SigRegistry {
  private readonly byDir = new Map<string, Group>();
  private readonly retired: Set<string>;

  constructor(readonly data: RegistryData) {
    for (const g of data.groups) this.byDir.set(g.dir, g);
    this.retired = new Set(data.retired);
  }

  get groups(): Group[] {
    return this.data.groups;
  }

  get(dir: string): Group | undefined {
    return this.byDir.get(dir);
  }

  lookup(name: string): SigLookup {
    const group = this.byDir.get(name);
    if (group) return { kind: 'known', group };
    if (this.retired.has(name)) return { kind: 'retired' };
    const suggestion = this.suggest(name);
    return suggestion ? { kind: 'unknown', suggestion } : { kind: 'unknown' };
  }

  /** The closest current group: by edit distance, or by a shared word (`sig-apimachinery`). */
  suggest(name: string): string | undefined {
    const dirs = [...this.byDir.keys()];
    const lower = name.toLowerCase().trim();
    const exact = dirs.find((d) => d === lower || d === `sig-${lower}` || this.byDir.get(d)!.name.toLowerCase() === lower);
    if (exact) return exact;
    const squashed = lower.replace(/[^a-z0-9]/g, '');
    const bySquash = dirs.find((d) => d.replace(/[^a-z0-9]/g, '') === squashed || d.replace(/^(sig|wg)-/, '').replace(/-/g, '') === squashed.replace(/^(sig|wg)/, ''));
    if (bySquash) return bySquash;
    const best = closest(lower, dirs);
    return distance(lower, best) <= Math.max(2, Math.floor(lower.length / 4)) ? best : undefined;
  }

  /** GitHub handles of a group's chairs and tech leads, lower-cased. */
  leads(dir: string): Set<string> {
    const g = this.byDir.get(dir);
    return new Set([...(g?.chairs ?? []), ...(g?.techLeads ?? [])].map((p) => p.github.toLowerCase()));
  }
}
