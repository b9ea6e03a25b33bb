"""An organisation's activities as an iCalendar feed (RFC 5545) for calendar programs.

It holds what the coalition calendar shows every member: type, title, dates, place and
organisers; never participants, outcomes, files or a person's name.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar, Event

from members.models import Organization

from .models import Activity

# A calendar keeps a year of the past and everything ahead.
PAST_DAYS = 365


def feed_activities(organization: Organization):
    since = timezone.localdate() - timedelta(days=PAST_DAYS)
    return (
        Activity.objects.filter(Q(organization=organization) | Q(co_organizers=organization))
        .filter(starts_on__gte=since)
        .select_related("organization")
        .prefetch_related("co_organizers")
        .distinct()
        .order_by("starts_on", "pk")
    )


def calendar_of(organization: Organization) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        calendar = Calendar()
        calendar.add("prodid", "-//Coalition case management//activities//EN")
        calendar.add("version", "2.0")
        calendar.add("x-wr-calname", f"{organization.short_name}: activities")
        stamp = timezone.now()
        for activity in feed_activities(organization):
            organisers = [activity.organization, *activity.co_organizers.all()]
            event = Event()
            event.add("uid", f"{activity.uid}@coalition")
            event.add("dtstamp", stamp)
            event.add("last-modified", activity.updated_at)
            event.add("dtstart", activity.starts_on)
            event.add("dtend", activity.last_day + timedelta(days=1))  # all-day: exclusive end
            event.add("summary", f"{activity.get_kind_display()}: {activity.title}")
            event.add("location", ", ".join(filter(None, [activity.venue, activity.district])))
            event.add(
                "description",
                ", ".join(sorted(str(org.short_name) for org in organisers)),
            )
            event.add(
                "url", f"{settings.SITE_URL}{reverse('activities:detail', args=[activity.pk])}"
            )
            calendar.add_component(event)
        return calendar.to_ical()
