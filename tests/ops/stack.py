"""The production stack as processes on this machine: nginx in front of gunicorn, a Celery
worker and beat, on a database of their own set up as the compose stack sets it up (owner and
application roles, migrate, grant_app_role). Loopback only; everything stops at the end."""

import os
import re
import secrets
import signal
import socket
import ssl
import subprocess
import sys
import time
from dataclasses import dataclass, field
from http.client import HTTPSConnection
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

from . import pg
from .proxy import NGINX, local_nginx_config

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stack_redis_url() -> str:
    """STACK_REDIS_URL, or the Redis database after REDIS_URL's, so the stack's worker never
    takes the test suite's queued tasks."""
    if os.environ.get("STACK_REDIS_URL"):
        return os.environ["STACK_REDIS_URL"]
    url = urlsplit(os.environ["REDIS_URL"])
    number = int(url.path.strip("/") or 0)
    return urlunsplit(url._replace(path=f"/{(number + 1) % 16}"))


def wait_for(check, *, seconds: float, what: str, processes=()):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for process in processes:
            if process.poll() is not None:
                raise AssertionError(f"{process.args[0]} stopped while waiting for {what}")
        result = check()
        if result:
            return result
        time.sleep(0.5)
    raise AssertionError(f"Timed out after {seconds} s waiting for {what}")


