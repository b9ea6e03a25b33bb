import uuid

from django.db import migrations, models


def create_the_row(apps, schema_editor):
    apps.get_model("members", "AccessVersion").objects.get_or_create(
        pk=1, defaults={"token": uuid.uuid4()}
    )


class Migration(migrations.Migration):
    dependencies = [("members", "0006_directory_entries_capacity_demo")]

    operations = [
        migrations.CreateModel(
            name="AccessVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("token", models.UUIDField(default=uuid.uuid4)),
            ],
            options={"verbose_name": "access version"},
        ),
        migrations.RunPython(create_the_row, migrations.RunPython.noop),
    ]
