/**
 * The requests KEP Studio's server answers beyond LSP, shared with the VS Code client (which
 * imports only these names and types). Locations are URIs; edits are LSP WorkspaceEdits.
 */
import type { Diagnostic, Range, WorkspaceEdit } from 'vscode-languageserver-types';
import type { KepQuery } from '../query/query.js';
import type { IssueDraft } from '../workflows/trackingIssue.js';

export const Requests = {
  checklist: 'kepStudio/checklist',
  sigs: 'kepStudio/sigs',
  releases: 'kepStudio/releases',
  newKep: 'kepStudio/newKep',
  promote: 'kepStudio/promote',
  renumber: 'kepStudio/renumber',
  trackingIssue: 'kepStudio/trackingIssue',
  submission: 'kepStudio/submission',
  kinds: 'kepStudio/kinds',
  newProposal: 'kepStudio/newProposal',
  /** Sizes of what the server keeps (files, parsed sections, checks, dependencies): for diagnosing memory. */
  caches: 'kepStudio/debug/caches',
  keps: 'kepStudio/keps',
  report: 'kepStudio/report',
} as const;

export const Notifications = {
  /** The user trusted the workspace: kinds its configuration defines may now be used. */
  trusted: 'kepStudio/workspaceTrusted',
  /** Server → client: files of the repositories changed on disk (after the server has read the change). */
  kepsChanged: 'kepStudio/kepsChanged',
} as const;

export interface UriParams {
  uri: string;
}

export interface Location {
  uri: string;
  range: Range;
}

/** A line of the checklist view; `box` is a `[ ]`/`[x]` in the document the view ticks. */
export interface ChecklistItem {
  id: string;
  label: string;
  state: 'done' | 'todo';
  required: boolean;
  detail?: string;
  location?: Location;
  fix?: { title: string; edit: WorkspaceEdit };
  box?: Location;
}

/** What a proposal (a KEP, or another kind) still needs. */
export interface ChecklistResult {
  /** The file the view's title opens. */
  uri: string;
  kind: { id: string; name: string };
  title?: string;
  summary: string;
  description?: string;
  groups: Array<{ id: string; label: string; items: ChecklistItem[] }>;
}

export interface SigsResult {
  groups: Array<{ dir: string; name: string; kind: string }>;
}

export interface ReleasesResult {
  /** The stage a Promote would move the KEP to, and the releases to offer (the upcoming one first). */
  nextStage: string;
  currentStage?: string;
  releases: string[];
}

export interface NewKepParams {
  /** A file or folder inside the repository. */
  uri: string;
  title: string;
  owningSig: string;
  authors: string[];
  number?: string;
}

export interface NewKepResult {
  edit: WorkspaceEdit;
  kepYaml: string;
  readme: string;
}

export interface PromoteParams extends UriParams {
  stage: string;
  release: string;
}

export interface PromoteResult {
  edit: WorkspaceEdit;
  changes: string[];
}

export interface RenumberParams extends UriParams {
  number: string;
}

export interface RenumberResult {
  edit: WorkspaceEdit;
}

export interface TrackingIssueParams extends UriParams {
  /** A tracking-issue kind (kubernetes-enhancement-issue, containerd-kep-tracking-issue) and, optionally, another repository. */
  target: { kind: string; repository?: string };
}

/** The engine's draft, and kep-number when it is an issue number already. */
export type TrackingIssueResult = IssueDraft & { number?: string };

/** The proposal to submit. */
export interface SubmissionParams extends UriParams {
  /** An untitled draft's text (the client may not have synchronised it yet); ignored for files. */
  text?: string;
}

/** Where Submit Proposal takes the proposal `uri`, per its kind's route. */
export type SubmissionResult =
  | {
      route: 'pull-request';
      kind: { id: string; name: string };
      errors: Array<{ uri: string; diagnostic: Diagnostic }>;
      files: string[];
      repository: string;
      branch: string;
      commitMessage: string;
      title: string;
      body: string;
      labels: string[];
    }
  | {
      route: 'issue';
      kind: { id: string; name: string };
      errors: Array<{ uri: string; diagnostic: Diagnostic }>;
      /** Required checklist items not done yet. */
      open: string[];
      repository: string;
      title: string;
      body: string;
      labels: string[];
      assignees: string[];
    }
  | { route: 'manual'; kind: { id: string; name: string }; instructions: string; url?: string };

export interface KindsResult {
  kinds: Array<{
    id: string;
    name: string;
    description?: string;
    /** Defined by the repository's .kep-studio.yaml. */
    own: boolean;
    route?: 'issue' | 'pull-request' | 'manual';
    /** A file name for a new document of the kind. */
    fileName: string;
    /** A KEP is a folder New KEP creates; other kinds are one file New Proposal creates. */
    createdWith: 'newKep' | 'newProposal';
  }>;
}

export interface NewProposalParams {
  /** The file to create. */
  uri: string;
  kind: string;
  project?: string;
}

export interface NewProposalResult {
  edit: WorkspaceEdit;
}

/** Entry counts and sizes by cache name. */
export type CachesResult = Record<string, number>;
/** The KEPs of the workspace's repositories that pass the filters (as `kep-studio query` takes them). */
export interface KepsParams {
  query: KepQuery;
}

export interface KepsResult {
  /** The release whose readiness the KEPs show: the query's, else the release in progress. */
  release?: string;
  /** The KEPs by owning SIG, then by status (in process order). */
  groups: Array<{ sig: string; statuses: Array<{ status: string; keps: KepSummary[] }> }>;
  /** For the filters: every owning SIG of the repositories' KEPs, and releases to offer (the one in progress first). */
  sigs: string[];
  releases: string[];
}

export interface KepSummary {
  /** The file that opens the KEP: its README.md, else its kep.yaml. */
  uri: string;
  kepYaml: string;
  number?: string;
  title?: string;
  owningSig?: string;
  status?: string;
  stage?: string;
  latestMilestone?: string;
  /** For a KEP that targets the release: its readiness (the labels of its open items). */
  readiness?: { release: string; stage: string; open: string[] };
}

export interface ReportParams {
  /** Default: the release in progress. */
  release?: string;
  sigs?: string[];
}

export interface ReportResult {
  release: string;
  markdown: string;
}

/** A request that cannot be done; the client shows the message and changes nothing. */
export interface Failure {
  error: string;
}
