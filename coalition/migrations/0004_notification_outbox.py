from datetime import timedelta

from django.db import migrations, models
from django.utils import timezone

# Notifications made before the outbox whose email never went out: the last two days' are sent
# by the outbox job; older ones are stale news and stay in the app only.
RECENT = timedelta(days=2)


def queue_recent_unsent(apps, schema_editor):
    Notification = apps.get_model("coalition", "Notification")
    Notification.objects.filter(
        emailed_at__isnull=True, created_at__gte=timezone.now() - RECENT
    ).exclude(recipient__email="").update(next_attempt_at=models.F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("coalition", "0003_notifications"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="email_attempts",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="notification",
            name="email_failed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="notification",
            name="next_attempt_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddIndex(
            model_name="notification",
            index=models.Index(
                condition=models.Q(("email_failed_at__isnull", True), ("emailed_at__isnull", True)),
                fields=["next_attempt_at"],
                name="notification_email_outbox",
            ),
        ),
        migrations.RunPython(queue_recent_unsent, migrations.RunPython.noop),
    ]
