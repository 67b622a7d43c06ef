import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FixedFile } from './fixAll.js';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Writes a fixed file without risking its text: only when the file still holds exactly the text
 * the fixes were made on (else another program changed it since it was read), keeping its
 * byte-order mark and mode, through a temporary file in the same folder renamed over it (a crash
 * leaves the old file or the new one, never half of one). A symbolic link keeps pointing at the
 * file it points at, which is the one written. Returns why it was not written, if it was not.
 */
export function writeFixed(file: FixedFile): string | undefined {
  let target: string;
  let current: Buffer;
  let mode: number;
  try {
    target = fs.realpathSync(file.path);
    current = fs.readFileSync(target);
    mode = fs.statSync(target).mode & 0o7777;
  } catch (err) {
    return `cannot read it again (${(err as NodeJS.ErrnoException).code ?? String(err)})`;
  }
  const bom = current.subarray(0, 3).equals(BOM);
  let text: string;
  try {
    text = utf8.decode(bom ? current.subarray(3) : current);
  } catch {
    text = '';
  }
  if (text !== file.before) return 'it changed since it was read';
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.kep-studio-${randomBytes(6).toString('hex')}.tmp`);
  try {
    const fd = fs.openSync(temp, 'wx', mode);
    try {
      fs.writeFileSync(fd, bom ? Buffer.concat([BOM, Buffer.from(file.after)]) : file.after);
      fs.fchmodSync(fd, mode);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, target);
    return undefined;
  } catch (err) {
    fs.rmSync(temp, { force: true });
    return `cannot write it (${(err as NodeJS.ErrnoException).code ?? String(err)})`;
  }
}
