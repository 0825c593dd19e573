import type { Caller } from '../auth/caller.js';
import { forbidden, notFound } from '../http/errors.js';
import type { DomainRow } from '../store/domains.js';
import type { Store } from '../store/store.js';

/** The domain in the path must exist and be the caller's own. */
export async function callerDomain(store: Store, caller: Caller, name: string): Promise<DomainRow> {
  const domain = await store.domains.byName(name);
  if (!domain) throw notFound(`There is no domain named "${name}".`);
  if (domain.id !== caller.domainId) {
    throw forbidden(`Your token belongs to domain "${caller.domainName}", not "${name}".`);
  }
  return domain;
}

export function accountNotFound(id: string, domain: string): Error {
  return notFound(`There is no service account with id "${id}" in domain "${domain}".`);
}
