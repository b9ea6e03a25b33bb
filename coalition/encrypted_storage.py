"""The private file storage, encrypted: documents are AES-256-GCM ciphertext on disk.

A stored file is `CENC1`, the 8-character id of the key (coalition/crypto.py), then the nonce
and the ciphertext with its tag. Saving encrypts under the current key; opening decrypts, so
the download views stream the document as it was uploaded. A file without the header is one
stored before encryption: it is read as it is, and `manage.py rotate_keys` encrypts it.
Documents are at most DOCUMENT_MAX_BYTES, so each is encrypted whole, in memory.
"""

import os

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

from .crypto import decrypt_bytes, encrypt_bytes, keyring

MAGIC = b"CENC1"
KEY_ID_BYTES = 8
HEADER_BYTES = len(MAGIC) + KEY_ID_BYTES
OVERHEAD = HEADER_BYTES + 12 + 16  # header, nonce, tag


def seal(data: bytes) -> bytes:
    kid, sealed = encrypt_bytes(data)
    return MAGIC + kid.encode("ascii") + sealed


def unseal(stored: bytes) -> bytes:
    if not stored.startswith(MAGIC):
        return stored  # stored before encryption
    kid = stored[len(MAGIC) : HEADER_BYTES].decode("ascii", "replace")
    return decrypt_bytes(kid, stored[HEADER_BYTES:])


class EncryptedFileSystemStorage(FileSystemStorage):
    def _save(self, name, content):
        content.seek(0)
        try:
            return super()._save(name, ContentFile(seal(content.read())))
        except OSError:
            # A disk that filled up mid-write left the start of the ciphertext behind, readable
            # by others (the permissions are set only once it is complete). The file is new
            # (Django creates it exclusively), so it is this write's own to remove; deleting a
            # file never made does nothing.
            self.delete(name)
            raise

    def _open(self, name, mode="rb"):
        with super()._open(name, "rb") as stored:
            data = unseal(stored.read())
        return ContentFile(data, name=name)

    def size(self, name):
        with open(self.path(name), "rb") as stored:
            encrypted = stored.read(len(MAGIC)) == MAGIC
        return super().size(name) - (OVERHEAD if encrypted else 0)

    def file_key_id(self, name) -> str:
        """The key the file is under; "" when it is not encrypted."""
        with open(self.path(name), "rb") as stored:
            header = stored.read(HEADER_BYTES)
        return header[len(MAGIC) :].decode("ascii", "replace") if header[:5] == MAGIC else ""

    def reencrypt(self, name) -> bool:
        """Put the file under the current key, in place; False when it already was."""
        if self.file_key_id(name) == keyring().current_id:
            return False
        path = self.path(name)
        with open(path, "rb") as stored:
            sealed = seal(unseal(stored.read()))
        temporary = f"{path}.rotating"
        with open(temporary, "wb") as out:
            out.write(sealed)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)  # atomic: the file is whole under one key or the other
        return True
