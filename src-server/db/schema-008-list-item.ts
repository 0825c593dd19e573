/**
 * Each service account keeps its list item as JSON text (members.list_item): its ServiceAccount object
 * exactly as JSON.stringify writes it (roles in ROLE_NAMES order, group names in name order), with
 * tokenCount and nextExpiry from the stored summary. A list page then reads one string per account
 * instead of turning fourteen columns into JS values and serialising them again, which was most of a
 * page's cost. Once next_expiry has passed, readers rebuild the item's last two fields (see
 * LIST_ITEM_COLUMN), as they recompute the summary.
 *
 * The default order (by name) reads its page from one range of a covering index that holds the item,
 * so a page touches a few index pages in order rather than one table row per account.
 *
 * Triggers keep it in step with the columns it is made of, on insert and on every update of them, by
 * any code path. The inner UPDATE sets only list_item, which no trigger watches (recursive triggers are off).
 */
const LIST_ITEM = (r: string) => `'{"id":' || json_quote(${r}.id)
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
  || ',"updatedBy":' || json_quote(${r}.updated_by)
  || ',"tokenCount":' || ${r}.token_count
  || ',"nextExpiry":' || json_quote(${r}.next_expiry) || '}'`;

/**
 * The item with new count and next expiry: its text up to `,"tokenCount":` (which cannot occur inside a
 * JSON string, where a quote is escaped) and the two fields again.
 */
const LIST_ITEM_TAIL = (r: string) => `substr(list_item, 1, instr(list_item, ',"tokenCount":') - 1)
  || ',"tokenCount":' || ${r}.token_count || ',"nextExpiry":' || json_quote(${r}.next_expiry) || '}'`;

export const LIST_ITEM_SCHEMA = `
ALTER TABLE members ADD COLUMN list_item TEXT;
UPDATE members SET list_item = ${LIST_ITEM('members')} WHERE type = 'SERVICE_ACCOUNT';
CREATE INDEX members_list_by_name ON members (domain_id, type, name, id, next_expiry, seq, list_item);

CREATE TRIGGER service_account_list_item_insert AFTER INSERT ON members WHEN NEW.type = 'SERVICE_ACCOUNT'
BEGIN UPDATE members SET list_item = ${LIST_ITEM('NEW')} WHERE id = NEW.id; END;
CREATE TRIGGER service_account_list_item_update AFTER UPDATE OF
  id, name, description, roles_json, groups_json, enabled, basic_auth_enabled, created_at, created_by,
  updated_at, updated_by, type ON members WHEN NEW.type = 'SERVICE_ACCOUNT'
BEGIN UPDATE members SET list_item = ${LIST_ITEM('NEW')} WHERE id = NEW.id; END;
-- A token write moves only the count and next expiry, the item's last two fields: only they are rewritten.
CREATE TRIGGER service_account_list_item_summary AFTER UPDATE OF token_count, next_expiry ON members
  WHEN NEW.type = 'SERVICE_ACCOUNT'
BEGIN UPDATE members SET list_item = ${LIST_ITEM_TAIL('NEW')} WHERE id = NEW.id; END;
`;
