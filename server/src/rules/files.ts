import { MAX_NESTING } from '../parse/markdown.js';
import type { LineIndex } from '../core/text.js';
import type { Report, RuleModule } from './api.js';

/** Rules about files and settings as a whole; the engine reports most of them itself. */
export const fileRules: RuleModule = {
  rules: [
    { id: 'file/unreadable', severity: 'error', summary: 'A file or folder KEP Studio must check cannot be read.' },
    { id: 'file/too-large', severity: 'warning', summary: 'A file is larger than the size limit and was not checked.' },
    { id: 'file/binary', severity: 'error', summary: 'A KEP file is binary; upstream CI cannot parse it.' },
    { id: 'file/encoding', severity: 'warning', summary: 'A markdown file is not valid UTF-8.' },
    { id: 'file/too-complex', severity: 'warning', summary: 'A markdown file nests too deeply to parse safely; its sections are not checked.' },
    { id: 'config/invalid', severity: 'error', summary: 'The .kep-studio.yaml configuration, a kind it defines or the SIG registry it names is invalid.' },
    { id: 'config/untrusted', severity: 'information', summary: 'The kinds, associations and SIG registry path of .kep-studio.yaml are not used while the workspace is not trusted.' },
    { id: 'engine/internal-error', severity: 'error', summary: 'A rule failed unexpectedly (a KEP Studio bug); the rest of the check went on.' },
  ],

  checkMarkdown({ doc, report }) {
    const at = doc.structure.tooDeep;
    if (at !== undefined) reportTooDeep(doc.path, doc.index, at, report, ' (its table of contents still is)');
  },

  checkProposal({ doc, report }) {
    if (doc.tooDeep !== undefined) reportTooDeep(doc.path, doc.index, doc.tooDeep, report, '');
  },
};

function reportTooDeep(path: string, index: LineIndex, at: number, report: Report, still: string): void {
  report('file/too-complex', {
    path,
    range: index.lineRange(index.position(at).line),
    message: `This line nests block quotes or lists more than ${MAX_NESTING} levels deep; the file's sections are not checked${still}.`,
  });
}
