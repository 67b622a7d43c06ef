import type { Connection } from 'vscode-languageserver';
import type { FileEdit } from '../core/problem.js';
import type { Engine } from '../engine.js';
import { groupTitle } from '../features/describe.js';
import * as path from 'node:path';
import type { Range } from 'vscode-languageserver-types';
import { scaffold } from '../kinds/scaffold.js';
import { ruleDocUrl } from '../core/docs.js';
import { kepEntryFile } from '../features/context.js';
import { STATUSES } from '../kep/process.js';
import { queryKeps, queryRelease, type QueryRow } from '../query/query.js';
import { renderReport } from '../query/render.js';
import { releaseReport } from '../query/report.js';
import { checklistFor } from '../workflows/checklistView.js';
import { locateKep } from '../workflows/locate.js';
import { newKep } from '../workflows/newKep.js';
import { promoteKep } from '../workflows/promote.js';
import { renumberKep } from '../workflows/renumber.js';
import { isStage, releaseChoices, releaseInProgress, upcomingStage } from '../workflows/stages.js';
import { kepSubmission, proposalSubmission, type Submission } from '../workflows/submission.js';
import { trackingIssueDraft } from '../workflows/trackingIssue.js';
import { toDiagnostic, toWorkspaceEdit, type Uris } from './convert.js';
import {
  Requests,
  type ChecklistResult,
  type Failure,
  type KepsParams,
  type KepsResult,
  type KepSummary,
  type KindsResult,
  type Location,
  type NewProposalParams,
  type NewProposalResult,
  type NewKepParams,
  type NewKepResult,
  type PromoteParams,
  type PromoteResult,
  type RenumberResult,
  type ReleasesResult,
  type RenumberParams,
  type ReportParams,
  type ReportResult,
  type SigsResult,
  type SubmissionParams,
  type SubmissionResult,
  type TrackingIssueParams,
  type TrackingIssueResult,
  type UriParams,
} from './protocol.js';

/**
 * The client's commands ask the engine through these requests; the answers are data and edits.
 * `folders` are the workspace folders (the KEPs view and the report cover their repositories);
 * `handling` wraps each handler (the server tells its checker about every message handled).
 */
