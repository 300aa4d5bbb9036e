-- Forandring Desktop's schema on the organisation's PostgreSQL server, version 1.
--
-- The server holds an append-only log of encrypted changes and nothing else: no names, no
-- notes, no ladder text. Laptops (the role {laptop}) may read the log and append to it,
-- never change or delete a row; an administrator (the role {admin}) may also purge the
-- changes of an erased participant through purge_participant(), which leaves tombstones.
-- Placeholders in braces are role and database names filled in by server.py.

CREATE SCHEMA forandring_sync;

CREATE TABLE forandring_sync.organisation (
    id uuid PRIMARY KEY,
    only_one boolean NOT NULL DEFAULT true UNIQUE CHECK (only_one),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE SEQUENCE forandring_sync.change_seq;

CREATE TABLE forandring_sync.change_log (
    seq bigint PRIMARY KEY,  -- assigned by the server, in commit order (stamp_change)
    change_id uuid NOT NULL UNIQUE,  -- assigned by the laptop: a repeated push is a no-op
    organisation_id uuid NOT NULL REFERENCES forandring_sync.organisation (id),
    table_name text NOT NULL CHECK (table_name ~ '^[a-z][a-z_]*$' AND length(table_name) <= 63),
    row_id text NOT NULL CHECK (length(row_id) BETWEEN 1 AND 200),
    device_id uuid NOT NULL,
    hlc bigint NOT NULL CHECK (hlc >= 0),  -- hybrid logical clock: ms << 16 | counter
    schema_version integer NOT NULL CHECK (schema_version > 0),
    nonce bytea NOT NULL CHECK (length(nonce) = 12),
    ciphertext bytea NOT NULL CHECK (length(ciphertext) BETWEEN 16 AND 4194304),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX change_log_row ON forandring_sync.change_log (table_name, row_id);

-- Rows purged for an erasure: their changes are gone and may not come back.
CREATE TABLE forandring_sync.erased_row (
    table_name text NOT NULL,
    row_id text NOT NULL,
    erased_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (table_name, row_id)
);

-- The tombstone an erasure leaves: only the participant's id.
CREATE TABLE forandring_sync.erased_participant (
    participant_id text PRIMARY KEY,
    erased_at timestamptz NOT NULL DEFAULT now()
);

-- Every appended change gets the next sequence number while holding a lock that lasts
-- until its transaction commits, so numbers become visible in order: a laptop that pulls
-- "everything after 41" can never miss a 41 that commits after it read 42. A change to a
-- purged row is dropped.
CREATE FUNCTION forandring_sync.stamp_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, forandring_sync AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM forandring_sync.erased_row e
               WHERE e.table_name = NEW.table_name AND e.row_id = NEW.row_id) THEN
        RETURN NULL;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('forandring_sync.change_log'));
    NEW.seq := nextval('forandring_sync.change_seq');
    NEW.created_at := now();
    RETURN NEW;
END
$$;

CREATE TRIGGER stamp_change BEFORE INSERT ON forandring_sync.change_log
    FOR EACH ROW EXECUTE FUNCTION forandring_sync.stamp_change();

-- The log is append-only for everyone, its owner included; only purge_participant()
-- deletes (a superuser can switch this off, which is why laptops check every change's seal).
CREATE FUNCTION forandring_sync.refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('forandring_sync.purging', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'forandring_sync.change_log is append-only' USING ERRCODE = '42501';
END
$$;

CREATE TRIGGER append_only BEFORE UPDATE OR DELETE ON forandring_sync.change_log
    FOR EACH ROW EXECUTE FUNCTION forandring_sync.refuse_change();

-- Purge an erased participant: delete the changes of the given rows (the laptop knows
-- which rows were the participant's; the server cannot read them), remember the rows so
-- they cannot be pushed again, and leave a tombstone with the participant's id.
CREATE FUNCTION forandring_sync.purge_participant(
    p_participant_id text, p_table_names text[], p_row_ids text[]
) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, forandring_sync AS $$
DECLARE
    purged bigint;
BEGIN
    IF coalesce(array_length(p_table_names, 1), 0) <> coalesce(array_length(p_row_ids, 1), 0)
    THEN
        RAISE EXCEPTION 'table names and row ids differ in length';
    END IF;
    PERFORM set_config('forandring_sync.purging', 'on', true);
    INSERT INTO forandring_sync.erased_row (table_name, row_id)
        SELECT t, r FROM unnest(p_table_names, p_row_ids) AS u (t, r)
        ON CONFLICT DO NOTHING;
    DELETE FROM forandring_sync.change_log c
        USING unnest(p_table_names, p_row_ids) AS u (t, r)
        WHERE c.table_name = u.t AND c.row_id = u.r;
    GET DIAGNOSTICS purged = ROW_COUNT;
    INSERT INTO forandring_sync.erased_participant (participant_id)
        VALUES (p_participant_id) ON CONFLICT DO NOTHING;
    PERFORM set_config('forandring_sync.purging', 'off', true);
    RETURN purged;
END
$$;

REVOKE ALL ON FUNCTION forandring_sync.purge_participant(text, text[], text[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION forandring_sync.stamp_change() FROM PUBLIC;
REVOKE ALL ON FUNCTION forandring_sync.refuse_change() FROM PUBLIC;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
REVOKE CONNECT, TEMPORARY ON DATABASE {database} FROM PUBLIC;

GRANT CONNECT ON DATABASE {database} TO {laptop};
GRANT USAGE ON SCHEMA forandring_sync TO {laptop};
GRANT SELECT ON forandring_sync.organisation, forandring_sync.erased_row,
    forandring_sync.erased_participant TO {laptop};
GRANT SELECT ON forandring_sync.change_log TO {laptop};
GRANT INSERT (change_id, organisation_id, table_name, row_id, device_id, hlc,
    schema_version, nonce, ciphertext) ON forandring_sync.change_log TO {laptop};
GRANT {laptop} TO {admin};
GRANT EXECUTE ON FUNCTION forandring_sync.purge_participant(text, text[], text[]) TO {admin};
