import { randomBase62 } from '../../src-shared/token-format.js';

/** Opaque ids with a readable prefix (`sa_…`, `tok_…`) so logs and URLs say what they point at. */
export type IdPrefix = 'dom' | 'usr' | 'sa' | 'grp' | 'tok' | 'bdl';

export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomBase62(20)}`;
}
