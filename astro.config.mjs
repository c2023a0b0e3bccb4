// Static site: every page is made at build time from data/generated (see scripts/build-data.ts).
// SITE_URL (with its path, if the site is served under one) sets `site` and `base`: src/lib/site-url.ts.
import { defineConfig } from 'astro/config';
import { configuredSiteUrl, parseSiteUrl } from './src/lib/site-url.ts';

const siteUrl = configuredSiteUrl();
const { base } = parseSiteUrl(siteUrl);

export default defineConfig({
  output: 'static',
  site: siteUrl,
  base,
  trailingSlash: 'ignore',
  build: { format: 'directory', inlineStylesheets: 'never' },
  devToolbar: { enabled: false },
  telemetry: false,
});
