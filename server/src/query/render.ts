import { stringify } from 'yaml';
import type { KepReadiness } from '../workflows/checklistView.js';
import type { QueryRow } from './query.js';
import type { ReleaseReport, Totals } from './report.js';

export const QUERY_FORMATS = ['table', 'json', 'yaml', 'csv', 'markdown'] as const;
export type QueryFormat = (typeof QUERY_FORMATS)[number];
export const REPORT_FORMATS = ['markdown', 'json', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Where a rule's page is (the report links open items to them). */
type DocsUrl = (ruleId: string) => string;

/** A KEP's readiness in the JSON shapes (version 1). */
interface ReadinessJson {
  release: string | null;
  stage: string;
  ready: boolean;
  /** Required items done. */
  done: number;
  /** Open items: the checklist's (group `readiness`) and the README's Release Signoff Checklist's (`signoff`). */
  open: Array<{ id: string; group: string; label: string; detail: string | null; rule: string | null }>;
}

function readinessJson(r: KepReadiness): ReadinessJson {
  const required = r.view.groups.flatMap((g) => g.items.filter((i) => i.required).map((i) => ({ group: g.id, item: i })));
  const open = required.filter((x) => x.item.state === 'todo');
  return {
    release: r.release ?? null,
    stage: r.stage,
    ready: open.length === 0,
    done: required.length - open.length,
    open: open.map(({ group, item: i }) => ({ id: i.id, group, label: i.label, detail: group === 'signoff' ? null : (i.detail ?? null), rule: i.rule ?? null })),
  };
}

const openOf = (row: QueryRow): ReadinessJson['open'] => (row.readiness ? readinessJson(row.readiness).open : []);

const kepJson = (row: QueryRow): object => ({ ...row.record, readiness: row.readiness ? readinessJson(row.readiness) : null });

/** `query`'s document: `{"version":1,"release":…,"keps":[…]}` (see the README). */
function queryDocument(rows: QueryRow[], release: string | undefined): object {
  return { version: 1, release: release ?? null, keps: rows.map(kepJson) };
}

/** `report`'s document: `{"version":1,"release":…,"totals":…,"sigs":[…],"keps":[…]}`. */
function reportDocument(report: ReleaseReport): object {
  return { version: 1, release: report.release, totals: report.totals, sigs: report.sigs, keps: report.rows.map(kepJson) };
}

export function renderQuery(rows: QueryRow[], release: string | undefined, format: QueryFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(queryDocument(rows, release))}\n`;
    case 'yaml':
      return stringify(queryDocument(rows, release));
    case 'csv':
      return csv([
        ['number', 'title', 'owning-sig', 'participating-sigs', 'status', 'stage', 'latest-milestone', 'authors', 'reviewers', 'approvers', 'prr-approvers', 'creation-date', 'last-updated', 'link', ...(release ? ['release', 'ready', 'open-items'] : [])],
        ...rows.map((r) => {
          const k = r.record;
          return [
            k.number,
            k.title,
            k.owningSig,
            k.participatingSigs.join('; '),
            k.status,
            k.stage,
            k.latestMilestone,
            handles(k.authors),
            handles(k.reviewers),
            handles(k.approvers),
            handles([...new Set(Object.values(k.prrApprovals))]),
            k.creationDate,
            k.lastUpdated,
            k.link,
            ...(release ? [release, r.readiness ? String(r.readiness.open.length === 0) : '', r.readiness ? r.readiness.open.map((i) => i.label).join('; ') : ''] : []),
          ];
        }),
      ]);
    case 'markdown': {
      const head = ['KEP', 'Title', 'SIG', 'Status', 'Stage', 'Milestone', ...(release ? [`Ready for ${release}`] : [])];
      return markdownTable(
        head,
        rows.map((r) => [kepLink(r), md(r.record.title ?? ''), md(r.record.owningSig ?? ''), md(r.record.status ?? ''), md(r.record.stage ?? ''), md(r.record.latestMilestone ?? ''), ...(release ? [readyCell(r)] : [])]),
      );
    }
    case 'table':
      return textTable(
        ['KEP', 'SIG', 'STATUS', 'STAGE', 'MILESTONE', ...(release ? ['READY'] : []), 'TITLE'],
        rows.map((r) => {
          const k = r.record;
          const ready = r.readiness ? (r.readiness.open.length ? `${r.readiness.open.length} open` : 'ready') : '';
          return [k.number ?? '', k.owningSig ?? '', k.status ?? '', k.stage ?? '', k.latestMilestone ?? '', ...(release ? [ready] : []), k.title ?? ''];
        }),
      );
  }
}

export function renderReport(report: ReleaseReport, format: ReportFormat, docsUrl: DocsUrl): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(reportDocument(report))}\n`;
    case 'csv':
      return csv([
        ['owning-sig', 'number', 'title', 'stage', 'status', 'ready', 'open', 'open-items', 'link'],
        ...report.rows.map((r) => {
          const open = openOf(r);
          return [r.record.owningSig, r.record.number, r.record.title, r.readiness?.stage ?? null, r.record.status, String(open.length === 0), String(open.length), open.map((i) => i.label).join('; '), r.record.link];
        }),
      ]);
    case 'markdown':
      return reportMarkdown(report, docsUrl);
  }
}

