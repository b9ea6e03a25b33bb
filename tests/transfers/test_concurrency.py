"""The receiving supervisors accept and decline the same transfer at once: exactly one wins."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from cases.models import Case
from cases.transfer import services
from cases.transfer.models import CaseTransfer
from members.roles import Role
from tests.factories import make_staff

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI runs on it)"
)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_accept_and_decline_at_once_exactly_one_wins(proposed, moving_case, supervisor_b, org_b):
    other_supervisor = make_staff(org_b, Role.SUPERVISOR, "b-supervisor2")
    barrier = threading.Barrier(2)
    won, refused = [], []

    def answer(action):
        try:
            barrier.wait()
            won.append(action())
        except ValidationError as error:
            refused.append(error.messages)
        finally:
            connections.close_all()

    actions = [
        lambda: services.accept_transfer(transfer=proposed, by=supervisor_b.user),
        lambda: services.decline_transfer(transfer=proposed, by=other_supervisor.user),
    ]
    threads = [threading.Thread(target=answer, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(won) == 1 and len(refused) == 1
    final = CaseTransfer.objects.with_scopes_disabled().get(pk=proposed.pk)
    assert final.status == won[0].status
    case = Case.objects.with_scopes_disabled().get(pk=moving_case.pk)
    moved = case.organization_id == org_b.pk
    assert moved == (final.status == "accepted")
