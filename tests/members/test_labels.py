"""The names the case list prints beside its rows' ids (members/labels.py): kept with the access
facts, never stale after a rename through the services, never missing for a row."""

from members import services
from members.access import forget_access
from members.labels import row_labels
from members.models import Staff
from members.roles import Role
from tests.cases.conftest import open_case
from tests.factories import TEST_PASSWORD, rename_staff, rows_query


def caseworker_cell(html: str, number: str) -> str:
    start = html.rindex("<tr", 0, html.index(number))
    row = html[start : html.index("</tr>", start)]
    cell = row.index('data-label="Caseworker">') + len('data-label="Caseworker">')
    return row[cell : row.index("</td>", cell)]


def test_a_caseworker_renamed_through_the_service_shows_by_the_new_name_at_once(
    as_user, admin_a, supervisor_a, caseworker_a
):
    case = open_case(caseworker_a)
    client = as_user(supervisor_a)
    before = caseworker_cell(client.get("/cases/").content.decode(), case.number)
    assert before == caseworker_a.display_name
    rename_staff(caseworker_a, by=admin_a, first_name="Saba", last_name="Renamed")
    assert caseworker_cell(client.get("/cases/").content.decode(), case.number) == "Saba Renamed"


def test_an_organisation_renamed_through_the_service_has_its_new_short_name_at_once(
    supervisor_a, org_b, secretariat_admin
):
    user = supervisor_a.user
    kept = row_labels(user, organization_ids=[org_b.pk], staff_ids=[])
    assert kept.organizations[org_b.pk] == "LAS"
    org_b.short_name = "LAS-NEW"
    services.save_organization(
        organization=org_b, by=secretariat_admin.user, changed=["short_name"]
    )
    forget_access(user)  # as the next request would: the access version is read again
    labels = row_labels(user, organization_ids=[org_b.pk], staff_ids=[])
    assert labels.organizations[org_b.pk] == "LAS-NEW"


def test_a_staff_member_made_outside_the_services_is_named_all_the_same(
    as_user, org_a, supervisor_a, caseworker_a
):
    client = as_user(supervisor_a)
    open_case(caseworker_a)
    client.get("/cases/")  # the names are kept, without the newcomer
    user = type(caseworker_a.user).objects.create_user(
        "a-newcomer", password=TEST_PASSWORD, first_name="Nayab", last_name="Newcomer"
    )
    newcomer = Staff.objects.create(user=user, organization=org_a, role=Role.CASEWORKER)
    case = open_case(caseworker_a)
    case.assigned_to = newcomer
    case.save(update_fields=["assigned_to"])
    html = client.get("/cases/").content.decode()
    assert caseworker_cell(html, case.number) == "Nayab Newcomer"


def test_an_unassigned_case_shows_a_dash(as_user, supervisor_a, caseworker_a):
    case = open_case(caseworker_a)
    case.assigned_to = None
    case.save(update_fields=["assigned_to"])
    html = as_user(supervisor_a).get("/cases/").content.decode()
    assert caseworker_cell(html, case.number) == "—"


def test_the_list_reads_its_cases_without_joining_organisations_or_staff(
    as_user, supervisor_a, caseworker_a
):
    open_case(caseworker_a)
    assert "JOIN" not in rows_query(as_user(supervisor_a), "/cases/", "cases_case")


def test_a_person_without_a_staff_record_is_named_by_user_id(supervisor_a):
    user = supervisor_a.user
    row_labels(user)  # the names are kept, without the newcomer
    outsider = type(user).objects.create_user("an-outsider", first_name="Omar", last_name="Out")
    quiet = type(user).objects.create_user("a-quiet-one")
    labels = row_labels(user, people_ids=[outsider.pk, quiet.pk])
    assert labels.people[outsider.pk] == "Omar Out"
    assert labels.people[quiet.pk] == "a-quiet-one"  # no full name: the sign-in name
    assert labels.staff[supervisor_a.pk] == labels.people[user.pk] == supervisor_a.display_name


def test_a_case_page_reads_the_kept_names_once(as_user, supervisor_a, caseworker_a):
    from unittest import mock

    from members import labels

    case = open_case(caseworker_a, full_name="Named Once")
    client = as_user(supervisor_a)
    client.get(f"/cases/{case.pk}/")
    with mock.patch.object(labels, "cached_access", wraps=labels.cached_access) as kept:
        assert client.get(f"/cases/{case.pk}/").status_code == 200
    # The case, its notes, its consent history and its referral panel all name people.
    assert [c.args[1] for c in kept.call_args_list] == [labels.KEPT_AS]
