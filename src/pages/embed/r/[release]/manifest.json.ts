import type { APIRoute } from 'astro';
import { buildManifest } from '../../../../lib/publish/downloads';
import { readRelease } from '../../../../lib/page-models/site-data';

/**
 * /embed/r/{release}/manifest.json: this release's manifest (the same as /data/v1/manifest.json), kept in
 * the pinned release's folder so that it is archived with it and stays at this address. The release feed
 * (scripts/release-feed.ts) reads it for each release's periods and source files.
 */
export function getStaticPaths() {
  return [{ params: { release: readRelease().id } }];
}

export const GET: APIRoute = () => new Response(JSON.stringify(buildManifest()), { headers: { 'Content-Type': 'application/json' } });
