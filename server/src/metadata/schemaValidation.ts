import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import kepSchema from '../../../schemas/kep.schema.json' with { type: 'json' };
import prrSchema from '../../../schemas/prr.schema.json' with { type: 'json' };
import type { Range } from '../core/problem.js';
import { didYouMean } from '../core/suggest.js';
import type { YamlView } from '../parse/yamlView.js';
import { schemaErrorTarget } from './schemaErrors.js';
import { schemaNodeAt, type SchemaNode } from './schemaWalk.js';

export type MetadataSchema = 'kep' | 'prr';

/** Rule ids of problems found while decoding a metadata file the way kepval does. */
export type DecodeRuleId = 'kep/yaml-syntax' | 'kep/duplicate-key' | 'kep/unknown-key' | 'kep/type-mismatch' | 'kep/required-field';

export interface DecodeFinding {
  ruleId: DecodeRuleId;
  range: Range;
  message: string;
  /** A key that could replace an unknown one. */
  suggestion?: string;
}

const SCHEMAS = { kep: kepSchema, prr: prrSchema } as const;
/** The Go types kepval decodes into, named in messages so they match what CI prints. */
const GO_TYPES: Record<MetadataSchema, string> = { kep: 'api.Proposal', prr: 'api.PRRApproval' };

const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, allowUnionTypes: true });
const compiled = new Map<MetadataSchema, ValidateFunction>();

function validator(schema: MetadataSchema): ValidateFunction {
  let v = compiled.get(schema);
  if (!v) {
    v = ajv.compile(SCHEMAS[schema]);
    compiled.set(schema, v);
  }
  return v;
}

/** Everything yaml.v3's strict decode and the `required` validation would reject. */
export function decodeProblems(view: YamlView, schema: MetadataSchema): DecodeFinding[] {
  const out: DecodeFinding[] = [];
  for (const e of view.model.errors) {
    if (e.kind === 'duplicate-key') {
      out.push({ ruleId: 'kep/duplicate-key', range: e.range, message: e.message });
    } else {
      out.push({ ruleId: 'kep/yaml-syntax', range: e.range, message: e.message });
    }
  }
  if (out.some((f) => f.ruleId === 'kep/yaml-syntax')) return out;
  if (view.model.value === null) {
    out.push({ ruleId: 'kep/yaml-syntax', range: view.firstLine(), message: 'The file holds no YAML document (kepval: EOF).' });
    return out;
  }
  const validate = validator(schema);
  const findings: DecodeFinding[] = [];
  if (!validate(view.model.value)) {
    // By rule and message, in linear time: a file may have tens of thousands of unknown keys.
    const seen = new Set<string>();
    for (const err of validate.errors ?? []) {
      const f = toFinding(view, schema, err);
      const key = f && `${f.ruleId}\0${f.message}`;
      if (f && !seen.has(key!)) {
        seen.add(key!);
        findings.push(f);
      }
    }
  }
  findings.push(...quotedBooleans(view, schema));
  // kepval decodes first and validates `required` only what decoded: a decode error hides them.
  const decodeFailed = out.length > 0 || findings.some((f) => f.ruleId !== 'kep/required-field');
  return [...out, ...findings.filter((f) => !decodeFailed || f.ruleId !== 'kep/required-field')];
}

/** Boolean fields: yaml.v3 rejects a quoted true/false (a !!str) where a bool is expected. */
const BOOLEAN_FIELDS: Record<MetadataSchema, string[]> = { kep: ['/disable-supported'], prr: [] };
/**
 * The spellings yaml.v3 resolves to a bool only when unquoted; the YAML 1.1 words (yes, no, on,
 * off, y, n) it accepts into a bool field even quoted.
 */
const YAML12_BOOLS = new Set(['true', 'True', 'TRUE', 'false', 'False', 'FALSE']);

function quotedBooleans(view: YamlView, schema: MetadataSchema): DecodeFinding[] {
  return BOOLEAN_FIELDS[schema].flatMap((pointer) => {
    const loc = view.location(pointer);
    const value = view.get(pointer);
    if (!loc?.quoted || typeof value !== 'string' || !YAML12_BOOLS.has(value)) return [];
    return [{
      ruleId: 'kep/type-mismatch' as const,
      range: loc.valueRange,
      message: `"${dotted(pointer)}" must be an unquoted true or false; kepval cannot decode the string "${value}" into a bool.`,
    }];
  });
}

