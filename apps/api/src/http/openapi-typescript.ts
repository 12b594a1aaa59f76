import type { OpenAPIObject } from '@nestjs/swagger';

/**
 * TypeScript types from the OpenAPI document, for the dashboard: one type per named response shape
 * (`components.schemas`) and one per operation's JSON success body (`ListFeedsResponse` for
 * `listFeeds`). Written here rather than taken from a package because the document's schemas come
 * from zod in a small, known subset of OpenAPI 3.0 (objects, arrays, enums, nullable, unions, refs).
 */

type Schema = {
  $ref?: string;
  type?: string;
  nullable?: boolean;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  description?: string;
};

type Operation = {
  operationId?: string;
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
};

export const GENERATED_HEADER =
  '// Generated from the OpenAPI document by `npm run generate:dashboard-types`; do not edit.\n' +
  '// The shapes of the API responses (response schemas declared with zod beside the controllers).\n';

/** The source of the types file (unformatted: the generator runs it through Prettier). */
export function openApiTypes(document: OpenAPIObject): string {
  // Sorted, so the file does not change with the order in which modules happen to load.
  const components = Object.entries((document.components?.schemas ?? {}) as Record<string, Schema>).sort(
    ([a], [b]) => a.localeCompare(b),
  );
  const declarations = [
    ...components.map(([name, schema]) => declaration(name, schema)),
    ...successBodies(document).map(([name, schema]) => declaration(name, schema)),
  ];
  return `${GENERATED_HEADER}\n${declarations.join('\n\n')}\n`;
}

/** `<OperationId>Response` for each operation with a JSON 2xx body, sorted by name. */
function successBodies(document: OpenAPIObject): [string, Schema][] {
  const bodies: [string, Schema][] = [];
  for (const item of Object.values(document.paths))
    for (const operation of Object.values(item as Record<string, Operation>)) {
      const [status] = Object.keys(operation.responses ?? {}).filter((code) => /^2\d\d$/.test(code));
      const schema = status && operation.responses?.[status].content?.['application/json']?.schema;
      if (schema && operation.operationId) bodies.push([`${pascal(operation.operationId)}Response`, schema]);
    }
  return bodies.sort(([a], [b]) => a.localeCompare(b));
}

function declaration(name: string, schema: Schema): string {
  return `${comment(schema.description, '')}export type ${name} = ${typeOf(schema, '')};`;
}

function typeOf(schema: Schema, indent: string): string {
  const type = baseType(schema, indent);
  return schema.nullable && type !== 'unknown' ? `${type} | null` : type;
}

function baseType(schema: Schema, indent: string): string {
  if (schema.$ref) return schema.$ref.replace('#/components/schemas/', '');
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return union.map((member) => typeOf(member, indent)).join(' | ');
  if (schema.allOf) return schema.allOf.map((member) => typeOf(member, indent)).join(' & ');
  switch (schema.type) {
    case 'string':
      return 'string';
    case 'number':
    case 'integer':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'array':
      return arrayType(schema, indent);
    case 'object':
      return objectType(schema, indent);
    default:
      return 'unknown';
  }
}

/** zod writes a tuple as an array of fixed length whose items are `anyOf` the positions. */
function arrayType(schema: Schema, indent: string): string {
  const positions = schema.items?.anyOf;
  if (positions && schema.minItems === positions.length && schema.maxItems === positions.length)
    return `[${positions.map((member) => typeOf(member, indent)).join(', ')}]`;
  const item = typeOf(schema.items ?? {}, indent);
  return /[|&]/.test(item) ? `(${item})[]` : `${item}[]`;
}

function objectType(schema: Schema, indent: string): string {
  const properties = Object.entries(schema.properties ?? {});
  const extra = schema.additionalProperties;
  if (properties.length === 0)
    return typeof extra === 'object' ? `Record<string, ${typeOf(extra, indent)}>` : 'Record<string, never>';
  const required = new Set(schema.required ?? []);
  const inner = `${indent}  `;
  const lines = properties.map(
    ([key, property]) =>
      `${comment(property.description, inner)}${inner}${propertyName(key)}${required.has(key) ? '' : '?'}: ${typeOf(property, inner)};`,
  );
  return `{\n${lines.join('\n')}\n${indent}}`;
}

function comment(description: string | undefined, indent: string): string {
  return description ? `${indent}/** ${description.replaceAll('*/', '* /')} */\n` : '';
}

function propertyName(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
}

function pascal(identifier: string): string {
  return identifier.charAt(0).toUpperCase() + identifier.slice(1);
}

/** Where the dashboard's generated types live, from the repository root. */
export const DASHBOARD_TYPES_PATH = 'apps/api/dashboard/src/api-types.ts';

/**
 * The dashboard's types file as committed: the types formatted by the repository's Prettier settings,
 * so `npm run lint` accepts it and a stale file differs by content, not by layout. Prettier is loaded
 * only here (a development tool, never on the server's path).
 */
export async function dashboardTypesSource(document: OpenAPIObject, root: string): Promise<string> {
  const prettier = await import('prettier');
  const file = `${root}/${DASHBOARD_TYPES_PATH}`;
  const options = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(openApiTypes(document), { ...options, filepath: file });
}
