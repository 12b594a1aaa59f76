import { z } from 'zod';
import { component, count, jsonInstant, rowId } from '../http/zod-openapi.js';

// The JSON body of GET /api/v1/sources.

const share = z.number().min(0).max(1).nullable();

/** Scored count, mean stance and label shares; null where nothing was scored. */
const scoreFigures = {
  scored: count,
  meanStance: z.number().min(-1).max(1).nullable(),
  shareSupportive: share,
  shareNeutral: share,
  shareCritical: share,
};

export const sourceSchema = component(
  'Source',
  z.strictObject({
    feedId: rowId,
    url: z.string(),
    title: z.string().nullable(),
    outlet: z.string(),
    country: z.string(),
    language: z.string(),
    kind: z.string(),
    enabled: z.boolean(),
    articles: count,
    relevant: count,
    ...scoreFigures,
    health: z.strictObject({
      lastSuccessAt: jsonInstant.nullable(),
      lastPolledAt: jsonInstant.nullable(),
      lastStatus: z.string().nullable(),
      consecutiveFailures: count,
      lastError: z.string().nullable(),
    }),
  }),
);

export const outletFiguresSchema = component(
  'OutletFigures',
  z.strictObject({
    outlet: z.string(),
    feedIds: z.array(rowId),
    articles: count,
    relevant: count,
    ...scoreFigures,
  }),
);

export const sourcesResponse = component(
  'Sources',
  z.strictObject({
    sources: z.array(sourceSchema),
    outlets: z.array(outletFiguresSchema),
    query: z.strictObject({
      lens: z.string(),
      model: z.string(),
      from: jsonInstant,
      to: jsonInstant,
      days: z.strictObject({ from: z.iso.date(), to: z.iso.date() }).describe('the UTC days counted'),
      feed: z.array(rowId),
      outlet: z.array(z.string()),
      country: z.array(z.string()),
      language: z.array(z.string()),
      kind: z.array(z.string()),
    }),
  }),
);
