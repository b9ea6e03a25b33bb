"""Migrant smuggling is its own crime, not a type of exploitation: a case that had it as an
exploitation type becomes a smuggling case (or both, when it also had a type of exploitation).

Backwards, every smuggling or both case gets the exploitation type back; its case type stays, as
it was already right for a case recorded as smuggling before this migration.
"""

from django.db import migrations

SMUGGLING = "migrant_smuggling"


def move_to_case_type(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    CaseFacet = apps.get_model("cases", "CaseFacet")
    rows = CaseFacet.objects.filter(facet="exploitation", value=SMUGGLING)
    case_ids = set(rows.values_list("case_id", flat=True))
    also_exploited = set(
        CaseFacet.objects.filter(facet="exploitation", case_id__in=case_ids)
        .exclude(value=SMUGGLING)
        .values_list("case_id", flat=True)
    )
    Case.objects.filter(pk__in=also_exploited).update(case_type="both")
    Case.objects.filter(pk__in=case_ids - also_exploited, case_type="trafficking").update(
        case_type="migrant_smuggling"
    )
    rows.delete()


def back_to_exploitation_type(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    CaseFacet = apps.get_model("cases", "CaseFacet")
    smuggling = Case.objects.filter(case_type__in=["migrant_smuggling", "both"])
    CaseFacet.objects.bulk_create(
        [
            CaseFacet(case_id=pk, facet="exploitation", value=SMUGGLING)
            for pk in smuggling.values_list("pk", flat=True)
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("cases", "0010_full_record")]

    operations = [migrations.RunPython(move_to_case_type, back_to_exploitation_type)]
