/**
 * The release feed (src/lib/publish/release-feed.ts, scripts/release-feed.ts): well-formed Atom with escaped text,
 * one entry per release newest first, what changed between releases, and absolute URLs under the base path.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { entrySummary, releaseFeed, sourceChanges, xmlText, type FeedRelease } from '../../src/lib/publish/release-feed';
import { parseSiteUrl } from '../../src/lib/domain/site-url';
import { writeReleaseFeed } from '../../scripts/release-feed';

const site = parseSiteUrl('https://example.org/absence/');
const a: FeedRelease = {
  release: { id: '2026-03-19-aaaaaaaaaa', date: '2026-03-19', hash: 'aaaaaaaaaa' },
  manifest: {
    builtAt: '2026-03-19T09:30:00.000Z',
    coverage: ['census (Pupil absence in schools in England): 1 file; Full year: 2006/07 to 2023/24 (18 years)'],
    sources: [
      { file: 'dfe/census/1_absence_3term_nat_reg_la.csv', sha256: '1'.repeat(64) },
      { file: 'dfe/lait/bds_long_0.parquet', sha256: '2'.repeat(64) },
      { file: 'dfe/cin_outcomes/absence_la.csv', sha256: '3'.repeat(64) },
    ],
  },
};
const b: FeedRelease = {
  release: { id: '2026-11-30-bbbbbbbbbb', date: '2026-11-30', hash: 'bbbbbbbbbb' },
  manifest: {
    builtAt: '2026-11-30T08:00:00.000Z',
    coverage: ['census (Pupil absence in schools in England): 2 files; Full year: 2006/07 to 2024/25 (19 years) & <terms>'],
    sources: [
      { file: 'dfe/census/1_absence_3term_nat_reg_la.csv', sha256: '9'.repeat(64) },
      { file: 'dfe/lait/bds_long_0.parquet', sha256: '2'.repeat(64) },
      { file: 'dfe/census/absence_by_ethnicity_and_fsm.csv', sha256: '4'.repeat(64) },
    ],
  },
};
const old: FeedRelease = { release: { id: '2025-09-01-cccccccccc', date: '2025-09-01', hash: 'cccccccccc' } };

/** Strict enough well-formedness: balanced tags, quoted attributes, no bare & or < in text. */
function assertWellFormed(xml: string): void {
  expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n')).toBe(true);
  const body = xml.replace(/^<\?xml[^>]*\?>/, '');
  const stack: string[] = [];
  let last = 0;
  for (const m of body.matchAll(/<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<&]*(?:&(?:amp|lt|gt|quot|apos);[^"<&]*)*")*)\s*(\/?)>/g)) {
    const text = body.slice(last, m.index);
    expect(text, `text before <${m[2]}>`).not.toMatch(/<|&(?!(amp|lt|gt|quot|apos);)/);
    last = m.index + m[0].length;
    if (m[1]) expect(stack.pop(), `closing </${m[2]}>`).toBe(m[2]);
    else if (!m[4]) stack.push(m[2]!);
  }
  expect(body.slice(last).trim()).toBe('');
  expect(stack).toEqual([]);
}

function parse(xml: string) {
  const { DOMParser } = parseHTML('');
  return new DOMParser().parseFromString(xml.replace(/^<\?xml[^>]*\?>\n/, ''), 'text/xml');
}

