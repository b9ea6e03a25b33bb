"""The demo writes places as district codes of members/data/districts.csv, so every picker shows
them and referrals can route by them."""

from django.core.management import call_command

from cases.helpline.models import HelplineCall
from cases.models import Case
from coalition.activities.models import Activity
from members.geography import district


def test_every_demo_place_is_a_known_district(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", cases=120, seed=7)
    cases = Case.objects.with_scopes_disabled()
    places = {
        "case, home": set(cases.values_list("origin_district", flat=True)),
        "case, now": set(cases.values_list("current_district", flat=True)),
        "helpline call": set(
            HelplineCall.objects.with_scopes_disabled().values_list("district", flat=True)
        ),
        "activity": set(Activity.objects.values_list("district", flat=True)),
    }
    assert all(places.values()), places
    unknown = {kind: {p for p in found if district(p) is None} for kind, found in places.items()}
    assert unknown == {kind: set() for kind in places}
