import type { APIRoute } from 'astro';
import { readSiteIndex } from '../../../lib/page-models/site-data';

/** The data-quality report as JSON: sources with checksums and counts, warnings, checks. */
export const GET: APIRoute = () => {
  const { builtAt, sources, warnings, checks } = readSiteIndex();
  return new Response(JSON.stringify({ builtAt, sources, warnings, checks }, null, 2), { headers: { 'Content-Type': 'application/json' } });
};
