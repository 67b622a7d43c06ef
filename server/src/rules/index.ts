import type { RuleModule } from './api.js';
import { fileRules } from './files.js';
import { metadataRules } from './metadata.js';
import { ownersRules } from './owners.js';
import { prrRules } from './prr.js';
import { tocRules } from './toc.js';
import { sigRules } from './sigs.js';
import { lifecycleRules } from './lifecycle.js';
import { placeholderRules } from './placeholders.js';
import { peopleRules } from './people.js';
import { referenceRules } from './references.js';
import { sectionRules } from './sections.js';
import { proposalRules } from './proposals.js';

/** Every rule family, in the order their findings are reported. */
export const RULE_MODULES: readonly RuleModule[] = [
  fileRules,
  metadataRules,
  prrRules,
  ownersRules,
  tocRules,
  sigRules,
  lifecycleRules,
  placeholderRules,
  peopleRules,
  referenceRules,
  sectionRules,
  proposalRules,
];
