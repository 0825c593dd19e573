import type { HandlerModule } from '../http/route.js';
import type { Store } from '../store/store.js';
import { callerDomain } from './scope.js';

/** Groups and people of a domain, for the app's group and member pickers. */
export function directoryHandlers(store: Store) {
  return {
    listGroups: {
      handler: ({ params, caller }) => ({
        items: store.directory.groups(callerDomain(store, caller, params.domain).id),
      }),
    },
    listMembers: {
      handler: ({ params, caller }) => ({
        items: store.directory.humans(callerDomain(store, caller, params.domain).id),
      }),
    },
  } satisfies HandlerModule;
}
