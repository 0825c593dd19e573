import { ACCESS } from '../../authz.js';
import {
  LeakReportBody,
  LeakReportResults,
  LookupBody,
  LookupResults,
  RevokeLeakedBody,
  RevokeLeakedResults,
} from '../leaks.js';
import { DomainParams } from '../params.js';
import { API_PREFIX, type RouteContract } from '../route-contract.js';

/** 1,000 digests as JSON are about 67 KB: above the default limit. */
const DIGEST_BODY_LIMIT = 128 * 1024;

/** Leak response: anyone may report a secret; members revoke or look up tokens by digest. */
export const leakRoutes = {
  reportLeaks: {
    method: 'POST',
    path: `${API_PREFIX}/leaks`,
    summary: 'Report leaked tokens; every live one is revoked at once (no token needed)',
    description:
      'A bare JSON array of at most 100 items in the shape of GitHub’s secret-scanning partner reports: ' +
      '`[{"token", "type", "url", "source"}]`. Each string is checked offline (prefix, length, checksum), ' +
      'then looked up by its SHA-256 digest. Every live token found is revoked in one transaction ' +
      '(status REVOKED_LEAKED, final), audited with the report’s url and source as plain text. The answer ' +
      'is one `{token_hint, result}` per item, in order. A string that fails its checksum is `malformed`, ' +
      'whatever it resembles. Rate-limited per client address (429 with Retry-After).',
    access: 'public',
    body: LeakReportBody,
    response: {
      status: 200,
      name: 'LeakReportResults',
      schema: LeakReportResults,
      description: 'One result per reported item.',
    },
    errors: [429],
    responseHeaders: [{ name: 'Retry-After', description: 'On 429: seconds until a report is accepted again.' }],
  },
  revokeLeakedTokens: {
    method: 'POST',
    path: `${API_PREFIX}/domains/{domain}/tokens/revoke-leaked`,
    summary: 'Revoke tokens as leaked, by SHA-256 digest (access_token.manage; a shared group per token)',
    description:
      'The caller is recorded as who reported them, with `source` (where they were found) and `url` as ' +
      'plain text. A digest of a token the caller may not manage (another group, another person’s personal ' +
      'token, another domain) answers `unknown`, as for no token at all.',
    access: ACCESS.manageTokensByDigest,
    params: DomainParams,
    body: RevokeLeakedBody,
    bodyLimitBytes: DIGEST_BODY_LIMIT,
    response: {
      status: 200,
      name: 'RevokeLeakedResults',
      schema: RevokeLeakedResults,
      description: 'One result per digest, in order.',
    },
  },
  lookupTokens: {
    method: 'POST',
    path: `${API_PREFIX}/domains/{domain}/tokens/lookup`,
    summary: 'Which SHA-256 digests are tokens the caller manages, with their metadata (access_token.manage)',
    description:
      'Lets a client check a token it found without sending the secret. At most 1,000 digests. Service-account ' +
      'tokens of accounts the caller shares a group with, and the caller’s own personal tokens; anything ' +
      'else is `unknown`.',
    access: ACCESS.manageTokensByDigest,
    params: DomainParams,
    body: LookupBody,
    bodyLimitBytes: DIGEST_BODY_LIMIT,
    response: { status: 200, name: 'LookupResults', schema: LookupResults, description: 'One result per digest.' },
  },
} as const satisfies Record<string, RouteContract>;
