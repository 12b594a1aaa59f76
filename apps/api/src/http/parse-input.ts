import { BadRequestException } from '@nestjs/common';
import type { z } from 'zod';

/** Validates a body or query with a zod schema; the 400 names each field and what is expected. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  where: 'body' | 'query' | 'path',
): z.infer<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  throw badInput(result.error.issues, where);
}

/** The 400 for issues found in a body, query or path (here or by a library's own check). */
export function badInput(
  issues: readonly { path: PropertyKey[]; message: string }[],
  where: 'body' | 'query' | 'path',
): BadRequestException {
  return new BadRequestException(
    issues.map((issue) => `${where}${issue.path.length ? '.' + issue.path.join('.') : ''}: ${issue.message}`),
  );
}
