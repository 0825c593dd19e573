/**
 * Each domain's number of service accounts, kept by triggers in the transaction of every insert and
 * delete (any code path, any connection), so the first page of a plain listing reports its total
 * without counting the table: a count(*) over 100,000 accounts on every first page cost more than the page.
 */
export const ACCOUNT_COUNT_SCHEMA = `
ALTER TABLE domains ADD COLUMN service_accounts INTEGER NOT NULL DEFAULT 0;
UPDATE domains SET service_accounts =
  (SELECT count(*) FROM members m WHERE m.domain_id = domains.id AND m.type = 'SERVICE_ACCOUNT');

CREATE TRIGGER service_account_counted AFTER INSERT ON members WHEN NEW.type = 'SERVICE_ACCOUNT'
BEGIN UPDATE domains SET service_accounts = service_accounts + 1 WHERE id = NEW.domain_id; END;
CREATE TRIGGER service_account_uncounted AFTER DELETE ON members WHEN OLD.type = 'SERVICE_ACCOUNT'
BEGIN UPDATE domains SET service_accounts = service_accounts - 1 WHERE id = OLD.domain_id; END;
CREATE TRIGGER service_account_moved AFTER UPDATE OF type, domain_id ON members
  WHEN (OLD.type = 'SERVICE_ACCOUNT') <> (NEW.type = 'SERVICE_ACCOUNT') OR OLD.domain_id <> NEW.domain_id
BEGIN
  UPDATE domains SET service_accounts = service_accounts - 1 WHERE id = OLD.domain_id AND OLD.type = 'SERVICE_ACCOUNT';
  UPDATE domains SET service_accounts = service_accounts + 1 WHERE id = NEW.domain_id AND NEW.type = 'SERVICE_ACCOUNT';
END;
`;
