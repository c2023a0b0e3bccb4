/**
 * /generated/map/default-england.svg and default-london.svg: the map's default view as pictures
 * (lib/map-static), shown by the map before its script draws, and instead of it without JavaScript.
 * Pinned embeds get their release's copy with the rest of /generated/ (scripts/pin-releases.ts).
 */
import type { APIRoute } from 'astro';
import { staticMap } from '../../../lib/page-models/map-static';

export function getStaticPaths() {
  return staticMap() ? [{ params: { part: 'england' } }, { params: { part: 'london' } }] : [];
}

export const GET: APIRoute = ({ params }) => {
  const map = staticMap()!;
  return new Response(params.part === 'london' ? map.londonSvg : map.englandSvg, { headers: { 'Content-Type': 'image/svg+xml' } });
};
