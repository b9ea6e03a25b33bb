"""Checking an uploaded file by what it is, not by its name or first bytes.

`check_upload` reads the whole file and answers with what to store, or refuses it:

1. Its size (the request size middleware has already refused a body larger than any form
   takes, before reading it; this is the per-file limit).
2. What libmagic says it is, which must be a type the caller allows and match its extension.
3. A full parse: a PDF must open with pypdf and have pages, and carry no JavaScript, launch
   action or embedded file; an image must decode completely with Pillow, within a pixel limit.
4. Images are re-encoded: the stored file is a fresh JPEG or PNG made from the pixels, with no
   EXIF, GPS, comments or anything else the camera or an attacker put beside them. A photo's
   location can lead to a shelter.

Any app may call it with its own allowed types and limit.
"""

import io
import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

logger = logging.getLogger(__name__)

try:  # python-magic needs the system's libmagic (Debian: libmagic1, macOS: brew's libmagic)
    import magic
except ImportError:  # a laptop without it still runs the demo; the deploy check warns
    magic = None

# What each kind is called by libmagic, and the extensions that may carry it.
KINDS = {
    "pdf": ("application/pdf", ("pdf",)),
    "jpeg": ("image/jpeg", ("jpg", "jpeg")),
    "png": ("image/png", ("png",)),
}
# A 12-megapixel phone photo is well under this; a "decompression bomb" is far over it.
MAX_IMAGE_PIXELS = 50_000_000
# PDF features that run something or carry another file inside.
PDF_ACTIVE_KEYS = ("/JavaScript", "/JS", "/Launch", "/EmbeddedFiles", "/OpenAction", "/AA")


@dataclass(frozen=True)
class CheckedUpload:
    content: ContentFile
    content_type: str


def check_upload(upload, *, kinds=("pdf", "jpeg", "png"), max_bytes: int) -> CheckedUpload:
    """The file to store and its type, or ValidationError with a message for the person."""
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is larger than %(mb)d MB.") % {"mb": max_bytes // (1024 * 1024)},
            code="too_large",
        )
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    detected = detected_type(data)
    kind = next((k for k in kinds if KINDS[k][0] == detected), None)
    if kind is None or extension not in KINDS[kind][1]:
        raise ValidationError(_("The file's contents do not match its type."), code="mismatch")
    if kind == "pdf":
        _check_pdf(data)
        content = data
    else:
        content = _reencoded_image(data, kind)
    return CheckedUpload(ContentFile(content, name=upload.name), KINDS[kind][0])


def check_document(upload) -> CheckedUpload:
    """A document of a case, an activity or a bid: a PDF, JPG or PNG within the document size
    limit (settings.DOCUMENT_MAX_BYTES), checked as check_upload checks it."""
    from django.conf import settings

    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if extension not in {ext for _type, extensions in KINDS.values() for ext in extensions}:
        raise ValidationError(_("Upload a PDF, JPG or PNG file."), code="file_type")
    return check_upload(upload, max_bytes=settings.DOCUMENT_MAX_BYTES)


def detected_type(data: bytes) -> str:
    """The MIME type libmagic reads in the content; without libmagic, the signature (the full
    parse that follows is then the only real check)."""
    if magic is not None:
        return magic.from_buffer(data[:65536], mime=True)
    signatures = {b"%PDF-": "application/pdf", b"\xff\xd8\xff": "image/jpeg"}
    signatures[b"\x89PNG\r\n\x1a\n"] = "image/png"
    return next((t for sig, t in signatures.items() if data.startswith(sig)), "")


def _unreadable() -> ValidationError:
    return ValidationError(
        _("The file could not be read. Save it again as a PDF, JPG or PNG and upload that."),
        code="unreadable",
    )


def _check_pdf(data: bytes) -> None:
    try:
        reader = PdfReader(io.BytesIO(data), strict=True)
        if reader.is_encrypted or len(reader.pages) == 0:
            raise _unreadable()
        root = reader.trailer["/Root"]
        names = root.get("/Names", {})
        active = [key for key in PDF_ACTIVE_KEYS if key in root or key in names]
        for page in reader.pages:
            active += [key for key in ("/AA",) if key in page]
    except ValidationError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError):
        logger.info("A PDF upload did not parse", exc_info=True)
        raise _unreadable() from None
    if active:
        raise ValidationError(
            _(
                "This PDF contains scripts, actions or attached files. Print it to a new PDF "
                "and upload that."
            ),
            code="active_pdf",
        )


def _reencoded_image(data: bytes, kind: str) -> bytes:
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.width * probe.height > MAX_IMAGE_PIXELS:
                raise _unreadable()
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            image = ImageOps.exif_transpose(image)  # keep the photo upright without its EXIF
            out = io.BytesIO()
            if kind == "jpeg":
                image.convert("RGB").save(out, format="JPEG", quality=90)
            else:
                if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
                    image = image.convert("RGBA")
                image.save(out, format="PNG")
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        logger.info("An image upload did not decode", exc_info=True)
        raise _unreadable() from None
    return out.getvalue()