@dataclass
class Stack:
    folder: Path
    static_root: Path
    database: str = field(default_factory=lambda: f"{pg.base_name()}_stack")
    processes: list = field(default_factory=list)
    log_files: list = field(default_factory=list)
    https_port: int = field(default_factory=free_port)

    @property
    def owner(self) -> str:
        return f"{self.database}_owner"

    @property
    def app(self) -> str:
        return f"{self.database}_app"

    @property
    def mail(self) -> Path:
        return self.folder / "mail"

    def environment(self, role: str) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "PYTEST", "DEBUG", "EMAIL_", "SECURE_"))
        }
        return {
            **env,
            "SECRET_KEY": secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": "localhost",
            "SITE_URL": f"https://localhost:{self.https_port}",
            "DATABASE_URL": pg.url_for(self.database, user=role),
            "REDIS_URL": stack_redis_url(),
            "PRIVATE_MEDIA_ROOT": str(self.folder / "documents"),
            "STATIC_ROOT": str(self.static_root),
            "BEHIND_TLS_PROXY": "1",
            "PROXY_COUNT": "1",
            # The stack test signs in with a password alone (tests/security covers two factors).
            "REQUIRE_TWO_FACTOR": "0",
            # No test asks the breached-password API (tests/security mocks it).
            "PWNED_PASSWORDS_CHECK": "0",
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(self.mail),
            "GUNICORN_WORKERS": "1",
            "GUNICORN_THREADS": "2",
            # Beat queues the heartbeat every 5 s rather than every minute: a shorter wait.
            "HEARTBEAT_SECONDS": "5",
        }

    def manage(self, role: str, *args: str, **extra_env: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT, env={**self.environment(role), **extra_env}, capture_output=True, text=True,
            timeout=300, check=False,
        )  # fmt: skip
        assert result.returncode == 0, f"manage.py {' '.join(args)}: {result.stderr}"
        return result.stdout

    def set_up_database(self) -> None:
        """As the compose stack: the postgres image's init script, then migrate as the owner
        and grant_app_role; the demo data is loaded by the application role (the only step in
        development mode: seed_demo insists on it)."""
        self.tear_down_database()
        pg.create_database(self.database)
        server = urlsplit(pg.server_url())
        env = {
            **os.environ,
            "PGHOST": server.hostname or "127.0.0.1",
            "PGPORT": str(server.port or 5432),
            "POSTGRES_USER": server.username or "postgres",
            "POSTGRES_DB": self.database,
            "OWNER_DB_ROLE": self.owner,
            "APP_DB_ROLE": self.app,
            "OWNER_DB_PASSWORD": secrets.token_hex(16),
            "APP_DB_PASSWORD": secrets.token_hex(16),
        }
        subprocess.run(
            ["/bin/sh", ".docker/postgres-init.sh"],
            cwd=ROOT, env=env, check=True, capture_output=True, timeout=60,
        )  # fmt: skip
        self.manage(self.owner, "migrate", "--no-input")
        self.manage(self.owner, "grant_app_role", self.app)
        # seed_demo refuses to make its known-password accounts outside development mode.
        self.manage(self.app, "seed_demo", "--cases", "20", DEBUG="1")

    def tear_down_database(self) -> None:
        pg.drop_database(self.database)
        pg.drop_role(self.app)
        pg.drop_role(self.owner)

    def start(self, name: str, command: list[str]) -> subprocess.Popen:
        log = (self.folder / f"{name}.log").open("w")
        self.log_files.append(log)
        process = subprocess.Popen(
            command, cwd=ROOT, env=self.environment(self.app), stdout=log,
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        self.processes.append(process)
        return process

    def start_services(self) -> None:
        import redis

        redis.Redis.from_url(stack_redis_url()).flushdb()
        gunicorn_port = free_port()
        config = local_nginx_config(
            self.folder / "nginx",
            upstream=f"127.0.0.1:{gunicorn_port}",
            http_port=free_port(),
            https_port=self.https_port,
        )
        web = self.start("gunicorn", [
            sys.executable, "-m", "gunicorn", "--config", ".docker/gunicorn.conf.py",
            "--bind", f"127.0.0.1:{gunicorn_port}", "coalition.wsgi:application",
        ])  # fmt: skip
        self.start("worker", [
            sys.executable, "-m", "celery", "-A", "coalition", "worker", "--concurrency=1",
            "--loglevel=INFO",
        ])  # fmt: skip
        self.start("beat", [
            sys.executable, "-m", "celery", "-A", "coalition", "beat", "--loglevel=INFO",
            f"--schedule={self.folder / 'celerybeat-schedule'}",
        ])  # fmt: skip
        proxy = self.start("nginx", [
            NGINX, "-c", str(config), "-p", str(config.parent), "-g", "daemon off;",
        ])  # fmt: skip
        client = Browser(self.https_port, config.parent / "tls" / "fullchain.pem")
        wait_for(
            lambda: client.status("/healthz/web") == 200,
            seconds=60, what="gunicorn behind nginx", processes=[web, proxy],
        )  # fmt: skip

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        for log in self.log_files:
            log.close()

    def logs(self) -> str:
        return "\n".join(
            f"--- {log.name}\n{log.read_text()[-3000:]}" for log in self.folder.glob("*.log")
        )


class Browser:
    """A person's browser, reduced to what the test needs: HTTPS to the proxy with its
    certificate checked, cookies kept, forms posted with their CSRF token."""

    def __init__(self, port: int, certificate: Path):
        self.port = port
        self.origin = f"https://localhost:{port}"
        self.tls = ssl.create_default_context(cafile=str(certificate))
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None):
        connection = HTTPSConnection("localhost", self.port, context=self.tls, timeout=30)
        headers = {"Host": f"localhost:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers.update({
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": self.origin,
                "Referer": self.origin + path,
            })  # fmt: skip
        try:
            connection.request(method, path, body, headers)
            response = connection.getresponse()
            content = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, response.headers, content

    def status(self, path: str) -> int | None:
        try:
            return self.request("GET", path)[0]
        except OSError:
            return None

    def get(self, path: str) -> str:
        status, _, content = self.request("GET", path)
        assert status == 200, f"GET {path}: {status}"
        return content

    def submit(self, path: str, form: dict) -> tuple[int, str]:
        """Posts `form` with the CSRF token of the page at `path`; returns status, Location."""
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.get(path))
        status, headers, content = self.request(
            "POST", path, {**form, "csrfmiddlewaretoken": token.group(1)}
        )
        return status, headers.get("Location", "") or content[-2000:]
