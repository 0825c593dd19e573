import type { BulkAction } from './bulk-plan.js';

/** How a bulk change is named: in the dialog's title, its button, and each row's outcome. */
export function bulkWords(action: BulkAction['kind']): { title: string; verb: string; done: string } {
  switch (action) {
    case 'suspend':
      return { title: 'Suspend tokens', verb: 'Suspend', done: 'Suspended' };
    case 'delete':
      return { title: 'Delete tokens', verb: 'Delete', done: 'Deleted' };
    case 'expiry':
      return { title: 'Set an expiry', verb: 'Set the expiry of', done: 'Expiry set' };
  }
}

export const plural = (n: number, word: string) => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;
