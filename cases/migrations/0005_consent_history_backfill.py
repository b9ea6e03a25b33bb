"""Start each existing case's consent history from its consent fields: the consent given (when
any was recorded) and, when it was withdrawn, the withdrawal. Cases opened from now on get their
history from the services (cases/services.py open_case, cases/consent.py record_consent)."""

from django.db import migrations

BATCH = 2000


def backfill(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    ConsentEvent = apps.get_model("cases", "ConsentEvent")
    cases = Case._base_manager.filter(consent_record=True).values(
        "pk",
        "intake_date",
        "consent_record",
        "consent_share_coalition",
        "consent_share_law_enforcement",
        "consent_date",
        "consent_recorded_by_id",
        "consent_withdrawn_at",
    )
    batch = []
    for case in cases.iterator(chunk_size=BATCH):
        scope = {
            "case_id": case["pk"],
            "consent_record": case["consent_record"],
            "consent_share_coalition": case["consent_share_coalition"],
            "consent_share_law_enforcement": case["consent_share_law_enforcement"],
            "recorded_by_id": case["consent_recorded_by_id"],
        }
        batch.append(
            ConsentEvent(kind="given", date=case["consent_date"] or case["intake_date"], **scope)
        )
        if case["consent_withdrawn_at"]:
            batch.append(ConsentEvent(kind="withdrawn", date=case["consent_withdrawn_at"], **scope))
        if len(batch) >= BATCH:
            ConsentEvent._base_manager.bulk_create(batch)
            batch = []
    ConsentEvent._base_manager.bulk_create(batch)


def forget(apps, schema_editor):
    apps.get_model("cases", "ConsentEvent")._base_manager.all().delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_consent_history_and_possible_duplicates")]

    operations = [migrations.RunPython(backfill, forget)]
