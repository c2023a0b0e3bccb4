// Static site: every page is made at build time from data/generated (see scripts/build-data.ts).
import { defineConfig } from 'astro/config';

/**
 * Stylesheets up to this size are written into each page instead of linked: no render-blocking
 * request before first paint. The site's sheets are a few KB each (global.css is the largest).
 */
const INLINE_CSS_MAX_BYTES = 12 * 1024;

export default defineConfig({
  output: 'static',
  site: process.env.SITE_URL ?? 'http://127.0.0.1:4321',
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
