import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, type RenderResult } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach } from 'vitest';
import { queryClient } from '../data/query-client.js';
import { resetAppStore } from '../store/app-store.js';
import { fakeBridge, type FakeBridge, type FakeState } from './fake-bridge.js';
import { setupUser, type User } from './user.js';

afterEach(() => {
  cleanup();
  resetAppStore();
  queryClient.clear();
  window.localStorage.clear();
  delete window.tokendesk;
});

/** Installs a fresh fake bridge as `window.tokendesk` for one test. */
export function installFakeBridge(initial: Partial<FakeState> = {}): FakeBridge {
  const bridge = fakeBridge(initial);
  window.tokendesk = bridge.api;
  return bridge;
}

/**
 * Renders one screen or part over the app's QueryClient, as App does for the whole, with the user
 * who will use it.
 */
export function renderWithData(ui: ReactNode): RenderResult & { user: User } {
  const user = setupUser();
  return { user, ...render(<QueryClientProvider client={queryClient}>{ui}</QueryClientProvider>) };
}
