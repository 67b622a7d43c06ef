import * as path from 'node:path';
import { FILE_START, type Fix, type Range } from '../core/problem.js';
import type { Kep } from '../kep/kep.js';
import { normalizeUser, type OwnerEntry } from '../kep/owners.js';
import { nodeCheckMinor } from '../kep/process.js';
import type { KepContext, RuleModule } from './api.js';

type Role = 'reviewer' | 'approver';
const LIST: Record<Role, 'reviewers' | 'approvers'> = { reviewer: 'reviewers', approver: 'approvers' };
const MARKER: Record<Role, string> = { reviewer: 'sig-node-assigned-reviewer', approver: 'sig-node-assigned-approver' };
const TECH_LEADS_ALIAS = 'sig-node-tech-leads';
/** The tech-lead rule applies from this release on (pkg/nodeapprovers). */
const TECH_LEAD_FIRST_MINOR = 36;

interface Item {
  name: string;
  normalized: string;
  range: Range;
  marked: boolean;
  /** Range of the marker comment (from the value's end to the end of the line). */
  markerRange?: Range;
}

/** Items of `reviewers`/`approvers` with whether they carry the node-approvers marker. */
function listItems(kep: Kep, role: Role): Item[] {
  const view = kep.view;
  if (!view) return [];
  const key = LIST[role];
  const raw = view.get(key);
  if (!Array.isArray(raw)) return [];
  const items: Item[] = [];
  raw.forEach((v, i) => {
    if (typeof v !== 'string') return;
    const loc = view.location(`/${key}/${i}`);
    if (!loc) return;
    const comment = loc.lineComment?.trim();
    const marked = comment === MARKER[role];
    const item: Item = { name: v, normalized: normalizeUser(v), range: loc.valueRange, marked };
    if (marked) {
      const line = loc.valueRange.end.line;
      item.markerRange = { start: loc.valueRange.end, end: { line, character: view.model.index.lineText(line).length } };
    }
    items.push(item);
  });
  return items;
}

/** kubernetes/enhancements' node-approvers check (pkg/nodeapprovers). */
export const ownersRules: RuleModule = {
  rules: [
    { id: 'owners/marked-not-in-owners', severity: 'error', summary: 'A reviewer or approver marked as SIG Node assigned is not in the KEP folder’s OWNERS.' },
    { id: 'owners/owner-not-marked', severity: 'error', summary: 'An OWNERS reviewer or approver is not marked as SIG Node assigned in kep.yaml.' },
    { id: 'owners/sig-node-tech-lead', severity: 'error', summary: 'A SIG Node KEP lacks the tech-lead or assigned approver SIG Node requires.' },
  ],

  checkKep(ctx) {
    if (!ctx.kep.decoded) return;
    checkMarkers(ctx);
    if (ctx.kep.relativeDir.split('/')[0] === 'sig-node') checkTechLead(ctx);
  },
};

