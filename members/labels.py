"""The names a long list prints beside its rows' ids: each organisation's short name, each
staff member's name and each service's, coalition-wide, kept with the access facts.

Joining the organisation and the caseworker onto every row made Django build three more model
instances a row and compile a four-table query: about a tenth of a case list page's CPU. The
coalition has a few hundred staff and a dozen services, so all their names fit in one small
cache entry.

The names are kept under the access version, which every new account already changes (its role
is granted); `update_staff`, `save_organization` and `save_service` change it for a new name
(`names_changed`). A row whose id the kept names lack has them read afresh, so no row is drawn
without its name.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from .access import access_changed, cached_access
from .models import Organization, Service, Staff


@dataclass(frozen=True)
class RowLabels:
    organizations: dict[int, str]  # id -> short name
    staff: dict[int, str]  # id -> Staff.display_name
    services: dict[int, Service]  # id -> the service's names (Service.display_name)


def row_labels(
    user,
    *,
    organization_ids: Iterable[int] = (),
    staff_ids: Iterable[int] = (),
    service_ids: Iterable[int] = (),
) -> RowLabels:
    """Every organisation's, staff member's and service's name, holding at least the ids of
    the rows about to be drawn (None, an unassigned case, is left out)."""
    labels = cached_access(user, "row-labels", _read, per_user=False)
    wanted = (
        (organization_ids, labels.organizations),
        (staff_ids, labels.staff),
        (service_ids, labels.services),
    )
    if any(not {pk for pk in ids if pk is not None} <= kept.keys() for ids, kept in wanted):
        labels = _read()  # made since, by a write that kept the access version
    return labels


def names_changed() -> None:
    """Call in the transaction of a write that renames a staff member, an organisation or a
    service. A new access version, rather than dropping the kept names when it commits: a list
    read between the commit and the drop could otherwise keep the old names again."""
    access_changed()


def _read() -> RowLabels:
    staff = Staff.objects.select_related("user").only(
        "user__first_name", "user__last_name", "user__username"
    )
    return RowLabels(
        organizations=dict(Organization.objects.values_list("pk", "short_name")),
        staff={member.pk: member.display_name for member in staff},
        services={service.pk: service for service in Service.objects.only("name", "name_ur")},
    )
