"""Backups: the database and the uploaded documents, taken together, checked on the way back.

A backup is a folder `coalition-<UTC time>/` holding
- `database.dump`: pg_dump's custom format, without owners or grants (restored as the migration
  role, then `grant_app_role` gives the application its rights back);
- `documents.tar.gz`: the documents folder (PRIVATE_MEDIA_ROOT);
- `manifest.json`: the sha256 of both files and of every document, and the row count of every
  table, counted in the very snapshot pg_dump saves.

The database is saved first and the documents after: documents are only ever added, so every
document a saved row names is in the archive (a document uploaded in between is there too, with
no row naming it, which is harmless). A file a saved row names but the folder lacks (lost
before the backup) is listed in the manifest as `missing_documents`, and the backup, though
written, is reported as incomplete; a restore checks every restored row's file again.
"""

import hashlib
import json
import os
import shutil
import subprocess
import tarfile
from datetime import UTC, datetime
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection, transaction

DUMP = "database.dump"
DOCUMENTS = "documents.tar.gz"
MANIFEST = "manifest.json"
PREFIX = "coalition-"


class BackupError(Exception):
    """A backup could not be made or restored; the message says why."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def documents_root() -> Path:
    return Path(default_storage.location)


def postgres_environment() -> dict[str, str]:
    """libpq's variables for the default database: the password never shows in `ps`."""
    if connection.vendor != "postgresql":
        raise BackupError("Backups need PostgreSQL (DATABASE_URL); SQLite is for development.")
    db = settings.DATABASES["default"]
    values = {
        "PGHOST": db.get("HOST"),
        "PGPORT": db.get("PORT"),
        "PGUSER": db.get("USER"),
        "PGPASSWORD": db.get("PASSWORD"),
        "PGDATABASE": db.get("NAME"),
        "PGSSLMODE": db.get("OPTIONS", {}).get("sslmode"),
    }
    return {**os.environ, **{key: str(value) for key, value in values.items() if value}}


def table_names(cursor) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
    return [name for (name,) in cursor.fetchall()]


def row_counts(cursor) -> dict[str, int]:
    counts = {}
    for table in table_names(cursor):
        cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        counts[table] = cursor.fetchone()[0]
    return counts


def stored_file_names(cursor) -> set[str]:
    """The name of every stored file a row names (each FileField's column), as the storage
    names it: a path under the documents folder."""
    names = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.get_internal_type() == "FileField":
                table, column = (
                    connection.ops.quote_name(n) for n in (model._meta.db_table, field.column)
                )
                cursor.execute(f"SELECT {column} FROM {table} WHERE {column} <> ''")  # noqa: S608
                names.update(name for (name,) in cursor.fetchall())
    return names


def run(command: list[str]) -> None:
    result = subprocess.run(  # noqa: S603 - fixed programs, arguments we build
        command, env=postgres_environment(), capture_output=True, text=True, check=False
    )
    if result.returncode:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def make_backup(target: Path, *, now: datetime | None = None) -> Path:
    """Writes a new backup folder under `target` and returns it."""
    now = now or datetime.now(UTC)
    folder = target / f"{PREFIX}{now:%Y%m%dT%H%M%SZ}"
    partial = folder.with_name(folder.name + ".partial")
    if folder.exists():
        raise BackupError(f"{folder} already exists.")
    target.mkdir(parents=True, exist_ok=True, mode=0o700)
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(mode=0o700)
    try:
        _write_backup(partial, now)
    except BaseException:
        # A backup that failed half-way (a full disk, the database gone) leaves nothing: its
        # partial dump holds data, and failed runs would otherwise fill the disk one by one.
        shutil.rmtree(partial, ignore_errors=True)
        raise
    partial.rename(folder)
    return folder


def _write_backup(partial: Path, now: datetime) -> None:
    # One snapshot for the counts and the dump: pg_dump reads exactly what was counted.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = row_counts(cursor)
        named = stored_file_names(cursor)
        run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
             f"--snapshot={snapshot}", f"--file={partial / DUMP}"])  # fmt: skip
    documents = archive_documents(documents_root(), partial / DOCUMENTS)
    manifest = {
        "created_at": now.isoformat(),
        "files": {name: sha256_of(partial / name) for name in (DUMP, DOCUMENTS)},
        "documents": documents,
        "row_counts": counts,
        "missing_documents": sorted(named - documents.keys()),
    }
    (partial / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    for path in partial.iterdir():
        path.chmod(0o600)


def archive_documents(root: Path, archive: Path) -> dict[str, str]:
    """Tars the documents folder; returns each document's path (relative to it) and sha256."""
    checksums = {}
    with tarfile.open(archive, "w:gz") as tar:
        if root.is_dir():
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                name = path.relative_to(root).as_posix()
                checksums[name] = sha256_of(path)
                tar.add(path, arcname=name, recursive=False)
    return checksums


def prune(target: Path, keep: int) -> list[Path]:
    """Deletes all but the newest `keep` backups under `target`; returns what it deleted."""
    backups = sorted(p for p in target.glob(f"{PREFIX}*") if p.is_dir() and "." not in p.name)
    old = backups[:-keep] if keep > 0 else []
    for path in old:
        shutil.rmtree(path)
    return old


def load_manifest(folder: Path) -> dict:
    try:
        return json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{folder} has no readable {MANIFEST}: {error}") from error


def read_manifest(folder: Path) -> dict:
    """The manifest, once both files are checked against it."""
    manifest = load_manifest(folder)
    for name, expected in manifest["files"].items():
        path = folder / name
        if not path.is_file() or sha256_of(path) != expected:
            raise BackupError(f"{path} is missing or does not match its checksum.")
    return manifest


def restore_backup(folder: Path) -> dict:
    """Restores a backup into the (empty) default database and documents folder, then checks
    every document's checksum and every table's row count against the manifest."""
    manifest = read_manifest(folder)
    root = documents_root()
    with connection.cursor() as cursor:
        if table_names(cursor):
            raise BackupError(
                f"The database {connection.settings_dict['NAME']} is not empty: restore into a "
                "new, empty database."
            )
    if root.is_dir() and any(root.iterdir()):
        raise BackupError(f"The documents folder {root} is not empty: restore into an empty one.")
    run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
         f"--dbname={connection.settings_dict['NAME']}", str(folder / DUMP)])  # fmt: skip
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    with tarfile.open(folder / DOCUMENTS, "r:gz") as tar:
        tar.extractall(root, filter="data")
    problems = [
        name
        for name, expected in manifest["documents"].items()
        if not (root / name).is_file() or sha256_of(root / name) != expected
    ]
    with connection.cursor() as cursor:
        counts = row_counts(cursor)
        named = stored_file_names(cursor)
    problems += [f"{name}: named by a row, not in the documents" for name in sorted(named)
                 if not (root / name).is_file()]  # fmt: skip
    problems += [
        f"{table}: {counts.get(table)} rows, {expected} backed up"
        for table, expected in manifest["row_counts"].items()
        if counts.get(table) != expected
    ]
    if problems:
        raise BackupError("Restored, but these do not match the backup: " + "; ".join(problems))
    return manifest
