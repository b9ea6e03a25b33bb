"""PostgreSQL helpers for the operations tests: roles, spare databases, connections as a role.

Every database and role they make is named after the database in DATABASE_URL (so two checkouts
sharing one server never collide) and is dropped again by the test that made it.
"""

import os
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql


def server_url() -> str:
    return os.environ["DATABASE_URL"]


def base_name() -> str:
    """The database named in DATABASE_URL: the prefix of every database or role made here."""
    return urlsplit(server_url()).path.lstrip("/")


def url_for(database: str, user: str | None = None, password: str | None = None) -> str:
    parts = urlsplit(server_url())
    netloc = parts.netloc.rsplit("@", 1)[-1]
    credentials = parts.netloc.rsplit("@", 1)[0] if "@" in parts.netloc else ""
    if user is not None:
        credentials = user if password is None else f"{user}:{password}"
    netloc = f"{credentials}@{netloc}" if credentials else netloc
    return urlunsplit((parts.scheme, netloc, f"/{database}", "", ""))


def admin_connection() -> psycopg.Connection:
    return psycopg.connect(url_for("postgres"), autocommit=True)


def connect(database: str, user: str | None = None) -> psycopg.Connection:
    return psycopg.connect(url_for(database, user), autocommit=True)


def drop_database(name: str) -> None:
    with admin_connection() as conn:
        statement = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
        conn.execute(statement.format(sql.Identifier(name)))


def create_database(name: str, owner: str | None = None) -> None:
    drop_database(name)
    with admin_connection() as conn:
        statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if owner:
            statement += sql.SQL(" OWNER {}").format(sql.Identifier(owner))
        conn.execute(statement)


def drop_role(name: str, databases: tuple[str, ...] = ()) -> None:
    """Drops the role after revoking what it was granted in `databases`."""
    with admin_connection() as conn:
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name]).fetchone()
    if not exists:
        return
    for database in databases:
        try:
            with connect(database) as conn:
                conn.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(name)))
        except psycopg.OperationalError:
            continue  # the database is already gone, and with it what the role had there
    with admin_connection() as conn:
        conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(name)))


def create_role(name: str, databases: tuple[str, ...] = ()) -> None:
    drop_role(name, databases)
    with admin_connection() as conn:
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(name)))


@contextmanager
def spare_database(suffix: str):
    name = f"{base_name()}_{suffix}"
    create_database(name)
    try:
        yield name
    finally:
        drop_database(name)
