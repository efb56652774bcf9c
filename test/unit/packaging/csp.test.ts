import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuiltRenderer, rendererHtml } from './builtRenderer';

function parsePolicy(policy: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name.toLowerCase(), values);
  }
  return map;
}

describe('Content-Security-Policy in the built renderer', () => {
  let html = '';
  let policy = new Map<string, string[]>();
  beforeAll(() => {
    ensureBuiltRenderer();
    html = readFileSync(rendererHtml, 'utf8');
    const metas = [...html.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/gi)];
    expect(metas, 'exactly one CSP meta tag in out/renderer/index.html').toHaveLength(1);
    policy = parsePolicy(metas[0]?.[1] ?? '');
  }, 320_000);

  it('denies by default and forbids plugins, base-uri hijacking and form posts', () => {
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('form-action')).toEqual(["'none'"]);
  });

  it('allows scripts from the app only: no eval, no inline, no remote or data/blob sources', () => {
    const scripts = policy.get('script-src') ?? policy.get('default-src') ?? [];
    expect(scripts).toEqual(["'self'"]);
    const all = [...policy.values()].flat();
    expect(all).not.toContain("'unsafe-eval'");
    expect(all.filter((v) => /^(https?:|wss?:|\*$|\*\.)/i.test(v)), 'no remote origins anywhere').toEqual([]);
  });

  it('lets the renderer connect only to itself (store HTTP happens in main)', () => {
    expect(policy.get('connect-src')).toEqual(["'self'"]);
  });

  it('has no inline script and loads its bundle relative to the app origin', () => {
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs = '', body = ''] of scripts) {
      expect(body.trim(), 'inline script body').toBe('');
      expect(attrs).toMatch(/\bsrc="\.?\/assets\/[^"]+\.js"/);
    }
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//i);
  });
});
