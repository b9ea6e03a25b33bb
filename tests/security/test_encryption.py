"""Identifiers, names, notes and documents encrypted at rest; found again by keyed hash."""

import io

import pytest
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from cases import services
from cases.duplicates import check_identifiers, identifier_hash
from cases.models import Case, Note
from cases.record_models import IdentityDocument, Perpetrator
from coalition.checks import encryption_keys_set
from coalition.crypto import DecryptionError, decrypt, encrypt, keyring, new_key
from coalition.encrypted_storage import EncryptedFileSystemStorage
from coalition.key_rotation import rederive_rows, reencrypt_rows
from coalition.models import AccessLog
from tests.files import PDF

CNIC = "35202-7654321-3"
PHONE = "+923217654321"


def raw(table: str, columns: str, pk: int) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()


def unscoped(model):
    return model.objects.with_scopes_disabled()


@pytest.fixture
def case(caseworker_a) -> Case:
    return services.open_case(
        organization=caseworker_a.organization,
        by=caseworker_a.user,
        intake_channel="helpline",
        consent_record=True,
        full_name="Nasreen Jatoi",
        alias="Nasso",
        relative_name="Ghulam Jatoi",
        cnic=CNIC,
        phone=PHONE,
        current_location="Near the brick kiln, Chak 42",
    )


def test_the_database_holds_no_plaintext_and_the_model_reads_it_back(case, caseworker_a):
    services.add_note(case=case, by=caseworker_a.user, text="She is at her aunt's in Kasur.")
    stored = raw(
        "cases_case", "full_name, alias, relative_name, cnic, phone, current_location", case.pk
    )
    for value, plain in zip(
        stored,
        ("Nasreen", "Nasso", "Ghulam", "7654321", "7654321", "brick kiln"),
        strict=True,
    ):
        assert value.startswith("enc1:") and plain not in value
    (note_text,) = raw("cases_note", "text", unscoped(Note).get(case=case).pk)
    assert "Kasur" not in note_text and note_text.startswith("enc1:")
    fresh = unscoped(Case).get(pk=case.pk)
    assert (fresh.full_name, fresh.cnic, fresh.phone) == ("Nasreen Jatoi", CNIC, PHONE)
    assert unscoped(Note).get(case=case).text == "She is at her aunt's in Kasur."


def test_record_identifiers_are_encrypted_and_hashed(case, caseworker_a):
    from cases.services import record

    perpetrator = record.save_perpetrator(
        perpetrator=Perpetrator(
            case=case, name="Rashid the agent", roles=["agent"], cnic=CNIC, phone=PHONE
        ),
        by=caseworker_a.user,
    )
    stored = raw("cases_perpetrator", "name, cnic, phone, cnic_hash, phone_hash", perpetrator.pk)
    assert not any("Rashid" in value or "7654321" in value for value in stored[:3])
    assert stored[3:] == (identifier_hash("cnic", CNIC), identifier_hash("phone", PHONE))
    document = record.save_identity_document(
        document=IdentityDocument(case=case, doc_type="passport", document_number="AB1234567"),
        by=caseworker_a.user,
    )
    number, digest = raw("cases_identitydocument", "document_number, document_number_hash",
                         document.pk)  # fmt: skip
    assert "AB1234567" not in number
    assert digest == identifier_hash("document", "AB1234567")
    assert unscoped(IdentityDocument).get(document_number_hash=digest).pk == document.pk


def test_the_hashes_and_name_tokens_follow_the_field_blanked_and_saved(case):
    assert case.cnic_hash == identifier_hash("cnic", CNIC)
    assert case.name_tokens.count(" ") == 4  # nasreen, jatoi, nasso
    stored = unscoped(Case).get(pk=case.pk)
    stored.cnic = stored.phone = stored.full_name = stored.alias = ""
    stored.save(update_fields=["cnic", "phone", "full_name", "alias"])  # as erasure does
    assert raw("cases_case", "cnic, cnic_hash, phone_hash, name_tokens", case.pk) == (
        ("", "", "", "")
    )


def test_exact_cnic_phone_and_whole_word_name_search(as_user, caseworker_a, case):
    client = as_user(caseworker_a)
    link = f'href="/cases/{case.pk}/"'

    def finds(query):
        return link in client.get("/cases/", {"q": query}).content.decode()

    assert finds("35202 7654321 3") and finds("0321-7654321")
    assert finds("jatoi nasreen") and finds("NASSO")
    # Names are matched by the keyed hash of whole words: no part of a word, and every word
    # searched for must be in the name or alias.
    assert not finds("nasr")
    assert not finds("nasreen khan")


def test_the_duplicate_check_still_finds_the_case_by_hash(caseworker_a, case):
    result = check_identifiers(by=caseworker_a.user, cnic="3520276543213")
    assert [found.pk for found in result.visible] == [case.pk]


def test_a_value_cannot_be_filtered_on_only_its_hash(case):
    with pytest.raises(FieldError):
        list(unscoped(Case).filter(cnic=CNIC))
    with pytest.raises(FieldError):
        list(unscoped(Case).filter(full_name__icontains="nasreen"))
    assert unscoped(Case).filter(cnic="").count() == 0  # "is it blank" still works


def test_a_wrong_key_fails_loudly(case, settings):
    settings.FIELD_ENCRYPTION_KEYS = [new_key()]
    with pytest.raises(DecryptionError, match="not in FIELD_ENCRYPTION_KEYS"):
        unscoped(Case).get(pk=case.pk)
    sealed = encrypt("Nasreen")
    tampered = sealed[:-4] + ("AAAA" if not sealed.endswith("AAAA") else "BBBB")
    with pytest.raises(DecryptionError):
        decrypt(tampered)


