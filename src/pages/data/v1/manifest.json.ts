import type { APIRoute } from 'astro';
import { buildManifest } from '../../../lib/publish/downloads';

/** /data/v1/manifest.json: every download with its checksum, source files, the release id and build date. */
export const GET: APIRoute = () => new Response(JSON.stringify(buildManifest()), { headers: { 'Content-Type': 'application/json' } });
