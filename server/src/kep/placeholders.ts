/** The KEP template's placeholder values: what "not filled in yet" looks like in kep.yaml. */

/** Values copied from the KEP template that mean "not filled in yet". */
const TEMPLATE_VALUES: Record<string, readonly string[]> = {
  title: ['KEP Template'],
  'kep-number': ['NNNN'],
  'owning-sig': ['sig-xyz'],
  'participating-sigs': ['sig-aaa', 'sig-bbb'],
  authors: ['@jane.doe'],
  reviewers: ['@alice.doe'],
  approvers: ['@oscar.doe'],
  'creation-date': ['yyyy-mm-dd'],
  'last-updated': ['yyyy-mm-dd'],
  'see-also': ['/keps/sig-aaa/1234-we-heard-you-like-keps', '/keps/sig-bbb/2345-everyone-gets-a-kep'],
  replaces: ['/keps/sig-ccc/3456-replaced-kep'],
  'latest-milestone': ['v1.NN'],
};

export const isTemplateValue = (key: string, value: string): boolean => TEMPLATE_VALUES[key]?.includes(value) ?? false;

/** A template placeholder such as `alpha|beta|stable`; reported by kep/placeholder instead. */
export const isChoicePlaceholder = (v: string): boolean => v.includes('|');
