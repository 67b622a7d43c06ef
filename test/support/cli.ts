import { spawnSync } from 'node:child_process';
import { cliPath } from './paths.js';

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built CLI (dist/cli.cjs) as users do. A run that hangs is killed after `timeoutMs`
 * (five minutes by default; its status is then null): tests of bad input fail on a hang instead of stalling CI.
 */
export function runCli(args: string[], cwd: string, env: Record<string, string> = {}, timeoutMs = 300_000): CliRun {
  const r = spawnSync(process.execPath, [cliPath, ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 256 * 1024 * 1024, timeout: timeoutMs });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface JsonReport {
  version: number;
  files: number;
  problems: Array<{
    file: string;
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    severity: string;
    code: string;
    message: string;
  }>;
}

export function runJson(args: string[], cwd: string): { status: number | null; report: JsonReport; stderr: string } {
  const r = runCli(['check', '--format', 'json', ...args], cwd);
  return { status: r.status, report: JSON.parse(r.stdout) as JsonReport, stderr: r.stderr };
}
