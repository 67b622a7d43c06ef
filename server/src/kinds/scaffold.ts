import { headingText } from './analysis.js';
import { ProposalDoc } from './document.js';
import type { Kind, Section } from './kind.js';
import { fill, issueFrontMatter, sectionTitle } from './titles.js';

/**
 * A new document of a kind: its upstream template when KEP Studio embeds one, else its title,
 * metadata and sections (each with its description as a comment), in the kind's markup. An
 * issue draft starts with front matter holding its title and labels.
 */
export function scaffold(kind: Kind, project = '$PROJECT'): string {
  const vars = { project };
  const route = kind.submission;
  let out = '';
  if (route?.route === 'issue' && kind.format === 'markdown') {
    // What the document cannot tell yet stays visible: `KEP-<number> - <title>`.
    const issueTitle = fill(route.title ?? '{title}', vars).replace(/\{([^{}]+)\}/g, '<$1>');
    out += issueFrontMatter(issueTitle, route.labels ?? []);
  }
  if (kind.template) return out + withoutFrontMatter(kind.template).replace(/\$PROJECT\b/g, project).replace(/^\s+/, '');
  const metadata = kind.metadata;
  const fields = metadata ? metadata.fields.filter((f) => metadata.schema.required?.includes(f)) : [];
  if (metadata?.style === 'header-fields') out += `${fields.map((f) => `${f}: \n`).join('')}\n`;
  if (metadata?.style === 'bullet-fields') out += `${fields.map((f) => `- ${f}: \n`).join('')}\n`;
  const title = kind.snippet?.title ?? (route?.route !== 'issue' ? kind.titleForm?.example : undefined);
  if (title) out += `# ${fill(title, vars)}\n\n`;
  const comment = (text: string): string => (kind.format === 'markdown' ? `<!-- ${text} -->` : `.. ${text}`);
  const doc = new ProposalDoc('(scaffold)', '', kind.format);
  const section = (s: Section, level: number): string => {
    let text = headingText(doc, level, sectionTitle(s.title, vars)) + '\n';
    if (s.description) text += `${comment(s.description)}\n\n`;
    if (metadata?.style === 'key-lines' && metadata.section?.test(s.title)) text += `${metadata.fields.map((f) => `- ${f}: \n`).join('')}\n`;
    return text + s.children.map((c) => section(c, c.level ?? level + 1)).join('');
  };
  return out + kind.shapes[0]!.sections.map((s) => section(s, s.level ?? (kind.format === 'markdown' ? 2 : 1))).join('');
}

function withoutFrontMatter(text: string): string {
  const m = /^---\r?\n[\s\S]*?\r?\n---[ \t]*\r?\n/.exec(text);
  return m ? text.slice(m[0].length) : text;
}

/** Stands for the project's name while a snippet is built (a private-use character: JSON keeps it). */
const SENTINEL = '\uE000';

/** The kind's scaffold as a VS Code snippet body: `$PROJECT` becomes one mirrored placeholder. */
function snippetBody(kind: Kind): string[] {
  const text = scaffold(kind, SENTINEL);
  return text
    .replace(/[\\$}]/g, (c) => `\\${c}`)
    .replaceAll(SENTINEL, '${1:PROJECT}')
    .split('\n');
}

/** The snippets file of the built-in kinds with a snippet, for one markup (snippets/*.code-snippets). */
export function kindSnippets(kinds: readonly Kind[], format: Kind['format']): Record<string, { prefix: string; description: string; body: string[] }> {
  const out: Record<string, { prefix: string; description: string; body: string[] }> = {};
  for (const k of kinds) {
    if (!k.snippet || k.format !== format) continue;
    out[k.name] = { prefix: k.snippet.prefix, description: `A new ${k.name}${k.source ? `, from ${k.source}` : ''}`, body: snippetBody(k) };
  }
  return out;
}
