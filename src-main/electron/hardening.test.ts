import { describe, expect, it } from 'vitest';
import { resolveAppLocation } from './app-location.js';
import { contentSecurityPolicy, withCspHeader } from './csp.js';
import { isAllowedExternalUrl, openExternalIfAllowed } from './hardening.js';

describe('external links', () => {
  it('opens only https URLs on allow-listed hosts', async () => {
    const opened: string[] = [];
    const shell = { openExternal: (url: string) => (opened.push(url), Promise.resolve()) };
    const hosts = ['docs.tokendesk.dev'];
    expect(await openExternalIfAllowed(shell, 'https://docs.tokendesk.dev/tokens', hosts)).toBe(true);
    expect(await openExternalIfAllowed(shell, 'http://docs.tokendesk.dev/tokens', hosts)).toBe(false);
    expect(await openExternalIfAllowed(shell, 'https://evil.example/', hosts)).toBe(false);
    expect(await openExternalIfAllowed(shell, 'file:///etc/passwd', hosts)).toBe(false);
    expect(opened).toEqual(['https://docs.tokendesk.dev/tokens']);
  });

  it('rejects credentials in the URL and look-alike hosts', () => {
    expect(isAllowedExternalUrl('https://user@docs.tokendesk.dev/', ['docs.tokendesk.dev'])).toBe(false);
    expect(isAllowedExternalUrl('https://docs.tokendesk.dev.evil.example/', ['docs.tokendesk.dev'])).toBe(false);
    expect(isAllowedExternalUrl('javascript:alert(1)', ['docs.tokendesk.dev'])).toBe(false);
  });
});

describe('content security policy', () => {
  const packaged = resolveAppLocation({ appPath: '/app', isPackaged: true, devServerUrl: undefined });

  it('is strict for the packaged app: own scripts only, no network, no plugins, no framing', () => {
    const directives = contentSecurityPolicy(packaged).split('; ');
    for (const required of [
      "default-src 'self'",
      "script-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
      "form-action 'none'",
      "connect-src 'none'",
    ]) {
      expect(directives).toContain(required);
    }
    expect(contentSecurityPolicy(packaged)).not.toContain('unsafe');
  });

  it('allows the dev server its inline preamble and websocket, for its own origin only', () => {
    const dev = resolveAppLocation({ appPath: '/app', isPackaged: false, devServerUrl: 'http://localhost:5173' });
    expect(contentSecurityPolicy(dev)).toContain("connect-src 'self' ws://localhost:5173");
  });

  it('replaces any CSP header the response carried, whatever its case', () => {
    const headers = withCspHeader({ 'content-security-policy': ['default-src *'], Other: ['1'] }, "default-src 'self'");
    expect(headers).toEqual({ Other: ['1'], 'Content-Security-Policy': ["default-src 'self'"] });
  });
});
