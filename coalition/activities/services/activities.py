from collections.abc import Iterable, Mapping
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.audit import log_action
from coalition.idempotency import earlier_result, remember
from coalition.models import AccessLog
from members.models import Organization, Staff

from .. import policy
from ..models import Activity, ActivityTopic, Commitment, FollowUp, Participation, Stakeholder
from ..vocabularies import SEXES
from .common import recorder, require

EDITABLE = (
    "kind",
    "title",
    "starts_on",
    "ends_on",
    "province",
    "district",
    "venue",
    "outcomes",
    "recommendations",
)


def _locked(activity: Activity, by) -> Activity:
    locked = Activity.objects.select_for_update().get(pk=activity.pk)
    require(
        policy.may_edit_activity(by, locked),
        _("Only the organisation that recorded this activity can change it."),
    )
    return locked


def _set_links(activity, *, topics, co_organizers, partners) -> None:
    if topics is not None:
        wanted = set(topics)
        activity.topics.exclude(topic__in=wanted).delete()
        have = set(activity.topics.values_list("topic", flat=True))
        ActivityTopic.objects.bulk_create(
            ActivityTopic(activity=activity, topic=topic) for topic in sorted(wanted - have)
        )
    if co_organizers is not None:
        activity.co_organizers.set(
            [org for org in co_organizers if org.pk != activity.organization_id]
        )
    if partners is not None:
        activity.partners.set(partners)


@transaction.atomic
def record_activity(
    *,
    by,
    kind: str,
    title: str,
    starts_on: date,
    province: str,
    district: str,
    ends_on: date | None = None,
    venue: str = "",
    outcomes: str = "",
    recommendations: str = "",
    topics: Iterable[str] = (),
    co_organizers: Iterable[Organization] = (),
    partners: Iterable[Stakeholder] = (),
    participants: Mapping[str, Mapping[str, int]] | None = None,
    idempotency_key: str = "",
) -> Activity:
    """A member records an activity it organised: under its own organisation, always."""
    staff = recorder(by)
    earlier = earlier_result(by=by, key=idempotency_key, purpose="activity")
    if earlier is not None:
        return Activity.objects.get(pk=earlier)
    activity = Activity(
        organization=staff.organization,
        created_by=by,
        kind=kind,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        province=province,
        district=district,
        venue=venue,
        outcomes=outcomes,
        recommendations=recommendations,
    )
    activity.full_clean()
    activity.save()
    _set_links(activity, topics=topics, co_organizers=co_organizers, partners=partners)
    groups = _write_participation(activity, participants or {})
    log_action(
        by, AccessLog.Action.CREATE, activity, verb="activity.recorded", kind=kind, groups=groups
    )
    remember(by=by, key=idempotency_key, purpose="activity", target=activity)
    return activity


@transaction.atomic
def update_activity(
    *,
    activity: Activity,
    by,
    topics: Iterable[str] | None = None,
    co_organizers: Iterable[Organization] | None = None,
    partners: Iterable[Stakeholder] | None = None,
    **changes,
) -> Activity:
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")
    locked = _locked(activity, by)
    changed = [name for name, value in changes.items() if getattr(locked, name) != value]
    for name in changed:
        setattr(locked, name, changes[name])
    locked.full_clean()
    if changed:
        locked.save(update_fields=[*changed, "updated_at"])
    _set_links(locked, topics=topics, co_organizers=co_organizers, partners=partners)
    log_action(by, AccessLog.Action.CHANGE, locked, verb="activity.changed", fields=changed)
    return locked


@transaction.atomic
def set_participation(
    *, activity: Activity, by, counts: Mapping[str, Mapping[str, int]]
) -> Activity:
    """Replace the participant counts: group -> {"female": n, "male": n, "transgender": n}.
    A group with no one in it keeps no row."""
    locked = _locked(activity, by)
    groups = _write_participation(locked, counts)
    log_action(by, AccessLog.Action.CHANGE, locked, verb="activity.participants_set", groups=groups)
    return locked


def _write_participation(activity: Activity, counts: Mapping[str, Mapping[str, int]]) -> list:
    """Replace the activity's counts; a group with no one in it keeps no row."""
    rows = []
    for group, by_sex in counts.items():
        values = {field: int(by_sex.get(field) or 0) for field, _label in SEXES}
        if any(value < 0 for value in values.values()):
            raise ValidationError(_("A number of participants cannot be negative."))
        if any(values.values()):
            row = Participation(activity=activity, group=group, **values)
            row.full_clean(exclude=["activity"], validate_unique=False)
            rows.append(row)
    activity.participation.all().delete()
    Participation.objects.bulk_create(rows)
    return sorted(row.group for row in rows)


@transaction.atomic
def add_follow_up(*, activity: Activity, by, action: str, owner: Staff, due_on: date) -> FollowUp:
    locked = _locked(activity, by)
    organisers = {locked.organization_id, *locked.co_organizers.values_list("pk", flat=True)}
    if owner.organization_id not in organisers or not owner.user.is_active:
        raise ValidationError(
            _("The owner must be an active staff member of an organising member.")
        )
    follow_up = FollowUp(activity=locked, action=action, owner=owner, due_on=due_on)
    follow_up.full_clean()
    follow_up.save()
    log_action(by, AccessLog.Action.CREATE, follow_up, verb="activity.follow_up_added")
    return follow_up


@transaction.atomic
def complete_follow_up(*, follow_up: FollowUp, by) -> FollowUp:
    locked = (
        FollowUp.objects.select_for_update()
        .select_related("activity", "owner")
        .get(pk=follow_up.pk)
    )
    require(
        policy.may_edit_activity(by, locked.activity) or locked.owner.user_id == by.pk,
        _("Only the organisation that recorded this activity, or the action's owner, can mark "
          "it done."),
    )  # fmt: skip
    if locked.done_at is None:
        locked.done_at = timezone.now()
        locked.save(update_fields=["done_at"])
        log_action(by, AccessLog.Action.CHANGE, locked, verb="activity.follow_up_done")
    return locked


@transaction.atomic
def add_commitment(*, activity: Activity, by, stakeholder: Stakeholder, text: str) -> Commitment:
    locked = _locked(activity, by)
    commitment = Commitment(activity=locked, stakeholder=stakeholder, text=text)
    commitment.full_clean()
    commitment.save()
    locked.partners.add(stakeholder)
    log_action(
        by, AccessLog.Action.CREATE, commitment, verb="activity.commitment_added",
        stakeholder=stakeholder.pk,
    )  # fmt: skip
    return commitment
