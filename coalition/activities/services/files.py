from django.db import transaction
from django.utils.translation import gettext as _

from coalition.audit import log_action
from coalition.models import AccessLog
from coalition.uploads import check_document
from members.access import staff_of

from .. import policy
from ..models import Activity, ActivityFile, BidFile, FundingCall
from .activities import _locked
from .common import require


def _store(row, *, uploaded, content_type: str):
    # The check runs here too, whatever the form did: a service never trusts its caller. A
    # photo comes back re-encoded, without its metadata.
    checked = check_document(uploaded)
    row.original_name = uploaded.name[:200]
    row.content_type = checked.content_type
    row.size = checked.content.size
    row.file.save(uploaded.name, checked.content, save=False)
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def add_activity_file(
    *, activity: Activity, by, uploaded, kind: str, description: str = "", content_type: str
) -> ActivityFile:
    """A photo, attendance sheet or minutes; a photo is stored without its metadata."""
    locked = _locked(activity, by)
    row = ActivityFile(
        activity=locked,
        organization_id=staff_of(by).organization_id,
        uploaded_by=by,
        kind=kind,
        description=description,
    )
    _store(row, uploaded=uploaded, content_type=content_type)
    log_action(by, AccessLog.Action.CHANGE, locked, verb="activity.file_added", file=row.pk)
    return row


@transaction.atomic
def add_bid_file(
    *, call: FundingCall, by, uploaded, kind: str, description: str = "", content_type: str
) -> BidFile:
    locked = FundingCall.objects.select_for_update().get(pk=call.pk)
    require(
        policy.may_add_bid_files(by, locked),
        _("Only the members bidding on this call can add documents to the bid."),
    )
    row = BidFile(
        call=locked,
        organization_id=staff_of(by).organization_id,
        uploaded_by=by,
        kind=kind,
        description=description,
    )
    _store(row, uploaded=uploaded, content_type=content_type)
    log_action(by, AccessLog.Action.CHANGE, locked, verb="funding_call.file_added", file=row.pk)
    return row


@transaction.atomic
def record_file_download(*, file, by) -> None:
    log_action(by, AccessLog.Action.DOWNLOAD, file, verb=f"{file._meta.model_name}.downloaded")
