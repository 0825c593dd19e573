/**
 * PostgreSQL's migration 3 (see schema-003-audit-subject.ts). json_extract(details, '$.a.b') is
 * `details::json #>> '{a,b}'`; both give SQL NULL for a missing key and for a JSON null.
 */
export const PG_AUDIT_SUBJECT_SCHEMA = `
ALTER TABLE audit_events ADD COLUMN subject_id TEXT COLLATE "C";
UPDATE audit_events SET subject_id = CASE target_type
  WHEN 'service_account' THEN target_id
  WHEN 'member' THEN target_id
  WHEN 'token' THEN coalesce(
    details::json #>> '{after,serviceAccountId}',
    details::json #>> '{before,serviceAccountId}',
    (SELECT t.member_id FROM tokens t WHERE t.id = audit_events.target_id))
  WHEN 'personal_token' THEN coalesce(
    (SELECT t.member_id FROM tokens t WHERE t.id = audit_events.target_id),
    actor_id)
  ELSE NULL
END;
`;
