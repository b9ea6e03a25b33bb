"""Concurrent intakes and edits on PostgreSQL, with real transactions in parallel threads."""

import threading

import pytest
from django.db import connection, connections

from cases import services
from cases.models import Case

from .conftest import open_case

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI runs on it)"
)


def run_in_threads(target, count: int) -> tuple[list, list]:
    results, errors = [], []
    barrier = threading.Barrier(count)

    def worker():
        try:
            barrier.wait()
            results.append(target())
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_intakes_get_unique_consecutive_numbers(caseworker_a):
    results, errors = run_in_threads(lambda: open_case(caseworker_a).number, 8)
    assert errors == []
    assert len(set(results)) == 8
    assert sorted(int(n.rsplit("-", 1)[1]) for n in results) == list(range(1, 9))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_of_two_concurrent_edits_exactly_one_wins(caseworker_a, supervisor_a):
    case = open_case(caseworker_a)

    def edit(by, location):
        return lambda: services.update_case(
            case=case, by=by.user, expected_version=1, changes={"current_location": location}
        )

    outcomes = []
    for by, location in [(caseworker_a, "A"), (supervisor_a, "B")]:
        outcomes.append(edit(by, location))
    results, errors = [], []
    barrier = threading.Barrier(2)

    def worker(action):
        try:
            barrier.wait()
            results.append(action())
        except services.StaleCaseError as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(action,)) for action in outcomes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 1 and len(errors) == 1
    saved = Case.objects.with_scopes_disabled().get(pk=case.pk)
    assert saved.version == 2
    assert saved.current_location == results[0].current_location
