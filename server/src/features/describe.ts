import * as path from 'node:path';
import type { Kep } from '../kep/kep.js';
import { normalizeUser } from '../kep/owners.js';
import { KUBERNETES_WIDE, STAGES, type STATUSES } from '../kep/process.js';
import type { Group, SigRegistry } from '../registry/sigRegistry.js';
import { PRR_APPROVERS_ALIAS, PRR_EMERITUS_ALIAS, prrPath, prrRequired } from '../kep/prr.js';
import { parseReference, resolveReference } from '../kep/references.js';
import type { RepositoryView } from '../workspace/repositoryView.js';
import { kepEntryFile } from './context.js';

/** Markdown text shared by hovers and completion documentation. */

/** One line on each KEP status (keps/sig-architecture/0000-kep-process). */
export const STATUS_MEANINGS: Record<(typeof STATUSES)[number], string> = {
  provisional: 'Proposed and being defined; the SIG agrees the problem is worth solving.',
  implementable: 'Approved for implementation by the KEP’s approvers.',
  implemented: 'Implemented; no longer actively changed.',
  deferred: 'Proposed, but not being worked on now.',
  rejected: 'The approvers and authors decided not to move forward.',
  withdrawn: 'The authors withdrew the KEP.',
  replaced: 'Replaced by another KEP (name it in superseded-by).',
};

/** One line on each maturity stage. */
export const STAGE_MEANINGS: Record<(typeof STAGES)[number], string> = {
  alpha: 'Behind a feature gate that is off by default; may change or go away.',
  beta: 'Well tested; the feature gate is usually on by default.',
  stable: 'Generally available (GA); the feature gate is locked on, then removed.',
  deprecated: 'Deprecated; announced for removal.',
  disabled: 'Deprecated and off by default.',
  removed: 'Removed from Kubernetes.',
};

const COMMUNITY_URL = 'https://github.com/kubernetes/community';

/** The group's folder in kubernetes/community. */
export function communityUrl(dir: string): string {
  return `${COMMUNITY_URL}/tree/master/${dir}`;
}

/** `SIG Node`, `WG Device Management`, `Steering Committee`. */
export function groupTitle(g: Group): string {
  switch (g.kind) {
    case 'sig':
      return `SIG ${g.name}`;
    case 'workinggroup':
      return `WG ${g.name}`;
    case 'usergroup':
      return `UG ${g.name}`;
    default:
      return /committee/i.test(g.name) ? g.name : `${g.name} Committee`;
  }
}

const handles = (people: Group['chairs']): string => people.map((p) => `@${p.github}${p.name ? ` (${p.name})` : ''}`).join(', ');

/** A group's name, mission, leads and links. */
export function groupMarkdown(g: Group): string {
  const out = [`**${groupTitle(g)}** (\`${g.dir}\`)`];
  if (g.mission) out.push('', g.mission);
  const leads = [g.chairs.length ? `Chairs: ${handles(g.chairs)}` : '', g.techLeads.length ? `Tech leads: ${handles(g.techLeads)}` : ''].filter(Boolean);
  if (leads.length) out.push('', leads.join('  \n'));
  const links = [`[kubernetes/community/${g.dir}](${communityUrl(g.dir)})`];
  if (g.charterLink) {
    const charter = /^https?:/.test(g.charterLink) ? g.charterLink : `${COMMUNITY_URL}/blob/master/${g.dir}/${g.charterLink}`;
    links.push(`[charter](${charter})`);
  }
  out.push('', links.join(' · '));
  return out.join('\n');
}

