import { RE2JS } from 're2js';

/**
 * Regular expressions of kind definitions. A repository can define kinds, so its patterns are
 * untrusted input: they run on RE2 (re2js), whose matching time is linear in the input — no
 * backtracking, so no catastrophic patterns — and only on bounded inputs (a title, a line).
 * Linear is not cheap: the time per character grows with the program size, so the patterns a
 * repository writes also draw on a PatternBudget. Built-in kinds use the same engine, so a
 * pattern means the same wherever it is written.
 */
export class Pattern {
  private constructor(
    readonly source: string,
    private readonly re: RE2JS,
    private readonly caseSensitive: boolean,
    private readonly budget: PatternBudget | undefined,
  ) {}

  /**
   * Kind patterns are case-insensitive unless they start with `(?-i)`; metadata schema patterns
   * are case-sensitive, as JSON Schema's are.
   */
  static compile(source: string, options: { caseSensitive?: boolean; budget?: PatternBudget } = {}): Pattern {
    if (source.length > MAX_PATTERN_LENGTH) throw new PatternError(`is longer than ${MAX_PATTERN_LENGTH} characters`);
    let re: RE2JS;
    try {
      re = RE2JS.compile(source, options.caseSensitive ? 0 : RE2JS.CASE_INSENSITIVE);
    } catch (err) {
      throw new PatternError(`is not a valid RE2 pattern (${(err as Error).message})`);
    }
    // The program size bounds the work per input character (and the memory of the DFA).
    if (re.programSize() > MAX_PROGRAM_SIZE) throw new PatternError(`is too complex (RE2 program size ${re.programSize()} > ${MAX_PROGRAM_SIZE})`);
    return new Pattern(source, re, options.caseSensitive ?? false, options.budget);
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
    const text = bound(input);
    return this.affords(text.length) && this.re.test(text);
  }

  /** Tests the whole input, however long: a value a metadata schema validates must match all of it. */
  testWhole(input: string): boolean {
    return this.affords(input.length) && this.re.test(input);
  }

  /** Named groups of the first match, or undefined when it does not match. */
  groups(input: string): Record<string, string> | undefined {
    const text = bound(input);
    if (!this.affords(text.length)) return undefined;
    const m = this.re.matcher(text);
    if (!m.find()) return undefined;
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(m.getNamedGroups())) if (value !== null) out[name] = value;
    return out;
  }

  /** Start and end of every match in `input` (which must itself be bounded by the caller). */
  *matches(input: string): Generator<{ start: number; end: number }> {
    const m = this.re.matcher(input);
    // Each search may scan to the end of the input.
    for (let from = 0; from <= input.length && this.affords(input.length - from) && m.find(from); ) {
      const start = m.start();
      const end = m.end();
      yield { start, end };
      from = end > start ? end : end + 1;
    }
  }

  /**
   * Charges scanning `characters` to the budget; false once it is spent (the pattern then
   * matches nothing, and its kind is dropped: see PatternBudget).
   */
  private affords(characters: number): boolean {
    return this.budget?.charge(characters * this.re.programSize()) ?? true;
  }
}

export class PatternError extends Error {}

/**
 * The work a repository's patterns (a kind's, or its associations' globs) may cause, counted as
 * characters scanned × RE2 program size: a bound of the steps RE2's NFA takes, known before
 * running, so the outcome does not depend on the machine. The allowance is per document (each
 * version of it) and per run (the command line's run, a round of checks in the language
 * server). Once either is exceeded, every pattern under the budget matches nothing, and the
 * repository drops what owns it and says why, once.
 */
export class PatternBudget {
  /** Why the budget is spent, once it is. */
  exceeded: string | undefined;
  private spent = 0;
  private readonly perDocument = new WeakMap<object, number>();
  private document: { key: object; name: string } | undefined;

  constructor(private readonly limits: { document: number; run: number } = PATTERN_BUDGET) {}

  /** Work from here on is for this document (`key` stands for one version of it; `name` is for the message). */
  startDocument(key: object, name: string): void {
    if (this.document?.key !== key) this.document = { key, name };
  }

  /** A new run: its allowance starts again (the documents' allowances do not). */
  startRun(): void {
    this.spent = 0;
  }

  /** Adds `units` of work; false when the budget is (now) spent. */
  charge(units: number): boolean {
    if (this.exceeded !== undefined) return false;
    this.spent += units;
    const doc = this.document;
    const here = doc ? (this.perDocument.get(doc.key) ?? 0) + units : 0;
    if (doc) this.perDocument.set(doc.key, here);
    if (doc && here > this.limits.document) this.exceeded = `its patterns need more than ${steps(this.limits.document)} on ${doc.name}`;
    else if (this.spent > this.limits.run) this.exceeded = `its patterns need more than ${steps(this.limits.run)} in one run`;
    return this.exceeded === undefined;
  }
}

/**
 * In units of characters × program size, which cost RE2 between 0.1 and 50 ns each. The built-in
 * kinds, were they a repository's, would spend at most 7 million on a document of the corpus
 * (cncf/toc's largest due diligence, 50 KB, about 140 per character) and 290 million on a run
 * over its 370 PEPs; a pattern of the largest program size allowed spends 5000 per character.
 */
const PATTERN_BUDGET = { document: 20_000_000, run: 1_000_000_000 };

function steps(units: number): string {
  return `${units.toLocaleString('en-US')} steps (characters scanned × RE2 program size)`;
}

const MAX_PATTERN_LENGTH = 500;
const MAX_PROGRAM_SIZE = 5000;
/** Titles, headings and lines longer than this are matched on their start only. */
export const MAX_INPUT = 2000;

function bound(input: string): string {
  return input.length > MAX_INPUT ? input.slice(0, MAX_INPUT) : input;
}
