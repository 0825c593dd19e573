import { describe, expect, it } from 'vitest';
import { isAppUrl, resolveAppLocation } from './app-location.js';

const packaged = resolveAppLocation({
  appPath: '/opt/TokenDesk/resources/app.asar',
  isPackaged: true,
  devServerUrl: 'http://127.0.0.1:5173/',
});

describe('resolveAppLocation', () => {
  it('serves the packaged app from app://tokendesk, never file://, and ignores the dev server URL', () => {
    expect(packaged).toEqual({
      kind: 'app',
      url: 'app://tokendesk/index.html',
      origin: 'app://tokendesk',
      rendererDir: '/opt/TokenDesk/resources/app.asar/dist/renderer',
    });
  });

  it('uses app:// unpackaged too when there is no dev server', () => {
    expect(resolveAppLocation({ appPath: '/src', isPackaged: false, devServerUrl: undefined })).toMatchObject({
      kind: 'app',
      url: 'app://tokendesk/index.html',
      rendererDir: '/src/dist/renderer',
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
  it('accepts the app page with any hash or query', () => {
    expect(isAppUrl(packaged, packaged.url)).toBe(true);
    expect(isAppUrl(packaged, `${packaged.url}#/accounts/a1`)).toBe(true);
    expect(isAppUrl(packaged, `${packaged.url}?x=1`)).toBe(true);
  });

  it('rejects local files, other hosts and pages of the scheme, other schemes and garbage', () => {
    for (const url of [
      'file:///opt/TokenDesk/resources/app.asar/dist/renderer/index.html',
      'file:///tmp/index.html',
      'app://evil/index.html',
      'app://tokendesk/assets/other.html',
      'app://tokendesk.evil.example/index.html',
      'https://tokendesk/index.html',
      'https://evil.example/dist/renderer/index.html',
      'not a url',
    ]) {
      expect(isAppUrl(packaged, url), url).toBe(false);
    }
  });

  it('matches the dev server by origin only', () => {
    const dev = resolveAppLocation({ appPath: '/src', isPackaged: false, devServerUrl: 'http://localhost:5173/' });
    expect(isAppUrl(dev, 'http://localhost:5173/some/route')).toBe(true);
    expect(isAppUrl(dev, 'http://localhost:5174/')).toBe(false);
    expect(isAppUrl(dev, 'http://127.0.0.1:5173/')).toBe(false);
  });
});