/** What a SIG name in owning-sig / participating-sigs is. */
export function sigMarkdown(registry: SigRegistry, name: string): string {
  if (name === KUBERNETES_WIDE) return `**${KUBERNETES_WIDE}**: the whole Kubernetes project rather than one group (accepted in participating-sigs).`;
  const found = registry.lookup(name);
  if (found.kind === 'known') return groupMarkdown(found.group);
  if (found.kind === 'retired') return `**${name}** is a retired group (archived in kubernetes/community); name a current SIG or working group.`;
  const s = found.suggestion;
  return `**${name}** is not a SIG, working group or committee in sigs.yaml${s ? `; did you mean \`${s.dir}\`?` : '.'}`;
}

/** A KEP's title, number, state and folder. */
export function kepMarkdown(kep: Kep): string {
  const facts = [
    kep.status ? `status \`${kep.status}\`` : '',
    kep.stage ? `stage \`${kep.stage}\`` : '',
    kep.latestMilestone ? `latest milestone \`${kep.latestMilestone}\`` : '',
  ].filter(Boolean);
  const out = [`**KEP-${kep.number ?? '?'}: ${kep.title ?? '(no title)'}**`];
  if (facts.length) out.push('', facts.join(' · '));
  out.push('', `\`keps/${kep.relativeDir}\``);
  return out.join('\n');
}

/** Where a reference (`/keps/sig-x/123-name`, `KEP-123`, an enhancements URL) leads. */
export function referenceTarget(view: RepositoryView, value: string): { path: string; kep?: Kep } | undefined {
  const ref = parseReference(value);
  const resolved = ref && resolveReference(view, ref);
  if (!resolved) return undefined;
  if (resolved.kep) return { path: kepEntryFile(resolved.kep), kep: resolved.kep };
  if (resolved.path.endsWith('.md') && view.source(resolved.path, 'markdown').exists) return { path: resolved.path };
  const readme = path.join(resolved.path, 'README.md');
  return view.source(readme, 'markdown').exists ? { path: readme } : undefined;
}

/** What a reference value is, or why it leads nowhere. */
export function referenceMarkdown(view: RepositoryView, value: string): string | undefined {
  const ref = parseReference(value);
  if (!ref) return undefined;
  const target = referenceTarget(view, value);
  if (target?.kep) return kepMarkdown(target.kep);
  if (target) return `\`${path.relative(view.root, target.path).split(path.sep).join('/')}\` (not a KEP folder with a kep.yaml)`;
  if (resolveReference(view, ref)) return `\`${ref.kind === 'path' ? ref.relative : value}\` exists but is not a KEP.`;
  return ref.kind === 'number' ? `No KEP in this repository has kep-number ${ref.number}.` : `\`${ref.relative}\` does not exist in this repository.`;
}

/** The PRR approval file of a KEP and its approvals per stage. */
export function prrMarkdown(view: RepositoryView, kep: Kep): string {
  const file = prrPath(view, kep);
  if (!file) return 'The PRR approval file is `keps/prod-readiness/<owning-sig>/<kep-number>.yaml`; set owning-sig and kep-number to find it.';
  const rel = path.relative(view.root, file).split(path.sep).join('/');
  const prr = view.yaml(file);
  if (!prr) {
    const needed = prrRequired(kep) ? ` This ${kep.status} KEP needs one for stage \`${kep.stage}\`.` : '';
    return `**PRR approval file** \`${rel}\` does not exist.${needed}`;
  }
  const rows = STAGES.flatMap((s) => {
    const entry = prr.get(s);
    if (entry === undefined) return [];
    const approver = entry && typeof entry === 'object' ? String((entry as Record<string, unknown>)['approver'] ?? '') : '';
    return [`- ${s}: ${approver ? approver : '(no approver)'}${s === kep.stage ? ' ← current stage' : ''}`];
  });
  const missing = kep.stage && (STAGES as readonly string[]).includes(kep.stage) && prr.get(kep.stage) === undefined ? `\n\nNo approval for the current stage \`${kep.stage}\` yet.` : '';
  return `**PRR approval file** \`${rel}\`\n\n${rows.length ? rows.join('\n') : 'No stage approvals yet.'}${missing}`;
}

/** What a GitHub handle is in this repository. */
export interface PersonRoles {
  handle: string;
  prr?: 'approver' | 'emeritus';
  aliases: string[];
  leads: Array<{ group: Group; role: 'chair' | 'tech lead' }>;
  /** Roles in the KEP folder's OWNERS file. */
  owners: Array<'reviewer' | 'approver'>;
}

/**
 * People known to the repository, by normalized handle: the SIG registry's chairs and tech
 * leads, OWNERS_ALIASES members and (when `kepDir` is given) the KEP folder's OWNERS.
 */
