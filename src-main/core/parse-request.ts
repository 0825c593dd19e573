import type { z } from 'zod';
import type { AppError } from '../../src-shared/errors.js';
import { ipcContract, type Channel } from '../../src-shared/ipc/contract.js';

type Issue = z.core.$ZodIssue;

/** The branch of a union whose complaints are most useful: the one that got furthest. */
function innermost(issue: Issue): Issue {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return issue;
  const branches = issue.errors.filter((branch) => branch.length > 0).sort((a, b) => score(a) - score(b));
  const best = branches[0]?.[0];
  return best ? innermost({ ...best, path: [...issue.path, ...best.path] }) : issue;
}

/** Unknown keys mean the wrong branch entirely; fewer issues mean a closer match. */
function score(branch: readonly Issue[]): number {
  return branch.length + (branch.some((i) => i.code === 'unrecognized_keys') ? 100 : 0);
}

export function describeIssue(issue: Issue): string {
  const inner = innermost(issue);
  const field = inner.path.map(String).join('.');
  if (inner.code === 'unrecognized_keys') {
    const where = field === '' ? '' : `${field}: `;
    return `${where}Unexpected field${inner.keys.length > 1 ? 's' : ''}: ${inner.keys.join(', ')}.`;
  }
  if (field === '') {
    return inner.code === 'invalid_type' && inner.expected === 'undefined'
      ? 'This request takes no data.'
      : `The request is not valid: ${inner.message}`;
  }
  return `${field}: ${inner.message}`;
}

export type Parsed = { ok: true; value: unknown } | { ok: false; error: AppError };

/** Parses an IPC payload with its channel's request schema; a failure names the field in plain words. */
export function parseRequest(channel: Channel, payload: unknown): Parsed {
  const result = ipcContract[channel].request.safeParse(payload);
  if (result.success) return { ok: true, value: result.data };
  const first = result.error.issues[0];
  return {
    ok: false,
    error: { code: 'invalid_request', message: first ? describeIssue(first) : 'The request is not valid.' },
  };
}

export function isChannel(channel: unknown): channel is Channel {
  return typeof channel === 'string' && Object.hasOwn(ipcContract, channel);
}
