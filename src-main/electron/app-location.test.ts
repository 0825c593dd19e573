import { describe, expect, it } from 'vitest';
import { isAppUrl, resolveAppLocation } from './app-location.js';

const packaged = resolveAppLocation({
  appPath: '/opt/TokenDesk/resources/app.asar',
  isPackaged: true,
  devServerUrl: 'http://127.0.0.1:5173/',
});

describe('resolveAppLocation', () => {
  it('ignores the dev server URL in a packaged app', () => {
    expect(packaged).toEqual({
      kind: 'file',
      url: 'file:///opt/TokenDesk/resources/app.asar/dist/renderer/index.html',
    });
  });

  it('uses the dev server when unpackaged', () => {
    const dev = resolveAppLocation({ appPath: '/src', isPackaged: false, devServerUrl: 'http://localhost:5173' });
    expect(dev).toEqual({ kind: 'dev', url: 'http://localhost:5173/', origin: 'http://localhost:5173' });
  });

  it('refuses a dev server URL that is not http(s)', () => {
    expect(() => resolveAppLocation({ appPath: '/src', isPackaged: false, devServerUrl: 'file:///x' })).toThrow();
  });
});

describe('isAppUrl', () => {
  it('accepts the bundled page with any hash or query', () => {
    expect(isAppUrl(packaged, packaged.url)).toBe(true);
    expect(isAppUrl(packaged, `${packaged.url}#/accounts/a1`)).toBe(true);
    expect(isAppUrl(packaged, `${packaged.url}?x=1`)).toBe(true);
  });

  it('rejects other files, other schemes and garbage (file: origins are opaque, so origins are not compared)', () => {
    expect(isAppUrl(packaged, 'file:///opt/TokenDesk/resources/app.asar/dist/renderer/other.html')).toBe(false);
    expect(isAppUrl(packaged, 'file:///tmp/index.html')).toBe(false);
    expect(isAppUrl(packaged, 'https://evil.example/dist/renderer/index.html')).toBe(false);
    expect(isAppUrl(packaged, 'not a url')).toBe(false);
  });

  it('matches the dev server by origin only', () => {
    const dev = resolveAppLocation({ appPath: '/src', isPackaged: false, devServerUrl: 'http://localhost:5173/' });
    expect(isAppUrl(dev, 'http://localhost:5173/some/route')).toBe(true);
    expect(isAppUrl(dev, 'http://localhost:5174/')).toBe(false);
    expect(isAppUrl(dev, 'http://127.0.0.1:5173/')).toBe(false);
  });
});
