/**
 * The requests KEP Studio's server answers beyond LSP, shared with the VS Code client (which
 * imports only these names and types). Locations are URIs; edits are LSP WorkspaceEdits.
 */
import type { Diagnostic, Range, WorkspaceEdit } from 'vscode-languageserver-types';

export const Requests = {
  checklist: 'kepStudio/checklist',
  sigs: 'kepStudio/sigs',
  releases: 'kepStudio/releases',
  newKep: 'kepStudio/newKep',
  promote: 'kepStudio/promote',
  renumber: 'kepStudio/renumber',
  trackingIssue: 'kepStudio/trackingIssue',
  submission: 'kepStudio/submission',
} as const;

export interface UriParams {
  uri: string;
}

export interface Location {
  uri: string;
  range: Range;
}

export interface ChecklistResult {
  kepUri: string;
  title?: string;
  number?: string;
  status?: string;
  stage: string;
  release?: string;
  signoff: Array<{ text: string; checked: boolean; required: boolean; depth: number; location: Location }>;
  readiness: Array<{ id: string; label: string; state: 'done' | 'todo'; detail?: string; location?: Location; fix?: { title: string; edit: WorkspaceEdit } }>;
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

export interface TrackingIssueParams extends UriParams {
  target: { kind: 'kubernetes' | 'containerd'; repository: string };
}

export interface TrackingIssueResult {
  repository: string;
  title: string;
  body: string;
  labels: string[];
  search: string;
  /** kep-number when it is an issue number already. */
  number?: string;
}

export interface SubmissionResult {
  errors: Array<{ uri: string; diagnostic: Diagnostic }>;
  files: string[];
  branch: string;
  commitMessage: string;
  title: string;
  body: string;
  labels: string[];
  /** The repository root (the Git working tree). */
  root: string;
}

/** A request that cannot be done; the client shows the message and changes nothing. */
export interface Failure {
  error: string;
}
