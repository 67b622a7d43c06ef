import { Pattern, PatternError, type PatternBudget } from './pattern.js';

/**
 * Path globs of kind definitions (`designs/*.md`, `**\/projects/*\/*-dd.md`), compiled to RE2 like
 * every other pattern a repository can write. Glob libraries compile to JavaScript regular
 * expressions (with lookaheads RE2 refuses), where a glob such as `*a*a*a*a*b` backtracks
 * polynomially; this translation has no such case.
 *
 *   **\/   any number of folders        *    any text within one path segment
 *   ?     one character but `/`        [a-z], [!a-z]   a character class
 *   {a,b} either alternative (nested globs allowed)
 *
 * Globs match whole paths, relative to the repository root, with `/` separators.
 */
export function compileGlob(glob: string, budget?: PatternBudget): Pattern {
  // Bounded before translating: brace groups nest by recursion.
  if (glob.length > MAX_GLOB_LENGTH) throw new PatternError(`is longer than ${MAX_GLOB_LENGTH} characters`);
  const source = `^${translate(glob, 0, false).source}$`;
  try {
    return Pattern.compile(source, { caseSensitive: true, ...(budget ? { budget } : {}) });
  } catch (err) {
    throw err instanceof PatternError ? new PatternError(`is too complex to match (its pattern ${err.message})`) : err;
  }
}

const MAX_GLOB_LENGTH = 300;

/** Why a glob cannot be used, or undefined when it can. */
export function globProblem(glob: string): string | undefined {
  try {
    compileGlob(glob);
    return undefined;
  } catch (err) {
    if (err instanceof PatternError) return err.message;
    throw err;
  }
}

/** Translates from `i` up to the end (or, in a brace group, up to its `,` or `}`). */
function translate(glob: string, start: number, inBraces: boolean): { source: string; end: number } {
  let out = '';
  let i = start;
  while (i < glob.length) {
    const c = glob[i]!;
    if (inBraces && (c === ',' || c === '}')) return { source: out, end: i };
    if (c === '*' && glob[i + 1] === '*') {
      const atSegmentStart = i === 0 || glob[i - 1] === '/';
      if (atSegmentStart && glob[i + 2] === '/') {
        out += '(?:[^/]*/)*';
        i += 3;
      } else {
        out += '.*';
        i += 2;
      }
    } else if (c === '*') {
      out += '[^/]*';
      i++;
    } else if (c === '?') {
      out += '[^/]';
      i++;
    } else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close === -1) throw new PatternError(`has an unclosed [ at ${i + 1}`);
      let body = glob.slice(i + 1, close);
      if (body.startsWith('!')) body = `^${body.slice(1)}`;
      out += `[${body.replace(/[\\\]]/g, '\\$&')}]`;
      i = close + 1;
    } else if (c === '{') {
      const alternatives: string[] = [];
      let j = i + 1;
      for (;;) {
        const part = translate(glob, j, true);
        alternatives.push(part.source);
        if (part.end >= glob.length) throw new PatternError(`has an unclosed { at ${i + 1}`);
        j = part.end + 1;
        if (glob[part.end] === '}') break;
      }
      out += `(?:${alternatives.join('|')})`;
      i = j;
    } else {
      out += Pattern.quote(c);
      i++;
    }
  }
  return { source: out, end: i };
}
