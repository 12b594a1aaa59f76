import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';

/** RFC 9457 problem details, as ProblemFilter writes them. */
export const PROBLEM_SCHEMA = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', example: 'about:blank' },
    title: { type: 'string', example: 'bad request' },
    status: { type: 'integer', example: 400 },
    detail: { type: 'string', description: 'what went wrong and what to send instead' },
    instance: { type: 'string', description: 'the path of the request' },
  },
};

export function problemResponse(description: string) {
  return {
    description,
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  };
}

/** Documents a route's own error answers (404, 409, 503, ...) as problem+json. */
export const ApiProblem = (status: number, description: string) =>
  applyDecorators(ApiResponse({ status, ...problemResponse(description) }));
