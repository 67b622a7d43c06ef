import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
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

export type Format = 'text' | 'json' | 'sarif' | 'github';
export const FORMATS: readonly Format[] = ['text', 'json', 'sarif', 'github'];

/** A problem as an output format shows it, read back: file relative to cwd, 1-based line, rule id, message. */
export interface Finding {
  file: string;
  line: number;
  code: string;
  message: string;
}

export interface FormatRun extends CliRun {
  findings: Finding[];
}

/**
 * Runs `check` in every output format and reads each output back into findings: the text lines
 * split at their fields, JSON as is, SARIF URIs resolved against SRCROOT, GitHub annotations
 * unescaped as the runner does. A format that garbles a path or message shows as a difference.
 */
export function checkInEveryFormat(args: string[], cwd: string): Record<Format, FormatRun> {
  const out = {} as Record<Format, FormatRun>;
  for (const f of FORMATS) {
    const r = runCli(['check', '--format', f, ...args], cwd);
    out[f] = { ...r, findings: READERS[f](r.stdout, cwd) };
  }
  return out;
}

const READERS: Record<Format, (stdout: string, cwd: string) => Finding[]> = {
  text: (stdout) =>
    stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => {
        const m = /^(.*):(\d+):\d+ (?:error|warning|information|hint) (\S+) (.*)$/.exec(l);
        if (!m) throw new Error(`not a problem line: ${JSON.stringify(l)}`);
        return { file: m[1]!, line: Number(m[2]), code: m[3]!, message: m[4]! };
      }),
  json: (stdout) => (JSON.parse(stdout) as JsonReport).problems.map((p) => ({ file: p.file, line: p.range.start.line + 1, code: p.code, message: p.message })),
  sarif: (stdout, cwd) => {
    const run = (JSON.parse(stdout) as SarifLog).runs[0]!;
    const base = run.originalUriBaseIds.SRCROOT.uri;
    return run.results.map((r) => {
      const loc = r.locations[0]!.physicalLocation;
      const file = path.relative(cwd, fileURLToPath(new URL(loc.artifactLocation.uri, base))).split(path.sep).join('/');
      return { file, line: loc.region.startLine, code: r.ruleId, message: r.message.text };
    });
  },
  github: (stdout) =>
    stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => {
        const m = /^::(?:error|warning|notice) ([^:]*)::(.*)$/.exec(l);
        if (!m) throw new Error(`not an annotation: ${JSON.stringify(l)}`);
        const props = Object.fromEntries(m[1]!.split(',').map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]));
        // As the runner unescapes, in its order (actions/runner ActionCommand.UnescapeData / UnescapeProperty).
        const data = (s: string): string => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
        const prop = (s: string): string => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
        return { file: prop(props['file']!), line: Number(props['line']), code: prop(props['title']!), message: data(m[2]!) };
      }),
};

interface SarifLog {
  runs: Array<{
    originalUriBaseIds: { SRCROOT: { uri: string } };
    results: Array<{ ruleId: string; message: { text: string }; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }>;
  }>;
}
