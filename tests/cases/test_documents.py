"""Documents: checked on the way in, stored outside the web root, served only through a view."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import Document
from coalition.models import AccessLog
from tests.files import PDF, PNG


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "coalition.encrypted_storage.EncryptedFileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    return tmp_path


def upload(client, case, name: str, content: bytes, **fields):
    return client.post(
        f"/cases/{case.pk}/documents/",
        {"doc_type": "statement", "description": "", "upload": SimpleUploadedFile(name, content),
         **fields},
    )  # fmt: skip


def documents():
    return Document.objects.with_scopes_disabled()


def test_a_pdf_is_stored_under_a_random_name_and_downloaded_with_an_audit_entry(
    as_user, caseworker_a, case_a, _private_media
):
    client = as_user(caseworker_a)
    assert upload(client, case_a, "Ayesha Bibi statement.pdf", PDF).status_code == 302
    document = documents().get()
    assert "Ayesha" not in document.file.name
    on_disk = (_private_media / document.file.name).read_bytes()
    assert on_disk.startswith(b"CENC1") and b"%PDF" not in on_disk  # encrypted at rest
    response = client.get(f"/cases/{case_a.pk}/documents/{document.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Cache-Control"] == "no-store, private"
    assert "Ayesha" not in response["Content-Disposition"]
    assert AccessLog.objects.filter(action="download", target_id=document.pk).count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("run.exe", b"MZ\x90\x00", "Upload a PDF, JPG or PNG file."),
        ("fake.pdf", b"<html>not a pdf</html>", "do not match its type"),
        ("photo.png", b"GIF89a" + PNG, "do not match its type"),
    ],
)
def test_wrong_files_are_refused_with_a_clear_message(
    as_user, caseworker_a, case_a, name, content, message
):
    response = upload(as_user(caseworker_a), case_a, name, content, description="Kept text")
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "Kept text" in html
    assert not documents().exists()


def test_a_file_over_10_mb_is_refused(as_user, caseworker_a, case_a):
    big = PDF + b"0" * (10 * 1024 * 1024)
    response = upload(as_user(caseworker_a), case_a, "big.pdf", big)
    assert "larger than 10 MB" in response.content.decode()
    assert not documents().exists()


def test_media_is_not_served_by_any_url(client, caseworker_a, case_a):
    client.force_login(caseworker_a.user)
    assert client.get("/media/cases/").status_code == 404
    assert client.get("/private-media/").status_code == 404


def test_a_disk_that_fills_up_mid_upload_keeps_nothing_and_says_so(
    as_user, caseworker_a, case_a, _private_media, monkeypatch
):
    """Found by fault injection: a 500, the typed description lost, and the start of the
    ciphertext left on disk readable by others."""
    from django.core.files.storage import FileSystemStorage

    def disk_fills(storage, name, content):
        path = storage.path(name)
        with open(path, "wb") as partial:
            partial.write(content.read()[:100])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", disk_fills)
    response = upload(
        as_user(caseworker_a), case_a, "statement.pdf", PDF, description="Police statement"
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "could not be stored on the server" in page and "Police statement" in page
    assert not documents().exists()
    assert [path for path in _private_media.rglob("*") if path.is_file()] == []
