import type { APIRoute } from 'astro';
import { downloadFiles } from '../../../lib/publish/downloads';

/** Every download under /data/v1/ (see lib/downloads): chart SVGs and CSVs, and each area's CSV. */
export function getStaticPaths() {
  return downloadFiles().map((f) => ({ params: { file: f.path } }));
}

const byPath = () => new Map(downloadFiles().map((f) => [f.path, f]));
let index: ReturnType<typeof byPath> | undefined;

export const GET: APIRoute = ({ params }) => {
  index ??= byPath();
  const f = index.get(params.file!)!;
  return new Response(f.body(), { headers: { 'Content-Type': `${f.type}; charset=utf-8` } });
};
