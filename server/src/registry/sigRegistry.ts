import { didYouMean } from '../core/suggest.js';
import { parseYaml } from '../parse/yaml.js';

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

/** The items of a list, or none when the value is not a list. */
const items = <T>(value: T[] | undefined): T[] => (Array.isArray(value) ? value : []);

function people(list: RawPerson[] | undefined): Person[] {
  return items(list).flatMap((p) => {
    const github = str(p?.github);
    if (!github) return [];
    const name = str(p.name);
    return [name ? { github, name } : { github }];
  });
}

/** Reads kubernetes/community's sigs.yaml (throws with a clear message if it is not one). */
export function readSigsYaml(text: string, source: string, retired: string[] = []): RegistryData {
  const yaml = parseYaml(text, { typed: true });
  const error = yaml.errors[0];
  if (error) throw new Error(`${source} is not valid YAML (line ${error.range.start.line + 1}: ${error.message})`);
  const doc = yaml.value;
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
        subprojects: items(g.subprojects).flatMap((s) => {
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
  | { kind: 'unknown'; suggestion?: Suggestion };

/** A likely intended group; `sure` when it matched by name, not only by spelling distance. */
export interface Suggestion {
  dir: string;
  sure: boolean;
}

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

  /**
   * The current group meant by a wrong name: same letters (`sig-apimachinery`, `API Machinery`),
   * an abbreviation (`sig-arch`, `sig-contribex`), else the closest spelling.
   */
  suggest(name: string): Suggestion | undefined {
    const dirs = [...this.byDir.keys()];
    const lower = name.toLowerCase().trim();
    const squash = (s: string): string => s.replace(/^(sig|wg|ug|committee)[-\s]*/, '').replace(/[^a-z0-9]/g, '');
    const key = squash(lower);
    const prefix = lower.match(/^(sig|wg|ug|committee)\b/)?.[1];
    const sameKind = (d: string): boolean => !prefix || d.startsWith(`${prefix}-`);
    const byName = dirs.find((d) => sameKind(d) && (squash(d) === key || squash(this.byDir.get(d)!.name.toLowerCase()) === key));
    if (byName) return { dir: byName, sure: true };
    const parts = key.length >= 3 ? dirs.filter((d) => sameKind(d) && (squash(d).startsWith(key) || (key.length >= 5 && squash(d).endsWith(key)) || abbreviates(key, d))) : [];
    if (parts.length === 1) return { dir: parts[0]!, sure: true };
    const best = didYouMean(lower, dirs);
    return best ? { dir: best, sure: false } : undefined;
  }

  /** GitHub handles of a group's chairs and tech leads, lower-cased. */
  leads(dir: string): Set<string> {
    const g = this.byDir.get(dir);
    return new Set([...(g?.chairs ?? []), ...(g?.techLeads ?? [])].map((p) => p.github.toLowerCase()));
  }
}

/** Whether `key` is made of a non-empty prefix of each word of `dir`, in order (`contribex`). */
function abbreviates(key: string, dir: string): boolean {
  const words = dir.replace(/^(sig|wg|ug|committee)-/, '').split('-');
  const match = (k: number, w: number): boolean => {
    if (w === words.length) return k === key.length;
    for (let n = Math.min(words[w]!.length, key.length - k); n >= 1; n--) {
      if (key.startsWith(words[w]!.slice(0, n), k) && match(k + n, w + 1)) return true;
    }
    return false;
  };
  return match(0, 0);
}
