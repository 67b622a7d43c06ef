import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { MarkdownAnalysis } from '../parse/markdownDoc.js';

/**
 * Markdown analyses of earlier runs, keyed by a hash of the file's text, in the user's cache
 * folder (never in the repository). Parsing markdown is most of a cold check; this makes a
 * re-run over unchanged files cheap. Entries not used by a run are dropped when it saves.
 */
export class AnalysisCache {
  private readonly used = new Map<string, MarkdownAnalysis>();
  private dirty = false;

  private constructor(
    private readonly file: string | undefined,
    private readonly stored: Record<string, MarkdownAnalysis>,
  ) {}

  static disabled(): AnalysisCache {
    return new AnalysisCache(undefined, {});
  }

  /** Opens the cache of one repository for this engine version; a damaged file is ignored. */
  static open(root: string, engineVersion: string): AnalysisCache {
    const dir = process.env['KEP_STUDIO_CACHE_DIR'] ?? path.join(process.env['XDG_CACHE_HOME'] ?? path.join(os.homedir(), '.cache'), 'kep-studio');
    const file = path.join(dir, `markdown-${hash(`${engineVersion}\0${root}`).slice(0, 16)}.json`);
    let stored: Record<string, MarkdownAnalysis> = {};
    try {
      const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: string; entries?: Record<string, MarkdownAnalysis> };
      if (parsed.version === engineVersion && parsed.entries) stored = parsed.entries;
    } catch {
      // No cache yet, or unreadable: start empty.
    }
    return new AnalysisCache(file, stored);
  }

  get(text: string): MarkdownAnalysis | undefined {
    if (!this.file) return undefined;
    const key = hash(text);
    const hit = this.stored[key];
    if (hit) this.used.set(key, hit);
    return hit;
  }

  set(text: string, analysis: MarkdownAnalysis): void {
    if (!this.file) return;
    this.used.set(hash(text), analysis);
    this.dirty = true;
  }

  /** Writes the entries this run used; failures only cost the next run its speed. */
  save(engineVersion: string): void {
    if (!this.file || (!this.dirty && this.used.size === Object.keys(this.stored).length)) return;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify({ version: engineVersion, entries: Object.fromEntries(this.used) }));
      fs.renameSync(tmp, this.file);
    } catch {
      // A read-only home or a full disk must not fail the check.
    }
  }
}

function hash(s: string): string {
  return createHash('sha1').update(s).digest('hex');
}
