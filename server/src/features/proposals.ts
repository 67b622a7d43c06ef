import { CompletionItemKind, type CompletionItem, type Hover, type Position, type Range } from 'vscode-languageserver-types';
import { analyseSections, headingText } from '../kinds/analysis.js';
import type { ProposalDoc } from '../kinds/document.js';
import { allSections, type Kind, type Section } from '../kinds/kind.js';
import { readMetadata, type MetadataRead } from '../kinds/metadata.js';
import { boilerplateOf } from '../kinds/registry.js';
import { displayTitle, sectionTitle, titleVariables } from '../kinds/titles.js';
import type { ProposalFile } from '../workspace/repository.js';

const HEADING_TYPED = /^(#{1,6})(?:[ \t]+(.*))?$/;

/** Sections the proposal lacks while a heading is typed; metadata fields and values in its metadata. */
export function proposalCompletions(p: ProposalFile, position: Position): CompletionItem[] {
  const { doc, recognition } = p;
  const kind = recognition.kind;
  const lineText = doc.index.lineText(position.line);
  const typed = doc.format === 'markdown' ? HEADING_TYPED.exec(lineText.slice(0, position.character)) : null;
  const range: Range = { start: { line: position.line, character: 0 }, end: { line: position.line, character: lineText.length } };
  if (typed) return sectionItems(doc, kind, position, typed[1]!, range);
  if (!kind.metadata) return [];
  const read = readMetadata(doc, kind.metadata);
  return fieldItems(kind, read, lineText, position);
}

function sectionItems(doc: ProposalDoc, kind: Kind, position: Position, hashes: string, range: Range): CompletionItem[] {
  const analysis = analyseSections(doc, kind, boilerplateOf(kind));
  const onLine = (start: number): boolean => doc.index.position(start).line === position.line;
  const present = (s: Section): boolean => {
    const h = analysis.found.get(s)?.heading;
    return !!h && !onLine(h.start);
  };
  const candidates = allSections(analysis.shape.sections).filter((s) => !present(s) && (!s.parent || present(s.parent)));
  const offset = doc.index.offset(position);
  // The section expected here: the first missing one after the last present section above.
  const all = allSections(analysis.shape.sections);
  const lastAbove = [...all].reverse().find((s) => {
    const h = analysis.found.get(s)?.heading;
    return h && h.start < offset && !onLine(h.start);
  });
  const next = candidates.find((s) => !lastAbove || all.indexOf(s) > all.indexOf(lastAbove));
  const vars = titleVariables(doc, kind);
  return candidates.map((s) => {
    const parent = s.parent ? analysis.found.get(s.parent)?.heading : undefined;
    const level = s.level ?? (parent ? parent.level + 1 : 2);
    const newText = headingText(doc, level, sectionTitle(s.title, vars)).replace(/\n$/, '');
    const item: CompletionItem = {
      label: newText,
      kind: CompletionItemKind.Text,
      detail: `${kind.name}${s.required ? '' : ' (optional)'}${s.parent ? `, in “${s.parent.title}”` : ''}`,
      filterText: `${hashes} ${s.title}`,
      sortText: s === next ? '0' : `${s.required ? 1 : 2}${String(all.indexOf(s)).padStart(4, '0')}`,
      textEdit: { range, newText },
    };
    if (s.description) item.documentation = { kind: 'markdown', value: s.description };
    if (s === next) item.preselect = true;
    return item;
  });
}

/** In a metadata line: the fields not written yet (before the colon) or a field's values (after it). */
function fieldItems(kind: Kind, read: MetadataRead, lineText: string, position: Position): CompletionItem[] {
  const metadata = kind.metadata!;
  const here = read.fields.find((f) => f.keyRange.start.line === position.line);
  const colon = lineText.indexOf(':');
  if (here && colon !== -1 && position.character > colon) {
    const spec = metadata.schema.properties[here.name];
    return (spec?.enum ?? []).map((v) => ({
      label: String(v),
      kind: CompletionItemKind.EnumMember,
      textEdit: { range: { start: here.valueRange.start, end: { line: position.line, character: lineText.length } }, newText: String(v) },
    }));
  }
  // On a new line in the metadata (the header's first blank line continues it).
  const inBlock = read.present && position.line >= read.block.start.line && position.line <= read.block.end.line + (metadata.style === 'front-matter' ? -1 : 1);
  if (!inBlock || colon !== -1 || (metadata.style === 'front-matter' && /^---/.test(lineText))) return [];
  const written = new Set(read.fields.map((f) => f.name));
  const required = new Set(metadata.schema.required ?? []);
  const bullet = metadata.style === 'bullet-fields' ? '- ' : '';
  return metadata.fields
    .filter((name) => !written.has(name))
    .map((name, i) => {
      const spec = metadata.schema.properties[name];
      return {
        label: name,
        kind: CompletionItemKind.Field,
        detail: required.has(name) ? 'required' : 'optional',
        ...(spec?.description ? { documentation: { kind: 'markdown' as const, value: spec.description } } : {}),
        sortText: `${required.has(name) ? 0 : 1}${String(i).padStart(3, '0')}`,
        filterText: `${bullet}${name}`,
        textEdit: { range: { start: { line: position.line, character: 0 }, end: { line: position.line, character: lineText.length } }, newText: `${bullet}${name}: ` },
      };
    });
}

/** What a heading or a metadata field is, for the proposal's kind. */
export function proposalHover(p: ProposalFile, position: Position): Hover | undefined {
  const { doc, recognition } = p;
  const kind = recognition.kind;
  const offset = doc.index.offset(position);
  if (kind.metadata) {
    const read = readMetadata(doc, kind.metadata);
    const f = read.fields.find((x) => x.keyRange.start.line === position.line && position.character <= x.keyRange.end.character);
    if (f) {
      const spec = kind.metadata.schema.properties[f.name];
      const required = kind.metadata.schema.required?.includes(f.name);
      const values = spec?.enum ? `\n\nOne of: ${spec.enum.map((v) => `\`${String(v)}\``).join(', ')}.` : '';
      return md(`**${f.name}** (${required ? 'required' : 'optional'}) — ${kind.name}${spec?.description ? `\n\n${spec.description}` : ''}${values}`, f.keyRange);
    }
  }
  const analysis = analyseSections(doc, kind, boilerplateOf(kind));
  for (const [section, found] of analysis.found) {
    const h = found.heading;
    if (!h || offset < h.start || offset > h.end) continue;
    return md(`**${displayTitle(section.title)}** — ${section.required ? 'required' : 'optional'} in a ${kind.name}${section.description ? `\n\n${section.description}` : ''}`, doc.range(h.start, h.end));
  }
  const title = doc.title;
  if (title && position.line === title.range.start.line) {
    return md(`**${kind.name}** (recognised by ${recognition.by === 'association' ? 'an association in the settings' : `its ${recognition.by}`})${kind.description ? `\n\n${kind.description}` : ''}${kind.source ? `\n\nSource: ${kind.source}` : ''}`, title.range);
  }
  return undefined;
}

function md(value: string, range: Range): Hover {
  return { contents: { kind: 'markdown', value }, range };
}
