/**
 * Each audit event names the member it is about (`subject_id`): the service account for account and
 * token events, the owner for personal-token events, the person for member events; null for groups.
 * The audit list filters on it for callers outside the Admin role (the same-group rule), so
 * existing rows are filled in here too: token events carry their account's id in `details`, and a
 * personal token's owner is its row in `tokens` (or, failing that, whoever made the event: people only
 * ever change their own personal tokens).
 */
export const AUDIT_SUBJECT_SCHEMA = `
ALTER TABLE audit_events ADD COLUMN subject_id TEXT;
UPDATE audit_events SET subject_id = CASE target_type
  WHEN 'service_account' THEN target_id
  WHEN 'member' THEN target_id
  WHEN 'token' THEN coalesce(
    json_extract(details, '$.after.serviceAccountId'),
    json_extract(details, '$.before.serviceAccountId'),
    (SELECT t.member_id FROM tokens t WHERE t.id = audit_events.target_id))
  WHEN 'personal_token' THEN coalesce(
    (SELECT t.member_id FROM tokens t WHERE t.id = audit_events.target_id),
    actor_id)
  ELSE NULL
END;
`;
