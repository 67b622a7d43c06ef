/** A node of the project's JSON Schemas (the keywords editor features and messages read). */
export interface SchemaNode {
  description?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  required?: string[];
  type?: string | string[];
  enum?: unknown[];
  examples?: unknown[];
  definitions?: Record<string, SchemaNode>;
  $ref?: string;
}

/**
 * The schema of the value at an instance pointer (`/milestone/alpha`, `/kinds/0/sections`):
 * a property, an array's items (an index), else an object's `additionalProperties` (any other
 * key). `$ref`s resolve on the way, `#/definitions/x` in the current document and a file name
 * in `documents`; the result keeps the description written beside its `$ref`.
 */
export function schemaNodeAt(root: SchemaNode, pointer: string, documents: Record<string, SchemaNode> = {}): SchemaNode | undefined {
  let doc = root;
  const deref = (n: SchemaNode | undefined): SchemaNode | undefined => {
    for (let hops = 0; n?.$ref && hops < 8; hops++) {
      const ref: string = n.$ref;
      if (ref.startsWith('#/definitions/')) n = doc.definitions?.[ref.slice('#/definitions/'.length)];
      else {
        doc = documents[ref] ?? {};
        n = documents[ref];
      }
    }
    return n;
  };
  let node: SchemaNode | undefined = root;
  for (const seg of pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))) {
    const parent = deref(node);
    if (!parent) return undefined;
    const extra = typeof parent.additionalProperties === 'object' ? parent.additionalProperties : undefined;
    node = /^\d+$/.test(seg) && parent.items ? parent.items : (parent.properties?.[seg] ?? extra);
  }
  const resolved = deref(node);
  if (!node || !resolved) return undefined;
  return node.description !== undefined && node !== resolved ? { ...resolved, description: node.description } : resolved;
}

export function isList(node: SchemaNode | undefined): boolean {
  const t = node?.type;
  return t === 'array' || (Array.isArray(t) && t.includes('array'));
}

export function isObject(node: SchemaNode | undefined): boolean {
  const t = node?.type;
  return !!node?.properties && (t === 'object' || (Array.isArray(t) && t.includes('object')));
}
