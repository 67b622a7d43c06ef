import { Suppressions, commentSyntaxOf } from '../core/suppression.js';
import type { ProposalFormat } from '../kinds/definition.js';
import { ProposalDoc } from '../kinds/document.js';
import { parseKepYaml, type KepYaml } from '../kep/kepYaml.js';
import { parseOwners, parseOwnersAliases, type OwnersAliases, type OwnersFile } from '../kep/owners.js';
import { SectionCache } from '../parse/markdown.js';
import { MarkdownDoc } from '../parse/markdownDoc.js';
import { parseYaml } from '../parse/yaml.js';
import { YamlView } from '../parse/yamlView.js';
import type { Source } from './source.js';

/**
 * Parsed forms of sources, computed once per source version. A changed file is a new Source
 * object, so entries of old versions are dropped with them.
 */
export class ModelCache {
  /** Parsed markdown sections by text, shared by all documents: an edit re-parses one section. */
  private readonly sections = new SectionCache();
  private readonly kepYamls = new WeakMap<Source, KepYaml>();
  private readonly yamls = new WeakMap<Source, YamlView>();
  private readonly owners = new WeakMap<Source, OwnersFile>();
  private readonly aliases = new WeakMap<Source, OwnersAliases>();
  private readonly markdown = new WeakMap<Source, MarkdownDoc>();
  private readonly suppressions = new WeakMap<Source, Suppressions>();
  private readonly proposals = new WeakMap<Source, ProposalDoc>();

  kepYaml(s: Source): KepYaml {
    return memo(this.kepYamls, s, () => parseKepYaml(s.text));
  }

  yaml(s: Source): YamlView {
    return memo(this.yamls, s, () => new YamlView(parseYaml(s.text)));
  }

  ownersFile(s: Source): OwnersFile {
    return memo(this.owners, s, () => parseOwners(s.text));
  }

  ownersAliases(s: Source): OwnersAliases {
    return memo(this.aliases, s, () => parseOwnersAliases(s.text));
  }

  markdownDoc(s: Source): MarkdownDoc {
    return memo(this.markdown, s, () => new MarkdownDoc(s.path, s.text, this.sections));
  }

  suppressionsOf(s: Source): Suppressions {
    return memo(this.suppressions, s, () => Suppressions.parse(s.text, commentSyntaxOf(s.path)));
  }

  /** How much the cache holds beyond what lives and dies with its sources. */
  sizes(): { sections: number; sectionChars: number } {
    return { sections: this.sections.size, sectionChars: this.sections.weight };
  }

  /** A proposal document of another kind than KEP (markdown or reStructuredText). */
  proposalDoc(s: Source, format: ProposalFormat): ProposalDoc {
    return memo(this.proposals, s, () => new ProposalDoc(s.path, s.text, format, this.sections));
  }
}

function memo<T>(map: WeakMap<Source, T>, key: Source, make: () => T): T {
  let v = map.get(key);
  if (v === undefined) {
    v = make();
    map.set(key, v);
  }
  return v;
}
