/**
 * The site address for builds (see src/lib/domain/site-url.ts).
 *
 *   tsx scripts/site-url.ts check                  first step of `npm run build`: stops with a message
 *                                                  saying how to set SITE_URL when it is missing or bad
 *   tsx scripts/site-url.ts local [--always] CMD…  runs CMD with SITE_URL set to the local address
 *                                                  (LOCAL_SITE_URL) when it is unset, or always with
 *                                                  --always (`npm test`: the browser tests serve dist/
 *                                                  at the root of a local server)
 */
import { spawnSync } from 'node:child_process';
import { LOCAL_SITE_URL, requireSiteUrl, siteRoot } from '../src/lib/domain/site-url';

/** The environment for a local build: SITE_URL kept when set (unless `always`), else LOCAL_SITE_URL. */
export function localEnv(env: NodeJS.ProcessEnv, always: boolean): NodeJS.ProcessEnv {
  return { ...env, SITE_URL: !always && env.SITE_URL?.trim() ? env.SITE_URL : LOCAL_SITE_URL };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [mode, ...rest] = process.argv.slice(2);
  if (mode === 'check') {
    try {
      const site = requireSiteUrl(process.env);
      process.stderr.write(`building for ${siteRoot(site)}/ (base path ${site.base})\n`);
    } catch (e) {
      process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    }
  } else if (mode === 'local' && rest.length) {
    const always = rest[0] === '--always';
    const [cmd, ...args] = always ? rest.slice(1) : rest;
    const r = spawnSync(cmd!, args, { stdio: 'inherit', env: localEnv(process.env, always), shell: process.platform === 'win32' });
    process.exit(r.status ?? 1);
  } else {
    process.stderr.write('usage: tsx scripts/site-url.ts check | local [--always] CMD [ARGS…]\n');
    process.exit(2);
  }
}
