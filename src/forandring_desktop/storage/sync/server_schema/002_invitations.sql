-- Forandring Desktop's schema on the organisation's PostgreSQL server, version 2:
-- one-time invitations for new laptops.
--
-- An administrator (the server's owner, who may create roles) makes a login for the new
-- laptop and records an invitation for it here. The laptop redeems it once, with that
-- login, through redeem_invitation(); it then changes its own password, so the password in
-- the invitation file stops working. Laptops cannot read or change this table.

CREATE TABLE forandring_sync.invitation (
    id uuid PRIMARY KEY,
    login text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    redeemed_at timestamptz
);

-- Redeem invitation p_id for the login calling it: refused (SQLSTATE FD001) when it is
-- unknown or made for another login, FD002 when already redeemed, FD003 when older than
-- 7 days.
CREATE FUNCTION forandring_sync.redeem_invitation(p_id uuid) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, forandring_sync AS $$
DECLARE
    invited forandring_sync.invitation%ROWTYPE;
BEGIN
    SELECT * INTO invited FROM forandring_sync.invitation i WHERE i.id = p_id FOR UPDATE;
    IF NOT FOUND OR invited.login <> session_user THEN
        RAISE EXCEPTION 'unknown invitation' USING ERRCODE = 'FD001';
    END IF;
    IF invited.redeemed_at IS NOT NULL THEN
        RAISE EXCEPTION 'invitation already redeemed' USING ERRCODE = 'FD002';
    END IF;
    IF invited.created_at < now() - interval '7 days' THEN
        RAISE EXCEPTION 'invitation expired' USING ERRCODE = 'FD003';
    END IF;
    UPDATE forandring_sync.invitation SET redeemed_at = now() WHERE id = p_id;
END
$$;

REVOKE ALL ON FUNCTION forandring_sync.redeem_invitation(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION forandring_sync.redeem_invitation(uuid) TO {laptop};
