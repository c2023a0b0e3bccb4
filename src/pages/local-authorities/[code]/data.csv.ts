import type { APIRoute } from 'astro';
import { readSiteIndex } from '../../../lib/site-data';
import { areaPage, CSV_COLUMNS } from '../../../lib/pages';
import { toCsv } from '../../../lib/csv-out';

export function getStaticPaths() {
  return readSiteIndex()
    .areas.filter((a) => a.level === 'Local authority')
    .map((a) => ({ params: { code: a.code } }));
}

/** Every figure on the LA page, long form, DfE column names plus source, measure, value and symbol. */
export const GET: APIRoute = ({ params }) =>
  new Response(toCsv(areaPage(params.code!).csv, CSV_COLUMNS), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
