/**
 * Each service account keeps the start of its list item as JSON text (members.list_head): every
 * ServiceAccount field up to updatedBy, exactly as JSON.stringify wrote it (roles in ROLE_NAMES order,
 * group names in name order). A list page then reads one string per account from SQLite and appends
 * tokenCount and nextExpiry, which can move with the clock (see LIST_ITEM_COLUMN), instead of turning
 * fourteen columns into JS values and serialising them again: that was most of a page's cost.
 *
 * Triggers keep it in step with the columns it is made of, on insert and on every update of them, by
 * any code path. The inner UPDATE sets only list_head, which no trigger watches (recursive triggers are off).
 */
const LIST_HEAD = (r: string) => `'{"id":' || json_quote(${r}.id)
  || ',"name":' || json_quote(${r}.name)
  || ',"description":' || json_quote(${r}.description)
  || ',"roles":' || (SELECT json_group_array(j.value ORDER BY CASE j.value
       WHEN 'Admin' THEN 0 WHEN 'Power User' THEN 1 WHEN 'Deployment' THEN 2 WHEN 'Viewer' THEN 3 END)
       FROM json_each(${r}.roles_json) j)
  || ',"groups":' || (SELECT json_group_array(j.value ->> 1 ORDER BY j.key) FROM json_each(${r}.groups_json) j)
  || ',"enabled":' || CASE ${r}.enabled WHEN 1 THEN 'true' ELSE 'false' END
  || ',"basicAuthEnabled":' || CASE ${r}.basic_auth_enabled WHEN 1 THEN 'true' ELSE 'false' END
  || ',"createdAt":' || json_quote(${r}.created_at)
  || ',"createdBy":' || json_quote(${r}.created_by)
  || ',"updatedAt":' || json_quote(${r}.updated_at)
  || ',"updatedBy":' || json_quote(${r}.updated_by)`;

export const LIST_HEAD_SCHEMA = `
ALTER TABLE members ADD COLUMN list_head TEXT;
UPDATE members SET list_head = ${LIST_HEAD('members')} WHERE type = 'SERVICE_ACCOUNT';

CREATE TRIGGER service_account_list_head_insert AFTER INSERT ON members WHEN NEW.type = 'SERVICE_ACCOUNT'
BEGIN UPDATE members SET list_head = ${LIST_HEAD('NEW')} WHERE id = NEW.id; END;
CREATE TRIGGER service_account_list_head_update AFTER UPDATE OF
  id, name, description, roles_json, groups_json, enabled, basic_auth_enabled, created_at, created_by,
  updated_at, updated_by, type ON members WHEN NEW.type = 'SERVICE_ACCOUNT'
BEGIN UPDATE members SET list_head = ${LIST_HEAD('NEW')} WHERE id = NEW.id; END;
`;
