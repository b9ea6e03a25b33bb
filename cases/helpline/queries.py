"""Read paths for the call log, always through `HelplineCall.objects.visible_to(user)`."""

from datetime import timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from .models import HelplineCall

LIST_TABS = ("all", "callbacks", "today")


def call_list(user, tab: str = "all") -> QuerySet[HelplineCall]:
    calls = HelplineCall.objects.visible_to(user).select_related("taken_by", "case")
    if tab == "callbacks":
        return calls.callbacks_open().order_by("callback_due", "id")
    if tab == "today":
        return calls.filter(called_at__date=timezone.localdate())
    return calls


def callbacks_due(user, *, within=timedelta(hours=24)) -> list[HelplineCall]:
    """The desk's work list: open call-backs, missed ones first, up to a day ahead."""
    return list(
        HelplineCall.objects.visible_to(user)
        .callbacks_open()
        .filter(callback_due__lte=timezone.now() + within)
        .order_by("callback_due", "id")[:20]
    )


def desk_figures(user) -> dict[str, int]:
    """The desk's own day at a glance, in one query: its organisation's calls today and in the
    last seven days, call-backs waiting, and call-backs missed. Its own calls, so exact."""
    now = timezone.now()
    today = timezone.localdate()
    return HelplineCall.objects.visible_to(user).aggregate(
        today=Count("pk", filter=Q(called_at__date=today)),
        week=Count("pk", filter=Q(called_at__date__gt=today - timedelta(days=7))),
        waiting=Count("pk", filter=Q(callback_due__gte=now, callback_done_at__isnull=True)),
        missed=Count("pk", filter=Q(callback_due__lt=now, callback_done_at__isnull=True)),
    )
