import type { ProposalDoc } from './document.js';
import type { ProposalFormat } from './definition.js';
import { compileGlob } from './glob.js';
import { TIERS, type Kind, type Recogniser } from './kind.js';
import { PatternError, type Pattern, type PatternBudget } from './pattern.js';

/** The markup a file is written in, by its extension; other files are not proposals. */
export function formatOf(file: string): ProposalFormat | undefined {
  return /\.(?:md|markdown)$/i.test(file) ? 'markdown' : /\.rst$/i.test(file) ? 'restructuredtext' : undefined;
}

/** Why a document is of its kind, for hovers and the checklist view. */
export interface Recognition {
  kind: Kind;
  /** "association", or the evidence: "front matter", "title", "first lines", "headings", "path". */
  by: string;
}

/** Explicit kind per path glob (`associations:` in .kep-studio.yaml, the kepStudio.associations setting), compiled. */
export type Associations = ReadonlyArray<{ glob: Pattern; kind: string }>;

/** Compiles associations' globs, on `budget` when a repository wrote them; one that does not compile is left out, with why. */
export function compileAssociations(list: ReadonlyArray<{ glob: string; kind: string }>, budget?: PatternBudget): { associations: Associations; problems: Array<{ glob: string; message: string }> } {
  const associations: Array<{ glob: Pattern; kind: string }> = [];
  const problems: Array<{ glob: string; message: string }> = [];
  for (const { glob, kind } of list) {
    try {
      associations.push({ glob: compileGlob(glob, budget), kind });
    } catch (err) {
      if (!(err instanceof PatternError)) throw err;
      problems.push({ glob, message: err.message });
    }
  }
  return { associations, problems };
}

const EVIDENCE = ['front matter', 'title', 'first lines', 'headings', 'path'];
const FIRST_LINES = 30;

/**
 * Which kind a document is: an explicit association first, then the strongest evidence any
 * kind's recognisers find (front matter before title before first lines before headings
 * before path), kinds in registry order within a tier.
 */
export function recognise(kinds: readonly Kind[], doc: ProposalDoc, relativePath: string, associations: Associations): Recognition | undefined {
  for (const a of associations) {
    if (!a.glob.test(relativePath)) continue;
    const kind = kinds.find((k) => k.id === a.kind);
    if (kind) return { kind, by: 'association' };
  }
  const candidates = kinds.filter((k) => k.format === doc.format && !k.excluded(relativePath));
  const facts = new Facts(doc);
  for (let tier = 0; tier < TIERS.length; tier++) {
    for (const kind of candidates) {
      if (kind.recognisers.some((r) => r.tier === tier && !r.layout && holds(r, facts, relativePath))) return { kind, by: EVIDENCE[tier]! };
    }
  }
  return undefined;
}

function holds(r: Recogniser, facts: Facts, relativePath: string): boolean {
  if (r.path && !r.path(relativePath)) return false;
  if (r.title && !(facts.title !== undefined && r.title.test(facts.title))) return false;
  if (r.firstLines && !facts.firstLines.some((l) => r.firstLines!.test(l))) return false;
  if (r.frontMatter && !r.frontMatter.every(([key, p]) => facts.frontMatterValue(key).some((v) => p.test(v)))) return false;
  if (r.headings) {
    const titles = facts.headings;
    if (r.headings.patterns.filter((p) => titles.some((t) => p.test(t))).length < r.headings.atLeast) return false;
  }
  return true;
}

/** What recognition reads from a document, each computed on first use. */
class Facts {
  private _headings: string[] | undefined;
  private _firstLines: string[] | undefined;

  constructor(private readonly doc: ProposalDoc) {}

  get title(): string | undefined {
    return this.doc.title?.text;
  }

  get firstLines(): string[] {
    if (this._firstLines) return this._firstLines;
    const idx = this.doc.index;
    const from = idx.position(this.doc.bodyStart).line;
    const out: string[] = [];
    for (let line = from; line < idx.lineCount && out.length < FIRST_LINES; line++) out.push(idx.lineText(line));
    return (this._firstLines = out);
  }

  /** Headings only: labels would need every paragraph parsed, for every markdown file read. */
  get headings(): string[] {
    return (this._headings ??= this.doc.headings.map((h) => h.title));
  }

  /** A front matter value as strings (a list gives its items). */
  frontMatterValue(key: string): string[] {
    const v = this.doc.frontMatter?.view.root?.[key];
    if (typeof v === 'string') return [v];
    if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
    return [];
  }
}
