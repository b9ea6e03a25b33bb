"""Free-text districts written before the list ("muzaffargarh", "مظفرگڑھ") become the list's
code ("Muzaffargarh") where they name a district exactly; the rest stay as typed until someone
picks a district. Reversing leaves the codes: a code is also valid text for the old free-text
field, so nothing needs undoing."""

from django.db import IntegrityError, migrations, transaction

FIELDS = {
    ("cases", "Case"): ["origin_district"],
    ("members", "ServiceOffering"): ["district"],
}


def to_codes(apps, schema_editor):
    from members.geography import district_matching

    for (app, name), fields in FIELDS.items():
        rows = apps.get_model(app, name)._base_manager
        for field in fields:
            for pk, typed in list(rows.exclude(**{field: ""}).values_list("pk", field)):
                found = district_matching(typed)
                if not found or found.code == typed:
                    continue
                try:
                    with transaction.atomic():
                        rows.filter(pk=pk).update(**{field: found.code})
                except IntegrityError:  # the same offer already listed under the code: keep both
                    continue


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0012_not_assessed_and_current_district"),
        ("members", "0006_directory_entries_capacity_demo"),
    ]

    operations = [migrations.RunPython(to_codes, migrations.RunPython.noop)]