export function registerRequests(
  connection: Connection,
  engine: Engine,
  uris: Uris,
  version: (p: string) => number | null,
  docsUrl: (id: string) => string,
  folders: () => string[],
  handling: <P, R>(fn: (params: P) => R) => (params: P) => R,
): void {
  const edit = (edits: FileEdit[]) => toWorkspaceEdit([{ title: '', edits }], uris, version);
  /** The path a request is about; a URI that names no file is the client's mistake, answered as a Failure. */
  const pathOf = (uri: string): string => {
    const p = uris.toPath(uri);
    if (p === undefined) throw new Error(`${JSON.stringify(uri.slice(0, 80))} is not a file or untitled document.`);
    return p;
  };
  const kepOf = (p: UriParams) => {
    const found = locateKep(engine, pathOf(p.uri));
    if (!found) throw new Error('This file is not part of a KEP (a folder holding kep.yaml under keps/).');
    return found;
  };
  /** Registers a request; errors thrown by the engine become a Failure the client shows. */
  const on = <P, R>(method: string, fn: (p: P) => R): void => {
    const handler = (params: P): R | Failure => {
      try {
        return fn(params);
      } catch (err) {
        // Messages meant for the user are plain Errors; anything else is a bug worth a log line.
        if (err instanceof TypeError || err instanceof RangeError || !(err instanceof Error)) connection.console.error(`${method} failed: ${(err as Error).stack ?? String(err)}`);
        return { error: (err as Error).message };
      }
    };
    connection.onRequest(method, handling(handler) as (params: unknown) => unknown);
  };

  on<UriParams, ChecklistResult | null>(Requests.checklist, (p) => {
    const file = uris.toPath(p.uri);
    const c = file === undefined ? undefined : checklistFor(engine, file);
    if (!c) return null;
    const loc = (l: { path: string; range: Range }): Location => ({ uri: uris.toUri(l.path), range: l.range });
    return {
      uri: uris.toUri(c.file),
      kind: c.kind,
      ...(c.title ? { title: c.title } : {}),
      summary: c.summary,
      ...(c.description ? { description: c.description } : {}),
      groups: c.groups.map((g) => ({
        id: g.id,
        label: g.label,
        items: g.items.map((i) => ({
          id: i.id,
          label: i.label,
          state: i.state,
          required: i.required,
          ...(i.detail ? { detail: i.detail } : {}),
          ...(i.location ? { location: loc(i.location) } : {}),
          ...(i.fix ? { fix: { title: i.fix.title, edit: edit(i.fix.edits) } } : {}),
          ...(i.box ? { box: loc(i.box) } : {}),
        })),
      })),
    };
  });

  // New KEP's SIG list comes from the repository it creates the KEP in.
  const kepRepository = (folder: string) => {
    const root = engine.findRepositories(folder)[0];
    return root ? engine.repository(root) : undefined;
  };

  on<UriParams, SigsResult>(Requests.sigs, (p) => {
    const folder = pathOf(p.uri);
    const repo = kepRepository(folder) ?? engine.repositoryFor(folder);
    return { groups: repo.registry.groups.map((g) => ({ dir: g.dir, name: groupTitle(g), kind: g.kind })) };
  });

  on<UriParams, ReleasesResult>(Requests.releases, (p) => {
    const { repo, kep } = kepOf(p);
    const upcoming = repo.view(new Set()).upcomingMinor();
    return { nextStage: upcomingStage(kep), ...(kep.stage ? { currentStage: kep.stage } : {}), releases: releaseChoices(upcoming) };
  });

  on<NewKepParams, NewKepResult>(Requests.newKep, (p) => {
    const repo = kepRepository(pathOf(p.uri));
    if (!repo) throw new Error('No KEP repository (a folder holding keps/) here.');
    const created = newKep(repo, { title: p.title, owningSig: p.owningSig, authors: p.authors, ...(p.number ? { number: p.number } : {}) });
    return { edit: edit(created.edits), kepYaml: uris.toUri(created.kepYaml), readme: uris.toUri(created.readme) };
  });

  on<PromoteParams, PromoteResult>(Requests.promote, (p) => {
    const { repo, kep } = kepOf(p);
    if (!isStage(p.stage)) throw new Error(`"${p.stage}" is not a stage.`);
    const promotion = promoteKep(repo, kep, p.stage, p.release);
    return { edit: edit(promotion.edits), changes: promotion.changes };
  });

  on<RenumberParams, RenumberResult>(Requests.renumber, (p) => {
    const { repo, kep } = kepOf(p);
    return { edit: edit(renumberKep(repo, kep, p.number)) };
  });

  on<TrackingIssueParams, TrackingIssueResult>(Requests.trackingIssue, (p) => {
    const { repo, kep } = kepOf(p);
    const draft = trackingIssueDraft(repo, kep, p.target);
    return { ...draft, ...(kep.number && /^\d+$/.test(kep.number) ? { number: kep.number } : {}) };
  });

  on<SubmissionParams, SubmissionResult>(Requests.submission, (p) => {
    const file = pathOf(p.uri);
    const plan = (): Submission => {
      const found = locateKep(engine, file);
      if (found) return kepSubmission(found.repo, found.kep);
      const repo = engine.repositoryFor(file);
      const proposal = repo.proposal(file);
      if (!proposal) throw new Error('This file is not a proposal KEP Studio knows (a KEP, or a document of a kind it recognises).');
      return proposalSubmission(repo, proposal.doc, proposal.recognition);
    };
    const untitled = p.uri.startsWith('untitled:');
    const s = untitled && p.text !== undefined ? engine.sources.withText(file, p.text, plan) : plan();
    if (s.route === 'manual') return s;
    if (untitled && s.route === 'pull-request') throw new Error(`This ${s.kind.name} is not saved yet: a pull request commits files, so save it in its repository first.`);
    const errors = s.errors.map((e) => ({ uri: uris.toUri(e.path), diagnostic: toDiagnostic(e, uris, docsUrl) }));
    return s.route === 'issue' ? { ...s, errors } : { ...s, errors, files: s.files.map((f) => uris.toUri(f)) };
  });

  on<UriParams, KindsResult>(Requests.kinds, (p) => {
    const repo = engine.repositoryFor(pathOf(p.uri));
    return {
      kinds: repo.kinds.map((k) => ({
        id: k.id,
        name: k.name,
        ...(k.description ? { description: k.description } : {}),
        own: !('builtIn' in k.origin),
        ...(k.submission ? { route: k.submission.route } : {}),
        fileName: `${k.snippet?.prefix ?? k.id}.${k.format === 'markdown' ? 'md' : 'rst'}`,
        createdWith: k.recognisers.some((r) => r.layout) ? 'newKep' : 'newProposal',
      })),
    };
  });

  on<NewProposalParams, NewProposalResult>(Requests.newProposal, (p) => {
    const file = pathOf(p.uri);
    const kind = engine.repositoryFor(file).kinds.find((k) => k.id === p.kind);
    if (!kind) throw new Error(`There is no proposal kind "${p.kind}" here.`);
    if (kind.recognisers.some((r) => r.layout)) throw new Error(`A ${kind.name} is created with New KEP.`);
    if (engine.sources.fs.stat(file)) throw new Error(`${path.basename(file)} exists already; choose another name.`);
    return { edit: edit([{ kind: 'create', path: file, content: scaffold(kind, p.project) }]) };
  });

  const repositories = () => [...new Set(folders().flatMap((f) => engine.findRepositories(f)))].map((r) => engine.repository(r));

  const summary = ({ kep, readiness }: QueryRow): KepSummary => ({
    uri: uris.toUri(kepEntryFile(kep)),
    kepYaml: uris.toUri(kep.path),
    ...(kep.number ? { number: kep.number } : {}),
    ...(kep.title ? { title: kep.title } : {}),
    ...(kep.owningSig ? { owningSig: kep.owningSig } : {}),
    ...(kep.status ? { status: kep.status } : {}),
    ...(kep.stage ? { stage: kep.stage } : {}),
    ...(kep.latestMilestone ? { latestMilestone: kep.latestMilestone } : {}),
    ...(readiness?.release ? { readiness: { release: readiness.release, stage: readiness.stage, open: readiness.open.map((i) => i.label) } } : {}),
  });
  // Statuses in process order, any other after them.
  const statusOrder = (s: string): number => {
    const i = (STATUSES as readonly string[]).indexOf(s);
    return i === -1 ? STATUSES.length : i;
  };

  on<KepsParams, KepsResult>(Requests.keps, (p) => {
    const repos = repositories();
    // The release in progress of the first repository: one release for the whole view.
    const inProgress = repos[0] && releaseInProgress(repos[0].view(new Set()));
    const release = p.query.release !== undefined ? queryRelease(p.query.release) : inProgress;
    // "Not ready" without a release means not ready for the release in progress.
    const query = p.query.ready !== undefined && release ? { ...p.query, release } : p.query;
    const rows = repos.flatMap((repo) => queryKeps(repo, query, release));
    const groups: KepsResult['groups'] = [];
    for (const row of rows) {
      const sig = row.kep.owningSig ?? '';
      const status = row.kep.status ?? '';
      let g = groups.find((x) => x.sig === sig);
      if (!g) groups.push((g = { sig, statuses: [] }));
      let s = g.statuses.find((x) => x.status === status);
      if (!s) g.statuses.push((s = { status, keps: [] }));
      s.keps.push(summary(row));
    }
    for (const g of groups) g.statuses.sort((a, b) => statusOrder(a.status) - statusOrder(b.status) || (a.status < b.status ? -1 : 1));
    const sigs = [...new Set(repos.flatMap((r) => r.allKeps().flatMap((k) => (k.owningSig && !k.isTemplate ? [k.owningSig] : []))))].sort();
    return { ...(release ? { release } : {}), groups, sigs, releases: releaseChoices(repos[0]?.view(new Set()).upcomingMinor() ?? 999) };
  });

  on<ReportParams, ReportResult>(Requests.report, (p) => {
    const repos = repositories();
    if (!repos.length) throw new Error('No KEP repository (a folder holding keps/) in this workspace.');
    const release = p.release ?? releaseInProgress(repos[0]!.view(new Set()));
    if (!release) throw new Error('No release is in progress (no KEP has a latest-milestone): set kepStudio.upcomingRelease.');
    // The report is for pasting into GitHub: its rule links are the published pages.
    const reports = repos.map((repo) => releaseReport(repo, release, p.sigs));
    return { release: reports[0]!.release, markdown: reports.map((r) => renderReport(r, 'markdown', (id) => ruleDocUrl(id))).join('\n') };
  });
}
