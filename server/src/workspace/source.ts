import { LruCache } from '../core/lru.js';
import type { FileSystemHost } from './fileSystem.js';

/** Limits that keep one pathological file from stalling a whole check. */
export interface SourceLimits {
  maxYamlBytes: number;
  maxMarkdownBytes: number;
  /** Text of files read from disk kept for the next check, in characters (most recently used first). */
  cachedChars: number;
}

export const DEFAULT_LIMITS: SourceLimits = {
  // The largest real kep.yaml is under 4 KB and the largest README 170 KB.
  maxYamlBytes: 1024 * 1024,
  maxMarkdownBytes: 8 * 1024 * 1024,
  // A whole kubernetes/enhancements checkout is about 40 MB.
  cachedChars: 64 * 1024 * 1024,
};

/** What a cached file costs besides its text, in characters. */
const ENTRY_OVERHEAD = 256;

/** Why a file's text is not available, or is available only in part. */
export interface SourceIssue {
  ruleId: 'file/unreadable' | 'file/too-large' | 'file/binary' | 'file/encoding' | 'kep/yaml-syntax';
  message: string;
  /** The text is still usable (e.g. decoded with replacement characters). */
  usable: boolean;
}

export interface Source {
  path: string;
  exists: boolean;
  /** Text without a byte-order mark, as VS Code shows it. Empty when unusable. */
  text: string;
  issue?: SourceIssue;
  /** Editor version when the text comes from an open document. */
  version?: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });

export function decodeSource(path: string, bytes: Uint8Array, maxBytes: number, kind: SourceKind): Source {
  if (bytes.length > maxBytes) return { path, exists: true, text: '', issue: tooLarge(maxBytes) };
  const probe = bytes.subarray(0, 8192);
  if (probe.includes(0)) {
    return {
      path,
      exists: true,
      text: '',
      issue: { ruleId: 'file/binary', message: 'File looks binary (it contains NUL bytes); it was not checked.', usable: false },
    };
  }
  try {
    return { path, exists: true, text: utf8.decode(bytes) };
  } catch {
    // yaml.v3 refuses invalid UTF-8 ("invalid leading UTF-8 octet"), so CI fails on such metadata.
    return kind === 'yaml'
      ? { path, exists: true, text: '', issue: { ruleId: 'kep/yaml-syntax', message: 'File is not valid UTF-8; YAML parsers (kepval’s yaml.v3 too) reject it.', usable: false } }
      : {
          path,
          exists: true,
          text: lenient.decode(bytes),
          issue: { ruleId: 'file/encoding', message: 'File is not valid UTF-8; invalid bytes were read as U+FFFD.', usable: true },
        };
  }
}

function tooLarge(maxBytes: number): SourceIssue {
  return { ruleId: 'file/too-large', message: `File is larger than ${formatBytes(maxBytes)}; it was not checked.`, usable: false };
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round(n / (1024 * 1024))} MB` : `${Math.round(n / 1024)} KB`;
}

/** Markdown and reStructuredText are prose ('markdown' limits); everything else is YAML. */
export type SourceKind = 'yaml' | 'markdown';

export function sourceKindOf(path: string): SourceKind {
  return /\.(?:md|markdown|rst)$/i.test(path) ? 'markdown' : 'yaml';
}

/**
 * Reads files once and keeps them, with open editor documents layered on top. Each change
 * produces a new Source object, so parse caches can key on object identity.
 */
export class SourceStore {
  /** Files read from disk, by path: the most recently used, within `limits.cachedChars`. */
  private readonly cache: LruCache<string, Source>;
  private readonly overlays = new Map<string, Source>();

  /**
   * `rootOf` names the repository a file belongs to: a file is read only when its real path is
   * inside it, so a symbolic link cannot make a repository's check print a file from elsewhere.
   */
  constructor(
    readonly fs: FileSystemHost,
    readonly limits: SourceLimits = DEFAULT_LIMITS,
    private readonly rootOf: (path: string) => string | undefined = () => undefined,
  ) {
    this.cache = new LruCache(limits.cachedChars, (_, s) => s.text.length + ENTRY_OVERHEAD);
  }

  get(path: string, kind: SourceKind): Source {
    const open = this.overlays.get(path);
    if (open) return open;
    let s = this.cache.get(path);
    if (!s) {
      s = this.read(path, kind);
      // A missing file costs nothing to look for again, and requests and edits name any number of them.
      if (s.exists) this.cache.set(path, s);
    }
    return s;
  }

  /**
   * Text of an open document; it replaces the disk copy until `closeDocument`. The size limits
   * apply as to files (a character counts as a byte here): a huge open file is not parsed.
   */
  openDocument(path: string, text: string, version: number): Source {
    const max = sourceKindOf(path) === 'markdown' ? this.limits.maxMarkdownBytes : this.limits.maxYamlBytes;
    const s: Source =
      text.length > max
        ? { path, exists: true, text: '', version, issue: tooLarge(max) }
        : { path, exists: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, version };
    this.overlays.set(path, s);
    return s;
  }

  closeDocument(path: string): void {
    this.overlays.delete(path);
  }

  /** How much the store holds, for the `kepStudio/debug/caches` request. */
  sizes(): { files: number; fileChars: number; openDocuments: number } {
    return { files: this.cache.size, fileChars: this.cache.weight, openDocuments: this.overlays.size };
  }

  /**
   * Runs `fn` with `text` as the document at `path`, then puts back what was there: for a request
   * about a document the editor has not sent (yet), such as an issue draft just opened.
   */
  withText<T>(path: string, text: string, fn: () => T): T {
    const before = this.overlays.get(path);
    this.openDocument(path, text, before?.version ?? 0);
    try {
      return fn();
    } finally {
      if (before) this.overlays.set(path, before);
      else this.overlays.delete(path);
    }
  }

  isOpen(path: string): boolean {
    return this.overlays.has(path);
  }

  /** Forget the disk copy (the file changed or was deleted on disk). */
  invalidate(path: string): void {
    this.cache.delete(path);
  }

  private read(path: string, kind: SourceKind): Source {
    const max = kind === 'yaml' ? this.limits.maxYamlBytes : this.limits.maxMarkdownBytes;
    const r = this.fs.readFile(path, max, this.rootOf(path));
    if (!r.ok) {
      return r.missing
        ? { path, exists: false, text: '' }
        : {
            path,
            exists: true,
            text: '',
            issue: { ruleId: 'file/unreadable', message: `File cannot be read: ${r.error}.`, usable: false },
          };
    }
    return decodeSource(path, r.bytes, max, kind);
  }
}
