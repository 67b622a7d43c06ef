import type { ErrorObject } from 'ajv';
import { escapePointer } from '../parse/yaml.js';

/** Where an Ajv error points, in the terms the YAML views and messages use. */
export interface SchemaErrorTarget {
  /** JSON pointer of what is wrong: an unknown key itself, else the value Ajv reports on (for `required`, the mapping). */
  pointer: string;
  /** The unescaped segments of Ajv's instance path (`["milestone", "alpha"]`). */
  segments: string[];
  /** The unknown key (`additionalProperties`) or the missing one (`required`). */
  key?: string;
}

/** The one reading of Ajv's errors that every schema check shares. */
export function schemaErrorTarget(err: ErrorObject): SchemaErrorTarget {
  const segments = err.instancePath ? err.instancePath.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')) : [];
  if (err.keyword === 'additionalProperties') {
    const key = String((err.params as { additionalProperty: unknown }).additionalProperty);
    return { pointer: `${err.instancePath}/${escapePointer(key)}`, segments, key };
  }
  if (err.keyword === 'required') return { pointer: err.instancePath, segments, key: String((err.params as { missingProperty: unknown }).missingProperty) };
  return { pointer: err.instancePath, segments };
}
