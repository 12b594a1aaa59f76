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
  throw new BadRequestException(
    result.error.issues.map(
      (issue) => `${where}${issue.path.length ? '.' + issue.path.join('.') : ''}: ${issue.message}`,
    ),
  );
}
