/**
 * PostgreSQL's migration 5 (see schema-005-auth-version.ts): one trigger function bumps
 * auth_state.version, attached to the same events. `AFTER UPDATE OF cols` means the same on both: the
 * trigger fires when the statement's SET names one of the columns, whether or not its value changed.
 */
const BUMP = 'FOR EACH ROW EXECUTE FUNCTION td_bump_auth_version()';

export const PG_AUTH_VERSION_SCHEMA = `
CREATE TABLE auth_state (
  id BIGINT PRIMARY KEY CHECK (id = 1),
  version BIGINT NOT NULL
);
INSERT INTO auth_state (id, version) VALUES (1, 0);

CREATE FUNCTION td_bump_auth_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE auth_state SET version = version + 1 WHERE id = 1;
  RETURN NULL;
END $$;

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

CREATE INDEX tokens_by_member_created ON tokens (member_id, created_at, id);
`;
