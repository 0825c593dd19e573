/** The app:// scheme the built main bundle registered, called with real Requests as Electron would. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Checks } from './checks.js';
import { expect, expectEqual } from './checks.js';
import type { FakeElectron } from './fake-electron.js';

const REQUIRED_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
];

export async function checkProtocol(checks: Checks, fake: FakeElectron, rendererDir: string): Promise<void> {
  const { calls } = fake;
  const { protocol } = fake.electron;
  const fetchApp = async (url: string, init?: RequestInit) => {
    const handler = protocol.handlers.get('app');
    if (!handler) throw new Error('no handler for app://');
    const response = await handler(new Request(url, init));
    return { response, body: Buffer.from(await response.arrayBuffer()) };
  };
  const expectCsp = (response: Response, what: string) => {
    const csp = response.headers.get('content-security-policy') ?? '';
    for (const directive of REQUIRED_CSP) {
      expect(csp.split('; ').includes(directive), `${what}: CSP lacks "${directive}": ${csp}`);
    }
  };

  await checks.run(
    'app:// is registered as privileged (standard, secure, fetch) before ready, and nothing more',
    () => {
      const registered = calls.indexOf('protocol.registerSchemesAsPrivileged');
      expect(registered >= 0, 'protocol.registerSchemesAsPrivileged was not called');
      expect(registered < calls.indexOf('whenReady'), 'the scheme was registered after whenReady()');
      expectEqual(
        protocol.privileged,
        [{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }],
        'privileged schemes',
      );
    },
  );

  await checks.run('protocol.handle serves app:// once, and no other scheme', () => {
    expectEqual([...protocol.handlers.keys()], ['app'], 'handled schemes');
    expectEqual(
      calls.filter((call) => call.startsWith('protocol.handle:')),
      ['protocol.handle:app'],
      'handle calls',
    );
  });

  await checks.run('index.html and every asset it names come back with their type and the CSP header', async () => {
    const { response, body } = await fetchApp('app://tokendesk/index.html');
    expectEqual(response.status, 200, 'index.html status');
    expectEqual(response.headers.get('content-type'), 'text/html; charset=utf-8', 'index.html type');
    expectCsp(response, 'index.html');
    const html = readFileSync(join(rendererDir, 'index.html'));
    expect(body.equals(html), 'index.html body differs from dist/renderer/index.html');

    // The renderer is built with base './': its asset URLs resolve under app://tokendesk/.
    const assets = [...html.toString('utf8').matchAll(/(?:src|href)="(\.\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(
      assets.some((asset) => asset.endsWith('.js')),
      `no script asset in index.html: ${assets.join(', ')}`,
    );
    const types: Record<string, string> = {
      '.js': 'text/javascript; charset=utf-8',
      '.css': 'text/css; charset=utf-8',
    };
    for (const asset of assets) {
      const url = new URL(asset, 'app://tokendesk/index.html').href;
      const answer = await fetchApp(url);
      expectEqual(answer.response.status, 200, `${url} status`);
      const type = types[asset.slice(asset.lastIndexOf('.'))];
      if (type) expectEqual(answer.response.headers.get('content-type'), type, `${url} type`);
      expectCsp(answer.response, url);
      expect(answer.body.equals(readFileSync(join(rendererDir, asset))), `${url} body differs from the file`);
    }
  });

  await checks.run('path traversal, unknown files and other hosts are refused with 404, CSP still set', async () => {
    for (const url of [
      'app://tokendesk/../main/main.cjs',
      'app://tokendesk/..%2fmain%2fmain.cjs',
      'app://tokendesk/..%2f..%2fpackage.json',
      'app://tokendesk/assets/..%5c..%5c..%5cpackage.json',
      'app://tokendesk/no-such-file.js',
      'app://elsewhere/index.html',
    ]) {
      const { response, body } = await fetchApp(url);
      expectEqual(response.status, 404, `${url} status`);
      expectCsp(response, url);
      expect(!body.toString('utf8').includes('require('), `${url} answered with code`);
    }
    const post = await fetchApp('app://tokendesk/index.html', { method: 'POST', body: 'x' });
    expectEqual(post.response.status, 405, 'POST status');
  });
}
