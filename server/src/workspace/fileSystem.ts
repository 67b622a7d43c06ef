import * as fs from 'node:fs';
import * as nodePath from 'node:path';

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
  /**
   * Reads a regular file, at most `maxBytes` + 1 bytes (so an oversized file is detected without
   * loading it). Anything else (a FIFO, a socket, a device, a folder) is refused with the reason,
   * and so is a file whose real path is not inside the folder `within` (a symbolic link out of a
   * repository is not followed).
   */
  readFile(path: string, maxBytes: number, within?: string): ReadResult;
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
  readFile(path, maxBytes, within) {
    let fd: number | undefined;
    try {
      // Opening a FIFO blocks until a writer comes, and a device may never end: look first.
      const refused = notRegular(fs.statSync(path)) ?? (within !== undefined ? outside(path, within) : undefined);
      if (refused) return { ok: false, error: refused, missing: false };
      // Non-blocking, in case the file was replaced by a FIFO since: it is then refused below.
      fd = fs.openSync(path, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
      const stat = fs.fstatSync(fd);
      const swapped = notRegular(stat);
      if (swapped) return { ok: false, error: swapped, missing: false };
      const buf = Buffer.allocUnsafe(Math.min(stat.size, maxBytes) + 1);
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

/** Why a file that is not a regular file is not read, or undefined for a regular file. */
function notRegular(s: fs.Stats): string | undefined {
  if (s.isFile()) return undefined;
  const what = s.isDirectory()
    ? 'a folder'
    : s.isFIFO()
      ? 'a named pipe (FIFO)'
      : s.isSocket()
        ? 'a socket'
        : s.isCharacterDevice() || s.isBlockDevice()
          ? 'a device'
          : 'not a file';
  return `it is ${what}, not a regular file`;
}

/** Why `file` is not read as part of `root`: its real path (symbolic links resolved) lies elsewhere. */
function outside(file: string, root: string): string | undefined {
  const real = fs.realpathSync(file);
  const base = fs.realpathSync(root);
  if (real === base || real.startsWith(base.endsWith(nodePath.sep) ? base : base + nodePath.sep)) return undefined;
  return 'it is a symbolic link (or lies in a linked folder) that leads outside the repository, and such links are not followed';
}
