import type { Fix, Range, RelatedLocation, RuleMeta } from '../core/problem.js';
import type { Kep } from '../kep/kep.js';
import type { ProposalDoc } from '../kinds/document.js';
import type { Recognition } from '../kinds/recognise.js';
import type { MarkdownDoc } from '../parse/markdownDoc.js';
import type { RepositoryView } from '../workspace/repositoryView.js';

export interface Finding {
  path: string;
  range: Range;
  message: string;
  fixes?: Fix[];
  related?: RelatedLocation[];
}

/** Reports a finding of one of the module's rules; severity and suppression are applied by the engine. */
export type Report = (ruleId: string, finding: Finding) => void;

export interface KepContext {
  kep: Kep;
  repo: RepositoryView;
  report: Report;
}

export interface MarkdownContext {
  doc: MarkdownDoc;
  repo: RepositoryView;
  report: Report;
  /** A README.md in a folder kepval expects to hold a KEP, without a kep.yaml. */
  readmeWithoutKep: boolean;
}

/** A proposal of a kind other than KEP, recognised as that kind. */
export interface ProposalContext {
  doc: ProposalDoc;
  recognition: Recognition;
  repo: RepositoryView;
  report: Report;
}

/** A family of rules. Each check runs over one KEP, one markdown file under keps/, or one proposal. */
export interface RuleModule {
  rules: RuleMeta[];
  checkKep?(ctx: KepContext): void;
  checkMarkdown?(ctx: MarkdownContext): void;
  checkProposal?(ctx: ProposalContext): void;
}
