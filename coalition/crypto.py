"""Identifiers encrypted at rest, and keyed hashes to find them by.

Encryption is AES-256-GCM (the `cryptography` library) with keys from FIELD_ENCRYPTION_KEYS:
a comma-separated list of URL-safe base64 32-byte keys, the first one current. Every value
carries the id of the key that encrypted it, so older keys keep decrypting until `manage.py
rotate_keys` has re-encrypted everything with the current one. With DEBUG on and no keys set,
one key is derived from SECRET_KEY, so that a demo needs nothing; without DEBUG a missing key
is an error, never plaintext.

A stored value is `enc1:<key id>:<base64 of nonce + ciphertext>`; the empty string stays empty
(blank fields must stay blank, and erasure blanks them). A value without the prefix is legacy
plaintext from before encryption: it is read as it is, and the migration and `rotate_keys`
encrypt it. A value encrypted with a key that is not configured, or that does not authenticate,
raises DecryptionError: a wrong key fails loudly instead of showing garbage or nothing.

Encrypted columns cannot be searched; a KeyedHashField beside one keeps an HMAC-SHA256 of the
value under IDENTIFIER_HASH_KEY (a key of its own: knowing it decrypts nothing), computed
whenever the row is saved, so an exact search or a duplicate check compares hashes. `save()`
and `bulk_create()` compute it; `QuerySet.update()` and `bulk_update()` do not, so a service
that changes an identifier saves the row (or names the hash field too).
"""

import base64
import binascii
import hashlib
import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.db import models
from django.db.models.lookups import Exact, IsNull
from django.utils.crypto import salted_hmac

PREFIX = "enc1:"
NONCE_BYTES = 12


class DecryptionError(Exception):
    """A value could not be decrypted with the configured keys: a wrong or missing key, or
    a value that was tampered with."""


def key_id(key: bytes) -> str:
    """A short public name of a key: which key encrypted a value, without revealing it."""
    return hashlib.sha256(b"coalition.crypto.key-id:" + key).hexdigest()[:8]


def parse_key(text: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(text.strip().encode("ascii"))
    except (binascii.Error, ValueError, UnicodeEncodeError):
        key = b""
    if len(key) != 32:
        raise ImproperlyConfigured(
            "Each key in FIELD_ENCRYPTION_KEYS must be 32 bytes in URL-safe base64 "
            "(manage.py rotate_keys --new-key prints one)."
        )
    return key


def new_key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode("ascii")


class Keyring:
    def __init__(self, keys: list[bytes]):
        self.ciphers = {key_id(key): AESGCM(key) for key in keys}
        self.current_id = key_id(keys[0])
        self.current = self.ciphers[self.current_id]


@lru_cache(maxsize=4)
def _keyring_for(configured: tuple[str, ...], secret_key: str, debug: bool) -> Keyring:
    keys = [parse_key(text) for text in configured if text.strip()]
    if not keys:
        if not debug:
            raise ImproperlyConfigured(
                "Set FIELD_ENCRYPTION_KEYS: identifiers and documents are encrypted at rest "
                "(see docs/operations.md)."
            )
        keys = [hashlib.sha256(b"coalition.crypto.field-key:" + secret_key.encode()).digest()]
    return Keyring(keys)


_last: tuple = (None, None, None, None)  # the settings objects the cached keyring is for


def keyring() -> Keyring:
    # Called for every value decrypted: a list page decrypts a hundred, so the common case is
    # one identity comparison (settings replaced in tests give new objects, and a new keyring).
    global _last
    configured, secret, debug = settings.FIELD_ENCRYPTION_KEYS, settings.SECRET_KEY, settings.DEBUG
    if _last[0] is configured and _last[1] is secret and _last[2] is debug:
        return _last[3]
    ring = _keyring_for(tuple(configured), secret, bool(debug))
    _last = (configured, secret, debug, ring)
    return ring


def encrypt_bytes(data: bytes) -> tuple[str, bytes]:
    """(key id, nonce + ciphertext) under the current key."""
    ring = keyring()
    nonce = os.urandom(NONCE_BYTES)
    return ring.current_id, nonce + ring.current.encrypt(nonce, data, None)


def decrypt_bytes(kid: str, sealed: bytes) -> bytes:
    cipher = keyring().ciphers.get(kid)
    if cipher is None:
        raise DecryptionError(
            f"Encrypted with key {kid}, which is not in FIELD_ENCRYPTION_KEYS: "
            "add that key back (after the current one) to read it."
        )
    try:
        return cipher.decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], None)
    except InvalidTag:
        raise DecryptionError(f"A value under key {kid} does not authenticate.") from None


