"""The one check every uploaded file passes (case documents, activity files, bid documents), and
the re-encoding that drops a photo's metadata.

A file is accepted by its extension, its size and its first bytes together: a renamed
executable, or a PDF called .jpg, is refused with a message the person understands.
"""

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext_lazy as _

ALLOWED_UPLOADS = {
    # extension: (content type, the file's first bytes)
    "pdf": ("application/pdf", b"%PDF"),
    "jpg": ("image/jpeg", b"\xff\xd8\xff"),
    "jpeg": ("image/jpeg", b"\xff\xd8\xff"),
    "png": ("image/png", b"\x89PNG"),
}
IMAGE_TYPES = {"image/jpeg": "JPEG", "image/png": "PNG"}


def check_upload(upload) -> str:
    """The upload's content type, or a ValidationError saying what is wrong with it."""
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if extension not in ALLOWED_UPLOADS:
        raise ValidationError(_("Upload a PDF, JPG or PNG file."), code="file_type")
    if upload.size > settings.DOCUMENT_MAX_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."), code="file_size")
    content_type, magic = ALLOWED_UPLOADS[extension]
    head = upload.read(len(magic))
    upload.seek(0)
    if head != magic:
        raise ValidationError(_("The file's contents do not match its type."), code="file_magic")
    return content_type


def without_metadata(upload, content_type: str):
    """A photo re-encoded from its pixels alone, so that no EXIF (GPS position, camera, time)
    or other metadata goes with it; other files as they are. A picture Pillow cannot read is
    refused rather than kept with its metadata."""
    if content_type not in IMAGE_TYPES:
        return upload
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(upload) as image:
            image = ImageOps.exif_transpose(image)  # keep the orientation the EXIF gave it
            if IMAGE_TYPES[content_type] == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            # Only the pixels (and a palette's colours) are copied: none of image.info.
            clean = Image.frombytes(image.mode, image.size, image.tobytes())
            if image.mode == "P":
                clean.putpalette(image.getpalette())
            buffer = io.BytesIO()
            clean.save(buffer, format=IMAGE_TYPES[content_type], quality=90)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError) as error:
        raise ValidationError(
            _("The picture could not be read."), code="file_unreadable"
        ) from error
    return SimpleUploadedFile(upload.name, buffer.getvalue(), content_type=content_type)
