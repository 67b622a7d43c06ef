import type { Kep } from '../kep/kep.js';
import type { OwnersAliases, OwnersFile } from '../kep/owners.js';
import type { MarkdownDoc } from '../parse/markdownDoc.js';
import type { YamlView } from '../parse/yamlView.js';
import type { SigRegistry } from '../registry/sigRegistry.js';
import type { Layout } from './layout.js';
import type { Source, SourceKind } from './source.js';

/** The KEP template the repository's KEPs follow, with its block keys (text that is boilerplate). */
export interface TemplateInfo {
  doc: MarkdownDoc;
  boilerplate: ReadonlySet<string>;
}

/**
 * What a rule may read besides its own KEP or file. Every read is recorded as a dependency of
 * the check, so the language server knows what to re-check when something changes.
 */
export interface RepositoryView {
  readonly root: string;
  readonly kepsDir: string;
  readonly layout: Layout;
  readonly registry: SigRegistry;
  /** Minor number of the release in progress (config `upcomingRelease`, else the highest latest-milestone). */
  upcomingMinor(): number;
  source(path: string, kind: SourceKind): Source;
  markdown(path: string): MarkdownDoc | undefined;
  yaml(path: string): YamlView | undefined;
  owners(path: string): OwnersFile | undefined;
  ownersAliases(): { path: string; aliases: OwnersAliases } | undefined;
  kepsByNumber(number: string): Kep[];
  kepAt(dir: string): Kep | undefined;
  template(): TemplateInfo;
}
