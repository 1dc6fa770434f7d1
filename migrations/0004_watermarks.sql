-- step: expand: a new table (watermarks); no earlier release reads it.
-- Named watermarks: how far a poller got (e.g. the last UpdateDate/DocEntry seen in SAP), so a restart
-- resumes where it stopped. The value is JSON because each poller's cursor has its own shape.
CREATE TABLE watermarks (
    name       text PRIMARY KEY,
    value      jsonb NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
