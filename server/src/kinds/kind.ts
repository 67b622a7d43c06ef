import { Ajv, type ValidateFunction } from 'ajv';
import type { ChecklistItemDefinition, FieldsSchema, KindDefinition, MetadataStyle, ProposalFormat, SectionDefinition, SubmissionDefinition } from './definition.js';
import { isHttpsUrl } from '../core/url.js';
import { escapePointer } from '../parse/yaml.js';
import { compileGlob } from './glob.js';
import { Pattern, PatternError, type PatternBudget } from './pattern.js';
import { normalizeTitle } from '../core/titles.js';

/** Where a kind comes from: shipped with KEP Studio, or a repository's configuration file. */
export type KindOrigin = { builtIn: true } | { config: string };

/** A kind ready to use: patterns, globs and the metadata schema compiled. */
export interface Kind {
  id: string;
  name: string;
  description?: string;
  source?: string;
  format: ProposalFormat;
  origin: KindOrigin;
  recognisers: Recogniser[];
  excluded(relativePath: string): boolean;
  /** The title's form; `example` may say `{project}`. */
  titleForm?: { pattern: Pattern; example: string };
  /** Named groups (project, level…) read from the title. */
  variables?: Pattern;
  metadata?: Metadata;
  shapes: Shape[];
  ordered: boolean;
  placeholders: Array<{ pattern: Pattern; message: string }>;
  emptyMarkers: string[];
  checklists: Checklist[];
  submission?: SubmissionDefinition;
  tracking: string[];
  /** Built-in kinds: the upstream template's text. */
  template?: string;
  /** A repository's kinds: what their patterns may cost (see PatternBudget). */
  budget?: PatternBudget;
  snippet?: { prefix: string; title?: string };
  definition: KindDefinition;
}

/** Evidence is weighed in this order across kinds (lower first). */
export const TIERS = ['frontMatter', 'title', 'firstLines', 'headings', 'path'] as const;

export interface Recogniser {
  /** Index in TIERS of its strongest condition (the layout recogniser has none). */
  tier: number;
  layout?: 'kep';
  path?: (relativePath: string) => boolean;
  title?: Pattern;
  frontMatter?: Array<[string, Pattern]>;
  firstLines?: Pattern;
  headings?: { patterns: Pattern[]; atLeast: number };
}

export interface Metadata {
  style: MetadataStyle;
  section?: Pattern;
  ordered: boolean;
  enforcedBy?: string;
  schema: FieldsSchema;
  /** Field names in schema order. */
  fields: string[];
  /** The schema compiled (on first use). */
  validator(): ValidateFunction;
}

export interface Shape {
  id: string;
  name: string;
  sections: Section[];
}

export interface Section {
  id: string;
  title: string;
  level?: number;
  required: boolean;
  inline: boolean;
  description?: string;
  children: Section[];
  parent?: Section;
  /** Whether a heading's plain text names this section (`{name}`s in the title match anything). */
  matchesHeading(title: string): boolean;
  /** Whether a bold label or list item's text names it (inline sections). */
  matchesInline(text: string): boolean;
}

export interface Checklist {
  id: string;
  title: string;
  items: ChecklistItem[];
}

export interface ChecklistItem {
  id: string;
  label: string;
  required: boolean;
  evidence: { task: Pattern } | { mention: Pattern } | { section: string } | { field: string };
  insert?: string;
  in?: string;
}

/** A mistake in a kind definition, at a JSON pointer into it. */
export interface KindProblem {
  pointer: string;
  message: string;
}

