"""When the database cannot be reached or does not answer in time: a 503 saying so, in both
languages, with Retry-After; any other fault is still Django's 500 page."""

from django.db import DatabaseError, OperationalError

from cases import queries


def test_a_database_outage_is_a_503_that_says_what_to_do(as_user, caseworker_a, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1 failed")

    monkeypatch.setattr(queries, "case_list", unreachable)
    client = as_user(caseworker_a)
    client.raise_request_exception = False
    response = client.get("/cases/")
    assert response.status_code == 503 and response["Retry-After"] == "60"
    page = response.content.decode()
    assert "cannot be reached" in page and 'lang="ur"' in page
    assert "127.0.0.1" not in page


def test_any_other_fault_is_still_a_500(as_user, caseworker_a, monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError("a query this code got wrong")

    monkeypatch.setattr(queries, "case_list", broken)
    client = as_user(caseworker_a)
    client.raise_request_exception = False
    response = client.get("/cases/")
    assert response.status_code == 500 and "Something went wrong" in response.content.decode()
