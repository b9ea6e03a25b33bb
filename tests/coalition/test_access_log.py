"""The access log is append-only: the model and the database refuse changes."""

import pytest
from django.db import DatabaseError, connection, transaction

from coalition.audit import log_action
from coalition.models import AccessLog, AppendOnlyError


@pytest.fixture
def entry(caseworker_a):
    return log_action(caseworker_a.user, AccessLog.Action.VIEW, caseworker_a, verb="test.viewed")


def test_log_action_records_actor_target_and_organisation(entry, caseworker_a):
    assert entry.actor == caseworker_a.user
    assert entry.actor_organization == caseworker_a.organization
    assert entry.organization == caseworker_a.organization
    assert entry.target_type == "members.staff"
    assert entry.target_label == "a-caseworker"


def test_model_refuses_update_and_delete(entry):
    entry.verb = "tampered"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.filter(pk=entry.pk).update(verb="tampered")
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.all().delete()


def test_database_refuses_update(entry):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE coalition_accesslog SET verb = 'tampered' WHERE id = %s", [entry.pk])
    assert AccessLog.objects.get(pk=entry.pk).verb == "test.viewed"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="enforced by PostgreSQL trigger")
def test_database_refuses_delete(entry):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM coalition_accesslog WHERE id = %s", [entry.pk])
    assert AccessLog.objects.filter(pk=entry.pk).exists()


def test_who_sees_which_entries(as_user, caseworker_a, admin_a, admin_b, caseworker_b):
    from tests.cases.conftest import open_case

    case_a = open_case(caseworker_a, full_name="Log Person")
    case_b = open_case(caseworker_b)
    as_user(caseworker_a).get(f"/cases/{case_a.pk}/")
    as_user(caseworker_b).get(f"/cases/{case_b.pk}/")

    def shown(staff) -> str:
        response = as_user(staff).get("/access-log/")
        return response.content.decode() if response.status_code == 200 else ""

    assert case_a.number in shown(admin_a) and case_b.number not in shown(admin_a)
    assert case_b.number in shown(admin_b) and case_a.number not in shown(admin_b)
    assert as_user(caseworker_a).get("/access-log/").status_code == 403
    assert "Log Person" not in shown(admin_a)  # labels are case numbers, never names


def test_the_secretariat_admin_sees_every_organisations_entries(
    as_user, caseworker_a, caseworker_b, secretariat_admin
):
    from tests.cases.conftest import open_case

    numbers = [open_case(caseworker_a).number, open_case(caseworker_b).number]
    html = as_user(secretariat_admin).get("/access-log/").content.decode()
    assert all(number in html for number in numbers)


def test_a_supervisor_sees_who_opened_a_case_and_a_caseworker_does_not(
    as_user, caseworker_a, supervisor_a
):
    from tests.cases.conftest import open_case

    case = open_case(caseworker_a)
    as_user(caseworker_a).get(f"/cases/{case.pk}/")
    supervisor_view = as_user(supervisor_a).get(f"/cases/{case.pk}/history/").content.decode()
    assert "a-caseworker" in supervisor_view and "case.viewed.case" in supervisor_view
    caseworker_view = as_user(caseworker_a).get(f"/cases/{case.pk}/history/").content.decode()
    assert "case.viewed.case" not in caseworker_view