function checkMarkers(ctx: KepContext): void {
  const { kep } = ctx;
  const ownersPath = path.join(kep.dir, 'OWNERS');
  const issue = ctx.repo.source(ownersPath, 'yaml').issue;
  if (issue) {
    // The node-approvers check cannot read it either, and fails.
    ctx.report(issue.ruleId, { path: ownersPath, range: FILE_START, message: `OWNERS: ${issue.message}` });
    return;
  }
  const owners = ctx.repo.owners(ownersPath);
  // The node-approvers check reads OWNERS into a YAML node tree: syntax errors fail it,
  // duplicate keys do not.
  const syntax = owners?.errors.filter((e) => e.kind !== 'duplicate-key') ?? [];
  if (syntax.length) {
    for (const e of syntax) ctx.report('kep/yaml-syntax', { path: ownersPath, range: e.range, message: `OWNERS: ${e.message}` });
    return;
  }
  for (const role of ['reviewer', 'approver'] as const) {
    const items = listItems(kep, role);
    const listed: OwnerEntry[] | undefined = owners ? owners[LIST[role]] : undefined;
    for (const item of items.filter((i) => i.marked)) {
      if (listed?.some((o) => o.normalized === item.normalized)) continue;
      const fixes: Fix[] = [{ title: `Remove the ${MARKER[role]} marker`, edits: [{ kind: 'edit', path: kep.path, range: item.markerRange!, newText: '' }] }];
      if (owners) fixes.unshift(appendOwnerFix(ctx, ownersPath, role, item.normalized));
      ctx.report('owners/marked-not-in-owners', {
        path: kep.path,
        range: item.range,
        message: owners
          ? `${item.name} is marked # ${MARKER[role]} but is not listed under ${LIST[role]} in this folder's OWNERS.`
          : `${item.name} is marked # ${MARKER[role]} but this KEP folder has no OWNERS file.`,
        fixes,
      });
    }
    if (!listed) continue;
    for (const entry of listed) {
      if (items.some((i) => i.marked && i.normalized === entry.normalized)) continue;
      const unmarked = items.find((i) => i.normalized === entry.normalized);
      const keyRange = kep.view!.has(LIST[role]) ? kep.view!.keyRange(LIST[role]) : kep.view!.firstLine();
      ctx.report('owners/owner-not-marked', {
        path: kep.path,
        range: unmarked?.range ?? keyRange,
        message: `${entry.name} is listed under ${LIST[role]} in OWNERS but not marked # ${MARKER[role]} in kep.yaml.`,
        related: [{ path: ownersPath, range: entry.range, message: `listed in OWNERS` }],
        fixes: [
          unmarked
            ? { title: `Mark ${unmarked.name} as # ${MARKER[role]}`, edits: [{ kind: 'edit', path: kep.path, range: { start: unmarked.range.end, end: unmarked.range.end }, newText: ` # ${MARKER[role]}` }], preferred: true }
            : appendListItemFix(kep, LIST[role], `"@${entry.normalized}" # ${MARKER[role]}`, `Add @${entry.normalized} to ${LIST[role]} with the marker`),
        ],
      });
    }
  }
}

/** Adds `- <item>` to a kep.yaml list, keeping the list's layout (block, flow, empty or absent). */
function appendListItemFix(kep: Kep, key: string, item: string, title: string): Fix {
  const view = kep.view!;
  const idx = view.model.index;
  const loc = view.location(key);
  const values = view.list(key) ?? [];
  const keyLine = loc?.keyRange?.start.line;
  if (loc && values.length && keyLine !== undefined && loc.valueRange.start.line > keyLine) {
    // Block list: add an item after the last one, with the same indentation.
    const lastLine = loc.valueRange.end.character === 0 ? loc.valueRange.end.line - 1 : loc.valueRange.end.line;
    const indent = /^\s*/.exec(idx.lineText(loc.valueRange.start.line))![0];
    const at = { line: lastLine, character: idx.lineText(lastLine).length };
    return { title, edits: [{ kind: 'edit', path: kep.path, range: { start: at, end: at }, newText: `\n${indent}- ${item}` }] };
  }
  if (loc && keyLine !== undefined) {
    // `key:` with no value, or a flow list: rewrite the entry as a block list.
    const endLine = loc.valueRange.end.line;
    const range = { start: { line: keyLine, character: 0 }, end: { line: endLine, character: idx.lineText(endLine).length } };
    const lines = [`${key}:`, ...values.map((v) => `  - ${JSON.stringify(v)}`), `  - ${item}`];
    return { title, edits: [{ kind: 'edit', path: kep.path, range, newText: lines.join('\n') }] };
  }
  const last = idx.lineCount - 1;
  const end = { line: last, character: idx.lineText(last).length };
  return { title, edits: [{ kind: 'edit', path: kep.path, range: { start: end, end }, newText: `${idx.lineText(last) ? '\n' : ''}${key}:\n  - ${item}\n` }] };
}

