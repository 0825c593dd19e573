import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.js';
import { BridgeMissing } from './app/BridgeMissing.js';
import { queryClient } from './data/query-client.js';
import { startApp } from './data/start.js';
import { LockScreen } from './features/lock/LockScreen.js';
import './styles/base.css';
import './styles/layout.css';
import './styles/components.css';
import './styles/screens.css';
import './styles/controls.css';
import './styles/manage.css';
import './styles/tokens.css';
import './styles/directory.css';
import './styles/lock.css';
import './styles/attention.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

const root = createRoot(container);
void open();

/**
 * Locked: the lock screen alone, and nothing else is read from main. Unlocked: the app. Started
 * outside React so StrictMode's double effects cannot run start-up twice.
 */
async function open(): Promise<void> {
  const bridge = window.tokendesk;
  if (!bridge) {
    root.render(<BridgeMissing />);
    return;
  }
  // When the app locks, main reloads the window; this is the page's own second line.
  bridge.events.onLockChanged((status) => {
    if (status.locked) window.location.reload();
  });
  const status = await bridge.lock.status();
  if (status.ok && status.value.locked) {
    root.render(
      <StrictMode>
        <QueryClientProvider client={queryClient}>
          <LockScreen status={status.value} />
        </QueryClientProvider>
      </StrictMode>,
    );
    return;
  }
  startApp();
  root.render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
