"""Uploads are checked by content with libmagic and a full parse; images are re-encoded without
their metadata."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter
from pypdf.actions import JavaScript

from cases.models import Document
from coalition.uploads import check_upload
from tests.cases.conftest import case_a  # noqa: F401 - fixture
from tests.files import PDF, image_bytes

LIMIT = 10 * 1024 * 1024


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "coalition.encrypted_storage.EncryptedFileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }


def checked(name: str, content: bytes):
    return check_upload(SimpleUploadedFile(name, content), max_bytes=LIMIT)


def refusal(name: str, content: bytes) -> str:
    with pytest.raises(Exception) as raised:
        checked(name, content)
    return " ".join(raised.value.messages)


def photo_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (31.0, 31.0, 0.0), 3: "E", 4: (74.0, 20.0, 0.0)}  # GPS IFD
    exif[0x010F] = "PhoneMaker"
    return image_bytes("JPEG", size=(40, 30), exif=exif)


def test_a_pdf_header_followed_by_html_is_refused():
    assert "could not be read" in refusal("statement.pdf", b"%PDF-1.4\n<html><script>x</script>")


def test_a_pdf_that_runs_javascript_when_opened_is_refused():
    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    writer.add_open_action(JavaScript("app.alert('x');"))
    buffer = io.BytesIO()
    writer.write(buffer)
    assert "scripts, actions or attached files" in refusal("s.pdf", buffer.getvalue())


def test_a_pdf_with_an_attached_file_is_refused():
    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    writer.add_attachment("payload.exe", b"MZ")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert "scripts, actions or attached files" in refusal("s.pdf", buffer.getvalue())


def test_a_real_pdf_is_kept_as_it_is():
    result = checked("s.pdf", PDF)
    assert result.content_type == "application/pdf"
    assert result.content.read() == PDF


def test_an_image_named_as_a_pdf_is_refused():
    assert "do not match its type" in refusal("s.pdf", image_bytes("PNG"))


def test_a_truncated_image_is_refused():
    assert "could not be read" in refusal("p.png", image_bytes("PNG", size=(64, 64))[:60])


def test_a_decompression_bomb_is_refused():
    buffer = io.BytesIO()
    Image.new("1", (8000, 8000)).save(buffer, format="PNG")
    assert "could not be read" in refusal("bomb.png", buffer.getvalue())


def test_a_photo_is_stored_without_its_location_or_camera(as_user, caseworker_a, case_a):  # noqa: F811
    original = photo_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the GPS is there
    response = as_user(caseworker_a).post(
        f"/cases/{case_a.pk}/documents/",
        {
            "doc_type": "statement",
            "description": "",
            "upload": SimpleUploadedFile("IMG_0001.jpg", original),
        },
    )
    assert response.status_code == 302
    document = Document.objects.with_scopes_disabled().get()
    stored = document.file.read()
    assert document.content_type == "image/jpeg"
    image = Image.open(io.BytesIO(stored))
    assert image.size == (40, 30)
    assert not image.getexif()
    assert b"PhoneMaker" not in stored


def test_a_png_loses_its_text_chunks():
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Location", "Shelter, Street 4")
    result = checked("p.png", image_bytes("PNG", pnginfo=info)).content.read()
    assert b"Shelter" not in result
    assert Image.open(io.BytesIO(result)).format == "PNG"


def test_an_upload_check_is_reusable_with_its_own_kinds_and_limit():
    with pytest.raises(Exception, match="larger than 1 MB"):
        check_upload(SimpleUploadedFile("s.pdf", PDF + b" " * (1024 * 1024)), max_bytes=1024**2)
    with pytest.raises(Exception, match="do not match"):
        check_upload(SimpleUploadedFile("s.pdf", PDF), kinds=("png",), max_bytes=LIMIT)
