import { z } from 'zod';

/**
 * Building blocks for query strings. Express gives a string for `?a=1`, an array for `?a=1&a=2`
 * and (with the extended parser) an object for `?a[b]=1`; each block says which of those it takes.
 */

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

/** A parameter given at most once: a second value is an error, not silently dropped. */
export function once<S extends z.ZodType>(schema: S) {
  return z.preprocess((value, ctx) => {
    if (value === undefined || typeof value === 'string') return value;
    ctx.addIssue({
      code: 'custom',
      message: Array.isArray(value) ? 'give this parameter once' : 'expected a plain value',
    });
    return z.NEVER;
  }, schema);
}

/**
 * A parameter that may repeat (`?outlet=TASS&outlet=Xinhua`); absent means no filter, so it is optional
 * in the OpenAPI document and an empty list after parsing.
 */
export function repeatable<S extends z.ZodType>(item: S, max = 100) {
  return z
    .preprocess(
      (value) => (Array.isArray(value) ? value : [value]),
      z.array(item).max(max, `give at most ${max} values`),
    )
    .default([]);
}

/** A non-empty text value of bounded length, without NUL (which PostgreSQL text cannot hold). */
export const text = (max = 200) =>
  z
    .string({ error: 'expected a text value' })
    .trim()
    .min(1, 'expected a non-empty value')
    .max(max, `expected at most ${max} characters`)
    .refine((value) => !value.includes('\u0000'), 'must not contain a NUL character');

/** One of the given words. */
export const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `expected one of ${values.join(', ')}` });

/**
 * An instant in ISO 8601: a date (midnight UTC) or a date-time with Z or an offset. A date-time
 * without a zone is refused: whose midnight it means is exactly what an analyst must not have guessed.
 */
export const instant = z
  .string({ error: 'expected an ISO 8601 date or date-time' })
  .refine(
    (value) => DATE.test(value) || DATE_TIME.test(value),
    'expected an ISO 8601 date (2025-05-08) or date-time with a zone (2025-05-08T14:20:00Z)',
  )
  .refine((value) => realDate(value), 'not a real calendar date')
  .transform((value) => new Date(DATE.test(value) ? `${value}T00:00:00Z` : value));

/** Rejects 2025-02-30, which Date.parse would quietly turn into March 2. */
function realDate(value: string): boolean {
  const [year, month, day] = value.slice(0, 10).split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    !Number.isNaN(Date.parse(value)) &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  );
}

export const positiveId = z.coerce
  .number({ error: 'expected a positive whole number' })
  .int('expected a positive whole number')
  .positive('expected a positive whole number')
  .max(2 ** 53, 'expected a positive whole number');

export const booleanWord = z
  .enum(['true', 'false'], { error: 'expected true or false' })
  .transform((value) => value === 'true');

/** A decimal number within [min, max]; "1e400", "NaN" and "" are refused. */
export const boundedNumber = (min: number, max: number) =>
  z
    .string({ error: `expected a number from ${min} to ${max}` })
    .regex(/^[+-]?(\d+(\.\d*)?|\.\d+)$/, `expected a number from ${min} to ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `expected a number from ${min} to ${max}`);

/** A whole number within [min, max]. */
export const wholeNumber = (min: number, max: number) => {
  const message = `expected a whole number from ${min} to ${max}`;
  return z.coerce.number({ error: message }).int(message).min(min, message).max(max, message);
};
