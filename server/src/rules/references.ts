import * as path from 'node:path';
import type { Fix } from '../core/problem.js';
import { isTemplateValue } from '../kep/placeholders.js';
import { parseReference, REFERENCE_KEYS, resolveReference } from '../kep/references.js';
import type { KepContext, RuleModule } from './api.js';

/** Cross-KEP consistency: numbers and references. */
export const referenceRules: RuleModule = {
  rules: [
    { id: 'kep/number-mismatch', severity: 'warning', summary: 'The folder’s number differs from kep-number.' },
    { id: 'kep/duplicate-number', severity: 'warning', summary: 'Another KEP has the same kep-number.' },
    { id: 'kep/dangling-reference', severity: 'warning', summary: 'A see-also, replaces or superseded-by entry points at a KEP that does not exist.' },
  ],

  checkKep(ctx) {
    const { kep } = ctx;
    if (!kep.decoded || kep.isTemplate) return;
    checkNumber(ctx);
    for (const key of REFERENCE_KEYS) {
      kep.list(key).forEach((value, i) => {
        if (isTemplateValue(key, value)) return;
        const ref = parseReference(value);
        if (!ref || resolveReference(ctx.repo, ref)) return;
        ctx.report('kep/dangling-reference', {
          path: kep.path,
          range: kep.view!.valueRange(`/${key}/${i}`),
          message:
            ref.kind === 'number'
              ? `${key}: no KEP in this repository has kep-number ${ref.number}.`
              : `${key}: ${ref.relative} does not exist in this repository.`,
        });
      });
    }
  },
};

function checkNumber(ctx: KepContext): void {
  const { kep } = ctx;
  const n = kep.number;
  if (!n) return;
  const folder = kep.folderNumber;
  const range = kep.range('kep-number');
  if (folder !== undefined && /^\d+$/.test(n) && Number(folder) !== Number(n)) {
    const renamed = path.join(path.dirname(kep.dir), path.basename(kep.dir).replace(/^\d+/, n));
    const fixes: Fix[] = [
      { title: `Set kep-number to ${Number(folder)}`, edits: [{ kind: 'edit', path: kep.path, range, newText: JSON.stringify(String(Number(folder))) }], preferred: true },
      { title: `Rename the folder to ${path.basename(renamed)}`, edits: [{ kind: 'rename', oldPath: kep.dir, newPath: renamed }] },
    ];
    ctx.report('kep/number-mismatch', {
      path: kep.path,
      range,
      message: `kep-number ${n} differs from the folder's number ${folder}; both should be the tracking issue's number.`,
      fixes,
    });
  }
  // A placeholder (a new KEP's NNNN, shared with the template) is not a number: kep/placeholder says so.
  const others = isTemplateValue('kep-number', n) ? [] : ctx.repo.kepsByNumber(n).filter((k) => k.dir !== kep.dir);
  if (others.length) {
    ctx.report('kep/duplicate-number', {
      path: kep.path,
      range,
      message: `kep-number ${n} is also used by ${others.map((o) => o.relativeDir).join(', ')}; each KEP has its own tracking issue.`,
      related: others.map((o) => ({ path: o.path, range: o.range('kep-number'), message: `also kep-number ${n}` })),
    });
  }
}
