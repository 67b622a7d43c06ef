/**
 * A proposal kind as written in JSON (schemas/kind.schema.json describes and validates it):
 * built-in kinds under schemas/kinds/, a repository's own under `kinds:` in .kep-studio.yaml.
 */
export interface KindDefinition {
  id: string;
  name: string;
  description?: string;
  source?: string;
  format?: ProposalFormat;
  recognise: RecogniserDefinition[];
  exclude?: string[];
  titleForm?: { pattern: string; example: string };
  variables?: string;
  metadata?: MetadataDefinition;
  sections?: SectionDefinition[];
  shapes?: Array<{ id: string; name: string; sections: SectionDefinition[] }>;
  ordered?: boolean;
  placeholders?: Array<{ pattern: string; message?: string }>;
  emptyMarkers?: string[];
  checklists?: ChecklistDefinition[];
  submission?: SubmissionDefinition;
  tracking?: string[];
  template?: string;
  snippet?: { prefix: string; title?: string };
}

export type ProposalFormat = 'markdown' | 'restructuredtext';

export interface RecogniserDefinition {
  layout?: 'kep';
  path?: string;
  title?: string;
  frontMatter?: Record<string, string>;
  firstLines?: string;
  headings?: { patterns: string[]; atLeast: number };
}

export type MetadataStyle = 'front-matter' | 'header-fields' | 'bullet-fields' | 'key-lines';

export interface MetadataDefinition {
  style: MetadataStyle;
  section?: string;
  ordered?: boolean;
  enforcedBy?: string;
  schema: FieldsSchema;
}

export interface FieldsSchema {
  type: 'object';
  required?: string[];
  additionalProperties?: boolean;
  properties: Record<string, FieldSchema>;
}

export interface FieldSchema {
  description?: string;
  type?: 'string' | 'number' | 'integer' | 'boolean' | 'array';
  enum?: Array<string | number | boolean>;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  not?: { pattern: string };
  minItems?: number;
  maxItems?: number;
  items?: { type?: string; enum?: Array<string | number | boolean>; pattern?: string; minLength?: number };
}

export interface SectionDefinition {
  id?: string;
  title: string;
  aliases?: string[];
  match?: string;
  level?: number;
  required?: boolean;
  inline?: boolean;
  description?: string;
  children?: SectionDefinition[];
}

export interface ChecklistDefinition {
  id: string;
  title: string;
  items: ChecklistItemDefinition[];
}

export interface ChecklistItemDefinition {
  id: string;
  label: string;
  required?: boolean;
  evidence: { task?: string; mention?: string; section?: string; field?: string };
  insert?: string;
  in?: string;
}

export interface SubmissionDefinition {
  route: 'issue' | 'pull-request' | 'manual';
  repository?: string;
  title?: string;
  labels?: string[];
  assignees?: string[];
  instructions?: string;
  url?: string;
}
