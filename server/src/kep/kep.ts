import * as path from 'node:path';
import { FILE_START, type Range } from '../core/problem.js';
import type { YamlView } from '../parse/yamlView.js';
import type { KepLocation } from '../workspace/layout.js';
import type { Source } from '../workspace/source.js';
import type { KepYaml } from './kepYaml.js';
import { decodeProblems, type DecodeFinding } from '../metadata/schemaValidation.js';
import { CLOSED_STATUSES, parseMilestone } from './process.js';

/** One KEP: where its files are and its metadata as kepval decodes it. */
export class Kep {
  constructor(
    readonly location: KepLocation,
    readonly source: Source,
    /** Undefined when kep.yaml cannot be read as text (binary, too large, unreadable). */
    readonly yaml: KepYaml | undefined,
    readonly kepsDir: string,
  ) {}

  get dir(): string {
    return this.location.dir;
  }

  get path(): string {
    return this.location.kepYamlPath;
  }

  get view(): YamlView | undefined {
    return this.yaml?.view;
  }

  /** The metadata parses as a YAML mapping (no syntax error): the fields below are meaningful. */
  get decoded(): boolean {
    return !!this.yaml && this.yaml.view.model.errors.every((e) => e.kind === 'duplicate-key') && !!this.yaml.view.root;
  }

  /** Problems kepval's strict decode and `required` validation find (see decodeProblems). */
  get decodeProblems(): DecodeFinding[] {
    return (this._decodeProblems ??= this.yaml ? decodeProblems(this.yaml.view, 'kep') : []);
  }
  private _decodeProblems: DecodeFinding[] | undefined;

  /** Stages with a planned release in `milestone` (a version, not TBD, empty or 0.0). */
  plannedStages(): string[] {
    return this.milestoneStages().filter((s) => {
      const v = this.view!.string(`/milestone/${s}`)!;
      const parsed = parseMilestone(v);
      return !('error' in parsed) && parsed.major + parsed.minor > 0;
    });
  }

  /** latest-milestone names a release (kepval's old KEPs use 0.0 for none). */
  get targetsRelease(): boolean {
    const v = this.latestMilestone;
    if (!v) return false;
    const parsed = parseMilestone(v);
    return !('error' in parsed) && parsed.major + parsed.minor > 0;
  }

  str(key: string): string | undefined {
    const v = this.view?.string(key);
    return v === undefined || v === '' ? undefined : v;
  }

  list(key: string): string[] {
    return this.view?.list(key) ?? [];
  }

  get number(): string | undefined {
    return this.str('kep-number');
  }
  get title(): string | undefined {
    return this.str('title');
  }
  get owningSig(): string | undefined {
    return this.str('owning-sig');
  }
  get status(): string | undefined {
    return this.str('status');
  }
  get stage(): string | undefined {
    return this.str('stage');
  }
  get latestMilestone(): string | undefined {
    return this.str('latest-milestone');
  }

  /** Stages with a non-empty `milestone.<stage>` entry. */
  milestoneStages(): string[] {
    const m = this.view?.get('milestone');
    if (!m || typeof m !== 'object' || Array.isArray(m)) return [];
    return Object.entries(m as Record<string, unknown>)
      .filter(([, v]) => typeof v === 'string' && v.trim() !== '')
      .map(([k]) => k);
  }

  /** The folder name relative to keps/, e.g. `sig-node/4960-container-stop-signals`. */
  get relativeDir(): string {
    return path.relative(this.kepsDir, this.dir).split(path.sep).join('/');
  }

  /** Leading digits of the folder name (`0752` for `0752-endpointslices`). */
  get folderNumber(): string | undefined {
    return /^(\d+)-/.exec(path.basename(this.dir))?.[1];
  }

  /** The first folder under keps/ (`sig-node`, `provider-aws`). */
  get sigFolder(): string {
    return this.relativeDir.split('/')[0]!;
  }

  /** keps/NNNN-kep-template: validated by kepval like a KEP, but guidance does not apply to it. */
  get isTemplate(): boolean {
    return this.relativeDir === 'NNNN-kep-template';
  }

  /** The KEP is no longer pursued (deferred, rejected, withdrawn, replaced). */
  get closed(): boolean {
    return CLOSED_STATUSES.has(this.status ?? '');
  }

  range(key: string): Range {
    return this.view ? this.view.valueRange(key) : FILE_START;
  }
}
