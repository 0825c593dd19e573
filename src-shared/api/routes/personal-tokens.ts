import { TokenMeta } from '../models.js';
import { PersonalTokenParams } from '../params.js';
import { CreatePersonalTokenBody, PatchPersonalTokenBody, PersonalTokenList } from '../personal-tokens.js';
import { API_PREFIX, DELETED, type RouteContract } from '../route-contract.js';
import { CreatedToken, RotatedToken, RotateTokenBody } from '../tokens.js';
import { IDEMPOTENCY_DOC, LOCATION_DOC } from './tokens.js';

const BASE = `${API_PREFIX}/auth/personal-tokens`;

/** The caller's own personal tokens. Only people have them; each acts with its owner's roles. */
export const personalTokenRoutes = {
  listPersonalTokens: {
    method: 'GET',
    path: BASE,
    summary: 'The caller’s own personal tokens (people only)',
    access: 'person',
    response: { status: 200, name: 'PersonalTokenList', schema: PersonalTokenList, description: 'Token metadata.' },
  },
  createPersonalToken: {
    method: 'POST',
    path: BASE,
    summary: 'Create a personal token for the caller; the secret is in this answer only',
    description:
      'The token acts with its owner’s roles, never more, and stops (401 owner_disabled) when the owner is ' +
      'disabled or deleted. Names are at least 3 characters and unique per owner (409 name_taken); ' +
      '`expiresAt` is null or in the future.',
    access: 'person',
    body: CreatePersonalTokenBody,
    response: { status: 201, name: 'CreatedToken', schema: CreatedToken, description: 'The token and its secret.' },
    errors: [409],
  },
  updatePersonalToken: {
    method: 'PATCH',
    path: `${BASE}/{name}`,
    summary: 'Suspend or reactivate one of the caller’s personal tokens',
    access: 'person',
    params: PersonalTokenParams,
    body: PatchPersonalTokenBody,
    response: { status: 200, name: 'TokenMeta', schema: TokenMeta, description: 'The token after the change.' },
  },
  deletePersonalToken: {
    method: 'DELETE',
    path: `${BASE}/{name}`,
    summary: 'Delete one of the caller’s personal tokens; it stops working at once',
    access: 'person',
    params: PersonalTokenParams,
    response: DELETED,
  },
  rotatePersonalToken: {
    method: 'POST',
    path: `${BASE}/{name}/rotate`,
    summary: 'Rotate one of the caller’s personal tokens: a new secret with the same name and expiry',
    description:
      'As a service-account token’s rotate: the new token takes the name, expiry and status; the old one is ' +
      'renamed `<name>.rotated-<YYYYMMDDHHmmss>` and keeps working for `graceSeconds` (0 = stops at once, at ' +
      'most 30 days, never past its own expiry), then answers 401 token_rotated. A token that was already ' +
      'rotated out, or has expired, cannot be rotated (409 conflict).',
    access: 'person',
    params: PersonalTokenParams,
    body: RotateTokenBody,
    headers: [IDEMPOTENCY_DOC],
    response: {
      status: 201,
      name: 'RotatedToken',
      schema: RotatedToken,
      description: 'The new token with its secret, shown this once, and the old one as it is now.',
    },
    responseHeaders: [LOCATION_DOC],
    errors: [409, 422],
  },
} as const satisfies Record<string, RouteContract>;
