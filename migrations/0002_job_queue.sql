-- step: expand: a new table (job_queue); no earlier release reads it.
-- Durable job queue: every step of the pipeline (create the order in ShipStation, write the tracking number
-- back to SAP, ...) is a row here, queued in the same transaction that recorded its cause.
CREATE TABLE job_queue (
    id               bigserial PRIMARY KEY,
    kind             text NOT NULL,                 -- which worker handles it, e.g. 'create_shipstation_order'
    dedupe_key       text NOT NULL,                 -- the entity, e.g. the DocNum: one live job per entity
    payload          jsonb NOT NULL DEFAULT '{}',
    -- queued: ready at next_attempt_at; running: leased to lease_owner until lease_expires_at;
    -- failed: waiting for its retry at next_attempt_at; succeeded and dead are final (dead: out of attempts).
    state            text NOT NULL DEFAULT 'queued'
                     CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'dead')),
    priority         smallint NOT NULL DEFAULT 0,   -- higher runs first
    attempts         integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    max_attempts     integer NOT NULL DEFAULT 10 CHECK (max_attempts >= 1),
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    last_error       text,
    lease_owner      text,
    lease_expires_at timestamptz,
    correlation_id   text,
    -- Set when the entity changed while a worker held the job: it runs again after the current run,
    -- instead of a second worker touching the same entity concurrently.
    rerun_requested  boolean NOT NULL DEFAULT false,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    finished_at      timestamptz,
    -- The upsert target: enqueueing an entity that already has a job updates that job.
    CONSTRAINT job_queue_kind_dedupe_key_key UNIQUE (kind, dedupe_key),
    -- A running job always has a lease and only a running job has one.
    CONSTRAINT job_queue_lease_check
        CHECK ((state = 'running') = (lease_owner IS NOT NULL AND lease_expires_at IS NOT NULL))
);

-- claim(): ready jobs in the order they are taken. Partial, so finished jobs (the bulk) cost nothing.
CREATE INDEX job_queue_ready_idx ON job_queue (priority DESC, next_attempt_at)
    WHERE state IN ('queued', 'failed');
-- claim(): running jobs whose worker vanished (lease expired) are reclaimed.
CREATE INDEX job_queue_expired_lease_idx ON job_queue (lease_expires_at) WHERE state = 'running';
-- count_by_state() for metrics and admin listings by state.
CREATE INDEX job_queue_state_idx ON job_queue (state);
