import * as path from 'node:path';
import type { FileSystemHost } from '../workspace/fileSystem.js';
import { readSigsYaml, SigRegistry } from './sigRegistry.js';

/**
 * Loads the registry from a sigs.yaml file or a kubernetes/community checkout (whose archive/
 * folders name the retired groups). Throws an Error with a message fit for the user.
 */
export function loadRegistry(fs: FileSystemHost, location: string): SigRegistry {
  const stat = fs.stat(location);
  if (!stat) throw new Error(`SIG registry not found: ${location}`);
  const file = stat.isDirectory ? path.join(location, 'sigs.yaml') : location;
  const read = fs.readFile(file, 16 * 1024 * 1024);
  if (!read.ok) throw new Error(`Cannot read the SIG registry ${file}: ${read.error}`);
  const archive = fs.readDir(path.join(path.dirname(file), 'archive'));
  const retired = Array.isArray(archive) ? archive.filter((e) => e.isDirectory).map((e) => e.name) : [];
  return new SigRegistry(readSigsYaml(new TextDecoder().decode(read.bytes), file, retired));
}