describe('release feed', () => {
  const xml = releaseFeed([old, a, b], site);
  const doc = parse(xml);
  const entries = [...doc.querySelectorAll('entry')];

  it('is well-formed Atom with a feed id, title, updated time and author', () => {
    assertWellFormed(xml);
    const feed = doc.querySelector('feed')!;
    expect(feed.getAttribute('xmlns')).toBe('http://www.w3.org/2005/Atom');
    expect(doc.querySelector('feed > id')!.textContent).toBe('https://example.org/absence/data/v1/releases.atom');
    expect(doc.querySelector('feed > updated')!.textContent).toBe('2026-11-30T08:00:00.000Z');
    expect(doc.querySelector('feed > author > name')!.textContent).toBe('School absence in England');
    expect(doc.querySelector('feed > link[rel=self]')!.getAttribute('href')).toBe('https://example.org/absence/data/v1/releases.atom');
  });

  it('has one entry per release, newest first, each with its id, dates and manifest link under the base path', () => {
    expect(entries.map((e) => e.querySelector('title')!.textContent)).toEqual([`Data release ${b.release.id}`, `Data release ${a.release.id}`, `Data release ${old.release.id}`]);
    const [eb, , eo] = entries;
    expect(eb!.querySelector('id')!.textContent).toBe(`https://example.org/absence/embed/r/${b.release.id}/`);
    expect(eb!.querySelector('published')!.textContent).toBe('2026-11-30T00:00:00Z');
    expect(eb!.querySelector('updated')!.textContent).toBe('2026-11-30T08:00:00.000Z');
    expect(eb!.querySelector('link')!.getAttribute('href')).toBe(`https://example.org/absence/embed/r/${b.release.id}/manifest.json`);
    // A release archived before manifests were kept: no link, and its date as the time.
    expect(eo!.querySelector('link')).toBeNull();
    expect(eo!.querySelector('updated')!.textContent).toBe('2025-09-01T00:00:00Z');
    expect(new Set(entries.map((e) => e.querySelector('id')!.textContent)).size).toBe(3);
  });

  it('says the periods covered and what changed since the release before, escaped', () => {
    expect(xml).toContain('2024/25 (19 years) &amp; &lt;terms&gt;');
    const text = entries[0]!.querySelector('summary')!.textContent!;
    expect(text).toContain('Full year: 2006/07 to 2024/25 (19 years) & <terms>');
    expect(text).toContain(`changed since release ${a.release.id}: new: dfe/census/absence_by_ethnicity_and_fsm.csv; updated: dfe/census/1_absence_3term_nat_reg_la.csv; no longer read: dfe/cin_outcomes/absence_la.csv.`);
    expect(entries[1]!.querySelector('summary')!.textContent).toContain(`release ${old.release.id} before it has no manifest`);
    expect(entries[2]!.querySelector('summary')!.textContent).toContain('No manifest was kept');
  });

  it('lists source changes exactly', () => {
    expect(sourceChanges(a.manifest!.sources, a.manifest!.sources)).toEqual({ added: [], changed: [], removed: [] });
    expect(entrySummary(a, a)).toMatch(/changed since release .*: none\./);
    expect(entrySummary(a, undefined)).toContain('The first release this site serves, from 3 DfE files.');
  });

  it('escapes XML specials and drops characters XML cannot hold', () => {
    expect(xmlText(`a & b < c > d "e" 'f'\u0001`)).toBe('a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos;');
  });

  it('needs a release', () => {
    expect(() => releaseFeed([], site)).toThrow(/no data release/);
  });

  it('at the root of a host has no base path in its URLs', () => {
    const rootXml = releaseFeed([a], parseSiteUrl('https://example.org'));
    expect(rootXml).toContain('<id>https://example.org/data/v1/releases.atom</id>');
    expect(rootXml).toContain(`href="https://example.org/embed/r/${a.release.id}/manifest.json"`);
    expect(rootXml).not.toMatch(/[^:]\/\//);
  });

  it('is written into dist/ from the served releases and the manifests kept with them', () => {
    const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'feed-'));
    fs.mkdirSync(path.join(dist, 'embed', 'r', b.release.id), { recursive: true });
    fs.writeFileSync(path.join(dist, 'embed', 'r', 'releases.json'), JSON.stringify({ current: b.release.id, releases: [b.release, old.release] }));
    fs.writeFileSync(path.join(dist, 'embed', 'r', b.release.id, 'manifest.json'), JSON.stringify({ ...b.manifest, files: [] }));
    const out = writeReleaseFeed(dist, site);
    expect(out).toBe(path.join(dist, 'data', 'v1', 'releases.atom'));
    const written = fs.readFileSync(out, 'utf8');
    assertWellFormed(written);
    expect(written).toBe(releaseFeed([b, old], site));
  });
});
