import { parseYaml } from '../parse/yaml.js';
import { YamlView } from '../parse/yamlView.js';

/**
 * kep.yaml as kepval reads it. Before decoding, kepval drops every line that contains `---`
 * anywhere and keeps only the lines between the first and the second such line (or the whole
 * file when there is none). We blank the dropped lines instead of removing them, so positions
 * stay those of the file.
 */
export interface KepYaml {
  view: YamlView;
  /** 0-based lines that contain `---`. */
  separatorLines: number[];
  /** 0-based lines with content that kepval ignores because of the separators. */
  ignoredContentLines: number[];
}

export function parseKepYaml(text: string): KepYaml {
  const lines = text.split('\n');
  const separatorLines: number[] = [];
  lines.forEach((l, i) => {
    if (l.includes('---')) separatorLines.push(i);
  });
  if (separatorLines.length === 0) return { view: new YamlView(parseYaml(text)), separatorLines, ignoredContentLines: [] };
  const first = separatorLines[0]!;
  const second = separatorLines[1] ?? lines.length;
  const ignoredContentLines: number[] = [];
  const kept = lines.map((l, i) => {
    if (i > first && i < second) return l;
    if (!l.includes('---') && l.trim() && !l.trimStart().startsWith('#')) ignoredContentLines.push(i);
    return l.endsWith('\r') ? '\r' : '';
  });
  const view = new YamlView(parseYaml(kept.join('\n')));
  return { view, separatorLines, ignoredContentLines };
}