def encrypt(text: str) -> str:
    if not text:
        return text
    kid, sealed = encrypt_bytes(text.encode("utf-8"))
    return f"{PREFIX}{kid}:{binascii.b2a_base64(sealed, newline=False).decode('ascii')}"


def decrypt(stored: str | None) -> str | None:
    if not stored or not stored.startswith(PREFIX):
        return stored  # empty, or plaintext from before encryption
    kid, _, body = stored[len(PREFIX) :].partition(":")
    try:
        sealed = binascii.a2b_base64(body)
    except (binascii.Error, ValueError):
        raise DecryptionError("A stored value is not valid ciphertext.") from None
    return decrypt_bytes(kid, sealed).decode("utf-8")


def stored_key_id(stored: str | None) -> str | None:
    """The id of the key a stored value is under; "" for legacy plaintext, None for empty."""
    if not stored:
        return None
    if not stored.startswith(PREFIX):
        return ""
    return stored[len(PREFIX) :].partition(":")[0]


def keyed_hash(kind: str, value: str) -> str:
    """HMAC-SHA256 of a normalised value, keyed with IDENTIFIER_HASH_KEY (with DEBUG and no key
    set, a key derived from SECRET_KEY): the same value gives the same hash, which no one can
    reverse or recompute without the key. `kind` keeps a CNIC's hash apart from a phone's."""
    return salted_hmac(
        f"cases.duplicates.{kind}", value, secret=hash_key(), algorithm="sha256"
    ).hexdigest()


def hash_key() -> str:
    if settings.IDENTIFIER_HASH_KEY:
        return settings.IDENTIFIER_HASH_KEY
    if settings.DEBUG:
        return settings.SECRET_KEY
    raise ImproperlyConfigured(
        "Set IDENTIFIER_HASH_KEY: exact search and the duplicate check compare keyed hashes "
        "(see docs/operations.md)."
    )


class _BlankOnlyExact(Exact):
    """`field=""` (is it blank?) works; comparing a value cannot, each encryption differs."""

    def get_prep_lookup(self):
        if self.rhs not in ("", None):
            raise FieldError(
                f"{self.lhs.target.name} is encrypted: search its keyed hash, not its value."
            )
        return super().get_prep_lookup()


class EncryptedMixin:
    """Encrypts on the way to the database, decrypts on the way back; a text column in the
    database whatever `max_length` says (the ciphertext is longer), and `max_length` still
    checks what was typed."""

    encrypted = True

    def get_internal_type(self):
        return "TextField"

    def from_db_value(self, value, expression, connection):
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None:
            return value
        return encrypt(str(value))

    def get_lookup(self, lookup_name):
        if lookup_name == "exact":
            return _BlankOnlyExact
        if lookup_name == "isnull":
            return IsNull
        return None


class EncryptedCharField(EncryptedMixin, models.CharField):
    pass


class EncryptedTextField(EncryptedMixin, models.TextField):
    pass


class DerivedField:
    """A column computed from other fields of the row whenever the row is saved (also by
    bulk_create, which calls pre_save): blanking the source and saving blanks it."""

    derived_from: tuple[str, ...] = ()

    def derive(self, instance) -> str:
        raise NotImplementedError

    def pre_save(self, model_instance, add):
        value = self.derive(model_instance)
        setattr(model_instance, self.attname, value)
        return value


class KeyedHashField(DerivedField, models.CharField):
    """The keyed hash of another field's (already normalised) value, "" when it is blank."""

    def __init__(self, *args, of: str, kind: str, **kwargs):
        self.of, self.kind = of, kind
        self.derived_from = (of,)
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.update(of=self.of, kind=self.kind)
        return name, path, args, kwargs

    def derive(self, instance) -> str:
        value = getattr(instance, self.of) or ""
        return keyed_hash(self.kind, value) if value else ""


class KeepsDerivedFields:
    """A model mixin: `save(update_fields=[...])` naming a source also saves what derives from
    it, so that no hash is left behind its field."""

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            names = set(update_fields)
            names |= {
                field.name
                for field in self._meta.concrete_fields
                if isinstance(field, DerivedField) and names & set(field.derived_from)
            }
            kwargs["update_fields"] = names
        super().save(*args, **kwargs)


def encrypted_fields(model) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if getattr(f, "encrypted", False)]


def derived_fields(model) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if isinstance(f, DerivedField)]
