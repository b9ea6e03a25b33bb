#!/bin/sh
# Run once by the postgres image when it creates the database (mounted into
# /docker-entrypoint-initdb.d/). Two roles, neither a superuser:
# - the migration role owns the database and every table (`migrate`, `backup`, `restore`);
# - the application role owns nothing: `manage.py grant_app_role` gives it row access after
#   each migrate, so it cannot alter a table or switch off the access log's trigger.
# Passwords come from the environment (.env), never from this file.
set -eu
: "${OWNER_DB_PASSWORD:?set OWNER_DB_PASSWORD}" "${APP_DB_PASSWORD:?set APP_DB_PASSWORD}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v db="$POSTGRES_DB" \
    -v owner="${OWNER_DB_ROLE:-coalition_owner}" -v owner_password="$OWNER_DB_PASSWORD" \
    -v app="${APP_DB_ROLE:-coalition_app}" -v app_password="$APP_DB_PASSWORD" <<'SQL'
CREATE ROLE :"owner" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'owner_password';
CREATE ROLE :"app" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'app_password';
ALTER DATABASE :"db" OWNER TO :"owner";
ALTER SCHEMA public OWNER TO :"owner";
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT CONNECT ON DATABASE :"db" TO :"app";
SQL
