/** What the built main bundle did to the window, its web contents and the session. */
import { existsSync } from 'node:fs';
import type { Checks } from './checks.js';
import { expect, expectEqual } from './checks.js';
import type { FakeElectron, FakeWindow } from './fake-electron.js';
import { FakeWebContents } from './fake-electron.js';

const FOREIGN = 'https://evil.example/phish';

function navigationPrevented(contents: FakeWebContents, event: string, url: string): boolean {
  let prevented = false;
  contents.emit(event, { preventDefault: () => (prevented = true) }, url);
  return prevented;
}

export async function checkWindow(checks: Checks, fake: FakeElectron, appUrl: string): Promise<void> {
  const { calls, electron } = fake;
  const window = fake.windows[0] as FakeWindow;
  const prefs = window.options.webPreferences ?? {};

  await checks.run('sandbox enabled for the whole app before ready; single-instance lock taken', () => {
    const sandbox = calls.indexOf('enableSandbox');
    expect(sandbox >= 0, 'app.enableSandbox() was not called');
    expect(sandbox < calls.indexOf('whenReady'), 'app.enableSandbox() came after whenReady()');
    expect(calls.includes('requestSingleInstanceLock'), 'no single-instance lock');
  });

  await checks.run('exactly one window, with the TokenDesk defaults', () => {
    expectEqual(fake.windows.length, 1, 'windows created');
    const { title, minWidth, minHeight, show } = window.options;
    expectEqual(
      { title, minWidth, minHeight, show },
      { title: 'TokenDesk', minWidth: 960, minHeight: 600, show: false },
      'options',
    );
    window.emit('ready-to-show');
    expect(window.shown, 'window not shown on ready-to-show');
  });

  await checks.run('the theme setting (System by default) reaches nativeTheme; the window starts in its colour', () => {
    expectEqual(fake.electron.nativeTheme.sources, ['system'], 'nativeTheme.themeSource');
    expectEqual(window.options.backgroundColor, '#f5f6f8', 'backgroundColor (light)');
  });

  await checks.run('webPreferences: the hardened baseline', () => {
    const expected = {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      devTools: false, // the stand-in app says it is packaged
    };
    const actual = Object.fromEntries(Object.keys(expected).map((key) => [key, prefs[key]]));
    expectEqual(actual, expected, 'webPreferences');
  });

  await checks.run('preload is dist/main/preload.cjs and exists', () => {
    const preload = String(prefs.preload);
    expect(preload.endsWith('/dist/main/preload.cjs'), `preload is ${preload}`);
    expect(existsSync(preload), `${preload} does not exist`);
  });

  await checks.run('window loads the bundled renderer from app://, not file://', () => {
    expectEqual(window.loadedUrl, appUrl, 'loaded URL');
    expect(appUrl.startsWith('app://tokendesk/'), `the app URL is ${appUrl}`);
  });

  await checks.run('window.open and target=_blank are denied', () => {
    const handler = window.webContents.windowOpenHandler;
    expect(handler, 'no window open handler');
    expectEqual(handler({ url: 'https://example.com/' }), { action: 'deny' }, 'window open');
    expectEqual(handler({ url: appUrl }), { action: 'deny' }, 'window open of the app itself');
  });

  await checks.run('navigation and redirects away from the app are prevented; the app itself is not', () => {
    const contents = window.webContents;
    expect(navigationPrevented(contents, 'will-navigate', FOREIGN), 'will-navigate to a foreign URL allowed');
    expect(
      navigationPrevented(contents, 'will-navigate', 'file:///etc/passwd'),
      'will-navigate to another file allowed',
    );
    expect(
      navigationPrevented(contents, 'will-navigate', 'app://tokendesk/assets/other.html'),
      'will-navigate to another page of the scheme allowed',
    );
    expect(navigationPrevented(contents, 'will-redirect', FOREIGN), 'will-redirect to a foreign URL allowed');
    expect(!navigationPrevented(contents, 'will-navigate', `${appUrl}#/accounts`), 'the app cannot reload itself');
  });

  await checks.run('every web contents the app creates is locked down (web-contents-created)', () => {
    const other = new FakeWebContents();
    electron.app.emit('web-contents-created', {}, other);
    expectEqual(other.windowOpenHandler?.({ url: 'https://example.com/' }), { action: 'deny' }, 'window open');
    expect(navigationPrevented(other, 'will-navigate', FOREIGN), 'will-navigate allowed');
    expect(navigationPrevented(other, 'will-attach-webview', FOREIGN), 'webview attach allowed');
  });

  const session = electron.session.defaultSession;
  await checks.run('permission request and check handlers deny everything', () => {
    const request = session.permissionRequestHandler;
    const check = session.permissionCheckHandler;
    expect(request && check, 'a permission handler is missing');
    for (const permission of ['media', 'clipboard-read', 'notifications', 'geolocation', 'openExternal']) {
      const answers: unknown[] = [];
      request(window.webContents, permission, (granted: unknown) => answers.push(granted), {});
      expectEqual(answers, [false], `request ${permission}`);
      expectEqual(check(window.webContents, permission, 'file://', {}), false, `check ${permission}`);
    }
  });

  await checks.run('the app page gets a strict Content-Security-Policy header; other URLs are untouched', () => {
    const listener = session.headersReceived;
    expect(listener, 'no onHeadersReceived listener');
    let answer: { responseHeaders?: Record<string, string[]> } = {};
    const original = { 'content-security-policy': ['default-src *'], 'x-other': ['1'] };
    listener({ url: appUrl, responseHeaders: original }, (a: typeof answer) => (answer = a));
    const csp = answer.responseHeaders?.['Content-Security-Policy']?.[0] ?? '';
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
      "form-action 'none'",
    ]) {
      expect(csp.split('; ').includes(directive), `CSP lacks "${directive}": ${csp}`);
    }
    expect(!('content-security-policy' in (answer.responseHeaders ?? {})), 'a weaker CSP header survived');
    expectEqual(answer.responseHeaders?.['x-other'], ['1'], 'other headers');
    listener({ url: 'https://example.com/', responseHeaders: {} }, (a: typeof answer) => (answer = a));
    expectEqual(answer, {}, 'answer for a foreign URL');
  });
}
