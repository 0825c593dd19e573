/**
 * PostgreSQL's migration 8 (see schema-008-list-item.ts): the list item text, byte for byte what the
 * SQLite triggers write (clients compare it). How each piece matches:
 * - json_quote(x) is td_json_text(x): to_json(text) escapes exactly as JSON.stringify and SQLite do
 *   (\" \\ \b \f \n \r \t, other control characters as \u00xx, everything else as is), and NULL is `null`.
 * - json_group_array is '[' || string_agg(…, ',') || ']': json_agg would write ", " between
 *   elements, and gives NULL, not [], for no rows.
 * - Role order: SQLite sorts an unknown role (CASE gives NULL) first, PostgreSQL last unless told:
 *   NULLS FIRST, then the stored position.
 * - Integers are cast to text as SQLite's || does (no decimals, no spaces).
 *
 * SQLite sets the item in an AFTER trigger that updates the row again; here a BEFORE trigger sets
 * NEW.list_item, which writes the row once. Same result: the item is made from NEW either way, and no
 * other trigger watches list_item. PostgreSQL runs BEFORE triggers in name order ("…_summary" before
 * "…_update"); when one statement sets both kinds of column, the full item is written last, as in SQLite.
 *
 * The covering index keeps its key but not list_item: a PostgreSQL index entry must fit in about 2.7 kB,
 * and an account's item (description, groups) can be longer, which would make its insert fail.
 */
export const PG_LIST_ITEM_SCHEMA = `
CREATE FUNCTION td_json_text(value text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(to_json(value)::text, 'null')
$$;

ALTER TABLE members ADD COLUMN list_item TEXT COLLATE "C";

CREATE FUNCTION td_service_account_list_item(m members) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT '{"id":' || td_json_text(m.id)
    || ',"name":' || td_json_text(m.name)
    || ',"description":' || td_json_text(m.description)
    || ',"roles":[' || coalesce((SELECT string_agg(td_json_text(r.value), ',' ORDER BY CASE r.value
         WHEN 'Admin' THEN 0 WHEN 'Power User' THEN 1 WHEN 'Deployment' THEN 2 WHEN 'Viewer' THEN 3 END NULLS FIRST, r.ord)
         FROM json_array_elements_text(m.roles_json::json) WITH ORDINALITY r(value, ord)), '') || ']'
    || ',"groups":[' || coalesce((SELECT string_agg(td_json_text(g.value ->> 1), ',' ORDER BY g.ord)
         FROM json_array_elements(m.groups_json::json) WITH ORDINALITY g(value, ord)), '') || ']'
    || ',"enabled":' || CASE m.enabled WHEN 1 THEN 'true' ELSE 'false' END
    || ',"basicAuthEnabled":' || CASE m.basic_auth_enabled WHEN 1 THEN 'true' ELSE 'false' END
    || ',"createdAt":' || td_json_text(m.created_at)
    || ',"createdBy":' || td_json_text(m.created_by)
    || ',"updatedAt":' || td_json_text(m.updated_at)
    || ',"updatedBy":' || td_json_text(m.updated_by)
    || ',"tokenCount":' || m.token_count
    || ',"nextExpiry":' || td_json_text(m.next_expiry) || '}'
$$;

CREATE FUNCTION td_list_item_full() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.list_item := td_service_account_list_item(NEW);
  RETURN NEW;
END $$;

-- The item up to ',"tokenCount":' (which cannot occur inside a JSON string) and its last two fields
-- again. SQLite's substr(x, 1, -1) is '' where PostgreSQL's refuses a negative length: greatest(…, 0).
CREATE FUNCTION td_list_item_tail() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.list_item := substr(NEW.list_item, 1, greatest(strpos(NEW.list_item, ',"tokenCount":') - 1, 0))
    || ',"tokenCount":' || NEW.token_count || ',"nextExpiry":' || td_json_text(NEW.next_expiry) || '}';
  RETURN NEW;
END $$;

UPDATE members SET list_item = td_service_account_list_item(members) WHERE type = 'SERVICE_ACCOUNT';
CREATE INDEX members_list_by_name ON members (domain_id, type, name, id) INCLUDE (next_expiry, seq);

CREATE TRIGGER service_account_list_item_insert BEFORE INSERT ON members
  FOR EACH ROW WHEN (NEW.type = 'SERVICE_ACCOUNT') EXECUTE FUNCTION td_list_item_full();
CREATE TRIGGER service_account_list_item_update BEFORE UPDATE OF
  id, name, description, roles_json, groups_json, enabled, basic_auth_enabled, created_at, created_by,
  updated_at, updated_by, type ON members
  FOR EACH ROW WHEN (NEW.type = 'SERVICE_ACCOUNT') EXECUTE FUNCTION td_list_item_full();
CREATE TRIGGER service_account_list_item_summary BEFORE UPDATE OF token_count, next_expiry ON members
  FOR EACH ROW WHEN (NEW.type = 'SERVICE_ACCOUNT') EXECUTE FUNCTION td_list_item_tail();
`;
