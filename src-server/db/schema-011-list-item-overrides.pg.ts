/**
 * PostgreSQL's migration 11 (see schema-011-list-item-overrides.ts): the item function gains
 * "grants" and "denies" after "roles", copied compact as SQLite's json() does (td_json_compact: the
 * whitespace between tokens goes, escapes and number spellings stay). The update trigger is re-created
 * to watch the two new columns; the insert and summary triggers call the function and need no change.
 */
export const PG_LIST_ITEM_OVERRIDES_SCHEMA = `
CREATE OR REPLACE FUNCTION td_service_account_list_item(m members) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT '{"id":' || td_json_text(m.id)
    || ',"name":' || td_json_text(m.name)
    || ',"description":' || td_json_text(m.description)
    || ',"roles":[' || coalesce((SELECT string_agg(td_json_text(r.value), ',' ORDER BY CASE r.value
         WHEN 'Admin' THEN 0 WHEN 'Power User' THEN 1 WHEN 'Deployment' THEN 2 WHEN 'Viewer' THEN 3 END NULLS FIRST, r.ord)
         FROM json_array_elements_text(m.roles_json::json) WITH ORDINALITY r(value, ord)), '') || ']'
    || ',"grants":' || td_json_compact(m.grants)
    || ',"denies":' || td_json_compact(m.denies)
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

DROP TRIGGER service_account_list_item_update ON members;
CREATE TRIGGER service_account_list_item_update BEFORE UPDATE OF
  id, name, description, roles_json, grants, denies, groups_json, enabled, basic_auth_enabled, created_at,
  created_by, updated_at, updated_by, type ON members
  FOR EACH ROW WHEN (NEW.type = 'SERVICE_ACCOUNT') EXECUTE FUNCTION td_list_item_full();

UPDATE members SET list_item = td_service_account_list_item(members) WHERE type = 'SERVICE_ACCOUNT';
`;
