import { describe, expect, it } from 'vitest';
import { generateToken } from '../../src-shared/token-format.js';
import { isSecretKey, REDACTED, redactSecrets } from './redact.js';

describe('audit redaction', () => {
  it('replaces the values of secret-like keys at any depth', () => {
    const input = {
      name: 'ci',
      secret: 's3cr3t',
      nested: {
        password: 'p',
        apiKey: 'k',
        api_key: 'k',
        clientSecret: 'c',
        list: [{ digest: 'd', hint: 'tdk_sa_…abcd' }],
      },
      token: 'raw',
      tokenCount: 3,
      description: 'plain',
    };
    expect(redactSecrets(input)).toEqual({
      name: 'ci',
      secret: REDACTED,
      nested: {
        password: REDACTED,
        apiKey: REDACTED,
        api_key: REDACTED,
        clientSecret: REDACTED,
        list: [{ digest: REDACTED, hint: 'tdk_sa_…abcd' }],
      },
      token: REDACTED,
      tokenCount: 3,
      description: 'plain',
    });
  });

  it('blanks TokenDesk tokens inside any text, and leaves other values as they are', () => {
    const sa = generateToken('serviceAccount');
    const pt = generateToken('personal');
    expect(redactSecrets(`use ${sa} or ${pt}.`)).toBe(`use ${REDACTED} or ${REDACTED}.`);
    expect(redactSecrets([1, true, null, 'tdk_sa_short'])).toEqual([1, true, null, 'tdk_sa_short']);
  });

  it('names the keys it treats as secret', () => {
    for (const key of ['secret', 'Authorization', 'passwordHash', 'sessionId', 'key', 'privateKey']) {
      expect(isSecretKey(key), key).toBe(true);
    }
    for (const key of ['name', 'description', 'roles', 'tokenCount', 'hint', 'enabled', 'keyboard']) {
      expect(isSecretKey(key), key).toBe(false);
    }
  });
});
