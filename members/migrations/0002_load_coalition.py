"""Load the coalition as announced at its launch and the coalition's services catalogue."""

import csv
from pathlib import Path

from django.db import migrations

MEMBERS_CSV = Path(__file__).resolve().parent.parent / "data" / "coalition-members.csv"  # noqa: E501

SERVICES = [
    ("legal_aid", "Legal aid", "قانونی امداد"),
    ("psychosocial", "Psychosocial support", "نفسیاتی و سماجی معاونت"),
    ("shelter", "Shelter", "پناہ گاہ"),
    ("medical", "Medical care", "طبی امداد"),
    ("livelihood", "Livelihood support", "روزگار میں معاونت"),
    ("repatriation", "Repatriation", "وطن واپسی"),
    ("child_protection", "Child protection", "تحفظِ اطفال"),
    ("helpline", "Helpline", "ہیلپ لائن"),
    ("rescue", "Rescue and recovery", "بازیابی"),
    ("education", "Education", "تعلیم"),
    ("family_tracing", "Family tracing and reunification", "خاندان کی تلاش اور ملاپ"),
]


def load(apps, schema_editor):
    Organization = apps.get_model("members", "Organization")
    Service = apps.get_model("members", "Service")
    with MEMBERS_CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            Organization.objects.update_or_create(
                short_name=row["short_name"],
                defaults={"name": row["name"], "kind": row["role"]},
            )
    for code, name, name_ur in SERVICES:
        Service.objects.update_or_create(code=code, defaults={"name": name, "name_ur": name_ur})


def unload(apps, schema_editor):
    Organization = apps.get_model("members", "Organization")
    Service = apps.get_model("members", "Service")
    with MEMBERS_CSV.open(encoding="utf-8") as handle:
        short_names = [row["short_name"] for row in csv.DictReader(handle)]
    Organization.objects.filter(short_name__in=short_names, staff__isnull=True).delete()
    Service.objects.filter(code__in=[code for code, *_ in SERVICES], offerings__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("members", "0001_organizations_staff_services")]

    operations = [migrations.RunPython(load, unload)]
