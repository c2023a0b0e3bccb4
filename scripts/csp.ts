/**
 * Adds a Content-Security-Policy to every built HTML page (after `astro build` and pin-releases).
 *
 * Scripts run only from the site's own origin or, for the few small module scripts Astro inlines, by
 * the SHA-256 of their exact text; `eval` is never allowed. Styles allow inline `style` attributes,
 * which the build-time SVG charts use for their fonts and colours. Nothing may be fetched from, framed
 * from or submitted to another origin. (`frame-ancestors` cannot be set from a meta tag; embeds are
 * meant to be framed anywhere.)
 *
 *   tsx scripts/csp.ts [dist]
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { htmlFiles } from './html-files';

const INLINE_SCRIPT = /<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g;

/** The policy for a page whose inline scripts have these texts. */
export function policyFor(inlineScripts: readonly string[]): string {
  const hashes = [...new Set(inlineScripts.map((s) => `'sha256-${crypto.createHash('sha256').update(s, 'utf8').digest('base64')}'`))];
  return [
    "default-src 'self'",
    `script-src 'self'${hashes.length ? ` ${hashes.join(' ')}` : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "font-src 'self'",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

/** Inserts the policy meta tag first in <head>; returns the page unchanged if it already has one. */
export function withPolicy(html: string): string {
  if (html.includes('http-equiv="Content-Security-Policy"')) return html;
  const scripts = [...html.matchAll(INLINE_SCRIPT)].map((m) => m[1]!).filter((s) => s.length > 0);
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policyFor(scripts)}">`;
  return html.replace(/<head>/i, `<head>${meta}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dist = path.resolve(process.argv[2] ?? 'dist');
  let n = 0;
  for (const file of htmlFiles(dist)) {
    const html = fs.readFileSync(file, 'utf8');
    const out = withPolicy(html);
    if (out !== html) {
      fs.writeFileSync(file, out);
      n++;
    }
  }
  process.stderr.write(`content security policy added to ${n} pages\n`);
}
