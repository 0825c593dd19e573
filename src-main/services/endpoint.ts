import type { ApiClient, ApiTarget } from './api-client.js';
import type { ConnectionService } from './connections.js';

/** What every service that calls the server is built with (createCore gives all of them the same). */
export interface ServiceDeps {
  api: ApiClient;
  connections: ConnectionService;
  /** Aborted on dispose: requests in flight stop. */
  signal?: AbortSignal;
}

export interface Endpoint {
  target: ApiTarget;
  domain: string;
  /**
   * Whether the connection still points where it did when the request went out: a connection removed
   * or moved to another server meanwhile keeps its cache as it is.
   */
  still: () => boolean;
}

/** Where a connection points and with which token; `credential_missing` when the app has no token. */
export function endpointOf(connections: ConnectionService, connectionId: string): Endpoint {
  const target = connections.targetOf(connectionId);
  const { url, domain } = connections.get(connectionId);
  const still = () => {
    if (!connections.has(connectionId)) return false;
    const now = connections.get(connectionId);
    return now.url === url && now.domain === domain;
  };
  return { target, domain, still };
}
