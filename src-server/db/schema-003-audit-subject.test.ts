import { describe, expect, it } from 'vitest';
import { MIGRATIONS, runMigrations } from './migrations.js';
import { SqliteSql } from './sqlite.js';

const AT = '2026-01-01T00:00:00.000Z';

describe('migration 3: the subject of each audit event', () => {
  it('fills in the account, owner or person of events written before it', async () => {
    const db = new SqliteSql(':memory:');
    expect(
      await runMigrations(
        db,
        MIGRATIONS.filter((m) => m.version < 3),
      ),
    ).toEqual([1, 2]);
    await db.exec(`
      INSERT INTO domains (id, name, created_at) VALUES ('d', 'default', '${AT}');
      INSERT INTO members (id, domain_id, type, name, created_by, created_at, updated_by, updated_at) VALUES
        ('sa1', 'd', 'SERVICE_ACCOUNT', 'bot', 'x', '${AT}', 'x', '${AT}'),
        ('usr1', 'd', 'HUMAN', 'ann', 'x', '${AT}', 'x', '${AT}');
      INSERT INTO tokens (id, member_id, kind, name, digest, hint, created_by, created_at) VALUES
        ('pt1', 'usr1', 'pt', 'laptop', 'digest-1', 'tdk_pt_…abcd', 'ann', '${AT}');
    `);
    const insert = `INSERT INTO audit_events (domain_id, at, actor_id, actor_name, action, target_type, target_id, target_name, details)
       VALUES ('d', '${AT}', ?, ?, ?, ?, ?, ?, ?)`;
    const rows: [string | null, string, string, string, string, string, unknown][] = [
      ['usr1', 'ann', 'service_account.create', 'service_account', 'sa1', 'bot', { before: null, after: {} }],
      [
        'usr1',
        'ann',
        'token.create',
        'token',
        'tok_gone',
        'bot/ci',
        { before: null, after: { serviceAccountId: 'sa1' } },
      ],
      [
        'usr1',
        'ann',
        'token.delete',
        'token',
        'tok_gone2',
        'bot/cd',
        { before: { serviceAccountId: 'sa1' }, after: null },
      ],
      ['usr1', 'ann', 'personal_token.create', 'personal_token', 'pt1', 'ann/laptop', { before: null, after: {} }],
      ['usr1', 'ann', 'personal_token.delete', 'personal_token', 'pt_gone', 'ann/old', { before: {}, after: null }],
      ['usr1', 'ann', 'member.update', 'member', 'usr1', 'ann', { before: {}, after: {} }],
      ['usr1', 'ann', 'group.create', 'group', 'grp1', 'team-a', { before: null, after: {} }],
    ];
    for (const [actor, name, action, type, id, target, details] of rows) {
      await db.run(insert, [actor, name, action, type, id, target, JSON.stringify(details)]);
    }
    expect(
      await runMigrations(
        db,
        MIGRATIONS.filter((m) => m.version === 3),
      ),
    ).toEqual([3]);
    const subjects = await db.all<{ action: string; subject_id: string | null }>(
      'SELECT action, subject_id FROM audit_events ORDER BY id',
    );
    expect(subjects.map((row) => [row.action, row.subject_id])).toEqual([
      ['service_account.create', 'sa1'],
      ['token.create', 'sa1'],
      ['token.delete', 'sa1'],
      ['personal_token.create', 'usr1'],
      // The token row is gone: people only change their own personal tokens, so the actor is the owner.
      ['personal_token.delete', 'usr1'],
      ['member.update', 'usr1'],
      ['group.create', null],
    ]);
    await db.close();
  });
});
