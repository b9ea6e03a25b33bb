"""The demo activities: drawn from the coalition's published work, marked as demo, made once."""

from django.core.management import call_command

from coalition.activities.demo import ACTIVITIES
from coalition.activities.models import Activity, FundingCall, Stakeholder


def test_seed_demo_adds_the_demo_activities_once(db, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    counts = (Activity.objects.count(), Stakeholder.objects.count(), FundingCall.objects.count())
    call_command("seed_demo")
    assert (
        Activity.objects.count(), Stakeholder.objects.count(), FundingCall.objects.count()
    ) == counts  # fmt: skip
    assert counts[0] == len(ACTIVITIES)
    assert all(
        title.startswith("[Demo] ") for title in Activity.objects.values_list("title", flat=True)
    )
    walks = Activity.objects.filter(kind="awareness_walk").values_list("district", flat=True)
    assert set(walks) == {"Islamabad", "Karachi South", "Lahore", "Multan", "Sukkur", "Jhelum"}
    assert Activity.objects.filter(kind="conference", starts_on__gt="2026-01-01").exists()
