from django.db import transaction
from django.utils.translation import gettext as _

from coalition.audit import log_action
from coalition.models import AccessLog
from coalition.reports.models import StoredReport
from coalition.reports.scope import Period, ReportScope
from coalition.reports.services import request_report
from members.access import staff_of
from members.models import Organization

from .. import policy
from ..models import CalendarFeed, Stakeholder, new_feed_token
from .common import recorder, require

STAKEHOLDER_FIELDS = (
    "name",
    "kind",
    "province",
    "public_role",
    "office_address",
    "office_email",
    "office_phone",
)


@transaction.atomic
def add_stakeholder(*, by, **fields) -> Stakeholder:
    staff = recorder(by)
    unknown = set(fields) - set(STAKEHOLDER_FIELDS)
    if unknown:
        raise TypeError(f"Not a stakeholder field: {', '.join(sorted(unknown))}")
    stakeholder = Stakeholder(added_by=staff.organization, **fields)
    stakeholder.full_clean()
    stakeholder.save()
    log_action(by, AccessLog.Action.CREATE, stakeholder, verb="stakeholder.added")
    return stakeholder


@transaction.atomic
def update_stakeholder(*, stakeholder: Stakeholder, by, **changes) -> Stakeholder:
    unknown = set(changes) - set(STAKEHOLDER_FIELDS)
    if unknown:
        raise TypeError(f"Not a stakeholder field: {', '.join(sorted(unknown))}")
    locked = Stakeholder.objects.select_for_update().get(pk=stakeholder.pk)
    require(
        policy.may_edit_stakeholder(by, locked),
        _("Only the member that added this institution, or the secretariat, can change it."),
    )
    changed = [name for name, value in changes.items() if getattr(locked, name) != value]
    for name in changed:
        setattr(locked, name, changes[name])
    locked.full_clean()
    if changed:
        locked.save(update_fields=changed)
    log_action(by, AccessLog.Action.CHANGE, locked, verb="stakeholder.changed", fields=changed)
    return locked


def feed_of(organization: Organization) -> CalendarFeed:
    """The organisation's calendar feed, made the first time it is asked for."""
    feed, _created = CalendarFeed.objects.get_or_create(organization=organization)
    return feed


@transaction.atomic
def renew_feed(*, by) -> CalendarFeed:
    """A new secret address for the organisation's calendar: the old one stops working."""
    require(policy.may_manage_feed(by), _("Your role does not manage the calendar address."))
    organization = staff_of(by).organization
    feed = CalendarFeed.objects.select_for_update().filter(organization=organization).first()
    if feed is None:
        feed = CalendarFeed.objects.create(organization=organization)
    else:
        feed.token = new_feed_token()
        feed.save(update_fields=["token"])
    log_action(by, AccessLog.Action.CHANGE, feed, verb="calendar_feed.renewed")
    return feed


def request_donor_pdf(*, by, period: Period) -> StoredReport:
    """The donor report's PDF of `period`, built by the report job: the stored report whose page
    shows its progress, and its files when ready (one already being built, when there is)."""
    require(policy.may_see_donor_report(by), _("Your role does not see the donor report."))
    return request_report(
        scope=ReportScope(None), by=by, period=period, kind=StoredReport.Kind.DONOR
    )


@transaction.atomic
def record_report_export(*, by, period_details: dict, fmt: str, language: str) -> None:
    require(policy.may_see_donor_report(by), _("Your role does not see the donor report."))
    log_action(
        by,
        AccessLog.Action.EXPORT,
        None,
        verb="activities.donor_report_exported",
        format=fmt,
        language=language,
        **period_details,
    )
