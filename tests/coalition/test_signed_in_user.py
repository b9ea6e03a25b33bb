"""`request.user` is the signed-in person, loaded and verified at once
(coalition.middleware.SignedInUserMiddleware, members.two_factor.VerifiedUserMiddleware), in
the one query Django's deferred load made, and nothing is read for a visitor who is not."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils.functional import LazyObject

from coalition.middleware import SignedInUserMiddleware
from members.two_factor import VerifiedUserMiddleware


def through_the_middleware(request):
    seen = {}

    def view(request):
        seen["user"] = request.user
        return None

    SignedInUserMiddleware(lambda r: VerifiedUserMiddleware(view)(r))(request)
    return seen["user"]


def signed_in_request(client, user):
    client.force_login(user)
    request = RequestFactory().get("/")
    request.session = client.session
    return request


def test_the_user_is_the_person_not_a_lazy_stand_in(client, caseworker_a):
    through_the_middleware(signed_in_request(client, caseworker_a.user))  # facts kept
    request = signed_in_request(client, caseworker_a.user)
    with CaptureQueriesContext(connection) as queries:
        user = through_the_middleware(request)
    assert not isinstance(user, LazyObject)
    assert type(user) is get_user_model()
    assert user.pk == caseworker_a.user_id
    assert user.staff.organization_id == caseworker_a.organization_id
    # django-otp's verification ran on it: no second factor given in this session.
    assert user.otp_device is None
    assert user.is_verified() is False
    assert len(queries) == 1  # the user, their staff record and the access version, at once


def test_a_visitor_who_is_not_signed_in_costs_no_query(client, db):
    request = RequestFactory().get("/")
    request.session = client.session
    with CaptureQueriesContext(connection) as queries:
        user = through_the_middleware(request)
    assert isinstance(user, AnonymousUser)
    assert len(queries) == 0
