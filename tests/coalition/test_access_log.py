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
