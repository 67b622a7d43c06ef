import pkg from '../../../package.json' with { type: 'json' };

/** Where the rule pages (docs/rules/<id>.md) are published. */
const RULE_DOCS_BASE = `${pkg.homepage}/blob/main/docs/rules`;

export function ruleDocUrl(ruleId: string, base = RULE_DOCS_BASE): string {
  return `${base}/${ruleId}.md`;
}
