"""Write paths for cases. Each is keyword-only, one transaction, one access-log entry, and each
starts by locking the case and asking the access layer (`cases.access`) whether the acting user
may take that action on the case as it is now. Views, imports and jobs call these; none repeats
a rule."""

from .common import lock_case, unscoped_cases
from .erasure import erase_case, erase_for_retention
from .file import StaleCaseError, set_facets, update_case
from .intake import format_case_number, open_case, open_cases, prepare_case
from .rows import (
    add_document,
    add_hearing,
    add_note,
    open_proceeding,
    record_case_search,
    record_case_view,
    record_document_download,
    record_service,
    save_proceeding,
)
from .shares import (
    end_organisation_shares,
    end_share,
    grant_case_access,
    offer_share,
    open_share,
    revoke_case_access,
)
from .workflow import (
    approve_closure,
    assign_case,
    reopen_case,
    request_closure,
    send_back_closure,
    set_follow_up,
    set_status,
)

__all__ = [
    "StaleCaseError",
    "add_document",
    "add_hearing",
    "add_note",
    "approve_closure",
    "assign_case",
    "end_organisation_shares",
    "end_share",
    "erase_case",
    "erase_for_retention",
    "format_case_number",
    "grant_case_access",
    "lock_case",
    "offer_share",
    "open_case",
    "open_cases",
    "open_proceeding",
    "open_share",
    "prepare_case",
    "record_case_search",
    "record_case_view",
    "record_document_download",
    "record_service",
    "reopen_case",
    "request_closure",
    "revoke_case_access",
    "save_proceeding",
    "send_back_closure",
    "set_facets",
    "set_follow_up",
    "set_status",
    "unscoped_cases",
    "update_case",
]
