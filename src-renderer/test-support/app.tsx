import { render } from '@testing-library/react';
import { App } from '../app/App.js';
import { seedQueries, setupConnected, settle, type ConnectedOptions } from './connected.js';
import type { FakeBridge, FakeState } from './fake-bridge.js';
import { setupUser, type User } from './user.js';

export type AppOptions = ConnectedOptions & {
  /** What else the fake holds (audit events, request logs, personal tokens…). */
  state?: Partial<FakeState>;
};

export type RenderedApp = { bridge: FakeBridge; user: User; unmount: () => void };

/**
 * The whole App over a connected, loaded snapshot (setupConnected), on the route given, once its
 * first reads have landed; with the user who will use it.
 */
export async function renderApp(options: AppOptions): Promise<RenderedApp> {
  const { state, ...connected } = options;
  const bridge = setupConnected(connected);
  Object.assign(bridge.state, state);
  // Connections given here replace the ones start-up would have read, in the query cache as well.
  if (state?.connections) seedQueries({ connections: state.connections });
  const user = setupUser();
  const view = render(<App />);
  await settle();
  return { bridge, user, unmount: view.unmount };
}
