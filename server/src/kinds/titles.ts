import type { Range } from '../core/problem.js';
import type { ProposalDoc } from './document.js';
import type { Kind } from './kind.js';
import type { MetadataRead } from './metadata.js';

/** A proposal's title: for a kind filed as an issue, the draft's front matter `title`; else its title line. */
export function documentTitle(doc: ProposalDoc, kind: Kind): { text: string; range: Range } | undefined {
  if (kind.submission?.route === 'issue') {
    const view = doc.frontMatter?.view;
    const t = view?.string('title');
    return t !== undefined && view ? { text: t, range: view.valueRange('title') } : undefined;
  }
  return doc.title;
}

/** What the kind's `variables` pattern reads from the title, else from the first heading it matches. */
export function titleVariables(doc: ProposalDoc, kind: Kind): Record<string, string> {
  if (!kind.variables) return {};
  for (const t of [documentTitle(doc, kind)?.text, ...doc.headings.map((h) => h.title)]) {
    const groups = t === undefined ? undefined : kind.variables.groups(t);
    if (groups) return Object.fromEntries(Object.entries(groups).map(([k, v]) => [k, v.trim()]).filter(([, v]) => v));
  }
  return {};
}

/** The values `{name}` stands for in a kind's titles: the title and its variables, the file, the metadata fields. */
export function proposalVariables(doc: ProposalDoc, kind: Kind, metadata: MetadataRead | undefined): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const f of metadata?.fields ?? []) if (typeof f.value === 'string' && f.value.trim()) vars[f.name] = f.value.trim();
  const title = documentTitle(doc, kind)?.text ?? doc.title?.text;
  if (title) vars['title'] = title;
  Object.assign(vars, titleVariables(doc, kind));
  vars['file'] = doc.path.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '');
  return vars;
}

/** A section title to insert: `{name}`s filled, an unknown one as a `$NAME` placeholder. */
export function sectionTitle(title: string, vars: Record<string, string>): string {
  return title.replace(/\{([^{}]+)\}/g, (_, name: string) => vars[name] ?? `$${name.toUpperCase()}`);
}

/** A section title to show: `{name}`s as `<name>`. */
export function displayTitle(title: string): string {
  return title.replace(/\{([^{}]+)\}/g, '<$1>');
}

/** Fills `{name}` from `vars`; an unknown name stays as written, so the gap shows. */
export function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{([^{}]+)\}/g, (whole, name: string) => vars[name] ?? whole);
}

/** Front matter for an issue draft: its title and labels, as GitHub issue templates write them. */
export function issueFrontMatter(title: string, labels: readonly string[]): string {
  return `---\ntitle: ${JSON.stringify(title)}\n${labels.length ? `labels:\n${labels.map((l) => `  - ${JSON.stringify(l)}\n`).join('')}` : ''}---\n\n`;
}
