import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiQuery, ApiResponse } from '@nestjs/swagger';
import { z } from 'zod';

/** OpenAPI's schema object, as `@ApiBody` takes it (the package does not export the type by name). */
export type SchemaObject = Extract<Parameters<typeof ApiBody>[0], { schema: unknown }>['schema'];

/**
 * The OpenAPI 3.0 schema of what a zod schema accepts (its input side, before coercion and
 * transforms), so the document and the validation share one source.
 */
export function zodSchema(schema: z.ZodType): SchemaObject {
  const json = z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' });
  const { $schema: _ignored, ...rest } = json as Record<string, unknown>;
  return rest as SchemaObject;
}

/**
 * One `@ApiQuery` per property of a zod object schema, for handlers that validate `@Query()` with
 * `parseInput(schema, query, 'query')`. Array properties are repeatable parameters (`?feed=1&feed=2`).
 */
export function ApiQueryFrom(schema: z.ZodObject): MethodDecorator {
  const json = zodSchema(schema) as { properties?: Record<string, SchemaObject>; required?: string[] };
  const required = new Set(json.required ?? []);
  return applyDecorators(
    ...Object.entries(json.properties ?? {}).map(([name, property]) =>
      ApiQuery({
        name,
        required: required.has(name),
        description: 'description' in property ? property.description : undefined,
        schema: property,
      }),
    ),
  );
}

/**
 * The shapes the API answers with that have a name of their own (a feed, a trend point, ...): each
 * becomes `components.schemas.<id>` and is referred to by `$ref` wherever a response holds one, so
 * the dashboard's generated types share the names.
 */
export const responseComponents = z.registry<{ id: string }>();

/** Registers a response shape under its component name; returns it unchanged. */
export function component<S extends z.ZodType>(id: string, schema: S): S {
  responseComponents.add(schema, { id });
  return schema;
}

const COMPONENT_REF = '#/components/schemas/';

/**
 * The OpenAPI 3.0 schema of what a handler sends: the output side of a zod schema (what a client
 * receives as JSON), with named shapes as references into `components.schemas`.
 */
export function responseSchema(schema: z.ZodType): SchemaObject {
  const json = z.toJSONSchema(schema, {
    target: 'openapi-3.0',
    io: 'output',
    metadata: responseComponents,
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  const { $schema: _schema, definitions: _definitions, ...rest } = json;
  // zod names shared shapes under `definitions`; the document keeps them in components.
  return JSON.parse(JSON.stringify(rest).replaceAll('"#/definitions/', `"${COMPONENT_REF}`)) as SchemaObject;
}

/** Every registered response shape, as `components.schemas` holds them. */
export function responseComponentSchemas(): Record<string, SchemaObject> {
  const { schemas } = z.toJSONSchema(responseComponents, {
    target: 'openapi-3.0',
    io: 'output',
    unrepresentable: 'any',
    uri: (id) => `${COMPONENT_REF}${id}`,
  }) as { schemas: Record<string, Record<string, unknown>> };
  return Object.fromEntries(
    Object.entries(schemas).map(([id, { $id: _id, $schema: _schema, ...schema }]) => [
      id,
      schema as SchemaObject,
    ]),
  );
}

type SuccessStatus = 200 | 201 | 202 | 300;

/** Documents a JSON success answer by the zod schema of its body. */
export function ApiJsonResponseFrom(status: SuccessStatus, schema: z.ZodType, description: string) {
  return ApiResponse({
    status,
    description,
    content: { 'application/json': { schema: responseSchema(schema) } },
  });
}

export const ApiOkResponseFrom = (schema: z.ZodType, description: string) =>
  ApiJsonResponseFrom(200, schema, description);
export const ApiCreatedResponseFrom = (schema: z.ZodType, description: string) =>
  ApiJsonResponseFrom(201, schema, description);
export const ApiAcceptedResponseFrom = (schema: z.ZodType, description: string) =>
  ApiJsonResponseFrom(202, schema, description);

/** Documents a 200 whose body is text of one media type (CSV, Prometheus' exposition format). */
export const ApiTextResponse = (mediaType: string, description: string) =>
  ApiResponse({ status: 200, description, content: { [mediaType]: { schema: { type: 'string' } } } });

/**
 * Documents a 200 answered as JSON, or as CSV when the client asks for it (`Accept: text/csv`; the
 * handler chooses with `request.accepts`).
 */
export const ApiJsonOrCsvResponseFrom = (schema: z.ZodType, json: string, csv: string) =>
  ApiResponse({
    status: 200,
    description: `${json}; with \`Accept: text/csv\`, ${csv}`,
    content: {
      'application/json': { schema: responseSchema(schema) },
      'text/csv': { schema: { type: 'string' } },
    },
  });

/** A point in time as JSON carries it: handlers return Dates, which JSON.stringify writes as ISO 8601 UTC. */
export const jsonInstant = z.iso.datetime();
/** A row id (PostgreSQL integer or bigint read as a number). */
export const rowId = z.int().positive();
/** A whole count, zero or more. */
export const count = z.int().min(0);
