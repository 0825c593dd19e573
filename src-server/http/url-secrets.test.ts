import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { RequestLogPage } from '../../src-shared/api/logs.js';
import { apiPath } from '../../src-shared/api/paths.js';
import { ErrorBody } from '../../src-shared/errors.js';
import { generateToken } from '../../src-shared/token-format.js';
import { call } from '../test-support.js';
import { useTestServer } from '../test-server-hooks.js';
import { createToken, sharedAccount } from '../token-test-support.js';

/**
 * A client that puts a token in a URL (a query parameter, a path segment, percent-encoded or not)
 * must not find it in the `--log` output, in the request log's stored paths, or echoed in an error.
 */
describe('tokens in URLs are redacted wherever a path is logged, stored or echoed', () => {
  const log: string[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => log.push(chunk.toString('utf8')));
  const t = useTestServer('url-secrets', { log: true, logStream: stream });
  const leaked = generateToken('serviceAccount');
  const encoded = leaked.replaceAll('_', '%5F');
  let caller: string;
  let accountId: string;

  beforeAll(async () => {
    const account = await sharedAccount(t, 'url_bot');
    accountId = account.id;
    caller = (await createToken(t, account.id, { name: 'caller', expiresAt: null })).secret;
  });

  it('a token in the query or the path: not in --log, not in request_logs.path, not in the 404 message', async () => {
    const answers = [
      await call<ErrorBody>(`${t.url}${apiPath('getMe')}?access_token=${leaked}`, { token: caller }),
      await call<ErrorBody>(`${t.url}${apiPath('getServiceAccount', { domain: 'default', id: leaked })}`, {
        token: caller,
      }),
      await call<ErrorBody>(`${t.url}/api/v1/domains/default/service-accounts/${encoded}`, { token: caller }),
      await call<ErrorBody>(`${t.url}/api/v1/nothing/${leaked}/here?token=${leaked}`, { token: caller }),
    ];
    expect(answers.map((a) => a.status)).toEqual([400, 404, 404, 404]);
    for (const answer of answers) {
      expect(JSON.stringify(answer.body)).not.toContain(leaked.slice(7));
    }
    expect(answers[3]!.body.error.message).toBe('There is no GET /api/v1/nothing/[redacted]/here in this API.');
    expect(answers[1]!.body.error.message).toContain('[redacted]');

    const reply = await call(t.url + apiPath('listRequestLogs', { domain: 'default', id: accountId }), {
      token: t.adminToken,
    });
    const paths = RequestLogPage.parse(reply.body).items.map((entry) => entry.path);
    expect(paths).toEqual(
      expect.arrayContaining(['/api/v1/me', '/api/v1/domains/default/service-accounts/[redacted]']),
    );
    const stored = await t.store.sql.column<string>('SELECT path FROM request_logs');
    expect(stored.join('\n')).not.toMatch(/tdk(_|%5F)sa/i);

    await t.server.close();
    const text = log.join('');
    expect(text).toContain('[redacted]');
    expect(text).not.toContain(leaked.slice(7));
    expect(text).not.toContain(caller.slice(7));
  });
});