function appendOwnerFix(ctx: KepContext, ownersPath: string, role: Role, user: string): Fix {
  const owners = ctx.repo.owners(ownersPath)!;
  const key = LIST[role];
  const list = owners[key];
  const idx = owners.view.model.index;
  const title = `Add ${user} to ${key} in OWNERS`;
  const item = `- ${user} # ${MARKER[role]}`;
  if (list.length) {
    const last = list[list.length - 1]!.range.end;
    const indent = /^\s*/.exec(idx.lineText(list[0]!.range.start.line))![0];
    const at = { line: last.line, character: idx.lineText(last.line).length };
    return { title, edits: [{ kind: 'edit', path: ownersPath, range: { start: at, end: at }, newText: `\n${indent}${item}` }] };
  }
  const keyLine = owners.view.location(key)?.keyRange?.start.line;
  if (keyLine !== undefined) {
    // `reviewers: []` or `reviewers:`: rewrite the entry as a block list (a second key would be ignored).
    return { title, edits: [{ kind: 'edit', path: ownersPath, range: idx.lineRange(keyLine), newText: `${key}:\n  ${item}` }] };
  }
  const end = { line: idx.lineCount - 1, character: idx.lineText(idx.lineCount - 1).length };
  return { title, edits: [{ kind: 'edit', path: ownersPath, range: { start: end, end }, newText: `\n${key}:\n  ${item}\n` }] };
}

function checkTechLead(ctx: KepContext): void {
  const { kep } = ctx;
  const status = kep.status;
  if (status === 'withdrawn' || status === 'rejected' || status === 'replaced') return;
  const minor = nodeCheckMinor(kep.latestMilestone);
  if (minor < TECH_LEAD_FIRST_MINOR) return;
  const view = kep.view!;
  const approversRange = view.has('approvers') ? view.keyRange('approvers') : view.firstLine();
  const aliases = ctx.repo.ownersAliases();
  const leads = aliases?.aliases.aliases.get(TECH_LEADS_ALIAS);
  if (!leads?.length) {
    ctx.report('owners/sig-node-tech-lead', {
      path: kep.path,
      range: approversRange,
      message: aliases
        ? `OWNERS_ALIASES has no members in "${TECH_LEADS_ALIAS}"; the node-approvers check fails for every SIG Node KEP.`
        : `The repository has no OWNERS_ALIASES with a "${TECH_LEADS_ALIAS}" alias; the node-approvers check fails for every SIG Node KEP.`,
    });
    return;
  }
  const leadSet = new Set(leads.map((l) => l.normalized));
  const approvers = listItems(kep, 'approver');
  if (approvers.length === 0) {
    ctx.report('owners/sig-node-tech-lead', { path: kep.path, range: approversRange, message: 'A SIG Node KEP must list approvers (no approvers listed).' });
    return;
  }
  const hasLead = approvers.some((a) => leadSet.has(a.normalized));
  const upcoming = ctx.repo.upcomingMinor();
  const leadNames = leads.map((l) => `@${l.name}`).join(', ');
  if (kep.stage === 'alpha' && minor >= upcoming) {
    if (!hasLead) {
      ctx.report('owners/sig-node-tech-lead', {
        path: kep.path,
        range: approversRange,
        message: `An alpha-stage SIG Node KEP for v1.${minor} must list at least one ${TECH_LEADS_ALIAS} member as approver (${leadNames}).`,
        fixes: leads.map((l) => appendListItemFix(kep, 'approvers', `"@${l.name}"`, `Add @${l.name} to approvers`)),
      });
    }
    for (const a of approvers.filter((x) => x.marked)) {
      ctx.report('owners/sig-node-tech-lead', {
        path: kep.path,
        range: a.range,
        message: `An alpha-stage SIG Node KEP must not use the # ${MARKER.approver} marker (${a.name}).`,
        fixes: [{ title: 'Remove the marker', edits: [{ kind: 'edit', path: kep.path, range: a.markerRange!, newText: '' }], preferred: true }],
      });
    }
    return;
  }
  if (!hasLead && !approvers.some((a) => a.marked)) {
    ctx.report('owners/sig-node-tech-lead', {
      path: kep.path,
      range: approversRange,
      message: `A SIG Node KEP that is not actively alpha must list a ${TECH_LEADS_ALIAS} member (${leadNames}) or an approver marked # ${MARKER.approver}.`,
      fixes: leads.map((l) => appendListItemFix(kep, 'approvers', `"@${l.name}"`, `Add @${l.name} to approvers`)),
    });
  }
}
