/**
 * A seeded generator of malformed inputs: real files of the corpus (kep.yaml, READMEs, OWNERS,
 * PRR approval files, OWNERS_ALIASES, a configuration, proposals of other kinds) mutated the ways
 * hostile or broken files are: byte flips, truncation, recursive and nested aliases, merge keys,
 * deep and mixed nesting, huge key counts, invalid UTF-8, NUL, BOM, CRLF and CR, long lines,
 * and special files (FIFO, folder, a symbolic link out of the repository, a device).
 * The same seed gives the same inputs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { corpusDir, enhancementsDir } from '../support/paths.js';
import { corpusKepDirs } from '../support/tempRepo.js';

export type Target = 'kep.yaml' | 'README.md' | 'OWNERS' | 'prr' | 'OWNERS_ALIASES' | 'config' | 'sigs.yaml' | 'proposal';
export type Special = 'fifo' | 'folder' | 'link-out' | 'device';

export interface FuzzInput {
  id: number;
  target: Target;
  /** The corpus file it started from. */
  source: string;
  mutations: string[];
  content: Buffer | { special: Special };
}

/** mulberry32: small, fast and good enough to pick mutations. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Mutation = (text: Buffer, rnd: Rng, target: Target) => Buffer;

class Rng {
  constructor(readonly next: () => number) {}
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
}

const isYaml = (t: Target): boolean => t !== 'README.md' && t !== 'proposal';
const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');

/** Inserts `piece` at the start of a random line. */
function atLine(text: Buffer, piece: Buffer, rnd: Rng): Buffer {
  const starts = [0];
  for (let i = text.indexOf(10); i !== -1; i = text.indexOf(10, i + 1)) starts.push(i + 1);
  const at = rnd.pick(starts);
  return Buffer.concat([text.subarray(0, at), piece, text.subarray(at)]);
}

function aliasBomb(rnd: Rng): string {
  const width = rnd.int(5, 10);
  let s = `b0: &b0 [${Array(width).fill('"lol"').join(', ')}]\n`;
  for (let i = 1; i < rnd.int(6, 12); i++) s += `b${i}: &b${i} [${Array(width).fill(`*b${i - 1}`).join(', ')}]\n`;
  return s;
}

function mergeBomb(rnd: Rng): string {
  let s = 'm0: &m0 {a: 1}\n';
  for (let i = 1; i < rnd.int(6, 12); i++) s += `m${i}: &m${i}\n  <<: [${Array(rnd.int(4, 9)).fill(`*m${i - 1}`).join(', ')}]\n`;
  return s;
}

/** Text that nests `depth` levels in one of the ways YAML or markdown can. */
function nesting(rnd: Rng, target: Target): string {
  const depth = rnd.int(100, 3_000);
  if (isYaml(target)) {
    return rnd.pick([
      () => `deep: ${'['.repeat(depth)}\n`,
      () => `deep: ${'{a: '.repeat(depth)}\n`,
      () => `deep:\n${'- '.repeat(depth)}x\n`,
      () => `${'a: '.repeat(depth)}x\n`,
      () => `deep:\n${Array.from({ length: Math.min(depth, 1_200) }, (_, i) => `${' '.repeat(i + 1)}k${i}:`).join('\n')} x\n`,
      () => `deep:\n${'  - '.repeat(depth / 2)}${'['.repeat(depth / 2)}\n`,
    ])();
  }
  return rnd.pick([
    () => `${'> '.repeat(depth)}x\n`,
    () => `${'> - '.repeat(depth)}x\n`,
    () => `${'- > 1. '.repeat(depth / 3)}x\n`,
    () => `${Array.from({ length: Math.min(depth, 1_500) }, (_, i) => `${' '.repeat(2 * i)}- item`).join('\n')}\n`,
    () => `${'*'.repeat(depth)}x${'_'.repeat(depth)}\n`,
    () => `${'<div>'.repeat(depth)}\n`,
    () => `${'['.repeat(depth)}x${']('.repeat(depth)}\n`,
  ])();
}

