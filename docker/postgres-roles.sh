#!/bin/bash
# First start of the compose PostgreSQL: the migration role (owns the schema) and the runtime role (data only).
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v owner_pw="$MLC_DB_OWNER_PASSWORD" -v app_pw="$MLC_DB_APP_PASSWORD" <<'SQL'
CREATE ROLE mlc_owner LOGIN PASSWORD :'owner_pw';
CREATE ROLE mlc_app LOGIN PASSWORD :'app_pw';
-- The migrator runs CREATE SCHEMA IF NOT EXISTS, which needs CREATE on the database.
GRANT CONNECT, CREATE ON DATABASE mlc TO mlc_owner;
GRANT CONNECT ON DATABASE mlc TO mlc_app;
CREATE SCHEMA mlc AUTHORIZATION mlc_owner;
GRANT USAGE ON SCHEMA mlc TO mlc_app;
-- Tables and sequences the owner's migrations create later are readable and writable by the runtime role;
-- it owns nothing, so it cannot ALTER, DROP or disable the audit log's trigger.
ALTER DEFAULT PRIVILEGES FOR ROLE mlc_owner IN SCHEMA mlc
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO mlc_app;
ALTER DEFAULT PRIVILEGES FOR ROLE mlc_owner IN SCHEMA mlc
    GRANT USAGE, SELECT ON SEQUENCES TO mlc_app;
SQL
