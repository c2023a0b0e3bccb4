/**
 * The site address (src/lib/domain/site-url.ts): SITE_URL parsed into origin and base path, site paths joined
 * to it without double or missing slashes, and the production build's refusal without SITE_URL.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { absoluteUrl, currentSite, LOCAL_SITE_URL, normaliseBase, parseSiteUrl, requireSiteUrl, siteRoot, withBase } from '../../src/lib/domain/site-url';
import { localEnv } from '../../scripts/site-url';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const sub = parseSiteUrl('https://example.org/absence/');
const root = parseSiteUrl('https://example.org');

describe('parseSiteUrl', () => {
  it('splits origin and base path, with or without the trailing slash', () => {
    expect(sub).toEqual({ origin: 'https://example.org', base: '/absence/' });
    expect(parseSiteUrl('https://example.org/absence')).toEqual(sub);
    expect(parseSiteUrl('https://example.org//absence//')).toEqual(sub);
    expect(root).toEqual({ origin: 'https://example.org', base: '/' });
    expect(parseSiteUrl('https://example.org/')).toEqual(root);
    expect(parseSiteUrl('http://127.0.0.1:4321/a/b')).toEqual({ origin: 'http://127.0.0.1:4321', base: '/a/b/' });
  });

  it('refuses what is not a site address', () => {
    expect(() => parseSiteUrl('example.org/absence')).toThrow(/not an address/);
    expect(() => parseSiteUrl('ftp://example.org/')).toThrow(/https:\/\//);
    expect(() => parseSiteUrl('https://example.org/?x=1')).toThrow(/query or fragment/);
    expect(() => parseSiteUrl('https://example.org/#top')).toThrow(/query or fragment/);
  });

  it('normalises a base path to one slash at each end', () => {
    expect(normaliseBase('')).toBe('/');
    expect(normaliseBase('/')).toBe('/');
    expect(normaliseBase('absence')).toBe('/absence/');
    expect(normaliseBase('/a//b/')).toBe('/a/b/');
  });
});

describe('joining site paths', () => {
  it('puts a site path under the base path', () => {
    expect(withBase('/trends/', sub)).toBe('/absence/trends/');
    expect(withBase('/', sub)).toBe('/absence/');
    expect(withBase('/data/v1/england.csv', sub)).toBe('/absence/data/v1/england.csv');
    expect(withBase('/compare/?areas=E06000032#chart', sub)).toBe('/absence/compare/?areas=E06000032#chart');
    expect(withBase('/trends/', root)).toBe('/trends/');
    expect(withBase('/', root)).toBe('/');
  });

  it('refuses a path that is relative or protocol-relative', () => {
    expect(() => withBase('trends/', sub)).toThrow(/site path/);
    expect(() => withBase('//evil.example/', sub)).toThrow(/site path/);
  });

  it('writes absolute URLs with the base path and no double slashes', () => {
    expect(absoluteUrl('/local-authorities/E06000032/', sub)).toBe('https://example.org/absence/local-authorities/E06000032/');
    expect(absoluteUrl('/', sub)).toBe('https://example.org/absence/');
    expect(absoluteUrl('/embed.js', root)).toBe('https://example.org/embed.js');
    expect(siteRoot(sub)).toBe('https://example.org/absence');
    expect(siteRoot(root)).toBe('https://example.org');
    expect(`${siteRoot(sub)}/embed/map/`).toBe(absoluteUrl('/embed/map/', sub));
  });

  it('takes the address from SITE_URL outside Astro, else the local one', () => {
    const saved = process.env.SITE_URL;
    try {
      process.env.SITE_URL = 'https://example.org/absence';
      expect(currentSite()).toEqual(sub);
      delete process.env.SITE_URL;
      expect(currentSite()).toEqual(parseSiteUrl(LOCAL_SITE_URL));
    } finally {
      if (saved === undefined) delete process.env.SITE_URL;
      else process.env.SITE_URL = saved;
    }
  });
});

describe('production builds need SITE_URL', () => {
  it('requireSiteUrl refuses a missing or empty SITE_URL, saying how to set it', () => {
    expect(() => requireSiteUrl({})).toThrow(/SITE_URL is not set[\s\S]*SITE_URL=https:\/\/example\.org\/absence\/ DATA_DIR=\.\.\/shared\/data npm run build/);
    expect(() => requireSiteUrl({ SITE_URL: '  ' })).toThrow(/SITE_URL is not set/);
    expect(() => requireSiteUrl({ SITE_URL: 'absence' })).toThrow(/not an address/);
    expect(requireSiteUrl({ SITE_URL: 'https://example.org/absence/' })).toEqual(sub);
  });

  it('`npm run build` stops at its first step without SITE_URL, and goes on with it', () => {
    const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
    const { SITE_URL: _omit, ...env } = process.env;
    const refused = spawnSync(tsx, ['scripts/site-url.ts', 'check'], { cwd: ROOT, env, encoding: 'utf8' });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/SITE_URL is not set/);
    const ok = execFileSync(tsx, ['scripts/site-url.ts', 'check'], { cwd: ROOT, env: { ...env, SITE_URL: 'https://example.org/absence' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(ok).toBe('');
  }, 30_000);

  it('the local commands set the local address only when none is given (always, for the tests)', () => {
    expect(localEnv({}, false).SITE_URL).toBe(LOCAL_SITE_URL);
    expect(localEnv({ SITE_URL: 'https://example.org/absence/' }, false).SITE_URL).toBe('https://example.org/absence/');
    expect(localEnv({ SITE_URL: 'https://example.org/absence/' }, true).SITE_URL).toBe(LOCAL_SITE_URL);
    expect(localEnv({ SITE_URL: '' }, false).SITE_URL).toBe(LOCAL_SITE_URL);
  });
});
