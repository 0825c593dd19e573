import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppProtocolHandler } from './app-protocol.js';
import { tempDir } from '../services/test-support/temp-dir.js';

const CSP = "default-src 'self'; object-src 'none'";
const ROOT = '/opt/TokenDesk/resources/app.asar/dist/renderer';

/** A stand-in file reader over a few files, recording every path it was asked for. */
function standIn(files: Record<string, string>) {
  const asked: string[] = [];
  const readFile = (file: string): Promise<Uint8Array> => {
    asked.push(file);
    const text = files[file];
    if (text === undefined) return Promise.reject(Object.assign(new Error('ENOENT'), { code: 'ENOENT' }));
    return Promise.resolve(new TextEncoder().encode(text));
  };
  return { asked, handler: createAppProtocolHandler({ rendererDir: ROOT, csp: CSP, readFile }) };
}

const files = {
  [`${ROOT}/index.html`]: '<!doctype html><title>TokenDesk</title>',
  [`${ROOT}/assets/index-abc.js`]: 'console.log(1)',
  [`${ROOT}/assets/index-abc.css`]: 'body{}',
  [`${ROOT}/assets/logo.svg`]: '<svg/>',
  [`${ROOT}/assets/data.bin`]: 'raw',
  // Outside dist/renderer: must never be served.
  ['/opt/TokenDesk/resources/app.asar/dist/main/main.cjs']: 'main process code',
  ['/etc/passwd']: 'root:x:0:0',
};

describe('app:// protocol handler', () => {
  it('serves the renderer’s files with their content type, the CSP and nosniff', async () => {
    const { handler } = standIn(files);
    const cases: [string, string, string][] = [
      ['app://tokendesk/index.html', 'text/html; charset=utf-8', '<!doctype html><title>TokenDesk</title>'],
      ['app://tokendesk/', 'text/html; charset=utf-8', '<!doctype html><title>TokenDesk</title>'],
      ['app://tokendesk/assets/index-abc.js', 'text/javascript; charset=utf-8', 'console.log(1)'],
      ['app://tokendesk/assets/index-abc.css?v=1#x', 'text/css; charset=utf-8', 'body{}'],
      ['app://tokendesk/assets/logo.svg', 'image/svg+xml', '<svg/>'],
      ['app://tokendesk/assets/data.bin', 'application/octet-stream', 'raw'],
    ];
    for (const [url, type, body] of cases) {
      const response = await handler(new Request(url));
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-type'), url).toBe(type);
      expect(response.headers.get('content-security-policy'), url).toBe(CSP);
      expect(response.headers.get('x-content-type-options'), url).toBe('nosniff');
      expect(await response.text(), url).toBe(body);
    }
  });

  it('refuses every way out of dist/renderer with 404, without reading anything outside it', async () => {
    const { handler, asked } = standIn(files);
    for (const url of [
      'app://tokendesk/../main/main.cjs',
      'app://tokendesk/%2e%2e/main/main.cjs',
      'app://tokendesk/assets/..%2f..%2fmain%2fmain.cjs',
      'app://tokendesk/..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd',
      'app://tokendesk/..%5c..%5cmain%5cmain.cjs',
      'app://tokendesk/%2Fetc%2Fpasswd',
      'app://tokendesk/index.html%00.png',
      'app://tokendesk/%E0%A4%A',
    ]) {
      const response = await handler(new Request(url));
      expect(response.status, url).toBe(404);
      expect(response.headers.get('content-security-policy'), url).toBe(CSP);
      expect(await response.text(), url).not.toMatch(/main process code|root:/);
    }
    expect(asked.filter((file) => !file.startsWith(`${ROOT}/`))).toEqual([]);
  });

  it('answers 404 for unknown files, folders and other hosts or schemes; 405 for writes', async () => {
    const { handler } = standIn(files);
    for (const url of ['app://tokendesk/nope.js', 'app://tokendesk/assets/', 'app://other/index.html']) {
      const response = await handler(new Request(url));
      expect(response.status, url).toBe(404);
      expect(response.headers.get('content-security-policy'), url).toBe(CSP);
    }
    const post = await handler(new Request('app://tokendesk/index.html', { method: 'POST', body: 'x' }));
    expect(post.status).toBe(405);
    expect(post.headers.get('content-security-policy')).toBe(CSP);
    const head = await handler(new Request('app://tokendesk/index.html', { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  describe('over a real folder', () => {
    let root: { path: string; cleanup: () => void } | undefined;
    afterEach(() => root?.cleanup());

    it('reads files inside the folder and nothing next to it', async () => {
      root = tempDir('app-protocol');
      const renderer = join(root.path, 'dist', 'renderer');
      mkdirSync(join(renderer, 'assets'), { recursive: true });
      writeFileSync(join(renderer, 'index.html'), '<p>app</p>');
      writeFileSync(join(root.path, 'dist', 'secret.txt'), 'next to the renderer');
      writeFileSync(join(root.path, 'dist', 'renderer-evil'), 'a sibling with the same prefix');
      const handler = createAppProtocolHandler({ rendererDir: renderer, csp: CSP });
      expect(await (await handler(new Request('app://tokendesk/index.html'))).text()).toBe('<p>app</p>');
      for (const url of ['app://tokendesk/..%2fsecret.txt', 'app://tokendesk/..%2frenderer-evil']) {
        expect((await handler(new Request(url))).status, url).toBe(404);
      }
      expect((await handler(new Request('app://tokendesk/assets'))).status).toBe(404);
    });
  });
});