const MUTATIONS: Record<string, { weight: number; apply: Mutation }> = {
  'byte flips': {
    weight: 6,
    apply: (t, rnd) => {
      const out = Buffer.from(t);
      for (let i = rnd.int(1, 12); i > 0 && out.length; i--) out[rnd.int(0, out.length - 1)] = rnd.int(0, 255);
      return out;
    },
  },
  truncation: { weight: 4, apply: (t, rnd) => t.subarray(0, rnd.int(0, t.length)) },
  'recursive alias': {
    weight: 4,
    apply: (t, rnd, target) =>
      isYaml(target)
        ? atLine(t, utf8(rnd.pick(['x-r: &r [*r]\n', 'x-r: &r {k: *r}\n', 'x-r: &r\n  <<: *r\n', '  - &r [*r]\n', 'x-r: &r [1, {a: [*r]}]\n'])), rnd)
        : Buffer.concat([utf8('---\ntitle: &r [*r]\n---\n'), t]),
  },
  'nested aliases': {
    weight: 2,
    apply: (t, rnd, target) => (isYaml(target) ? Buffer.concat([t, utf8(aliasBomb(rnd))]) : Buffer.concat([utf8(`---\n${aliasBomb(rnd)}---\n`), t])),
  },
  'merge keys': {
    weight: 3,
    apply: (t, rnd, target) => {
      const merge = rnd.pick(['x-b: &b {a: 1}\nx-m:\n  <<: *b\n  c: 2\n', 'x-m:\n  <<: [*nothing, {a: 1}]\n', 'x-m:\n  <<: 3\n', mergeBomb(rnd)]);
      return isYaml(target) ? Buffer.concat([t, utf8(merge)]) : Buffer.concat([utf8(`---\n${merge}---\n`), t]);
    },
  },
  'deep nesting': { weight: 4, apply: (t, rnd, target) => atLine(t, utf8(nesting(rnd, target)), rnd) },
  'huge key count': {
    weight: 1,
    apply: (t, rnd, target) => {
      const keys = Array.from({ length: rnd.int(2_000, 20_000) }, (_, i) => `k${i}: v`).join('\n');
      return isYaml(target) ? Buffer.concat([t, utf8(`\n${keys}\n`)]) : Buffer.concat([utf8(`---\n${keys}\n---\n`), t]);
    },
  },
  'invalid UTF-8': { weight: 2, apply: (t, rnd) => atLine(t, Buffer.from(rnd.pick([[0xc3, 0x28], [0xff, 0xfe], [0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]])), rnd) },
  NUL: { weight: 1, apply: (t, rnd) => atLine(t, Buffer.from([0]), rnd) },
  BOM: { weight: 2, apply: (t) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), t]) },
  CRLF: { weight: 2, apply: (t) => Buffer.from(t.toString('latin1').replace(/\n/g, '\r\n'), 'latin1') },
  CR: { weight: 2, apply: (t) => Buffer.from(t.toString('latin1').replace(/\n/g, '\r'), 'latin1') },
  'long line': { weight: 2, apply: (t, rnd) => atLine(t, utf8(`${rnd.pick(['a', ' ', '#', '[', '`', '|', '- ', '> ', '\\', '*'])}`.repeat(rnd.int(5_000, 100_000)) + '\n'), rnd) },
};

/** Targets by weight: KEP files most, the per-repository files and proposals less. */
const TARGETS: Array<[Target, number]> = [
  ['kep.yaml', 6],
  ['README.md', 5],
  ['OWNERS', 2],
  ['prr', 3],
  ['OWNERS_ALIASES', 1],
  ['config', 1],
  ['sigs.yaml', 1],
  ['proposal', 3],
];

function weighted<T>(rnd: Rng, items: Array<[T, number]>): T {
  const total = items.reduce((n, [, w]) => n + w, 0);
  let x = rnd.next() * total;
  for (const [item, w] of items) if ((x -= w) < 0) return item;
  return items[items.length - 1]![0];
}

/** Corpus files to start from, per target. */
function sources(): Record<Target, string[]> {
  const keps = corpusKepDirs().map((d) => path.join(enhancementsDir, 'keps', d));
  const prr = path.join(enhancementsDir, 'keps', 'prod-readiness');
  const filesUnder = (dir: string, ext: RegExp): string[] => {
    const out: string[] = [];
    const walk = (d: string): void => {
      for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const full = path.join(d, e.name);
        if (e.isDirectory()) walk(full);
        else if (ext.test(e.name)) out.push(full);
      }
    };
    walk(dir);
    return out;
  };
  return {
    'kep.yaml': keps.map((k) => path.join(k, 'kep.yaml')),
    'README.md': keps.map((k) => path.join(k, 'README.md')).filter((f) => fs.existsSync(f)),
    OWNERS: keps.map((k) => path.join(k, 'OWNERS')).filter((f) => fs.existsSync(f)),
    prr: filesUnder(prr, /^\d+\.yaml$/),
    OWNERS_ALIASES: [path.join(enhancementsDir, 'OWNERS_ALIASES')],
    config: ['(a small configuration)'],
    'sigs.yaml': [path.join(corpusDir, 'community', 'sigs.yaml')],
    proposal: [...filesUnder(path.join(corpusDir, 'cncf-toc'), /\.md$/), ...filesUnder(path.join(corpusDir, 'python-peps'), /\.rst$/), ...filesUnder(path.join(corpusDir, 'rust-rfcs'), /\.md$/)],
  };
}

const CONFIG = 'rules:\n  md/template-section: "off"\nupcomingRelease: v1.38\n';

/** `count` inputs for `seed`. */
export function generate(seed: number, count: number): FuzzInput[] {
  const rnd = new Rng(random(seed));
  const from = sources();
  const mutations = Object.entries(MUTATIONS).map(([name, m]): [string, number] => [name, m.weight]);
  const inputs: FuzzInput[] = [];
  for (let id = 0; id < count; id++) {
    const target = weighted(rnd, TARGETS);
    const source = rnd.pick(from[target]);
    if (target !== 'config' && target !== 'sigs.yaml' && target !== 'proposal' && rnd.next() < 0.06) {
      inputs.push({ id, target, source, mutations: [], content: { special: rnd.pick(['fifo', 'folder', 'link-out', 'device'] as const) } });
      continue;
    }
    let text = target === 'config' ? utf8(CONFIG) : fs.readFileSync(source);
    const applied: string[] = [];
    for (let n = rnd.int(1, 3); n > 0; n--) {
      const name = weighted(rnd, mutations);
      text = MUTATIONS[name]!.apply(text, rnd, target);
      applied.push(name);
    }
    inputs.push({ id, target, source, mutations: applied, content: text });
  }
  return inputs;
}
