/** PostgreSQL's migration 2 (see schema-002-member-deletion.ts). */
export const PG_MEMBER_DELETION_SCHEMA = `
ALTER TABLE members ADD COLUMN deleted_at TEXT COLLATE "C";
`;
