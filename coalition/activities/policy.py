"""Who may do what with the coalition's own work: the one place these rules live.

Services ask these functions before writing (and raise), querysets and views ask them what to
show. The rules:

- Recording: staff whose role works cases or runs the organisation (caseworker, supervisor,
  org admin, secretariat admin) record and edit their own organisation's activities, their
  participants, follow-ups and files. The referral desk and the analyst record nothing.
- Seeing an activity in full (participants, outcomes, files): its organisation, the members
  that co-organised it, and the secretariat (analyst and admin), who see all.
- The coalition calendar: every staff member sees what is coming (type, title, dates, district,
  organisers), without participants, outcomes or files, so members can coordinate.
- Stakeholders are public institutions: every staff member reads the register; recorders add
  to it; the organisation that added an entry, or the secretariat admin, edits it.
- Funding calls: every staff member reads them; recorders post calls and put their own
  organisation forward; the posting organisation, the lead member and the secretariat admin
  set the lead and the status; bid documents are seen and added by the members bidding and
  the secretariat.
- The donor report: whoever sees coalition reports (the secretariat).
"""

from django.db.models import Q, QuerySet

from members.access import has_org_perm, staff_of
from members.roles import VIEW_COALITION_REPORTS, Role

from .models import Activity, FundingCall, Stakeholder

RECORDING_ROLES = frozenset(
    {Role.CASEWORKER, Role.SUPERVISOR, Role.ORG_ADMIN, Role.SECRETARIAT_ADMIN}
)
SEES_ALL_ROLES = frozenset({Role.SECRETARIAT_ANALYST, Role.SECRETARIAT_ADMIN})


def _staff(user):
    staff = staff_of(user)
    if staff is None or not staff.organization.active:
        return None
    return staff


def is_staff_member(user) -> bool:
    return _staff(user) is not None


def may_record(user) -> bool:
    staff = _staff(user)
    return staff is not None and staff.role in RECORDING_ROLES


def sees_all(user) -> bool:
    staff = _staff(user)
    return staff is not None and staff.role in SEES_ALL_ROLES


def visible_activities(user) -> QuerySet[Activity]:
    """The activities the user may open in full."""
    staff = _staff(user)
    if staff is None:
        return Activity.objects.none()
    if staff.role in SEES_ALL_ROLES:
        return Activity.objects.all()
    own = Q(organization_id=staff.organization_id) | Q(co_organizers=staff.organization_id)
    return Activity.objects.filter(pk__in=Activity.objects.filter(own).values("pk"))


def may_view_activity(user, activity: Activity) -> bool:
    return visible_activities(user).filter(pk=activity.pk).exists()


def may_edit_activity(user, activity: Activity) -> bool:
    staff = _staff(user)
    return (
        staff is not None
        and staff.role in RECORDING_ROLES
        and activity.organization_id == staff.organization_id
    )


def calendar_activities(user) -> QuerySet[Activity]:
    """What every staff member may see of the coalition's calendar (no participant details)."""
    if _staff(user) is None:
        return Activity.objects.none()
    return Activity.objects.all()


def may_edit_stakeholder(user, stakeholder: Stakeholder) -> bool:
    staff = _staff(user)
    if staff is None or staff.role not in RECORDING_ROLES:
        return False
    return staff.role == Role.SECRETARIAT_ADMIN or stakeholder.added_by_id == staff.organization_id


def may_manage_call(user, call: FundingCall) -> bool:
    """Set the lead member, the bid's status and the call's details."""
    staff = _staff(user)
    if staff is None or staff.role not in RECORDING_ROLES:
        return False
    return staff.role == Role.SECRETARIAT_ADMIN or staff.organization_id in (
        call.posted_by_id,
        call.lead_id,
    )


def is_bidding(user, call: FundingCall) -> bool:
    staff = _staff(user)
    return staff is not None and call.interests.filter(organization=staff.organization_id).exists()


def may_see_bid_files(user, call: FundingCall) -> bool:
    return sees_all(user) or is_bidding(user, call) or may_manage_call(user, call)


def may_add_bid_files(user, call: FundingCall) -> bool:
    return may_record(user) and (is_bidding(user, call) or may_manage_call(user, call))


def may_see_donor_report(user) -> bool:
    return _staff(user) is not None and has_org_perm(user, VIEW_COALITION_REPORTS)


def may_manage_feed(user) -> bool:
    """Show or replace the organisation's calendar address: those who record its activities."""
    return may_record(user)
