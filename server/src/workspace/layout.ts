import * as path from 'node:path';
import type { DirEntry, FileSystemHost } from './fileSystem.js';

/** Where one KEP's files are. */
export interface KepLocation {
  dir: string;
  kepYamlPath: string;
  readmePath?: string;
  ownersPath?: string;
  /** kepval's walk queues this kep.yaml (false only for kep.yaml files hidden by its SkipDir quirk). */
  kepvalChecked: boolean;
}

/** The files of a repository that KEP Studio checks, found the way the upstream tools find them. */
export interface Layout {
  root: string;
  kepsDir: string;
  keps: KepLocation[];
  /** Every `.md` under keps/ (`find keps -name '*.md'`), symbolic links included. */
  markdownFiles: string[];
  /** Paths listed in hack/.notableofcontents. */
  tocExempt: Set<string>;
  /** README.md files in folders kepval expects a kep.yaml in, but which have none. */
  readmesWithoutKep: Set<string>;
  /** PRR approval files: keps/prod-readiness/<sig>/<n>.yaml. */
  prrFiles: string[];
  /** Every OWNERS file under keps/ (the KEP folders' ones are also in their KepLocation). */
  ownersFiles: string[];
  /** Folders that could not be read. */
  unreadable: Array<{ path: string; error: string }>;
}

export const KEPS_DIR = 'keps';
export const PRR_DIR = 'prod-readiness';
export const KEP_FILE = 'kep.yaml';
export const README = 'README.md';

/** True when `dir` holds a `keps/` folder (a repository root). */
export function isRepositoryRoot(fs: FileSystemHost, dir: string): boolean {
  return fs.stat(path.join(dir, KEPS_DIR))?.isDirectory === true;
}

export function discoverLayout(fs: FileSystemHost, root: string): Layout {
  const kepsDir = path.join(root, KEPS_DIR);
  const layout: Layout = {
    root,
    kepsDir,
    keps: [],
    markdownFiles: [],
    tocExempt: readTocExempt(fs, root),
    readmesWithoutKep: new Set(),
    prrFiles: [],
    ownersFiles: [],
    unreadable: [],
  };
  // A repository of other proposals has no keps/: nothing to walk (and nothing unreadable).
  if (fs.stat(kepsDir)?.isDirectory === true) walk(fs, kepsDir, layout, true);
  return layout;
}

function readTocExempt(fs: FileSystemHost, root: string): Set<string> {
  const r = fs.readFile(path.join(root, 'hack', '.notableofcontents'), 1024 * 1024, root);
  if (!r.ok) return new Set();
  return new Set(
    new TextDecoder()
      .decode(r.bytes)
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => path.join(root, l)),
  );
}

/**
 * One pass that serves every upstream check: kepval's filepath.Walk (byte-ordered entries,
 * symbolic links not followed, `prod-readiness` skipped, and its SkipDir-after-kep.yaml quirk),
 * the node-approvers scan (every kep.yaml) and verify-toc's `find keps -name '*.md'`.
 * `kepvalSees` is false inside folders kepval never reaches because of that quirk.
 */
function walk(fs: FileSystemHost, dir: string, layout: Layout, kepvalSees: boolean): void {
  const entries = sortedEntries(fs, dir, layout);
  const kep: KepLocation | undefined = isFileLike(fs, dir, entries.find((e) => e.name === KEP_FILE))
    ? { dir, kepYamlPath: path.join(dir, KEP_FILE), kepvalChecked: false }
    : undefined;
  if (kep) layout.keps.push(kep);
  let sees = kepvalSees;
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory) {
      // kepval skips every folder named prod-readiness; PRR files are read through their KEP.
      if (e.name === PRR_DIR) walkPrr(fs, full, layout);
      else walk(fs, full, layout, sees);
      continue;
    }
    if (!isFileLike(fs, dir, e)) continue;
    if (e.name.endsWith('.md')) layout.markdownFiles.push(full);
    if (e.name === 'OWNERS') layout.ownersFiles.push(full);
    if (kep && e.name === KEP_FILE) {
      kep.kepvalChecked = sees;
      // filepath.SkipDir returned for a file skips the rest of its folder in kepval's walk.
      sees = false;
    } else if (kep && e.name === README) kep.readmePath = full;
    else if (kep && e.name === 'OWNERS') kep.ownersPath = full;
    else if (!kep && sees && e.name === README && dir !== layout.kepsDir) layout.readmesWithoutKep.add(full);
  }
}

/** Inside a prod-readiness folder: markdown (for the TOC check) and, at keps/prod-readiness/<sig>/, PRR files. */
function walkPrr(fs: FileSystemHost, dir: string, layout: Layout): void {
  const prrTop = path.join(layout.kepsDir, PRR_DIR);
  for (const e of sortedEntries(fs, dir, layout)) {
    const full = path.join(dir, e.name);
    if (e.isDirectory) {
      walkPrr(fs, full, layout);
      continue;
    }
    if (!isFileLike(fs, dir, e)) continue;
    if (e.name.endsWith('.md')) layout.markdownFiles.push(full);
    else if (e.name.endsWith('.yaml') && path.dirname(dir) === prrTop && path.basename(dir) !== 'template') layout.prrFiles.push(full);
  }
}

function sortedEntries(fs: FileSystemHost, dir: string, layout: Layout): DirEntry[] {
  const listing = fs.readDir(dir);
  if (!Array.isArray(listing)) {
    layout.unreadable.push({ path: dir, error: listing.error });
    return [];
  }
  // Go sorts names byte-wise; for UTF-16 strings of ASCII names that is code-unit order.
  return [...listing].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Anything but a folder counts, as `find` lists it and kepval opens it: a FIFO or a socket named
 * kep.yaml is a KEP whose kep.yaml cannot be read (reading refuses it with the reason). A
 * symbolic link counts when it points at something that is not a folder (kepval's os.Stat
 * follows it).
 */
function isFileLike(fs: FileSystemHost, dir: string, e: DirEntry | undefined): boolean {
  if (!e || e.isDirectory) return false;
  if (!e.isSymbolicLink) return true;
  const target = fs.stat(path.join(dir, e.name));
  return target !== undefined && !target.isDirectory;
}
