/**
 * One number, `auth_state.version`, that moves whenever anything a request's authentication or
 * authorization reads changes: a token's status, expiry, deletion, rotation, cap or roles; a member's
 * enabled flag, deletion, Basic Auth setting or name; role and group memberships; a group's or a
 * domain's name or existence. The server caches what it resolved from a token together with the version
 * it read, and reuses it only while the version is the same (src-server/auth/auth-cache.ts).
 *
 * Triggers bump it, so the bump is in the same transaction as the change by construction, whichever
 * code path or process wrote it (another server on the same file, the CLI, a test's own connection).
 * Writes that decide nothing (last use, list summaries, seq, descriptions, the request log) leave it
 * alone, so a busy server's own bookkeeping does not empty its cache. A later table that takes part in
 * a decision (permissions, leak revocations, policies) adds its trigger in its own migration.
 */
const BUMP = 'BEGIN UPDATE auth_state SET version = version + 1 WHERE id = 1; END';

export const AUTH_VERSION_SCHEMA = `
CREATE TABLE auth_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL
) STRICT;
INSERT INTO auth_state (id, version) VALUES (1, 0);

CREATE TRIGGER auth_token_changed AFTER UPDATE OF
  id, member_id, kind, name, status, expires_at, max_rps, roles, digest, deleted_at, grace_until, replaced_by, lineage_id
  ON tokens ${BUMP};
CREATE TRIGGER auth_token_deleted AFTER DELETE ON tokens ${BUMP};

CREATE TRIGGER auth_member_changed AFTER UPDATE OF
  id, domain_id, type, name, enabled, basic_auth_enabled, deleted_at
  ON members ${BUMP};
CREATE TRIGGER auth_member_deleted AFTER DELETE ON members ${BUMP};

CREATE TRIGGER auth_role_added AFTER INSERT ON member_roles ${BUMP};
CREATE TRIGGER auth_role_changed AFTER UPDATE ON member_roles ${BUMP};
CREATE TRIGGER auth_role_removed AFTER DELETE ON member_roles ${BUMP};

CREATE TRIGGER auth_group_member_added AFTER INSERT ON group_members ${BUMP};
CREATE TRIGGER auth_group_member_changed AFTER UPDATE ON group_members ${BUMP};
CREATE TRIGGER auth_group_member_removed AFTER DELETE ON group_members ${BUMP};

CREATE TRIGGER auth_group_changed AFTER UPDATE OF id, domain_id, name ON groups ${BUMP};
CREATE TRIGGER auth_group_deleted AFTER DELETE ON groups ${BUMP};

CREATE TRIGGER auth_domain_changed AFTER UPDATE OF id, name ON domains ${BUMP};
CREATE TRIGGER auth_domain_deleted AFTER DELETE ON domains ${BUMP};

-- Not about authorization: lets the incremental token summary (store/token-summary.ts) tell whether a
-- new token sorts last among its account's tokens without reading them all.
CREATE INDEX tokens_by_member_created ON tokens (member_id, created_at, id);
`;
