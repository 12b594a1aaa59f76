import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiQuery } from '@nestjs/swagger';
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
