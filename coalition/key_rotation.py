"""Putting stored data under the current keys, a batch of rows at a time: used by the migration
that first encrypted the identifiers and by `manage.py rotate_keys`.

Every function skips what is already done, so a run that stops (or is stopped) is simply run
again, and a second run changes nothing. Each works on historical (migration) models as on the
real ones: it finds the columns by their field classes, and reads through the base manager,
which no scope guards.
"""

import os
from dataclasses import dataclass

from django.db import models, transaction
from django.db.models.functions import Cast

from .crypto import derived_fields, encrypted_fields, keyring, stored_key_id

BATCH = 500


@dataclass
class Counts:
    rows: int = 0
    changed: int = 0


def _pk_batches(queryset, size: int):
    last = None
    while True:
        page = queryset.order_by("pk")
        if last is not None:
            page = page.filter(pk__gt=last)
        pks = list(page.values_list("pk", flat=True)[:size])
        if not pks:
            return
        yield pks
        last = pks[-1]


def reencrypt_rows(model, batch_size: int = BATCH) -> Counts:
    """Encrypt, under the current key, every value of the model's encrypted columns that is
    plaintext or under an older key."""
    fields = encrypted_fields(model)
    counts = Counts()
    if not fields:
        return counts
    current = keyring().current_id
    raw = {f"raw_{f.attname}": Cast(f.attname, models.TextField()) for f in fields}
    manager = model._base_manager
    for pks in _pk_batches(manager.all(), batch_size):
        counts.rows += len(pks)
        stale = [
            row["pk"]
            for row in manager.filter(pk__in=pks).annotate(**raw).values("pk", *raw)
            if any(stored_key_id(row[name]) not in (None, current) for name in raw)
        ]
        if not stale:
            continue
        with transaction.atomic():
            rows = list(
                manager.select_for_update().filter(pk__in=stale).only(*[f.attname for f in fields])
            )
            # Saving re-encrypts every value under the current key (get_prep_value).
            manager.bulk_update(rows, [f.name for f in fields])
        counts.changed += len(rows)
    return counts


def rederive_rows(model, batch_size: int = BATCH) -> Counts:
    """Recompute the keyed hashes and name tokens from the (decrypted) values: after the
    first encryption, or after IDENTIFIER_HASH_KEY changed."""
    fields = derived_fields(model)
    counts = Counts()
    if not fields:
        return counts
    sources = {source for f in fields for source in f.derived_from}
    names = [f.attname for f in fields]
    manager = model._base_manager
    for pks in _pk_batches(manager.all(), batch_size):
        counts.rows += len(pks)
        with transaction.atomic():
            rows = list(manager.select_for_update().filter(pk__in=pks).only(*sources, *names))
            changed = []
            for row in rows:
                before = [getattr(row, name) for name in names]
                after = [f.pre_save(row, False) for f in fields]
                if before != after:
                    changed.append(row)
            if changed:
                manager.bulk_update(changed, [f.name for f in fields])
        counts.changed += len(changed)
    return counts


def reencrypt_files(model, batch_size: int = BATCH) -> Counts:
    """Encrypt, under the current key, every stored file of the model's file fields whose
    storage encrypts (a file missing on disk is counted and left)."""
    counts = Counts()
    for field in model._meta.concrete_fields:
        if not isinstance(field, models.FileField) or not hasattr(field.storage, "reencrypt"):
            continue
        manager = model._base_manager
        for pks in _pk_batches(manager.exclude(**{field.attname: ""}), batch_size):
            for name in manager.filter(pk__in=pks).values_list(field.attname, flat=True):
                counts.rows += 1
                if os.path.exists(field.storage.path(name)) and field.storage.reencrypt(name):
                    counts.changed += 1
    return counts