function toFinding(view: YamlView, schema: MetadataSchema, err: ErrorObject): DecodeFinding | undefined {
  const path = err.instancePath;
  const target = schemaErrorTarget(err);
  switch (err.keyword) {
    case 'additionalProperties': {
      const key = target.key!;
      const pointer = target.pointer;
      const allowed = allowedKeys(schema, path);
      const suggestion = didYouMean(key, allowed);
      const where = path ? ` in "${path.slice(1).replace(/\//g, '.')}"` : '';
      return {
        ruleId: 'kep/unknown-key',
        range: view.keyRange(pointer),
        message: `Unknown key "${key}"${where}: kepval decodes strictly and fails with "field ${key} not found in type ${goType(schema, path)}".${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
        ...(suggestion ? { suggestion } : {}),
      };
    }
    case 'required': {
      const missing = target.key!;
      return {
        ruleId: 'kep/required-field',
        range: path ? view.keyRange(path) : view.firstLine(),
        message: `"${path ? `${path.slice(1).replace(/\//g, '.')}.` : ''}${missing}" is required${listField(schema, `${path}/${missing}`) ? ' (a list, which may be empty)' : ' and must not be empty'}.`,
      };
    }
    case 'minLength':
      return { ruleId: 'kep/required-field', range: view.keyRange(path), message: `"${dotted(path)}" must not be empty.` };
    case 'type': {
      const value = view.get(path);
      if (value === null && isRequired(schema, path)) {
        return {
          ruleId: 'kep/required-field',
          range: view.keyRange(path),
          message: listField(schema, path)
            ? `"${dotted(path)}" is required and must be a list (\`[]\` is accepted, an empty value is not).`
            : `"${dotted(path)}" must not be empty.`,
        };
      }
      const expected = String((err.params as { type: string | string[] }).type);
      return {
        ruleId: 'kep/type-mismatch',
        range: view.valueRange(path),
        message: `"${dotted(path) || 'document'}" must be ${describeType(expected)}, not ${describeValue(value)}.`,
      };
    }
    case 'enum':
      return {
        ruleId: 'kep/type-mismatch',
        range: view.valueRange(path),
        message: `"${dotted(path)}" must be true or false (yaml.v3 also reads yes/no/on/off), not ${describeValue(view.get(path))}.`,
      };
    default:
      return { ruleId: 'kep/type-mismatch', range: view.valueRange(path), message: `"${dotted(path)}": ${err.message ?? 'invalid value'}.` };
  }
}

function dotted(pointer: string): string {
  return pointer.slice(1).replace(/\//g, '.');
}

function goType(schema: MetadataSchema, path: string): string {
  if (schema === 'kep' && path.startsWith('/milestone')) return 'api.Milestone';
  if (schema === 'kep' && path.startsWith('/feature-gates')) return 'api.FeatureGate';
  if (schema === 'prr' && path) return 'api.PRRMilestone';
  return GO_TYPES[schema];
}

const schemaRoot = (schema: MetadataSchema): SchemaNode => SCHEMAS[schema] as unknown as SchemaNode;

/** The schema of the value at an instance pointer (`/milestone/alpha`, `/feature-gates/0/name`) of a kep.yaml or PRR file. For editor features. */
export function metadataSchemaAt(schema: MetadataSchema, pointer: string): SchemaNode | undefined {
  return schemaNodeAt(schemaRoot(schema), pointer);
}

function allowedKeys(schema: MetadataSchema, pointer: string): string[] {
  return Object.keys(metadataSchemaAt(schema, pointer)?.properties ?? {});
}

function isRequired(schema: MetadataSchema, pointer: string): boolean {
  const parent = pointer.slice(0, pointer.lastIndexOf('/'));
  const key = pointer.slice(pointer.lastIndexOf('/') + 1);
  return metadataSchemaAt(schema, parent)?.required?.includes(key) ?? false;
}

function listField(schema: MetadataSchema, pointer: string): boolean {
  const t = metadataSchemaAt(schema, pointer)?.type;
  return t === 'array' || (Array.isArray(t) && t.includes('array'));
}

function describeType(t: string): string {
  if (t.includes('array')) return 'a list';
  if (t.includes('object')) return 'a mapping';
  return 'a single value (a string)';
}

function describeValue(v: unknown): string {
  if (v === null || v === undefined) return 'empty';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `"${String(v)}"`;
}
