"""Each referral's share on its case: offered while pending, open while accepted, ended after.

From here on the case's visibility reads shares, not referrals; this writes the shares that the
referrals already made before that.
"""

from django.db import migrations

SECTIONS = ["survivor", "contact", "exploitation", "needs", "legal", "services", "notes", "documents"]


def referrals_to_shares(apps, schema_editor):
    Referral = apps.get_model("referrals", "Referral")
    CaseShare = apps.get_model("cases", "CaseShare")
    for referral in Referral.objects.all().iterator():
        accepted = referral.status in ("accepted", "completed")
        CaseShare.objects.get_or_create(
            key=f"referral:{referral.pk}",
            defaults={
                "case_id": referral.case_id,
                "kind": "organization",
                "organization_id": referral.to_organization_id,
                "staff_id": referral.assigned_to_id,
                "sections": [s for s in SECTIONS if getattr(referral, f"share_{s}")],
                "offered_by_id": referral.created_by_id,
                "accepted_at": referral.responded_at if accepted else None,
                "ended_at": referral.ended_at
                if referral.status not in ("pending", "accepted")
                else None,
            },
        )


def remove_referral_shares(apps, schema_editor):
    apps.get_model("cases", "CaseShare").objects.filter(key__startswith="referral:").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0001_referrals"),
        ("cases", "0003_case_shares"),
    ]

    operations = [migrations.RunPython(referrals_to_shares, remove_referral_shares)]
