from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from members.access import staff_of

from .. import policy


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def recorder(by):
    """The acting staff member, who must be allowed to record."""
    require(policy.may_record(by), _("Your role does not record the coalition's activities."))
    return staff_of(by)
