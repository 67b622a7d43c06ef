import { execFileSync } from 'node:child_process';
import { copyCorpusKep, makeTempRepo, type TempRepo } from './tempRepo.js';

/** Git with a fixed identity and no user or system configuration, for temporary repositories. */
const GIT_ENV = { GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.com', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...GIT_ENV }, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Two real KEPs the git tests use. */
export const KEP_A = 'keps/sig-node/4960-container-stop-signals';
export const KEP_B = 'keps/sig-node/4205-psi-metric';

/**
 * A KEP repository in git whose `main` has one commit (`base`) holding the KEPs A and B, with B
 * already broken (an unknown key, an error); then the branch `branch` is checked out.
 */
export function kepGitRepo(branch: string): { repo: TempRepo; base: string } {
  const repo = makeTempRepo();
  copyCorpusKep(repo, 'sig-node/4960-container-stop-signals');
  copyCorpusKep(repo, 'sig-node/4205-psi-metric');
  repo.write(`${KEP_B}/kep.yaml`, repo.read(`${KEP_B}/kep.yaml`).replace('creation-date:', 'creation_date:'));
  git(repo.root, 'init', '-q', '-b', 'main');
  git(repo.root, 'add', '-A');
  git(repo.root, 'commit', '-q', '-m', 'base');
  const base = git(repo.root, 'rev-parse', 'HEAD').trim();
  git(repo.root, 'checkout', '-q', '-b', branch);
  return { repo, base };
}