/** `budget` meters every pattern of the kind; `ajv` (from metadataAjv) must meter its schema's with the same one. */
export function compileKind(def: KindDefinition, origin: KindOrigin, ajv: Ajv, options: { template?: string; budget?: PatternBudget } = {}): { kind?: Kind; problems: KindProblem[] } {
  const { template, budget } = options;
  const problems: KindProblem[] = [];
  // A pattern or glob a definition gets wrong is reported at its pointer; the rest of the kind still compiles.
  const attempt = <T>(what: string, source: string, pointer: string, make: () => T): T | undefined => {
    try {
      return make();
    } catch (err) {
      if (!(err instanceof PatternError)) throw err;
      problems.push({ pointer, message: `the ${what} ${JSON.stringify(source)} ${err.message}` });
      return undefined;
    }
  };
  const pattern = (source: string, pointer: string, o: { caseSensitive?: boolean } = {}): Pattern | undefined => attempt('pattern', source, pointer, () => Pattern.compile(source, { ...o, ...(budget ? { budget } : {}) }));
  const glob = (source: string, pointer: string): ((p: string) => boolean) | undefined =>
    attempt('glob', source, pointer, () => {
      const compiled = compileGlob(source, budget);
      return (p: string) => compiled.test(p);
    });

  const recognisers = def.recognise.map((r, i): Recogniser => {
    const at = `/recognise/${i}`;
    if (r.layout && !('builtIn' in origin)) problems.push({ pointer: `${at}/layout`, message: 'layout is reserved for the built-in KEP kind' });
    const out: Recogniser = { tier: TIERS.length };
    const tier = (name: (typeof TIERS)[number]): void => void (out.tier = Math.min(out.tier, TIERS.indexOf(name)));
    if (r.layout) out.layout = r.layout;
    if (r.path !== undefined) {
      const g = glob(r.path, `${at}/path`);
      if (g) out.path = g;
      tier('path');
    }
    if (r.title !== undefined) {
      const p = pattern(r.title, `${at}/title`);
      if (p) out.title = p;
      tier('title');
    }
    if (r.firstLines !== undefined) {
      const p = pattern(r.firstLines, `${at}/firstLines`);
      if (p) out.firstLines = p;
      tier('firstLines');
    }
    if (r.frontMatter) {
      out.frontMatter = Object.entries(r.frontMatter).flatMap(([k, v]) => {
        const p = pattern(v, `${at}/frontMatter/${escapePointer(k)}`);
        return p ? [[k, p] as [string, Pattern]] : [];
      });
      tier('frontMatter');
    }
    if (r.headings) {
      out.headings = { patterns: r.headings.patterns.flatMap((p, j) => pattern(p, `${at}/headings/patterns/${j}`) ?? []), atLeast: r.headings.atLeast };
      tier('headings');
    }
    return out;
  });
  const excludes = (def.exclude ?? []).flatMap((g, i) => glob(g, `/exclude/${i}`) ?? []);

  const ids = new Set<string>();
  const section = (s: SectionDefinition, pointer: string, parent?: Section): Section => {
    const id = s.id ?? slug(s.title);
    if (ids.has(id)) problems.push({ pointer, message: `two sections have the id "${id}" (give one an id)` });
    ids.add(id);
    const custom = s.match !== undefined ? pattern(s.match, `${pointer}/match`) : undefined;
    const names = [s.title, ...(s.aliases ?? [])].map((n) => nameMatcher(n, budget));
    const out: Section = {
      id,
      title: s.title,
      ...(s.level !== undefined ? { level: s.level } : {}),
      required: s.required ?? true,
      inline: s.inline ?? false,
      ...(s.description !== undefined ? { description: s.description } : {}),
      children: [],
      ...(parent ? { parent } : {}),
      // An inline section's title is a criterion's wording: a heading may go on after it.
      matchesHeading: (title) => {
        if (custom) return custom.test(title);
        const n = normalizeTitle(title);
        return names.some((m) => (s.inline ? m.starts : m.equals)(n));
      },
      matchesInline: (text) => {
        if (custom) return custom.test(text);
        const n = normalizeTitle(text);
        return names.some((m) => m.starts(n));
      },
    };
    out.children = (s.children ?? []).map((c, i) => section(c, `${pointer}/children/${i}`, out));
    return out;
  };
  const shapes: Shape[] = def.shapes
    ? def.shapes.map((sh, i) => {
        ids.clear();
        return { id: sh.id, name: sh.name, sections: sh.sections.map((s, j) => section(s, `/shapes/${i}/sections/${j}`)) };
      })
    : [{ id: 'default', name: def.name, sections: (def.sections ?? []).map((s, j) => section(s, `/sections/${j}`)) }];
  const sectionIds = new Set(shapes.flatMap((sh) => allSections(sh.sections).map((s) => s.id)));

  let metadata: Metadata | undefined;
  if (def.metadata) {
    const m = def.metadata;
    const schemaProblems = checkSchemaPatterns(m.schema, pattern);
    // Compiling a schema costs milliseconds: a built-in kind's waits for its first document;
    // a repository's kind is compiled now, so a schema ajv refuses is reported with the kind.
    let compiled: ValidateFunction | undefined;
    const validator = (): ValidateFunction => (compiled ??= ajv.compile(m.schema));
    if (!schemaProblems && !('builtIn' in origin)) {
      try {
        validator();
      } catch (err) {
        problems.push({ pointer: '/metadata/schema', message: `the schema cannot be used: ${(err as Error).message}` });
      }
    }
    const sectionPattern = m.section !== undefined ? pattern(m.section, '/metadata/section') : undefined;
    metadata = {
      style: m.style,
      ...(sectionPattern ? { section: sectionPattern } : {}),
      ordered: m.ordered ?? false,
      ...(m.enforcedBy ? { enforcedBy: m.enforcedBy } : {}),
      schema: m.schema,
      fields: Object.keys(m.schema.properties),
      validator,
    };
  }
  const fields = new Set(metadata?.fields ?? []);

  const checklists = (def.checklists ?? []).map((c, i): Checklist => ({
    id: c.id,
    title: c.title,
    items: c.items.flatMap((item, j): ChecklistItem[] => {
      const at = `/checklists/${i}/items/${j}`;
      const evidence = checklistEvidence(item, `${at}/evidence`, pattern, problems, sectionIds, fields);
      if (item.in !== undefined && !sectionIds.has(item.in)) problems.push({ pointer: `${at}/in`, message: `no section has the id "${item.in}"` });
      return evidence
        ? [{ id: item.id, label: item.label, required: item.required ?? true, evidence, ...(item.insert ? { insert: item.insert } : {}), ...(item.in ? { in: item.in } : {}) }]
        : [];
    }),
  }));

  const placeholders = (def.placeholders ?? []).flatMap((p, i) => {
    const compiled = pattern(p.pattern, `/placeholders/${i}/pattern`);
    return compiled ? [{ pattern: compiled, message: p.message ?? 'Template text that must be replaced.' }] : [];
  });
  // Opened in the user's browser after Submit Proposal: a repository must not make that a file or a script.
  const url = def.submission?.url;
  if (url !== undefined && !isHttpsUrl(url)) problems.push({ pointer: '/submission/url', message: `the url ${JSON.stringify(url)} is not an https: URL` });
  const variables = def.variables !== undefined ? pattern(def.variables, '/variables') : undefined;
  const titlePattern = def.titleForm ? pattern(def.titleForm.pattern, '/titleForm/pattern') : undefined;
  if (problems.length) return { problems };
  return {
    problems,
    kind: {
      id: def.id,
      name: def.name,
      ...(def.description ? { description: def.description } : {}),
      ...(def.source ? { source: def.source } : {}),
      format: def.format ?? 'markdown',
      origin,
      recognisers,
      excluded: (p) => excludes.some((g) => g(p)),
      ...(titlePattern ? { titleForm: { pattern: titlePattern, example: def.titleForm!.example } } : {}),
      ...(variables ? { variables } : {}),
      ...(metadata ? { metadata } : {}),
      shapes,
      ordered: def.ordered ?? false,
      placeholders,
      emptyMarkers: def.emptyMarkers ?? [],
      checklists,
      ...(def.submission ? { submission: def.submission } : {}),
      tracking: def.tracking ?? [],
      ...(template !== undefined ? { template } : {}),
      ...(def.snippet ? { snippet: def.snippet } : {}),
      ...(budget ? { budget } : {}),
      definition: def,
    },
  };
}

