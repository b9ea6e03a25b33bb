"""Fixtures of the activities tests: a walk recorded by Sahil, media in a temporary folder."""

from datetime import date

import pytest

from coalition.activities import services


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


def record_walk(by, **overrides):
    fields = {
        "kind": "awareness_walk",
        "title": "Awareness walk, Jhelum",
        "starts_on": date(2026, 7, 30),
        "province": "punjab",
        "district": "Jhelum",
        "topics": ["trafficking"],
        "participants": {
            "community": {"female": 40, "male": 35, "transgender": 5},
            "survivors": {"female": 3},
        },
    }
    fields.update(overrides)
    return services.record_activity(by=by, **fields)


@pytest.fixture
def walk_a(supervisor_a):
    return record_walk(supervisor_a.user)
