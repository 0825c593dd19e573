import type { ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../store/app-store.js';
import { AttentionBadge } from '../features/attention/AttentionBadge.js';
import { ConnectionSwitcher } from './ConnectionSwitcher.js';

/** Wordmark, connection switcher and the app's sections. */
export function Sidebar() {
  const { route, navigate } = useAppStore(useShallow((state) => ({ route: state.route, navigate: state.navigate })));
  const section = route.name === 'account' ? 'accounts' : route.name;
  return (
    <aside className="sidebar" aria-label="Sidebar">
      <div className="wordmark">
        <span className="wordmark__mark" aria-hidden="true">
          T
        </span>
        <span className="wordmark__text">TokenDesk</span>
      </div>
      <ConnectionSwitcher />
      <nav aria-label="Main" className="nav">
        <NavButton
          current={section === 'attention'}
          onClick={() => navigate({ name: 'attention' })}
          badge={<AttentionBadge />}
        >
          Attention
        </NavButton>
        <NavButton current={section === 'accounts'} onClick={() => navigate({ name: 'accounts' })}>
          Service accounts
        </NavButton>
        <NavButton current={section === 'personalTokens'} onClick={() => navigate({ name: 'personalTokens' })}>
          Personal tokens
        </NavButton>
        <NavButton current={section === 'members'} onClick={() => navigate({ name: 'members' })}>
          Members
        </NavButton>
        <NavButton current={section === 'audit'} onClick={() => navigate({ name: 'audit' })}>
          Audit
        </NavButton>
        <NavButton current={section === 'connections'} onClick={() => navigate({ name: 'connections' })}>
          Connections
        </NavButton>
        <NavButton current={section === 'settings'} onClick={() => navigate({ name: 'settings' })}>
          Settings
        </NavButton>
      </nav>
    </aside>
  );
}

type NavButtonProps = { current: boolean; onClick: () => void; children: string; badge?: ReactNode };

function NavButton({ current, onClick, children, badge }: NavButtonProps) {
  return (
    <button
      type="button"
      className={`nav__item${current ? ' nav__item--current' : ''}`}
      aria-current={current ? 'page' : undefined}
      onClick={onClick}
    >
      {children}
      {badge}
    </button>
  );
}
