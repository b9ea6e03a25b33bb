"""When the database cannot be reached or does not answer in time: a 503 saying so, in both
languages, with Retry-After; any other fault is still Django's 500 page."""

from django.db import DatabaseError, OperationalError

from cases import queries


def case_list_failing_with(error, client, monkeypatch):
    """The case list page, its query raising `error`."""

    def failing(*args, **kwargs):
        raise error

    monkeypatch.setattr(queries, "case_list", failing)
    client.raise_request_exception = False
    return client.get("/cases/")


def test_a_database_outage_is_a_503_that_says_what_to_do(as_user, caseworker_a, monkeypatch):
    outage = OperationalError("connection to server at 127.0.0.1 failed")
    response = case_list_failing_with(outage, as_user(caseworker_a), monkeypatch)
    assert response.status_code == 503 and response["Retry-After"] == "60"
    page = response.content.decode()
    assert "cannot be reached" in page and 'lang="ur"' in page
    assert "127.0.0.1" not in page


def test_any_other_fault_is_still_a_500(as_user, caseworker_a, monkeypatch):
    fault = DatabaseError("a query this code got wrong")
    response = case_list_failing_with(fault, as_user(caseworker_a), monkeypatch)
    assert response.status_code == 500 and "Something went wrong" in response.content.decode()
