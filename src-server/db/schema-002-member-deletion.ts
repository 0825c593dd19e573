/**
 * A deleted human member is kept as a disabled, renamed row with `deleted_at` set, so the personal
 * tokens it owned still resolve to an owner and answer 401 owner_disabled (a personal token is
 * deactivated when its owner is deleted) instead of looking unknown.
 */
export const MEMBER_DELETION_SCHEMA = `
ALTER TABLE members ADD COLUMN deleted_at TEXT;
`;
