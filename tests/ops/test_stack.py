"""The production stack started with production settings: a person signs in over HTTPS through
nginx, makes a referral with the pages, and the worker sends the notification email; /healthz
reports the worker's heartbeat stamped by beat; stalled clients and oversized uploads stop at
the proxy."""

import json
import os
import re
import socket
import time
from contextlib import ExitStack

import pytest
from django.db import connection

from . import pg
from .proxy import NGINX, OPENSSL
from .stack import Browser, Stack, wait_for

pytestmark = [
    pytest.mark.stack,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis (REDIS_URL)"),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
    pytest.mark.skipif(not (NGINX and OPENSSL), reason="needs nginx and openssl (CI installs)"),
]


@pytest.fixture(scope="module")
def stack(tmp_path_factory, built_static):
    stack = Stack(folder=tmp_path_factory.mktemp("stack"), static_root=built_static)
    try:
        stack.set_up_database()
        stack.start_services()
        yield stack
    except BaseException:
        print(stack.logs())
        raise
    finally:
        stack.stop()
        stack.tear_down_database()


def a_case_to_refer(stack: Stack) -> tuple[int, str]:
    """A demo case whose survivor consented to sharing, and its organisation's supervisor."""
    with pg.connect(stack.database) as conn:
        case_id, short_name = conn.execute(
            "SELECT c.id, lower(o.short_name) FROM cases_case c"
            " JOIN members_organization o ON o.id = c.organization_id"
            " WHERE c.consent_share_coalition AND c.consent_withdrawn_at IS NULL"
            " AND c.closed_at IS NULL ORDER BY c.id LIMIT 1"
        ).fetchone()
        # The demo staff have no email address; the people told of the referral need one.
        conn.execute("UPDATE auth_user SET email = username || '@example.org'")
    return case_id, f"{short_name}-supervisor"


def options(page: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', page, flags=re.DOTALL)
    return re.findall(r'<option value="(\d+)"', select.group(0)) if select else []


def sign_in(browser: Browser, username: str) -> None:
    status, location = browser.submit(
        "/accounts/login/",
        {"username": username, "password": "coalition-demo-2026"},
    )
    assert (status, location) == (302, "/"), location
    assert "sessionid" in browser.cookies


def refer(browser: Browser, case_id: int) -> int:
    """Through the referral pages: choose a service someone offers, an organisation, send."""
    new = f"/referrals/new/{case_id}/"
    for service in options(browser.get(new), "service"):
        organizations = options(browser.get(f"{new}?service={service}"), "to_organization")
        if organizations:
            break
    status, location = browser.submit(f"{new}?service={service}", {
        "service": service, "to_organization": organizations[0], "urgency": "urgent",
        "reason": "Legal aid for the hearing next month.", "send": "1",
    })  # fmt: skip
    assert status == 302, location
    return int(re.fullmatch(r"/referrals/(\d+)/", location).group(1))


def health(browser: Browser) -> dict | None:
    status, _, content = browser.request("GET", "/healthz")
    return json.loads(content) if status == 200 else None


def browser_for(stack: Stack) -> Browser:
    return Browser(stack.https_port, stack.folder / "nginx" / "tls" / "fullchain.pem")


def test_the_production_stack_signs_in_refers_and_runs_the_job(stack):
    browser = browser_for(stack)
    case_id, username = a_case_to_refer(stack)

    sign_in(browser, username)
    referral = refer(browser, case_id)

    def emails_about_the_referral():
        return [
            path
            for path in (stack.mail.glob("*.log") if stack.mail.is_dir() else [])
            if f"/referrals/{referral}/" in path.read_text()
        ]

    emails = wait_for(
        emails_about_the_referral, seconds=60, what="the worker to send the email",
        processes=stack.processes,
    )  # fmt: skip
    assert emails
    assert "referrals" in browser.get(f"/referrals/{referral}/")
    # Beat queues the heartbeat one interval after it starts; a worker stamps it.
    status = wait_for(
        lambda: health(browser), seconds=60, what="/healthz to report the worker",
        processes=stack.processes,
    )  # fmt: skip
    assert status["worker"] == "ok"
    assert status["broker"] == "ok"
    assert status["database"] == "ok"


def test_slow_clients_do_not_hold_the_app(stack):
    """Twenty clients that send half a request and stall (gunicorn here has 2 threads): the
    proxy holds them, and the app still answers at once."""
    browser = browser_for(stack)
    with ExitStack() as held:
        for _ in range(20):
            raw = held.enter_context(socket.create_connection(("127.0.0.1", stack.https_port)))
            tls = held.enter_context(browser.tls.wrap_socket(raw, server_hostname="localhost"))
            tls.sendall(
                b"POST /accounts/login/ HTTP/1.1\r\nHost: localhost\r\n"
                b"Content-Type: application/x-www-form-urlencoded\r\n"
                b"Content-Length: 100000\r\n\r\nusername=a"
            )
        started = time.monotonic()
        status = browser.status("/healthz/web")
        elapsed = time.monotonic() - started
    assert status == 200
    assert elapsed < 5


def test_the_proxy_refuses_an_upload_over_the_limit_before_reading_it(stack):
    browser = browser_for(stack)
    with (
        socket.create_connection(("127.0.0.1", stack.https_port)) as raw,
        browser.tls.wrap_socket(raw, server_hostname="localhost") as tls,
    ):
        tls.sendall(
            b"POST /cases/1/documents/ HTTP/1.1\r\nHost: localhost\r\n"
            b"Content-Length: 13000000\r\n\r\n"
        )
        tls.settimeout(10)
        answer = tls.recv(200)
    assert answer.startswith(b"HTTP/1.1 413")
