import { QueryClientProvider } from '@tanstack/react-query';
import { queryClient } from '../data/query-client.js';
import { useAppStore } from '../store/app-store.js';
import { AccountDetailScreen } from '../features/accounts/AccountDetailScreen.js';
import { AccountsScreen } from '../features/accounts/AccountsScreen.js';
import { AttentionScreen } from '../features/attention/AttentionScreen.js';
import { ConnectionsScreen } from '../features/connections/ConnectionsScreen.js';
import { AuditScreen } from '../features/audit/AuditScreen.js';
import { MembersScreen } from '../features/members/MembersScreen.js';
import { PersonalTokensScreen } from '../features/personal-tokens/PersonalTokensScreen.js';
import { StepUpDialog } from '../features/lock/StepUpDialog.js';
import { SettingsScreen } from '../features/settings/SettingsScreen.js';
import { CacheRecoveredNotice } from '../features/sync/CacheRecoveredNotice.js';
import { OfflineBanner } from '../features/sync/OfflineBanner.js';
import { SyncErrorNotice } from '../features/sync/SyncErrorNotice.js';
import { Sidebar } from './Sidebar.js';
import { TopBar } from './TopBar.js';
import { useTheme } from './use-theme.js';

/** The app over its one QueryClient (data/query-client.ts), which every screen reads main's data through. */
export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <Shell />
    </QueryClientProvider>
  );
}

/** The shell: banner notices across the top, sidebar on the left, top bar and the routed screen. */
function Shell() {
  const route = useAppStore((state) => state.route);
  useTheme();
  return (
    <div className="app">
      <OfflineBanner />
      <div className="app__body">
        <Sidebar />
        <div className="app__main">
          <TopBar />
          <SyncErrorNotice />
          <CacheRecoveredNotice />
          <main className="content" id="content">
            {route.name === 'attention' ? (
              <AttentionScreen />
            ) : route.name === 'connections' ? (
              <ConnectionsScreen />
            ) : route.name === 'settings' ? (
              <SettingsScreen />
            ) : route.name === 'personalTokens' ? (
              <PersonalTokensScreen />
            ) : route.name === 'members' ? (
              <MembersScreen />
            ) : route.name === 'audit' ? (
              <AuditScreen />
            ) : route.name === 'account' ? (
              <AccountDetailScreen accountId={route.accountId} tab={route.tab} />
            ) : (
              <AccountsScreen />
            )}
          </main>
        </div>
      </div>
      <StepUpDialog />
    </div>
  );
}
