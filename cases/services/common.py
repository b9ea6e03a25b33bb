"""What every case write shares: the lock, the access check, the history row."""

from django.db import transaction

from members.access import forget_access

from .. import access
from ..models import Case, CaseChange

# Fields a history row never shows the value of: the change is recorded, the content is not.
UNLOGGED_VALUES = frozenset(
    {
        "cnic",
        "phone",
        "full_name",
        "alias",
        "date_of_birth",
        "relative_name",
        "document_number",
        "family_contact_phone",
        "family_contact_name",
    }
)


def unscoped_cases():
    """Cases without the visibility guard: for the services' own writes, never for reads."""
    return Case.objects.with_scopes_disabled()


def lock_case(case: Case | int, by, action: str) -> Case:
    """Lock the case's row, re-read it, and ask the access layer whether `by` may take `action`
    on it as it is now. Every write on a case starts here, inside its transaction."""
    assert transaction.get_connection().in_atomic_block, "lock_case needs a transaction"
    pk = case.pk if isinstance(case, Case) else case
    locked = unscoped_cases().select_for_update(of=("self",)).get(pk=pk)
    forget_access(by)  # judged on the user's role and shares as they are now, not as cached
    access.require(by, action, locked)
    return locked


def history(case: Case, by, what: str, field: str = "", old="", new="") -> CaseChange:
    """One row of the case's history page. Values are stored as codes or ids where they have
    them, and turned into words in the reader's language when the page is shown."""
    if field in UNLOGGED_VALUES:
        old = new = ""
    return CaseChange.objects.create(
        case=case,
        organization_id=case.organization_id,
        by=by,
        what=what,
        field=field,
        old="" if old is None else str(old)[:500],
        new="" if new is None else str(new)[:500],
    )