/** Every section of a tree, parents before children. */
export function allSections(sections: readonly Section[]): Section[] {
  return sections.flatMap((s) => [s, ...allSections(s.children)]);
}

/** A section id from its title. */
function slug(title: string): string {
  return (
    normalizeTitle(title.replace(/\{[^{}]+\}/g, ''))
      .replace(/ /g, '-')
      .slice(0, 60)
      .replace(/-+$/, '') || 'section'
  );
}

/** Matches a normalized heading against a title, where each `{name}` stands for any text. */
function nameMatcher(name: string, budget: PatternBudget | undefined): { equals(normalized: string): boolean; starts(normalized: string): boolean } {
  if (!/\{[^{}]+\}/.test(name)) {
    const n = normalizeTitle(name);
    return { equals: (t) => t === n, starts: (t) => t === n || t.startsWith(`${n} `) };
  }
  // Each {name} is one or more characters of any kind (spaces around it included). The pattern
  // is no longer than the title (letters, digits and spaces quote as themselves; `{x}` becomes
  // `.+`), which kind.schema.json bounds to 300 characters: within Pattern's limits.
  const body = name
    .split(/\{[^{}]+\}/)
    .map((p) => Pattern.quote(normalizeTitle(p)))
    .join('.+');
  const options = budget ? { budget } : {};
  const whole = Pattern.compile(`^${body}$`, options);
  const prefix = Pattern.compile(`^${body}(?: |$)`, options);
  return { equals: (t) => whole.test(t), starts: (t) => prefix.test(t) };
}

