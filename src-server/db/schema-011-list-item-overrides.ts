/**
 * Issue 12: a service account's list item (members.list_item, see schema-008-list-item.ts) gains the
 * account's permission overrides, `"grants"` and `"denies"` right after `"roles"`, as the ServiceAccount
 * schema orders its keys, so a list page stays byte for byte what JSON.stringify makes of a single read.
 *
 * The two lists are copied as stored (`json()` writes them compact, as JSON.stringify does). They are
 * stored in catalogue order by their one writer (Members.setOverrides), so no catalogue is frozen into
 * this migration: a permission the catalogue gains later needs no new SQL here.
 *
 * Migration 8 is released and never changes, so the item's expression is written out again in full;
 * the insert and update triggers are re-created with it (the update trigger also watches the two new
 * columns), and every account's item is rebuilt once. The summary trigger, which rewrites only the
 * item's last two fields, stays as it is.
 */
const LIST_ITEM = (r: string) => `'{"id":' || json_quote(${r}.id)
  || ',"name":' || json_quote(${r}.name)
  || ',"description":' || json_quote(${r}.description)
  || ',"roles":' || (SELECT json_group_array(j.value ORDER BY CASE j.value
       WHEN 'Admin' THEN 0 WHEN 'Power User' THEN 1 WHEN 'Deployment' THEN 2 WHEN 'Viewer' THEN 3 END)
       FROM json_each(${r}.roles_json) j)
  || ',"grants":' || json(${r}.grants)
  || ',"denies":' || json(${r}.denies)
  || ',"groups":' || (SELECT json_group_array(j.value ->> 1 ORDER BY j.key) FROM json_each(${r}.groups_json) j)
  || ',"enabled":' || CASE ${r}.enabled WHEN 1 THEN 'true' ELSE 'false' END
  || ',"basicAuthEnabled":' || CASE ${r}.basic_auth_enabled WHEN 1 THEN 'true' ELSE 'false' END
  || ',"createdAt":' || json_quote(${r}.created_at)
  || ',"createdBy":' || json_quote(${r}.created_by)
  || ',"updatedAt":' || json_quote(${r}.updated_at)
  || ',"updatedBy":' || json_quote(${r}.updated_by)
  || ',"tokenCount":' || ${r}.token_count
  || ',"nextExpiry":' || json_quote(${r}.next_expiry) || '}'`;

export const LIST_ITEM_OVERRIDES_SCHEMA = `
DROP TRIGGER service_account_list_item_insert;
DROP TRIGGER service_account_list_item_update;

CREATE TRIGGER service_account_list_item_insert AFTER INSERT ON members WHEN NEW.type = 'SERVICE_ACCOUNT'
BEGIN UPDATE members SET list_item = ${LIST_ITEM('NEW')} WHERE id = NEW.id; END;
CREATE TRIGGER service_account_list_item_update AFTER UPDATE OF
  id, name, description, roles_json, grants, denies, groups_json, enabled, basic_auth_enabled, created_at,
  created_by, updated_at, updated_by, type ON members WHEN NEW.type = 'SERVICE_ACCOUNT'
BEGIN UPDATE members SET list_item = ${LIST_ITEM('NEW')} WHERE id = NEW.id; END;

UPDATE members SET list_item = ${LIST_ITEM('members')} WHERE type = 'SERVICE_ACCOUNT';
`;
