import type { PolicyViolationList, TokenPolicyResponse } from '../../src-shared/api/token-policy.js';
import type { TokenPolicy } from '../../src-shared/token-policy.js';
import { endpointOf, type ServiceDeps } from './endpoint.js';
import type { SyncService } from './sync.js';

export interface TokenPolicyServiceOptions extends ServiceDeps {
  sync: SyncService;
}

/**
 * A domain's token policy. The policy itself travels in the snapshot (sync reads it), so dialogs follow
 * it offline; what only the server knows now (auto-suspend's last run, the tokens that break the policy)
 * is read live. A change the server accepted is put into the snapshot with one small write.
 */
export class TokenPolicyService {
  readonly #o: TokenPolicyServiceOptions;

  constructor(options: TokenPolicyServiceOptions) {
    this.#o = options;
  }

  get(connectionId: string): Promise<TokenPolicyResponse> {
    const { target, domain } = endpointOf(this.#o.connections, connectionId);
    return this.#o.api.call(target, 'getTokenPolicy', { params: { domain }, signal: this.#o.signal });
  }

  async set(connectionId: string, policy: TokenPolicy): Promise<TokenPolicyResponse> {
    const { target, domain, still } = endpointOf(this.#o.connections, connectionId);
    const answer = await this.#o.api.call(target, 'putTokenPolicy', {
      params: { domain },
      body: policy,
      signal: this.#o.signal,
    });
    if (still()) this.#o.sync.edit(connectionId, { kind: 'token-policy', policy: answer.policy });
    return answer;
  }

  violations(connectionId: string): Promise<PolicyViolationList> {
    const { target, domain } = endpointOf(this.#o.connections, connectionId);
    return this.#o.api.call(target, 'listPolicyViolations', { params: { domain }, signal: this.#o.signal });
  }
}
