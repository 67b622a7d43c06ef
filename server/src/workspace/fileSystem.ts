import * as fs from 'node:fs';

export interface FileStat {
  isFile: boolean;
  isDirectory: boolean;
  isSymbolicLink: boolean;
  size: number;
}

export interface DirEntry {
  name: string;
  isFile: boolean;
  isDirectory: boolean;
  isSymbolicLink: boolean;
}

export type ReadResult = { ok: true; bytes: Uint8Array } | { ok: false; error: string; missing: boolean };

/**
 * The engine's only window on the disk. Synchronous on purpose: rules run over small files and
 * a synchronous model keeps every rule simple; the CLI parallelises the expensive markdown parse
 * separately. The language server layers open documents over it (see SourceStore).
 */
export interface FileSystemHost {
  /** Follows symbolic links (like `find` + `mdtoc` reading a symlinked .md). */
  stat(path: string): FileStat | undefined;
  /** Does not follow symbolic links (like Go's filepath.Walk, which kepval uses). */
  lstat(path: string): FileStat | undefined;
  readDir(path: string): DirEntry[] | { error: string };
  readFile(path: string, maxBytes: number): ReadResult;
}

function toStat(s: fs.Stats): FileStat {
  return { isFile: s.isFile(), isDirectory: s.isDirectory(), isSymbolicLink: s.isSymbolicLink(), size: s.size };
}

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e.code ? `${e.code}: ${e.message}` : String(err);
}

export const nodeFileSystem: FileSystemHost = {
  stat(path) {
    try {
      return toStat(fs.statSync(path));
    } catch {
      return undefined;
    }
  },
  lstat(path) {
    try {
      return toStat(fs.lstatSync(path));
    } catch {
      return undefined;
    }
  },
  readDir(path) {
    try {
      return fs.readdirSync(path, { withFileTypes: true }).map((d) => ({
        name: d.name,
        isFile: d.isFile(),
        isDirectory: d.isDirectory(),
        isSymbolicLink: d.isSymbolicLink(),
      }));
    } catch (err) {
      return { error: describe(err) };
    }
  },
  readFile(path, maxBytes) {
    let fd: number | undefined;
    try {
      fd = fs.openSync(path, 'r');
      const size = fs.fstatSync(fd).size;
      // Read at most maxBytes + 1 so an oversized file is detected without loading it.
      const buf = Buffer.allocUnsafe(Math.min(size, maxBytes) + 1);
      let n = 0;
      for (;;) {
        const r = fs.readSync(fd, buf, n, buf.length - n, null);
        if (r === 0) break;
        n += r;
        if (n === buf.length) break;
      }
      return { ok: true, bytes: buf.subarray(0, n) };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      return { ok: false, error: describe(err), missing: code === 'ENOENT' || code === 'ENOTDIR' };
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  },
};
