import { RE2JS } from 're2js';

/**
 * Regular expressions of kind definitions. A repository can define kinds, so its patterns are
 * untrusted input: they run on RE2 (re2js), whose matching time is linear in the input — no
 * backtracking, so no catastrophic patterns — and only on bounded inputs (a title, a line).
 * Built-in kinds use the same engine, so a pattern means the same wherever it is written.
 */
export class Pattern {
  private constructor(
    readonly source: string,
    private readonly re: RE2JS,
    private readonly caseSensitive: boolean,
  ) {}

  /**
   * Kind patterns are case-insensitive unless they start with `(?-i)`; metadata schema patterns
   * are case-sensitive, as JSON Schema's are.
   */
  static compile(source: string, options: { caseSensitive?: boolean } = {}): Pattern {
    if (source.length > MAX_PATTERN_LENGTH) throw new PatternError(`is longer than ${MAX_PATTERN_LENGTH} characters`);
    let re: RE2JS;
    try {
      re = RE2JS.compile(source, options.caseSensitive ? 0 : RE2JS.CASE_INSENSITIVE);
    } catch (err) {
      throw new PatternError(`is not a valid RE2 pattern (${(err as Error).message})`);
    }
    // The program size bounds the work per input character (and the memory of the DFA).
    if (re.programSize() > MAX_PROGRAM_SIZE) throw new PatternError(`is too complex (RE2 program size ${re.programSize()} > ${MAX_PROGRAM_SIZE})`);
    return new Pattern(source, re, options.caseSensitive ?? false);
  }

  /** Pattern source that matches `text` literally. */
  static quote(text: string): string {
    return RE2JS.quote(text);
  }

  /** Ajv keys the patterns it compiles by this text: it must tell patterns apart. */
  toString(): string {
    return `/${this.source}/${this.caseSensitive ? '' : 'i'}`;
  }

  test(input: string): boolean {
    return this.re.test(bound(input));
  }

  /** Tests the whole input, however long: a value a metadata schema validates must match all of it. */
  testWhole(input: string): boolean {
    return this.re.test(input);
  }

  /** Named groups of the first match, or undefined when it does not match. */
  groups(input: string): Record<string, string> | undefined {
    const m = this.re.matcher(bound(input));
    if (!m.find()) return undefined;
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(m.getNamedGroups())) if (value !== null) out[name] = value;
    return out;
  }

  /** Start and end of every match in `input` (which must itself be bounded by the caller). */
  *matches(input: string): Generator<{ start: number; end: number }> {
    const m = this.re.matcher(input);
    for (let from = 0; from <= input.length && m.find(from); ) {
      const start = m.start();
      const end = m.end();
      yield { start, end };
      from = end > start ? end : end + 1;
    }
  }
}

export class PatternError extends Error {}

const MAX_PATTERN_LENGTH = 500;
const MAX_PROGRAM_SIZE = 5000;
/** Titles, headings and lines longer than this are matched on their start only. */
export const MAX_INPUT = 2000;

function bound(input: string): string {
  return input.length > MAX_INPUT ? input.slice(0, MAX_INPUT) : input;
}
