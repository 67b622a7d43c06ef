import type { Connection } from 'vscode-languageserver';
import type { FileEdit } from '../core/problem.js';
import type { Engine } from '../engine.js';
import { groupTitle } from '../features/describe.js';
import { kepChecklist } from '../workflows/checklist.js';
import { locateKep } from '../workflows/locate.js';
import { newKep } from '../workflows/newKep.js';
import { promoteKep } from '../workflows/promote.js';
import { renumberKep } from '../workflows/renumber.js';
import { isStage, nextStage, releaseChoices } from '../workflows/stages.js';
import { submission } from '../workflows/submission.js';
import { trackingIssueDraft } from '../workflows/trackingIssue.js';
import { toDiagnostic, toWorkspaceEdit, type Uris } from './convert.js';
import {
  Requests,
  type ChecklistResult,
  type Failure,
  type NewKepParams,
  type NewKepResult,
  type PromoteParams,
  type PromoteResult,
  type ReleasesResult,
  type RenumberParams,
  type SigsResult,
  type SubmissionResult,
  type TrackingIssueParams,
  type TrackingIssueResult,
  type UriParams,
} from './protocol.js';

/** The client's commands ask the engine through these requests; the answers are data and edits. */
export function registerRequests(connection: Connection, engine: Engine, uris: Uris, version: (p: string) => number | null, docsUrl: (id: string) => string): void {
  const edit = (edits: FileEdit[]) => toWorkspaceEdit([{ title: '', edits }], uris, version);
  const kepOf = (p: UriParams) => {
    const found = locateKep(engine, uris.toPath(p.uri));
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
    connection.onRequest(method, handler as (params: unknown) => unknown);
  };

  on<UriParams, ChecklistResult | null>(Requests.checklist, (p) => {
      const found = locateKep(engine, uris.toPath(p.uri));
      if (!found) return null;
      const c = kepChecklist(found.repo, found.kep);
      const loc = (l: { path: string; range: ChecklistResult['signoff'][number]['location']['range'] }) => ({ uri: uris.toUri(l.path), range: l.range });
      return {
        kepUri: uris.toUri(found.kep.path),
        ...(c.title ? { title: c.title } : {}),
        ...(c.number ? { number: c.number } : {}),
        ...(c.status ? { status: c.status } : {}),
        stage: c.stage,
        ...(c.release ? { release: c.release } : {}),
        signoff: c.signoff.map((s) => ({ text: s.text, checked: s.checked, required: s.required, depth: s.depth, location: loc({ path: s.path, range: s.box }) })),
        readiness: c.readiness.map((r) => ({
          id: r.id,
          label: r.label,
          state: r.state,
          ...(r.detail ? { detail: r.detail } : {}),
          ...(r.location ? { location: loc(r.location) } : {}),
          ...(r.fix ? { fix: { title: r.fix.title, edit: edit(r.fix.edits) } } : {}),
        })),
      };
  });

  on<UriParams, SigsResult>(Requests.sigs, (p) => {
      const repo = engine.repositoryFor(uris.toPath(p.uri)) ?? engine.repository(engine.findRepositories(uris.toPath(p.uri))[0] ?? uris.toPath(p.uri));
      return { groups: repo.registry.groups.map((g) => ({ dir: g.dir, name: groupTitle(g), kind: g.kind })) };
  });

  on<UriParams, ReleasesResult>(Requests.releases, (p) => {
      const { repo, kep } = kepOf(p);
      const upcoming = repo.view(new Set()).upcomingMinor();
      return { nextStage: kep.stage && isStage(kep.stage) && kep.status === 'provisional' ? kep.stage : nextStage(kep.stage), ...(kep.stage ? { currentStage: kep.stage } : {}), releases: releaseChoices(upcoming) };
  });

  on<NewKepParams, NewKepResult>(Requests.newKep, (p) => {
      const start = uris.toPath(p.uri);
      const root = engine.findRepositories(start)[0];
      if (!root) throw new Error('No KEP repository (a folder holding keps/) here.');
      const created = newKep(engine.repository(root), { title: p.title, owningSig: p.owningSig, authors: p.authors, ...(p.number ? { number: p.number } : {}) });
      return { edit: edit(created.edits), kepYaml: uris.toUri(created.kepYaml), readme: uris.toUri(created.readme) };
  });

  on<PromoteParams, PromoteResult>(Requests.promote, (p) => {
      const { repo, kep } = kepOf(p);
      if (!isStage(p.stage)) throw new Error(`"${p.stage}" is not a stage.`);
      const promotion = promoteKep(repo, kep, p.stage, p.release);
      return { edit: edit(promotion.edits), changes: promotion.changes };
  });

  on<RenumberParams, { edit: ReturnType<typeof edit> }>(Requests.renumber, (p) => {
      const { repo, kep } = kepOf(p);
      return { edit: edit(renumberKep(repo, kep, p.number)) };
  });

  on<TrackingIssueParams, TrackingIssueResult>(Requests.trackingIssue, (p) => {
      const { repo, kep } = kepOf(p);
      const draft = trackingIssueDraft(repo, kep, p.target);
      return { ...draft, ...(kep.number && /^\d+$/.test(kep.number) ? { number: kep.number } : {}) };
  });

  on<UriParams, SubmissionResult>(Requests.submission, (p) => {
      const { repo, kep } = kepOf(p);
      const s = submission(repo, kep);
      return {
        errors: s.errors.map((e) => ({ uri: uris.toUri(e.path), diagnostic: toDiagnostic(e, uris, docsUrl) })),
        files: s.files.map((f) => uris.toUri(f)),
        branch: s.branch,
        commitMessage: s.commitMessage,
        title: s.title,
        body: s.body,
        labels: s.labels,
        root: uris.toUri(repo.root),
      };
  });
}
