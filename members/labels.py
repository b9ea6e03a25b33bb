"""The names a long list, and the case page, print beside their rows' ids: each organisation's
short name, each person's and staff member's name and each service's, coalition-wide, kept with
the access facts.

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

from django.contrib.auth import get_user_model

from .access import access_changed, cached_access
from .models import Organization, Service, Staff

# The kept entry's name changes with RowLabels' fields, so that a release never unpickles an
# entry an earlier release kept under the same access version.
KEPT_AS = "row-labels-with-people"


@dataclass(frozen=True)
class RowLabels:
    organizations: dict[int, str]  # id -> short name
    staff: dict[int, str]  # staff id -> Staff.display_name
    people: dict[int, str]  # user id -> the same name (a consent recorder, a note's author)
    services: dict[int, Service]  # id -> the service's names (Service.display_name)


def row_labels(
    user,
    *,
    organization_ids: Iterable[int] = (),
    staff_ids: Iterable[int] = (),
    service_ids: Iterable[int] = (),
    people_ids: Iterable[int] = (),
) -> RowLabels:
    """Every organisation's, person's, staff member's and service's name, holding at least the
    ids of the rows about to be drawn (None, an unassigned case, is left out). Kept on the user
    for the request, as the access facts are: the case page asks four times."""
    labels = getattr(user, "_row_labels", None)
    if labels is None:
        labels = cached_access(user, KEPT_AS, _read, per_user=False)
    wanted = (
        (organization_ids, labels.organizations),
        (staff_ids, labels.staff),
        (service_ids, labels.services),
        (people_ids, labels.people),
    )
    if any(not {pk for pk in ids if pk is not None} <= kept.keys() for ids, kept in wanted):
        labels = _read()  # made since, by a write that kept the access version
    user._row_labels = labels
    return labels


def names_changed() -> None:
    """Call in the transaction of a write that renames a staff member, an organisation or a
    service. A new access version, rather than dropping the kept names when it commits: a list
    read between the commit and the drop could otherwise keep the old names again."""
    access_changed()


def _read() -> RowLabels:
    # Staff before users: a staff record read here has its user in the second read, or was
    # deleted with it in between (and then no row names it).
    staff_users = list(Staff.objects.values_list("pk", "user_id"))
    users = get_user_model().objects.only("first_name", "last_name", "username")
    people = {user.pk: user.get_full_name() or user.get_username() for user in users}
    return RowLabels(
        organizations=dict(Organization.objects.values_list("pk", "short_name")),
        staff={pk: people.get(user_id, "") for pk, user_id in staff_users},
        people=people,
        services={service.pk: service for service in Service.objects.only("name", "name_ur")},
    )