function reportMarkdown(report: ReleaseReport, docsUrl: DocsUrl): string {
  const { release, totals } = report;
  const stages = Object.keys(totals.stages);
  const counts = (t: Totals): string[] => [String(t.keps), ...stages.map((s) => String(t.stages[s] ?? 0)), String(t.ready), String(t.notReady)];
  const out = [
    `# Release readiness for ${release}`,
    '',
    `${plural(totals.keps, 'KEP')} ${totals.keps === 1 ? 'targets' : 'target'} ${release} (latest-milestone, or the milestone of the stage each prepares for): ${totals.ready} ready, ${totals.notReady} not ready. ` +
      'Readiness is what the Proposal Checklist shows: metadata, PRR approval, graduation criteria, test plan, PRR questionnaire, TOC, template sections, unresolved blocks and the README’s Release Signoff Checklist for the stage.',
  ];
  if (!report.rows.length) return `${out.join('\n')}\n`;
  out.push('', '## Per SIG', '', markdownTable(['SIG', 'KEPs', ...stages, 'ready', 'not ready'], [...report.sigs.map((s) => [md(s.sig || '(none)'), ...counts(s)]), ['**total**', ...counts(totals)]], 1).trimEnd());
  for (const s of report.sigs) {
    const rows = report.rows.filter((r) => (r.record.owningSig ?? '') === s.sig);
    out.push(
      '',
      `## ${md(s.sig || '(no owning SIG)')}`,
      '',
      markdownTable(
        ['KEP', 'Title', 'Stage', 'Status', 'Ready', 'Open items'],
        rows.map((r) => [
          kepLink(r),
          md(r.record.title ?? ''),
          md(r.readiness?.stage ?? ''),
          md(r.record.status ?? ''),
          readyCell(r),
          openOf(r).map((i) => `${i.rule ? `[${md(i.label)}](${docsUrl(i.rule)})` : md(i.label)}${i.detail ? `: ${md(i.detail)}` : ''}`).join('<br>'),
        ]),
      ).trimEnd(),
    );
  }
  return `${out.join('\n')}\n`;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function kepLink(r: QueryRow): string {
  return `[${r.record.number ? `KEP-${md(r.record.number)}` : md(r.record.path)}](${r.record.link})`;
}

function readyCell(r: QueryRow): string {
  if (!r.readiness) return '';
  return r.readiness.open.length ? `❌ ${r.readiness.open.length} open` : '✅';
}

/** Handles as plain names: a leading `@` would make a spreadsheet read the cell as a formula. */
const handles = (list: string[]): string => list.map((h) => h.trim().replace(/^@/, '')).join('; ');

/** Text for a markdown table cell: one line, markup characters escaped (a title is not markup). */
function md(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/[\\`*_{}[\]<>|#]/g, '\\$&');
}

function markdownTable(head: string[], rows: string[][], numericFrom = Infinity): string {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map((_, i) => (i >= numericFrom ? '--:' : '---'))), ...rows.map(line)].join('\n') + '\n';
}

/** Aligned columns for a terminal; control characters (escape sequences too) become spaces. */
function textTable(head: string[], rows: string[][]): string {
  const clean = (s: string): string => s.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ');
  const all = [head, ...rows.map((r) => r.map(clean))];
  const widths = head.map((_, c) => Math.max(...all.map((r) => r[c]!.length)));
  return all.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  ').trimEnd()).join('\n') + '\n';
}

/**
 * RFC 4180 CSV. A cell that starts like a formula (=, +, -, @, tab, CR) gets a leading `'`, as
 * OWASP advises, so a title cannot run in the spreadsheet a release team opens it in.
 */
function csv(rows: Array<Array<string | null>>): string {
  const cell = (v: string | null): string => {
    let s = v ?? '';
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
