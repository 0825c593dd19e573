/**
 * PostgreSQL's migration 10 (see schema-010-bundles.ts). A JSON-array CHECK goes through
 * td_json_array_length, which is NULL for text that is not JSON or not an array: PostgreSQL does not
 * promise to evaluate `valid AND is-array` left to right, and a cast of bad JSON inside a CHECK would
 * fail with a parse error instead of the constraint's. The refusal of overrides on a person raises
 * check_violation (SQLite: a constraint error from RAISE(ABORT)), with the same message.
 */
const BUMP = 'FOR EACH ROW EXECUTE FUNCTION td_bump_auth_version()';
const jsonList = (column: string) => `td_json_array_length(${column}) IS NOT NULL`;

export const PG_BUNDLES_SCHEMA = `
CREATE FUNCTION td_json_array_length(value text) RETURNS integer LANGUAGE plpgsql IMMUTABLE STRICT AS $$
BEGIN
  IF json_typeof(value::json) = 'array' THEN
    RETURN json_array_length(value::json);
  END IF;
  RETURN NULL;
EXCEPTION WHEN invalid_text_representation THEN
  RETURN NULL;
END $$;

CREATE TABLE bundles (
  id TEXT COLLATE "C" PRIMARY KEY,
  domain_id TEXT COLLATE "C" NOT NULL REFERENCES domains(id) ON DELETE CASCADE,
  name TEXT COLLATE "C" NOT NULL,
  description TEXT COLLATE "C" NOT NULL DEFAULT '',
  permissions TEXT COLLATE "C" NOT NULL CHECK (coalesce(td_json_array_length(permissions) > 0, false)),
  created_by TEXT COLLATE "C" NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  updated_by TEXT COLLATE "C" NOT NULL,
  updated_at TEXT COLLATE "C" NOT NULL,
  UNIQUE (domain_id, name)
);

CREATE TABLE member_bundles (
  member_id TEXT COLLATE "C" NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  bundle_id TEXT COLLATE "C" NOT NULL REFERENCES bundles(id) ON DELETE CASCADE,
  PRIMARY KEY (member_id, bundle_id)
);
CREATE INDEX member_bundles_by_bundle ON member_bundles (bundle_id, member_id);

CREATE TABLE group_bundles (
  group_id TEXT COLLATE "C" NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
  bundle_id TEXT COLLATE "C" NOT NULL REFERENCES bundles(id) ON DELETE CASCADE,
  PRIMARY KEY (group_id, bundle_id)
);
CREATE INDEX group_bundles_by_bundle ON group_bundles (bundle_id, group_id);

ALTER TABLE members ADD COLUMN grants TEXT COLLATE "C" NOT NULL DEFAULT '[]' CHECK (${jsonList('grants')});
ALTER TABLE members ADD COLUMN denies TEXT COLLATE "C" NOT NULL DEFAULT '[]' CHECK (${jsonList('denies')});

CREATE FUNCTION td_refuse_person_overrides() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'only service accounts have permission overrides' USING ERRCODE = 'check_violation';
END $$;
CREATE TRIGGER member_overrides_only_on_accounts BEFORE UPDATE OF grants, denies ON members
  FOR EACH ROW WHEN (NEW.type <> 'SERVICE_ACCOUNT' AND (NEW.grants <> '[]' OR NEW.denies <> '[]'))
  EXECUTE FUNCTION td_refuse_person_overrides();

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
