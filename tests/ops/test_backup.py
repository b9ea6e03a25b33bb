"""Backup and restore: the database and the documents come back together, checked against the
manifest, into a fresh database where the access log is still append-only."""

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from psycopg import errors, sql

from cases.models import Document
from coalition.backup import row_counts
from tests.cases.conftest import open_case
from tests.files import pdf_bytes

from . import pg

ROOT = Path(__file__).resolve().parents[2]
PDF = pdf_bytes()

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="backups need PostgreSQL"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def documents_root(settings, tmp_path):
    root = tmp_path / "documents"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": root},
        },
    }
    return root


@pytest.fixture
def with_a_document(as_user, caseworker_a, documents_root) -> Document:
    case = open_case(caseworker_a, full_name="Ayesha Bibi")
    response = as_user(caseworker_a).post(
        f"/cases/{case.pk}/documents/",
        {"doc_type": "statement", "description": "", "upload": SimpleUploadedFile("s.pdf", PDF)},
    )
    assert response.status_code == 302
    return Document.objects.with_scopes_disabled().get()


@pytest.fixture
def fresh_database():
    with pg.spare_database("restore") as name:
        yield name


def restore(folder: Path, database: str, documents: Path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DATABASE_URL": pg.url_for(database),
        "PRIVATE_MEDIA_ROOT": str(documents),
        "DEBUG": "",
    }
    return subprocess.run(
        [sys.executable, "manage.py", "restore", str(folder)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def back_up(to: Path) -> Path:
    call_command("backup", "--to", str(to), stdout=open(os.devnull, "w"))  # noqa: SIM115
    (folder,) = to.iterdir()
    return folder


def test_a_restored_backup_has_every_row_document_and_the_append_only_trigger(
    with_a_document, documents_root, fresh_database, tmp_path
):
    folder = back_up(tmp_path / "backups")
    restored_documents = tmp_path / "restored-documents"

    result = restore(folder, fresh_database, restored_documents)

    assert result.returncode == 0, result.stderr
    with connection.cursor() as cursor:
        original_counts = row_counts(cursor)
    assert original_counts["cases_document"] == 1
    assert original_counts["coalition_accesslog"] > 0
    with pg.connect(fresh_database) as restored:
        for table, count in original_counts.items():
            counted = restored.execute(
                sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
            )
            assert counted.fetchone()[0] == count, table
        trigger = restored.execute(
            "SELECT tgenabled FROM pg_trigger WHERE tgname = 'coalition_accesslog_no_update'"
        ).fetchone()
        assert trigger == ("O",)  # present and enabled
        with pytest.raises(errors.RaiseException, match="append-only"):
            restored.execute("UPDATE coalition_accesslog SET verb = 'forged'")
    restored_file = restored_documents / with_a_document.file.name
    assert hashlib.sha256(restored_file.read_bytes()).hexdigest() == hashlib.sha256(PDF).hexdigest()


def test_the_manifest_holds_checksums_and_row_counts(with_a_document, tmp_path):
    folder = back_up(tmp_path / "backups")
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["documents"] == {with_a_document.file.name: hashlib.sha256(PDF).hexdigest()}
    assert manifest["row_counts"]["cases_document"] == 1
    assert set(manifest["files"]) == {"database.dump", "documents.tar.gz"}
    assert manifest["missing_documents"] == []
    assert oct((folder / "database.dump").stat().st_mode & 0o777) == "0o600"


def test_a_backup_whose_files_were_changed_is_refused(with_a_document, fresh_database, tmp_path):
    folder = back_up(tmp_path / "backups")
    with (folder / "documents.tar.gz").open("ab") as archive:
        archive.write(b"tampered")
    result = restore(folder, fresh_database, tmp_path / "restored-documents")
    assert result.returncode != 0
    assert "does not match its checksum" in result.stderr


def test_a_document_lost_before_the_backup_is_named_by_backup_and_restore(
    with_a_document, documents_root, fresh_database, tmp_path
):
    """The documents folder lost a file its row still names: the backup is written (the rest
    is worth keeping) but reported incomplete, naming the file; a restore of it says so too."""
    (documents_root / with_a_document.file.name).unlink()

    with pytest.raises(CommandError, match="1 stored documents") as refused:
        call_command("backup", "--to", str(tmp_path / "backups"), stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert with_a_document.file.name in str(refused.value)
    (folder,) = (tmp_path / "backups").iterdir()
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["missing_documents"] == [with_a_document.file.name]

    result = restore(folder, fresh_database, tmp_path / "restored-documents")
    assert result.returncode != 0
    assert f"{with_a_document.file.name}: named by a row, not in the documents" in result.stderr


def test_restore_refuses_a_database_that_is_not_empty(with_a_document, tmp_path):
    folder = back_up(tmp_path / "backups")
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(folder))


def test_backup_keeps_only_the_newest_when_asked(documents_root, tmp_path):
    target = tmp_path / "backups"
    for stamp in ("20260101T000000Z", "20260102T000000Z"):
        (target / f"coalition-{stamp}").mkdir(parents=True)
    call_command("backup", "--to", str(target), "--keep", "2", stdout=open(os.devnull, "w"))  # noqa: SIM115
    kept = sorted(path.name for path in target.iterdir())
    assert len(kept) == 2
    assert kept[0] == "coalition-20260102T000000Z"


def test_a_backup_that_fails_half_way_leaves_nothing_behind(documents_root, tmp_path, monkeypatch):
    """A full disk or a lost database mid-backup: its partial dump holds data and, left behind
    by each failed run, would fill the disk."""
    from coalition import backup

    def full_disk(root, archive):
        archive.write_bytes(b"half a tar")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup, "archive_documents", full_disk)
    target = tmp_path / "backups"
    with pytest.raises(OSError, match="No space left"):
        backup.make_backup(target)
    assert list(target.iterdir()) == []
