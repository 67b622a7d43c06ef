import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError } from './usage.js';

/** Runs git (no shell: arguments are never interpreted); undefined when git exits non-zero. */
function git(cwd: string, args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError('--changed needs git, which is not installed (or not on PATH)');
    return undefined;
  }
}

const verified = (cwd: string, ref: string): boolean => git(cwd, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]) !== undefined;
const names = (out: string): string[] => out.split('\0').filter(Boolean);

/** The default branch: what origin/HEAD points at, else origin/main, origin/master, main, master. */
function defaultBranch(cwd: string): string | undefined {
  const originHead = git(cwd, ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD'])?.trim();
  return [originHead, 'origin/main', 'origin/master', 'main', 'master'].find((r): r is string => !!r && verified(cwd, r));
}

/**
 * The files (absolute paths) that differ from `ref` — default: the merge base of HEAD and the
 * default branch — in commits since, in the index, in the working tree, or untracked (ignored
 * files excepted). Deleted and renamed-away paths are included: the KEP they belonged to changed.
 */
export function changedFiles(cwd: string, ref: string | undefined): Set<string> {
  const top = git(cwd, ['rev-parse', '--show-toplevel'])?.trim();
  if (!top) throw new UsageError(`--changed: ${cwd} is not in a git repository`);
  // git prints the real path; the engine works with the paths as given (a symlinked checkout).
  const root = path.resolve(cwd, path.relative(fs.realpathSync(cwd), top));
  const untracked = names(git(root, ['ls-files', '-z', '--others', '--exclude-standard']) ?? '');
  let base = ref;
  if (base !== undefined) {
    if (!verified(root, base)) throw new UsageError(`--changed: unknown git ref "${base}"`);
  } else if (!verified(root, 'HEAD')) {
    // No commit yet: everything added or present is new.
    return absolute(root, [...names(git(root, ['ls-files', '-z', '--cached']) ?? ''), ...untracked]);
  } else {
    const branch = defaultBranch(root);
    if (!branch) throw new UsageError('--changed: no default branch to compare with (origin/HEAD, origin/main, origin/master, main or master); name the ref: --changed <ref>');
    base = git(root, ['merge-base', 'HEAD', branch])?.trim();
    if (!base) throw new UsageError(`--changed: HEAD and ${branch} have no common commit (a shallow clone needs more history); name the ref: --changed <ref>`);
  }
  const diff = git(root, ['diff', '--name-only', '-z', '--no-renames', base, '--']);
  if (diff === undefined) throw new UsageError(`--changed: git cannot compare the working tree with "${base}"`);
  return absolute(root, [...names(diff), ...untracked]);
}

function absolute(root: string, rel: string[]): Set<string> {
  return new Set(rel.map((r) => path.join(root, r)));
}

/**
 * Takes `--changed`, `--changed=<ref>` and `--changed <ref>` out of the arguments (node's
 * parseArgs has no optional values). The word after a bare `--changed` is its ref unless it is
 * an option, a command or an existing file or folder.
 */
export function takeChanged(argv: readonly string[], cwd: string, commands: readonly string[]): { argv: string[]; changed?: { ref?: string } } {
  const rest: string[] = [];
  let changed: { ref?: string } | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (a.startsWith('--changed=')) changed = { ref: a.slice('--changed='.length) };
    else if (a !== '--changed') rest.push(a);
    else {
      const next = argv[i + 1];
      const isRef = next !== undefined && !next.startsWith('-') && !commands.includes(next) && !fs.existsSync(path.resolve(cwd, next));
      changed = isRef ? { ref: next } : {};
      if (isRef) i++;
    }
  }
  return { argv: rest, ...(changed ? { changed } : {}) };
}
