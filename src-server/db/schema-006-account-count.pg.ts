/** PostgreSQL's migration 6 (see schema-006-account-count.ts): the same three triggers, one function. */
export const PG_ACCOUNT_COUNT_SCHEMA = `
ALTER TABLE domains ADD COLUMN service_accounts BIGINT NOT NULL DEFAULT 0;
UPDATE domains SET service_accounts =
  (SELECT count(*) FROM members m WHERE m.domain_id = domains.id AND m.type = 'SERVICE_ACCOUNT');

CREATE FUNCTION td_count_service_accounts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.type = 'SERVICE_ACCOUNT' THEN
    UPDATE domains SET service_accounts = service_accounts - 1 WHERE id = OLD.domain_id;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.type = 'SERVICE_ACCOUNT' THEN
    UPDATE domains SET service_accounts = service_accounts + 1 WHERE id = NEW.domain_id;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER service_account_counted AFTER INSERT ON members
  FOR EACH ROW WHEN (NEW.type = 'SERVICE_ACCOUNT') EXECUTE FUNCTION td_count_service_accounts();
CREATE TRIGGER service_account_uncounted AFTER DELETE ON members
  FOR EACH ROW WHEN (OLD.type = 'SERVICE_ACCOUNT') EXECUTE FUNCTION td_count_service_accounts();
CREATE TRIGGER service_account_moved AFTER UPDATE OF type, domain_id ON members
  FOR EACH ROW WHEN ((OLD.type = 'SERVICE_ACCOUNT') <> (NEW.type = 'SERVICE_ACCOUNT') OR OLD.domain_id <> NEW.domain_id)
  EXECUTE FUNCTION td_count_service_accounts();
`;
