/**
 * The site's public address, in one place. Browser-safe: no Node imports.
 *
 * SITE_URL is the address the site is served at, with its path when it lives under one:
 * "https://example.org/absence/". Its origin goes into every absolute URL the site writes (embed codes,
 * citations, story source lines, SVG downloads, the manifest, the release feed), and its path is the
 * base path (Astro `base`) that every internal link, asset and fetch is put under.
 *
 * Lib code and page models work with site paths: "/trends/", "/data/v1/england.csv", always starting
 * with "/" and never holding the base path. They become addresses only at the edge:
 *   withBase("/trends/")     -> "/absence/trends/"                        (href, src, fetch)
 *   absoluteUrl("/trends/")  -> "https://example.org/absence/trends/"     (written into files and codes)
 *   siteRoot()               -> "https://example.org/absence"             (no trailing slash: root + site path)
 *
 * Where the address comes from: in Astro (pages and client scripts) `import.meta.env.SITE`, which
 * astro.config.mjs sets from SITE_URL; in Node scripts and tests, `process.env.SITE_URL`; else
 * LOCAL_SITE_URL (what `npm start` serves). A production `npm run build` refuses to run without
 * SITE_URL (requireSiteUrl).
 */

/** The address `npm start` serves on (astro preview --port 4321) and `npm test` builds for. */
export const LOCAL_SITE_URL = 'http://127.0.0.1:4321/';

/** A parsed SITE_URL. */
export interface SiteAddress {
  /** "https://example.org" (scheme, host and port; no slash). */
  origin: string;
  /** Base path with a slash at both ends: "/" or "/absence/". */
  base: string;
}

/**
 * Parses a SITE_URL. Accepts a path with or without its trailing slash ("https://x.org/absence" and
 * "https://x.org/absence/" are the same site). Throws on anything that is not an http(s) address, and
 * on a query or fragment (they cannot be part of a base path).
 */
export function parseSiteUrl(raw: string): SiteAddress {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    throw new Error(`SITE_URL "${raw}" is not an address: give the full address the site is served at, e.g. https://example.org/absence/`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`SITE_URL "${raw}" must start with https:// or http://`);
  if (u.search || u.hash) throw new Error(`SITE_URL "${raw}" must not have a query or fragment: only scheme, host and path`);
  return { origin: u.origin, base: normaliseBase(u.pathname) };
}

/** "absence", "/absence", "/absence/", "//absence//" -> "/absence/"; "" -> "/". */
export function normaliseBase(path: string): string {
  const inner = path.split('/').filter(Boolean).join('/');
  return inner ? `/${inner}/` : '/';
}

/** SITE_URL as configured for this process (see the module comment for where it comes from). */
export function configuredSiteUrl(): string {
  // Vite replaces import.meta.env.SITE in Astro's server and client bundles; plain Node has no import.meta.env.
  const astroSite = typeof import.meta.env === 'object' ? (import.meta.env.SITE as string | undefined) : undefined;
  if (astroSite) return astroSite;
  const env = typeof process === 'object' && process.env ? process.env : {};
  return env.SITE_URL || LOCAL_SITE_URL;
}

/** The site address for this build or page. */
export function currentSite(): SiteAddress {
  return parseSiteUrl(configuredSiteUrl());
}

/** A site path ("/trends/", "/data/v1/x.csv?y#z") under the base path: "/absence/trends/". */
export function withBase(sitePath: string, site: SiteAddress = currentSite()): string {
  if (!sitePath.startsWith('/') || sitePath.startsWith('//')) throw new Error(`not a site path (must start with a single "/"): ${sitePath}`);
  return site.base + sitePath.slice(1);
}

/** The origin and base path without a trailing slash: siteRoot() + sitePath is an absolute URL. */
export function siteRoot(site: SiteAddress = currentSite()): string {
  return site.origin + site.base.replace(/\/$/, '');
}

/** A site path as an absolute URL: "https://example.org/absence/trends/". */
export function absoluteUrl(sitePath: string, site: SiteAddress = currentSite()): string {
  return site.origin + withBase(sitePath, site);
}

/**
 * For a production build: the SITE_URL from `env`, parsed. Throws, saying how to set it, when it is
 * missing or not an address (the build would otherwise write a local address into every embed code).
 */
export function requireSiteUrl(env: Record<string, string | undefined>): SiteAddress {
  const raw = env.SITE_URL?.trim();
  if (!raw) {
    throw new Error(
      'SITE_URL is not set. A production build writes the site address into every embed code, citation, ' +
        'download and manifest, so it needs the address the site will be served at, with its path if any:\n' +
        '  SITE_URL=https://example.org/absence/ DATA_DIR=../shared/data npm run build\n' +
        `For a build to try locally, "npm start" (or "npm run build:local") uses ${LOCAL_SITE_URL}.`,
    );
  }
  return parseSiteUrl(raw);
}