/** Patterns in a metadata schema must compile under RE2 too (ajv evaluates them with it). */
function checkSchemaPatterns(schema: FieldsSchema, pattern: (s: string, p: string, o: { caseSensitive: boolean }) => Pattern | undefined): boolean {
  let bad = false;
  for (const [name, field] of Object.entries(schema.properties)) {
    const at = `/metadata/schema/properties/${escapePointer(name)}`;
    for (const [src, where] of [
      [field.pattern, `${at}/pattern`],
      [field.not?.pattern, `${at}/not/pattern`],
      [field.items?.pattern, `${at}/items/pattern`],
    ] as const) {
      if (src !== undefined && !pattern(src, where, { caseSensitive: true })) bad = true;
    }
  }
  return bad;
}

function checklistEvidence(
  item: ChecklistItemDefinition,
  at: string,
  pattern: (s: string, p: string) => Pattern | undefined,
  problems: KindProblem[],
  sectionIds: Set<string>,
  fields: Set<string>,
): ChecklistItem['evidence'] | undefined {
  const e = item.evidence;
  if (e.task !== undefined) {
    const p = pattern(e.task, `${at}/task`);
    return p && { task: p };
  }
  if (e.mention !== undefined) {
    const p = pattern(e.mention, `${at}/mention`);
    return p && { mention: p };
  }
  if (e.section !== undefined) {
    if (!sectionIds.has(e.section)) problems.push({ pointer: `${at}/section`, message: `no section has the id "${e.section}"` });
    return { section: e.section };
  }
  if (e.field !== undefined) {
    if (!fields.has(e.field)) problems.push({ pointer: `${at}/field`, message: `the metadata schema has no field "${e.field}"` });
    return { field: e.field };
  }
  return undefined;
}

/** Ajv for metadata schemas: their `pattern`s run on RE2, like every other pattern of a kind (and on its budget). */
export function metadataAjv(budget?: PatternBudget): Ajv {
  const regExp = Object.assign(
    (source: string) => {
      const p = Pattern.compile(source, { caseSensitive: true, ...(budget ? { budget } : {}) });
      return { test: (value: string) => p.testWhole(value), toString: () => p.toString() };
    },
    { code: 'kep-studio RE2 pattern' },
  );
  return new Ajv({ allErrors: true, strict: true, code: { regExp } });
}
