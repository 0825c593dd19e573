/**
 * Issue 12: domain authorization bundles (custom roles) and per-account permission overrides.
 *
 * - `bundles`: a named set of catalogue permissions per domain. Permissions are stored as a JSON array
 *   of catalogue names (never aliases: the routes translate on input), so a bundle is one row to read
 *   and to audit before/after.
 * - `member_bundles`, `group_bundles`: who holds a bundle. Cascades follow the member, the group and the
 *   bundle, so deleting any of them leaves no grant behind.
 * - Service-account overrides are two JSON columns on `members` (`grants`, `denies`), not a table: they
 *   are read with the account on every authentication and every list row, they are small (at most the
 *   catalogue), they change together in one PATCH, and the audit records them before/after as two
 *   lists. A table would cost a join on the hottest read for no query we need (nobody asks "which
 *   accounts deny X" outside an account's own page). People keep '[]' (a CHECK says so), because their
 *   extra permissions come from bundles.
 *
 * Every new table and column takes part in an authorization decision, so each gets an auth_state
 * trigger (see schema-005-auth-version.ts): a cached decision must not outlive a committed change.
 */
const BUMP = 'BEGIN UPDATE auth_state SET version = version + 1 WHERE id = 1; END';

/**
 * A JSON array column. Which names it may hold is the routes' business (zod, the catalogue): a CHECK
 * cannot read json_each (SQLite refuses subqueries there), and a list frozen into a released migration
 * would refuse the next permission the catalogue gains.
 */
const jsonList = (column: string) => `json_valid(${column}) AND json_type(${column}) = 'array'`;

export const BUNDLES_SCHEMA = `
CREATE TABLE bundles (
  id TEXT PRIMARY KEY,
  domain_id TEXT NOT NULL REFERENCES domains(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  permissions TEXT NOT NULL CHECK (${jsonList('permissions')} AND json_array_length(permissions) > 0),
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (domain_id, name)
) STRICT;

CREATE TABLE member_bundles (
  member_id TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  bundle_id TEXT NOT NULL REFERENCES bundles(id) ON DELETE CASCADE,
  PRIMARY KEY (member_id, bundle_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX member_bundles_by_bundle ON member_bundles (bundle_id, member_id);

CREATE TABLE group_bundles (
  group_id TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
  bundle_id TEXT NOT NULL REFERENCES bundles(id) ON DELETE CASCADE,
  PRIMARY KEY (group_id, bundle_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX group_bundles_by_bundle ON group_bundles (bundle_id, group_id);

ALTER TABLE members ADD COLUMN grants TEXT NOT NULL DEFAULT '[]' CHECK (${jsonList('grants')});
ALTER TABLE members ADD COLUMN denies TEXT NOT NULL DEFAULT '[]' CHECK (${jsonList('denies')});

-- People take extra permissions from bundles only; an override on a person is a bug, refused here too.
CREATE TRIGGER member_overrides_only_on_accounts BEFORE UPDATE OF grants, denies ON members
  WHEN NEW.type <> 'SERVICE_ACCOUNT' AND (NEW.grants <> '[]' OR NEW.denies <> '[]')
BEGIN SELECT RAISE(ABORT, 'only service accounts have permission overrides'); END;

CREATE TRIGGER auth_bundle_changed AFTER UPDATE OF id, domain_id, name, permissions ON bundles ${BUMP};
CREATE TRIGGER auth_bundle_deleted AFTER DELETE ON bundles ${BUMP};

CREATE TRIGGER auth_member_bundle_added AFTER INSERT ON member_bundles ${BUMP};
CREATE TRIGGER auth_member_bundle_changed AFTER UPDATE ON member_bundles ${BUMP};
CREATE TRIGGER auth_member_bundle_removed AFTER DELETE ON member_bundles ${BUMP};

CREATE TRIGGER auth_group_bundle_added AFTER INSERT ON group_bundles ${BUMP};
CREATE TRIGGER auth_group_bundle_changed AFTER UPDATE ON group_bundles ${BUMP};
CREATE TRIGGER auth_group_bundle_removed AFTER DELETE ON group_bundles ${BUMP};

CREATE TRIGGER auth_member_overrides_changed AFTER UPDATE OF grants, denies ON members ${BUMP};
`;
