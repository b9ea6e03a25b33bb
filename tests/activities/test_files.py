"""Activity files pass the same checks as case documents, are stored outside the web root under
random names, served only through the permission-checked view, and photos lose their metadata."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from coalition.activities import services
from coalition.activities.models import ActivityFile
from coalition.models import AccessLog
from tests.files import PDF

GPS_IFD = 0x8825


def photo_with_location() -> bytes:
    image = Image.new("RGB", (8, 8), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[GPS_IFD] = {1: "N", 2: (33.0, 41.0, 0.0), 3: "E", 4: (73.0, 3.0, 0.0)}
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def upload(client, activity, name: str, content: bytes):
    return client.post(
        f"/activities/{activity.pk}/files/",
        {"kind": "photo", "description": "", "upload": SimpleUploadedFile(name, content)},
    )


def test_a_photo_is_stored_without_its_gps_position_or_camera(as_user, walk_a, supervisor_a):
    original = photo_with_location()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # the fixture has one
    response = upload(as_user(supervisor_a), walk_a, "walk.jpg", original)
    assert response.status_code == 302
    stored = ActivityFile.objects.get()
    with stored.file.open("rb") as handle:
        content = handle.read()
    image = Image.open(io.BytesIO(content))
    assert image.size == (8, 8)
    assert not image.getexif()
    assert b"PhoneMaker" not in content
    assert stored.file.name.startswith("activities/activity/") and "walk" not in stored.file.name


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("run.exe", b"MZ\x90\x00", "Upload a PDF, JPG or PNG file."),
        ("fake.pdf", b"<html>", "The file&#x27;s contents do not match its type."),
    ],
)
def test_a_file_the_case_documents_would_refuse_is_refused_with_the_same_message(
    as_user, walk_a, supervisor_a, name, content, message
):
    response = upload(as_user(supervisor_a), walk_a, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ActivityFile.objects.exists()


def test_the_service_checks_the_file_whatever_its_caller_says(walk_a, supervisor_a):
    with pytest.raises(ValidationError):
        services.add_activity_file(
            activity=walk_a, by=supervisor_a.user, uploaded=SimpleUploadedFile("x.pdf", b"MZ"),
            kind="minutes", content_type="application/pdf",
        )  # fmt: skip


def test_a_file_larger_than_the_limit_is_refused(as_user, walk_a, supervisor_a, settings):
    settings.DOCUMENT_MAX_BYTES = 1024 * 1024
    response = upload(as_user(supervisor_a), walk_a, "big.pdf", PDF + b"0" * (1024 * 1024))
    assert "The file is larger than 1 MB." in response.content.decode()


def test_a_download_is_an_attachment_with_an_access_log_entry(as_user, walk_a, supervisor_a):
    upload(as_user(supervisor_a), walk_a, "minutes.pdf", PDF)
    stored = ActivityFile.objects.get()
    response = as_user(supervisor_a).get(f"/activities/{walk_a.pk}/files/{stored.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "minutes.pdf" not in response["Content-Disposition"]
    assert AccessLog.objects.filter(verb="activityfile.downloaded").count() == 1
