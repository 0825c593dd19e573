import { createHash } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ClipboardService, MemoryClipboard } from './clipboard.js';
import { manualTimers } from './test-support/manual-timers.js';

const SECRET = 'tdk_sa_0123456789abcdefghijABCDEFGHIJ000xyz';

function setup(seconds = 30) {
  const clipboard = new MemoryClipboard();
  const timers = manualTimers();
  const logs: string[] = [];
  const service = new ClipboardService({
    clipboard,
    clearAfterSeconds: () => seconds,
    timers,
    log: (m) => logs.push(m),
  });
  return { clipboard, timers, service, logs };
}

describe('ClipboardService', () => {
  it('writes the text concealed and clears it after the delay when it is still there', async () => {
    const { clipboard, timers, service } = setup(30);
    const { clearsAt } = await service.copy(SECRET);
    expect(clearsAt).toBe('2026-01-01T00:00:30.000Z');
    expect(clipboard.writes).toEqual([{ text: SECRET, concealed: true }]);
    expect(await clipboard.readText()).toBe(SECRET);

    await timers.advance(29_999);
    expect(await clipboard.readText()).toBe(SECRET);
    await timers.advance(1);
    expect(await clipboard.readText()).toBe('');
    expect(clipboard.clears).toBe(1);
    expect(service.pending).toBeNull();
  });

  it('leaves the clipboard alone when the user copied something else meanwhile', async () => {
    const { clipboard, timers, service } = setup(10);
    await service.copy(SECRET);
    clipboard.userCopies('my shopping list');
    await timers.advance(10_000);
    expect(await clipboard.readText()).toBe('my shopping list');
    expect(clipboard.clears).toBe(0);
  });

  it('clears on dispose (quit) if the copy is still there, and not otherwise', async () => {
    const first = setup(30);
    await first.service.copy(SECRET);
    await first.service.dispose();
    expect(await first.clipboard.readText()).toBe('');
    expect(first.timers.pending()).toBe(0);

    const second = setup(30);
    await second.service.copy(SECRET);
    second.clipboard.userCopies('something of mine');
    await second.service.dispose();
    expect(await second.clipboard.readText()).toBe('something of mine');
    expect(second.clipboard.clears).toBe(0);
  });

  it('dispose with nothing copied does not touch the clipboard', async () => {
    const { clipboard, service } = setup();
    clipboard.userCopies('theirs');
    await service.dispose();
    expect(await clipboard.readText()).toBe('theirs');
    expect(clipboard.clears).toBe(0);
  });

  it('a second copy replaces the first: one timer, counted from the second copy', async () => {
    const { clipboard, timers, service } = setup(30);
    await service.copy(SECRET);
    await timers.advance(20_000);
    const other = `${SECRET.slice(0, -3)}zzz`;
    const { clearsAt } = await service.copy(other);
    expect(clearsAt).toBe('2026-01-01T00:00:50.000Z');
    expect(timers.pending()).toBe(1);
    await timers.advance(10_000);
    expect(await clipboard.readText()).toBe(other);
    await timers.advance(20_000);
    expect(await clipboard.readText()).toBe('');
  });

  it('reads the delay at each copy, so a changed setting applies to the next one', async () => {
    let seconds = 30;
    const clipboard = new MemoryClipboard();
    const timers = manualTimers();
    const service = new ClipboardService({ clipboard, clearAfterSeconds: () => seconds, timers });
    seconds = 5;
    await service.copy(SECRET);
    await timers.advance(5_000);
    expect(await clipboard.readText()).toBe('');
  });

  it('never keeps the text: only a SHA-256 digest and a time', async () => {
    const { service } = setup();
    await service.copy(SECRET);
    const digest = createHash('sha256').update(SECRET).digest('hex');
    expect(service.pending).toEqual({ digestHex: digest, clearsAt: Date.parse('2026-01-01T00:00:30.000Z') });
    const seen = inspect(service, { showHidden: true, depth: 10, getters: true });
    expect(seen).not.toContain(SECRET);
    expect(seen).not.toContain(SECRET.slice(7, 37));
    expect(JSON.stringify(service)).not.toContain(SECRET);
  });

  it('copyPlain writes a name or id as the user would: not concealed, never cleared, and drops a pending clear', async () => {
    const { clipboard, timers, service } = setup(10);
    await service.copy(SECRET);
    await service.copyPlain('ci_deploy_bot');
    expect(clipboard.writes).toEqual([
      { text: SECRET, concealed: true },
      { text: 'ci_deploy_bot', concealed: false },
    ]);
    expect(service.pending).toBeNull();
    await timers.advance(60_000);
    await service.dispose();
    expect(await clipboard.readText()).toBe('ci_deploy_bot');
    expect(clipboard.clears).toBe(0);

    // The secret path is unchanged after it: concealed and cleared.
    await service.copy(SECRET);
    expect(clipboard.writes.at(-1)).toEqual({ text: SECRET, concealed: true });
    await timers.advance(10_000);
    expect(await clipboard.readText()).toBe('');
  });

  it('a clipboard that fails to clear is reported without the text, and never throws', async () => {
    const { clipboard, timers, service, logs } = setup(5);
    await service.copy(SECRET);
    clipboard.readText = () => Promise.reject(new Error(`boom ${SECRET}`));
    await timers.advance(5_000);
    await service.dispose();
    expect(logs).toHaveLength(1);
    expect(logs[0]).not.toContain(SECRET);
  });
});
