"""Two people answer the same referral at the same moment: exactly one wins."""

import threading

import pytest
from django.db import connection, connections

from referrals import services
from referrals.models import Referral
from referrals.workflow import TransitionRefused

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI runs on it)"
)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_accept_and_decline_at_once_exactly_one_wins(referral, desk_b, supervisor_b):
    barrier = threading.Barrier(2)
    won, refused = [], []

    def answer(action):
        try:
            barrier.wait()
            won.append(action())
        except TransitionRefused as error:
            refused.append(error.message)
        finally:
            connections.close_all()

    actions = [
        lambda: services.accept(referral=referral, by=desk_b.user),
        lambda: services.decline(referral=referral, by=supervisor_b.user, reason="no_capacity"),
    ]
    threads = [threading.Thread(target=answer, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(won) == 1 and len(refused) == 1
    final = Referral.objects.with_scopes_disabled().get(pk=referral.pk)
    assert final.status == won[0].status
    assert final.events.count() == 2  # sent, and the one answer
