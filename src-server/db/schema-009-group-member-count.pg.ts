/** PostgreSQL's migration 9 (see schema-009-group-member-count.ts): the same three triggers, one function. */
export const PG_GROUP_MEMBER_COUNT_SCHEMA = `
ALTER TABLE groups ADD COLUMN members_total BIGINT NOT NULL DEFAULT 0;
UPDATE groups SET members_total = (SELECT count(*) FROM group_members gm WHERE gm.group_id = groups.id);

CREATE FUNCTION td_count_group_members() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE groups SET members_total = members_total - 1 WHERE id = OLD.group_id;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    UPDATE groups SET members_total = members_total + 1 WHERE id = NEW.group_id;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER group_member_counted AFTER INSERT ON group_members
  FOR EACH ROW EXECUTE FUNCTION td_count_group_members();
CREATE TRIGGER group_member_uncounted AFTER DELETE ON group_members
  FOR EACH ROW EXECUTE FUNCTION td_count_group_members();
CREATE TRIGGER group_member_moved AFTER UPDATE OF group_id ON group_members
  FOR EACH ROW WHEN (OLD.group_id <> NEW.group_id) EXECUTE FUNCTION td_count_group_members();
`;