def test_without_debug_no_key_is_an_error_not_plaintext(settings):
    settings.FIELD_ENCRYPTION_KEYS = []
    settings.DEBUG = False
    with pytest.raises(ImproperlyConfigured):
        encrypt("Nasreen")
    settings.IDENTIFIER_HASH_KEY = ""
    assert {error.id for error in encryption_keys_set(None)} == {
        "coalition.E001",
        "coalition.E002",
    }
    settings.DEBUG = True  # a demo derives its keys from SECRET_KEY
    assert decrypt(encrypt("Nasreen")) == "Nasreen"


def test_documents_are_ciphertext_on_disk_and_read_back_whole(tmp_path):
    storage = EncryptedFileSystemStorage(location=tmp_path)
    name = storage.save("cases/1/statement", ContentFile(PDF))
    assert b"%PDF" not in (tmp_path / name).read_bytes()
    assert storage.open(name).read() == PDF
    assert storage.size(name) == len(PDF)


def test_rotation_reencrypts_rows_and_files_and_is_idempotent(case, caseworker_a, settings,
                                                               tmp_path):  # fmt: skip
    storage = EncryptedFileSystemStorage(location=tmp_path)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "coalition.encrypted_storage.EncryptedFileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    services.add_note(case=case, by=caseworker_a.user, text="Moved to the shelter.")
    legacy = tmp_path / "legacy.pdf"
    legacy.write_bytes(PDF)  # a document stored before encryption
    from cases.models import Document

    unscoped(Document).create(
        case=case, organization=case.organization, uploaded_by=caseworker_a.user,
        doc_type="statement", file="legacy.pdf", original_name="x.pdf",
        content_type="application/pdf", size=len(PDF),
    )  # fmt: skip
    old_id = keyring().current_id
    settings.FIELD_ENCRYPTION_KEYS = [new_key(), *settings.FIELD_ENCRYPTION_KEYS]
    new_id = keyring().current_id
    assert raw("cases_case", "cnic", case.pk)[0].startswith(f"enc1:{old_id}:")

    report = io.StringIO()
    call_command("rotate_keys", batch_size=1, stdout=report)
    assert "cases.Case: 1 of 1 re-encrypted" in report.getvalue()

    assert raw("cases_case", "cnic", case.pk)[0].startswith(f"enc1:{new_id}:")
    assert raw("cases_note", "text", unscoped(Note).get(case=case).pk)[0].startswith(
        f"enc1:{new_id}:"
    )
    assert storage.file_key_id("legacy.pdf") == new_id
    assert storage.open("legacy.pdf").read() == PDF
    assert reencrypt_rows(Case).changed == 0  # a second run has nothing left to do
    settings.FIELD_ENCRYPTION_KEYS = settings.FIELD_ENCRYPTION_KEYS[:1]  # the old key retired
    assert unscoped(Case).get(pk=case.pk).cnic == CNIC


def test_rehash_after_the_hash_key_changed(as_user, caseworker_a, case, settings):
    settings.IDENTIFIER_HASH_KEY = "a-new-identifier-hash-key"
    assert not check_identifiers(by=caseworker_a.user, cnic=CNIC)
    assert rederive_rows(Case).changed == 1
    assert [c.pk for c in check_identifiers(by=caseworker_a.user, cnic=CNIC).visible] == [case.pk]
    assert rederive_rows(Case).changed == 0


def test_plaintext_from_before_encryption_is_encrypted_and_hashed(case):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cases_case SET full_name = %s, cnic = %s, cnic_hash = '', name_tokens = '' "
            "WHERE id = %s",
            ["Old Plain", CNIC, case.pk],
        )
    assert unscoped(Case).get(pk=case.pk).full_name == "Old Plain"  # still readable meanwhile
    reencrypt_rows(Case)
    rederive_rows(Case)
    name, cnic, cnic_hash = raw("cases_case", "full_name, cnic, cnic_hash", case.pk)
    assert "Plain" not in name and "7654321" not in cnic
    assert cnic_hash == identifier_hash("cnic", CNIC)


def test_bulk_created_rows_are_encrypted_and_hashed(caseworker_a):
    from cases.demo import create_cases

    create_cases(count=5, seed=1)
    for pk, name, tokens in unscoped(Case).values_list("pk", "full_name", "name_tokens"):
        assert raw("cases_case", "full_name", pk)[0].startswith("enc1:")
        assert tokens.strip() and name


def test_the_access_log_never_holds_the_identifiers(as_user, caseworker_a, case):
    client = as_user(caseworker_a)
    client.get("/cases/", {"q": CNIC})
    client.get("/cases/", {"q": "Nasreen"})
    client.get(f"/cases/{case.pk}/")
    logged = " ".join(str(entry.details) for entry in AccessLog.objects.all())
    for plain in ("7654321", "Nasreen", "nasreen", "Jatoi", "brick kiln"):
        assert plain not in logged


def test_keys_that_do_not_open_what_is_stored_fail_the_database_check(caseworker_a):
    """A wrong FIELD_ENCRYPTION_KEYS answered 500 on every case page while the server looked
    healthy; `check --database default` (run before the stack starts) now refuses it."""
    from coalition.checks import stored_values_open_with_the_keys
    from coalition.crypto import new_key
    from tests.cases.conftest import open_case

    open_case(caseworker_a, full_name="Kiran Bibi")
    assert stored_values_open_with_the_keys(None) == []
    with override_settings(FIELD_ENCRYPTION_KEYS=[new_key()]):
        errors = stored_values_open_with_the_keys(None)
    assert [error.id for error in errors] == ["coalition.E004"]
    assert "not in FIELD_ENCRYPTION_KEYS" in errors[0].msg
