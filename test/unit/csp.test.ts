import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { policyFor, withPolicy } from '../../scripts/csp';

describe('content security policy', () => {
  it('allows inline scripts only by the hash of their exact text, and never eval', () => {
    const text = 'console.log(1)';
    const hash = crypto.createHash('sha256').update(text).digest('base64');
    const p = policyFor([text]);
    expect(p).toContain(`script-src 'self' 'sha256-${hash}'`);
    expect(p).not.toContain('unsafe-eval');
    expect(p).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(p).toContain("default-src 'self'");
  });
  it('puts the meta tag first in head, once', () => {
    const page = '<html><head><title>x</title></head><body><script type="module">a()</script><script src="/b.js"></script></body></html>';
    const out = withPolicy(page);
    expect(out.indexOf('http-equiv="Content-Security-Policy"')).toBe(page.indexOf('<head>') + 6 + '<meta '.length);
    expect(out.match(/sha256-/g)).toHaveLength(1);
    expect(withPolicy(out)).toBe(out);
  });
});
