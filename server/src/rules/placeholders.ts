import { isChoicePlaceholder, isTemplateValue } from '../kep/placeholders.js';
import type { MarkdownDoc } from '../parse/markdownDoc.js';
import type { KepContext, RuleModule } from './api.js';

/** Placeholders left from the template, and open debates on a KEP that claims to be ready. */
export const placeholderRules: RuleModule = {
  rules: [
    { id: 'kep/placeholder', severity: 'warning', summary: 'kep.yaml still holds a value copied from the template (or TBD people on an implementable KEP).' },
    { id: 'md/placeholder', severity: 'warning', summary: 'The README’s title is still the template’s placeholder.' },
    { id: 'md/unresolved', severity: 'warning', summary: 'An implementable KEP still has an <<[UNRESOLVED]>> block.' },
  ],

  checkKep(ctx) {
    const { kep } = ctx;
    if (!kep.decoded || kep.isTemplate) return;
    const view = kep.view!;
    // TBD people and open debates matter while the KEP is being approved and implemented.
    const ready = kep.status === 'implementable';
    for (const key of Object.keys(view.root ?? {})) {
      const value = view.get(key);
      const items = Array.isArray(value) ? value.map((v, i) => [v, `/${key}/${i}`] as const) : [[value, key] as const];
      for (const [v, pointer] of items) {
        if (typeof v !== 'string') continue;
        const choice = (key === 'status' || key === 'stage') && isChoicePlaceholder(v);
        const tbd = ready && (key === 'approvers' || key === 'reviewers') && v.trim().toUpperCase() === 'TBD';
        if (!isTemplateValue(key, v) && !choice && !tbd) continue;
        ctx.report('kep/placeholder', {
          path: kep.path,
          range: view.valueRange(pointer),
          message: tbd
            ? `${key} still holds TBD, but an ${kep.status} KEP needs its ${key} named.`
            : choice
              ? `${key} "${v}" is the template's list of choices; pick one.`
              : `${key} "${v}" is the template's placeholder; fill it in.`,
        });
      }
    }
    const readme = kep.location.readmePath ? ctx.repo.markdown(kep.location.readmePath) : undefined;
    if (readme) checkReadme(ctx, readme, ready);
  },
};

const TITLE_PLACEHOLDERS = /KEP-NNNN|Your short, descriptive title/g;
const UNRESOLVED = /<<\[UNRESOLVED/g;

function checkReadme(ctx: KepContext, doc: MarkdownDoc, ready: boolean): void {
  // Look at the text first: most READMEs need no parse for these checks.
  if (/KEP-NNNN|Your short, descriptive title/.test(doc.text)) checkTitle(ctx, doc);
  if (ready && doc.text.includes('<<[UNRESOLVED')) checkUnresolved(ctx, doc);
}

function checkTitle(ctx: KepContext, doc: MarkdownDoc): void {
  const n = ctx.kep.number;
  const known = n !== undefined && /^\d+$/.test(n);
  for (const s of doc.sections.filter((x) => x.level === 1)) {
    for (const m of doc.text.slice(s.heading.start, s.heading.end).matchAll(TITLE_PLACEHOLDERS)) {
      const start = s.heading.start + m.index!;
      const fix = m[0] === 'KEP-NNNN' && known ? [{ title: `Change to KEP-${n}`, edits: [{ kind: 'edit' as const, path: doc.path, range: doc.range(start, start + m[0].length), newText: `KEP-${n}` }], preferred: true, safe: true }] : [];
      ctx.report('md/placeholder', {
        path: doc.path,
        range: doc.range(start, start + m[0].length),
        message: m[0] === 'KEP-NNNN' ? `The title still says KEP-NNNN${known ? `; this is KEP-${n}` : ''}.` : 'The title is still the template’s placeholder.',
        ...(fix.length ? { fixes: fix } : {}),
      });
    }
  }
}

function checkUnresolved(ctx: KepContext, doc: MarkdownDoc): void {
  for (const m of doc.text.matchAll(UNRESOLVED)) {
    const at = m.index!;
    // Markers in comments (the template's instructions) or code do not count.
    if (doc.structure.blockAt(at)?.kind === 'text') {
      const lineEnd = doc.index.lineEnd(doc.index.position(at).line);
      ctx.report('md/unresolved', {
        path: doc.path,
        range: doc.range(at, lineEnd),
        message: 'This implementable KEP still has an unresolved discussion; settle it and remove the <<[UNRESOLVED]>> markers.',
      });
    }
  }
}
