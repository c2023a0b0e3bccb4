// Static site: every page is made at build time from data/generated (see scripts/build-data.ts).
// SITE_URL (with its path, if the site is served under one) sets `site` and `base`: src/lib/domain/site-url.ts.
import { defineConfig } from 'astro/config';
import { configuredSiteUrl, parseSiteUrl } from './src/lib/domain/site-url.ts';

const siteUrl = configuredSiteUrl();
const { base } = parseSiteUrl(siteUrl);

/**
 * Stylesheets up to this size are written into each page instead of linked: no render-blocking
 * request before first paint. The site's sheets are a few KB each (global.css is the largest).
 */
const INLINE_CSS_MAX_BYTES = 12 * 1024;

export default defineConfig({
  output: 'static',
  site: siteUrl,
  base,
  trailingSlash: 'ignore',
  build: { format: 'directory', inlineStylesheets: 'auto' },
  vite: {
    build: {
      // Decides for stylesheets only; anything else keeps Vite's default (undefined).
      assetsInlineLimit: (file, content) => (file.endsWith('.css') ? content.length <= INLINE_CSS_MAX_BYTES : undefined),
    },
  },
  devToolbar: { enabled: false },
  telemetry: false,
});
