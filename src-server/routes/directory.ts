import type { HandlerModule } from '../http/route.js';
import type { Store } from '../store/store.js';
import { callerDomain } from './scope.js';

/** Groups and people of a domain, for the app's group and member pickers. */
export function directoryHandlers(store: Store) {
  return {
    listGroups: {
      handler: async ({ params, caller }) => ({
        items: await store.directory.groups((await callerDomain(store, caller, params.domain)).id),
      }),
    },
    listMembers: {
      handler: async ({ params, caller }) => ({
        items: await store.directory.humans((await callerDomain(store, caller, params.domain)).id),
      }),
    },
  } satisfies HandlerModule;
}
