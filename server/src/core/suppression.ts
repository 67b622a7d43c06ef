/**
 * Inline suppression comments, the same words in every file type:
 *   kep-studio-disable [rule ...]            until kep-studio-enable (or the end of the file)
 *   kep-studio-enable [rule ...]
 *   kep-studio-disable-line [rule ...]       this line
 *   kep-studio-disable-next-line [rule ...]  the next line
 *   kep-studio-disable-file [rule ...]       the whole file
 * written as `# ...` in YAML, `<!-- ... -->` in markdown and `.. ...` in reStructuredText.
 * Without rule ids: every rule.
 */
export type CommentSyntax = 'yaml' | 'markdown' | 'rst';

export function commentSyntaxOf(path: string): CommentSyntax {
  return /\.(?:md|markdown)$/i.test(path) ? 'markdown' : /\.rst$/i.test(path) ? 'rst' : 'yaml';
}

type Verb = 'disable' | 'enable' | 'disable-line' | 'disable-next-line' | 'disable-file';

interface Directive {
  verb: Verb;
  line: number;
  /** Empty: all rules. */
  rules: string[];
}

const PATTERNS: Record<CommentSyntax, RegExp> = {
  yaml: /#\s*kep-studio-(disable-next-line|disable-line|disable-file|disable|enable)\b([^\n]*)/g,
  markdown: /<!--\s*kep-studio-(disable-next-line|disable-line|disable-file|disable|enable)\b([\s\S]*?)-->/g,
  rst: /^\.\.[ \t]+kep-studio-(disable-next-line|disable-line|disable-file|disable|enable)\b([^\n]*)/gm,
};

export class Suppressions {
  private constructor(private readonly directives: Directive[]) {}

  static none = new Suppressions([]);

  static parse(text: string, syntax: CommentSyntax): Suppressions {
    if (!text.includes('kep-studio-')) return Suppressions.none;
    const directives: Directive[] = [];
    const re = new RegExp(PATTERNS[syntax].source, PATTERNS[syntax].flags);
    let line = 0;
    let lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      for (let i = text.indexOf('\n', lastIndex); i !== -1 && i < m.index; i = text.indexOf('\n', i + 1)) line++;
      lastIndex = m.index;
      const rules = m[2]!
        .split(/[\s,]+/)
        .map((r) => r.trim())
        .filter((r) => /^[a-z0-9-]+\/[a-z0-9-]+$/.test(r));
      // A multi-line markdown comment applies "next line" to the line after it ends.
      const endLine = line + (m[0].match(/\n/g)?.length ?? 0);
      directives.push({ verb: m[1] as Verb, line: m[1] === 'disable-next-line' ? endLine : line, rules });
    }
    return new Suppressions(directives);
  }

  isSuppressed(ruleId: string, line: number): boolean {
    let disabled = false;
    const matches = (d: Directive): boolean => d.rules.length === 0 || d.rules.includes(ruleId);
    for (const d of this.directives) {
      if (!matches(d)) continue;
      switch (d.verb) {
        case 'disable-file':
          return true;
        case 'disable-line':
          if (d.line === line) return true;
          break;
        case 'disable-next-line':
          if (d.line + 1 === line) return true;
          break;
        case 'disable':
          if (d.line <= line) disabled = true;
          break;
        case 'enable':
          if (d.line <= line) disabled = false;
          break;
      }
    }
    return disabled;
  }
}
