"""Every write of the activities app: keyword-only, the acting user `by`, one transaction each,
the permission asked of `policy` before anything is written, and an access-log entry."""

from .activities import (
    add_commitment,
    add_follow_up,
    complete_follow_up,
    record_activity,
    set_participation,
    update_activity,
)
from .files import add_activity_file, add_bid_file, record_file_download
from .funding import join_bid, leave_bid, post_call, update_call
from .register import (
    add_stakeholder,
    feed_of,
    record_report_export,
    renew_feed,
    request_donor_pdf,
    update_stakeholder,
)

__all__ = [
    "add_activity_file",
    "add_bid_file",
    "add_commitment",
    "add_follow_up",
    "add_stakeholder",
    "complete_follow_up",
    "feed_of",
    "join_bid",
    "leave_bid",
    "post_call",
    "record_activity",
    "record_file_download",
    "record_report_export",
    "renew_feed",
    "request_donor_pdf",
    "set_participation",
    "update_activity",
    "update_call",
    "update_stakeholder",
]
