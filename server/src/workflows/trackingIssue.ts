import type { Kep } from '../kep/kep.js';
import { builtInKind } from '../kinds/registry.js';
import { issueFrontMatter } from '../kinds/titles.js';
import type { MarkdownDoc } from '../parse/markdownDoc.js';
import type { Repository } from '../workspace/repository.js';

/**
 * Where a KEP's tracking issue is filed: a kind the KEP kind lists under `tracking`
 * (kubernetes/enhancements' enhancement issue, containerd's KEP tracking issue), and the
 * repository (default: the kind's).
 */
export interface TrackingTarget {
  kind: string;
  repository?: string;
}

/** An issue to file, as that repository's issue template asks for it. */
export interface IssueDraft {
  kind: string;
  repository: string;
  title: string;
  body: string;
  labels: string[];
  /** The draft document: front matter (title, labels) and body, the way Submit Proposal reads issue drafts. */
  text: string;
  /** A GitHub issue search that finds an issue already filed for this KEP. */
  search: string;
}

/** The tracking-issue kinds a KEP can be filed to. */
function trackingKinds(): string[] {
  return builtInKind('kep').tracking;
}

const ENHANCEMENTS = 'https://github.com/kubernetes/enhancements';

export function trackingIssueDraft(repo: Repository, kep: Kep, target: TrackingTarget): IssueDraft {
  if (!trackingKinds().includes(target.kind)) throw new Error(`"${target.kind}" is not a kind of KEP tracking issue (${trackingKinds().join(', ')}).`);
  const kind = builtInKind(target.kind);
  const draft = draftFor(repo, kep, target.kind);
  const repository = target.repository ?? kind.submission!.repository!;
  const search = `repo:${repository} is:issue in:title "${draft.searchTerm.replace(/"/g, '')}"`;
  return { kind: kind.id, repository, title: draft.title, body: draft.body, labels: draft.labels, text: issueFrontMatter(draft.title, draft.labels) + draft.body, search };
}

/** The issue for a kind, filled from the KEP. */
function draftFor(repo: Repository, kep: Kep, kind: string): { title: string; body: string; labels: string[]; searchTerm: string } {
  const title = kep.title ?? '(untitled KEP)';
  const readme = kep.location.readmePath ? repo.view(new Set()).markdown(kep.location.readmePath) : undefined;
  const summary = (readme && firstSentence(readme, /^summary$/i)) || title;
  const number = kep.number && /^\d+$/.test(kep.number) ? kep.number : undefined;
  const link = `${ENHANCEMENTS}/tree/master/keps/${kep.relativeDir}`;
  const sig = kep.owningSig ?? '';
  const stage = kep.stage ?? 'alpha';
  const release = kep.latestMilestone && /^v?1\.\d+$/.test(kep.latestMilestone) ? kep.latestMilestone : 'v1.xx';
  const authors = kep.list('authors').map((a) => (a.startsWith('@') ? a : `@${a}`));
  if (kind === 'containerd-kep-tracking-issue') {
    const short = title.length > 60 ? `${title.slice(0, 57)}...` : title;
    return {
      // containerd's cri_kep.yaml issue form: "[SIG-Node]: <KEP-number - Short Description>".
      title: `[SIG-Node]: KEP-${number ?? 'NNNN'} - ${short}`,
      labels: ['kind/feature', 'area/cri'],
      searchTerm: `KEP-${number ?? title}`,
      body: [
        '### KEP/SIG-Node References',
        '',
        // The form's pre-filled list (its spelling of "liason" kept).
        `- KEP(s): ${link}`,
        // The form's values: alpha, beta w/gate off, beta w/gate on, ga (beta features are on by default).
        `- stage: ${stage === 'stable' ? 'ga' : stage === 'beta' ? 'beta w/gate on' : 'alpha'}`,
        `- KEP Issue: ${number ? `${ENHANCEMENTS}/issues/${number}` : ''}`,
        '- KEP PR:',
        `- K8s-Release: ${release.replace(/^v/, '')}`,
        `- KEP-Owner: ${authors.join(', ')}`,
        '- SIG-Node member liason:',
        '- KEP-Shepherd:',
        '',
        '### What is the SIG-Node problem you are trying to solve',
        '',
        summary,
        '',
        '### Describe the solution you would like',
        '',
        (readme && firstSentence(readme, /^proposal$/i)) || `See ${link}.`,
        '',
        '### Additional context',
        '',
        '_No response_',
        '',
      ].join('\n'),
    };
  }
  // kubernetes/enhancements' .github/ISSUE_TEMPLATE/enhancement.md: the current stage's block
  // filled in, the later stages' blocks commented out for later.
  const stages = ['Alpha', 'Beta', 'Stable'];
  const current = stage === 'beta' ? 1 : stage === 'stable' ? 2 : 0;
  const block = (i: number): string[] => [
    `  - [ ] ${stages[i]} - ${milestoneOf(kep, ['alpha', 'beta', 'stable'][i]!, i === current ? release : undefined)}`,
    '    - [ ] KEP (`k/enhancements`) update PR(s):',
    '    - [ ] Code (`k/k`) update PR(s):',
    '    - [ ] Docs (`k/website`) update PR(s):',
  ];
  return {
    title,
    // Owning SIG and kind/feature, as the enhancements README asks; stage/* and lead-opted-in
    // are the release team's and the SIG lead's to set.
    labels: [...(sig ? [`sig/${sig.replace(/^sig-/, '')}`] : []), 'kind/feature'],
    searchTerm: title,
    body: [
      '### Enhancement Description',
      '',
      `- One-line enhancement description (can be used as a release note): ${summary}`,
      `- Kubernetes Enhancement Proposal: ${link}`,
      '- Discussion Link: <!-- link to SIG mailing list thread, meeting, or recording where the idea was discussed before the KEP -->',
      '- PRs by stage and milestone:',
      ...[0, 1, 2].slice(0, current + 1).flatMap(block),
      ...(current < 2 ? ['', '<!-- Uncomment these as you prepare the enhancement for the next stage', ...[0, 1, 2].slice(current + 1).flatMap(block), '-->'] : []),
      '',
      '_Please keep this description up to date. This will help the Enhancement Team to track the evolution of the enhancement efficiently._',
      '',
    ].join('\n'),
  };
}

/** A stage's release as `v1.NN`, or `v1.xx` when none is planned yet. */
function milestoneOf(kep: Kep, stage: string, fallback?: string): string {
  const v = kep.view?.string(`/milestone/${stage}`) || fallback;
  return v && /^v?1\.\d+$/.test(v) ? (v.startsWith('v') ? v : `v${v}`) : 'v1.xx';
}

/** The first sentence of a section's first paragraph. */
function firstSentence(doc: MarkdownDoc, title: RegExp): string | undefined {
  const section = doc.find(title);
  if (!section) return undefined;
  const block = doc.blocks(section.contentStart, section.end).find((b) => b.kind === 'text');
  if (!block) return undefined;
  const text = doc.text.slice(block.start, block.end).replace(/\s+/g, ' ').trim();
  return /^(.+?[.!?])(\s|$)/.exec(text)?.[1] ?? text;
}
