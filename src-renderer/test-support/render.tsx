import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { resetAppStore } from '../store/app-store.js';
import { fakeBridge, type FakeBridge, type FakeState } from './fake-bridge.js';

afterEach(() => {
  cleanup();
  resetAppStore();
  window.localStorage.clear();
  delete window.tokendesk;
});

/** Installs a fresh fake bridge as `window.tokendesk` for one test. */
export function installFakeBridge(initial: Partial<FakeState> = {}): FakeBridge {
  const bridge = fakeBridge(initial);
  window.tokendesk = bridge.api;
  return bridge;
}
