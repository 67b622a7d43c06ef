import cncfDueDiligence from '../../../schemas/kinds/cncf-due-diligence.json' with { type: 'json' };
import cncfGraduationApplication from '../../../schemas/kinds/cncf-graduation-application.json' with { type: 'json' };
import cncfGraduationProposal from '../../../schemas/kinds/cncf-graduation-proposal.json' with { type: 'json' };
import cncfIncubationApplication from '../../../schemas/kinds/cncf-incubation-application.json' with { type: 'json' };
import cncfIncubationProposal from '../../../schemas/kinds/cncf-incubation-proposal.json' with { type: 'json' };
import cncfSandboxApplication from '../../../schemas/kinds/cncf-sandbox-application.json' with { type: 'json' };
import cncfSandboxProposal from '../../../schemas/kinds/cncf-sandbox-proposal.json' with { type: 'json' };
import containerdTracking from '../../../schemas/kinds/containerd-kep-tracking-issue.json' with { type: 'json' };
import kep from '../../../schemas/kinds/kep.json' with { type: 'json' };
import kubernetesTracking from '../../../schemas/kinds/kubernetes-enhancement-issue.json' with { type: 'json' };
import openstack from '../../../schemas/kinds/openinfra-project-confirmation.json' with { type: 'json' };
import pep from '../../../schemas/kinds/python-pep.json' with { type: 'json' };
import rustRfc from '../../../schemas/kinds/rust-rfc.json' with { type: 'json' };
import type { KindDefinition } from './definition.js';
import { ProposalDoc } from './document.js';
import { compileKind, metadataAjv, type Kind, type KindProblem } from './kind.js';
import { PatternBudget } from './pattern.js';
import templates from './templates.json' with { type: 'json' };

/**
 * The kinds KEP Studio ships, most specific first: recognition tries kinds in this order
 * within each kind of evidence (see recognise).
 */
export const BUILT_IN: readonly KindDefinition[] = [
  kep,
  kubernetesTracking,
  containerdTracking,
  cncfSandboxApplication,
  cncfIncubationApplication,
  cncfGraduationApplication,
  cncfDueDiligence,
  cncfGraduationProposal,
  cncfIncubationProposal,
  cncfSandboxProposal,
  openstack,
  rustRfc,
  pep,
] as KindDefinition[];

let builtIns: readonly Kind[] | undefined;

export function builtInKinds(): readonly Kind[] {
  if (builtIns) return builtIns;
  const ajv = metadataAjv();
  return (builtIns = BUILT_IN.map((def) => {
    const template = def.template !== undefined ? (templates as Record<string, string>)[def.template] : undefined;
    const { kind, problems } = compileKind(def, { builtIn: true }, ajv, template !== undefined ? { template } : {});
    if (!kind) throw new Error(`built-in kind ${def.id}: ${problems.map((p) => `${p.pointer} ${p.message}`).join('; ')}`);
    return kind;
  }));
}

/** A built-in kind by id (the KEP kind's, say); an unknown id is a programming error. */
export function builtInKind(id: string): Kind {
  const kind = builtInKinds().find((k) => k.id === id);
  if (!kind) throw new Error(`no built-in kind "${id}"`);
  return kind;
}

/** The ids of the built-in kinds (project kinds may not reuse them), without compiling the kinds. */
export function builtInIds(): readonly string[] {
  return BUILT_IN.map((d) => d.id);
}

/**
 * Compiles the kinds a repository defines (already checked against kind.schema.json with the
 * configuration); each one with a bad pattern, glob, reference or a reused id is dropped with its
 * problems. Each gets its own PatternBudget.
 */
export function compileProjectKinds(definitions: readonly KindDefinition[], configPath: string): { kinds: Kind[]; problems: Array<KindProblem & { index: number }> } {
  const kinds: Kind[] = [];
  const problems: Array<KindProblem & { index: number }> = [];
  const reserved = new Set(builtInIds());
  const seen = new Set<string>();
  definitions.forEach((d, index) => {
    if (reserved.has(d.id) || seen.has(d.id)) {
      problems.push({ index, pointer: '/id', message: `the id "${d.id}" is ${reserved.has(d.id) ? 'a built-in kind' : 'used twice'}` });
      return;
    }
    const budget = new PatternBudget();
    const { kind, problems: p } = compileKind(d, { config: configPath }, metadataAjv(budget), { budget });
    problems.push(...p.map((x) => ({ ...x, index })));
    if (kind) {
      seen.add(d.id);
      kinds.push(kind);
    }
  });
  return { kinds, problems };
}

const boilerplates = new WeakMap<Kind, ReadonlySet<string>>();

/** Block keys of the kind's template: text copied from it unchanged is not an answer. */
export function boilerplateOf(kind: Kind): ReadonlySet<string> {
  let set = boilerplates.get(kind);
  if (!set) {
    const t = kind.template;
    set = t ? new Set(new ProposalDoc('(template)', t, kind.format).blocks(0, t.length).map((b) => b.key)) : new Set();
    boilerplates.set(kind, set);
  }
  return set;
}
