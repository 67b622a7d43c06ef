import type { RuleModule } from './api.js';

/** Rules about files and settings as a whole; the engine reports them itself. */
export const fileRules: RuleModule = {
  rules: [
    { id: 'file/unreadable', severity: 'error', summary: 'A file or folder KEP Studio must check cannot be read.' },
    { id: 'file/too-large', severity: 'warning', summary: 'A file is larger than the size limit and was not checked.' },
    { id: 'file/binary', severity: 'error', summary: 'A KEP file is binary; upstream CI cannot parse it.' },
    { id: 'file/encoding', severity: 'warning', summary: 'A file is not valid UTF-8.' },
    { id: 'config/invalid', severity: 'error', summary: 'The .kep-studio.yaml configuration or the SIG registry it names is invalid.' },
    { id: 'engine/internal-error', severity: 'error', summary: 'A rule failed unexpectedly (a KEP Studio bug); the rest of the check went on.' },
  ],
};