export function peopleIndex(view: RepositoryView, kepDir?: string): Map<string, PersonRoles> {
  const index = new Map<string, PersonRoles>();
  const person = (name: string): PersonRoles | undefined => {
    const key = normalizeUser(name);
    if (!key || key === 'tbd') return undefined;
    let p = index.get(key);
    if (!p) {
      p = { handle: name.trim().replace(/^@/, ''), aliases: [], leads: [], owners: [] };
      index.set(key, p);
    }
    return p;
  };
  for (const g of view.registry.groups) {
    for (const c of g.chairs) person(c.github)?.leads.push({ group: g, role: 'chair' });
    for (const t of g.techLeads) person(t.github)?.leads.push({ group: g, role: 'tech lead' });
  }
  const aliases = view.ownersAliases()?.aliases.aliases ?? new Map();
  for (const [alias, members] of aliases) {
    for (const m of members) {
      const p = person(m.name);
      if (!p) continue;
      if (!p.aliases.includes(alias)) p.aliases.push(alias);
      if (alias === PRR_APPROVERS_ALIAS) p.prr = 'approver';
      else if (alias === PRR_EMERITUS_ALIAS && !p.prr) p.prr = 'emeritus';
    }
  }
  const owners = kepDir ? view.owners(path.join(kepDir, 'OWNERS')) : undefined;
  if (owners) {
    for (const [role, list] of [['reviewer', owners.reviewers], ['approver', owners.approvers]] as const) {
      for (const e of list) {
        if (aliases.has(e.name.trim())) continue; // an alias, not a person
        const p = person(e.name);
        if (p && !p.owners.includes(role)) p.owners.push(role);
      }
    }
  }
  return index;
}

/** One line saying where a handle comes from (completion detail). */
export function rolesSummary(p: PersonRoles): string {
  const parts: string[] = [];
  if (p.owners.length) parts.push(`KEP OWNERS ${p.owners.join(' and ')}`);
  for (const [g, roles] of leadRoles(p)) parts.push(`${roles.join(' and ')} of ${g.dir}`);
  if (p.prr) parts.push(p.prr === 'approver' ? 'PRR approver' : 'PRR approver emeritus');
  const other = p.aliases.filter((a) => a !== PRR_APPROVERS_ALIAS && a !== PRR_EMERITUS_ALIAS);
  if (other.length) parts.push(`OWNERS_ALIASES ${other.slice(0, 3).join(', ')}${other.length > 3 ? ` +${other.length - 3}` : ''}`);
  return parts.join('; ');
}

/** The roles a handle holds, for a hover. */
export function personMarkdown(handle: string, p: PersonRoles | undefined): string {
  const name = handle.trim().replace(/^@/, '');
  const head = `**@${p?.handle ?? name}** ([GitHub](https://github.com/${encodeURIComponent(p?.handle ?? name)}))`;
  if (!p || (!p.owners.length && !p.leads.length && !p.aliases.length)) {
    return `${head}\n\nNo role known to this repository (not in OWNERS_ALIASES, the SIG registry’s leads or this KEP’s OWNERS).`;
  }
  const rows: string[] = [];
  if (p.prr) rows.push(`- PRR approver${p.prr === 'emeritus' ? ' emeritus' : ''} (\`${p.prr === 'emeritus' ? PRR_EMERITUS_ALIAS : PRR_APPROVERS_ALIAS}\`)`);
  for (const [g, roles] of leadRoles(p)) rows.push(`- ${capitalize(roles.join(' and '))} of ${groupTitle(g)} (\`${g.dir}\`)`);
  if (p.owners.length) rows.push(`- ${capitalize(p.owners.join(' and '))} in this KEP’s OWNERS`);
  if (p.aliases.length) rows.push(`- OWNERS_ALIASES: ${p.aliases.map((a) => `\`${a}\``).join(', ')}`);
  return `${head}\n\n${rows.join('\n')}`;
}

/** A person's roles grouped by SIG (`chair and tech lead` of one group). */
function leadRoles(p: PersonRoles): Map<Group, string[]> {
  const byGroup = new Map<Group, string[]>();
  for (const l of p.leads) byGroup.set(l.group, [...(byGroup.get(l.group) ?? []), l.role]);
  return byGroup;
}

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
