/**
 * Each group's number of members (people and service accounts together), kept by triggers in the
 * transaction of every insert and delete of a membership, cascades included (any code path, any
 * connection). The group list used to count each group's memberships by type on every read: with
 * 100,000 accounts in a few groups, that read (part of every sync) cost more than a second. Now it
 * counts only the people, from the people's side (few), and the service accounts are the rest.
 */
export const GROUP_MEMBER_COUNT_SCHEMA = `
ALTER TABLE groups ADD COLUMN members_total INTEGER NOT NULL DEFAULT 0;
UPDATE groups SET members_total = (SELECT count(*) FROM group_members gm WHERE gm.group_id = groups.id);

CREATE TRIGGER group_member_counted AFTER INSERT ON group_members
BEGIN UPDATE groups SET members_total = members_total + 1 WHERE id = NEW.group_id; END;
CREATE TRIGGER group_member_uncounted AFTER DELETE ON group_members
BEGIN UPDATE groups SET members_total = members_total - 1 WHERE id = OLD.group_id; END;
CREATE TRIGGER group_member_moved AFTER UPDATE OF group_id ON group_members WHEN OLD.group_id <> NEW.group_id
BEGIN
  UPDATE groups SET members_total = members_total - 1 WHERE id = OLD.group_id;
  UPDATE groups SET members_total = members_total + 1 WHERE id = NEW.group_id;
END;
`;
