"""The pages over HTTP, served as docker-compose.yml serves them, at 10 concurrent clients a role.

    .venv/bin/python bench/over_http.py [--cases 100000] [--small 10000] [--rounds 20]

Two databases (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/coalition_bench_http,
and the same name with `_small`; both names must contain "bench": demo accounts with the
published password go into them), created when missing and topped up in a child process to
--small and --cases cases, with the demo referrals (referrals.demo), notes (cases.demo) and
documents (added here, metadata only). For each database in turn it starts gunicorn with
.docker/gunicorn.conf.py on 127.0.0.1 only, with DEBUG off and bench/http_settings.py (the
product's settings plus a middleware that reports each request's queries and CPU, and the
benchmark's own URLconf with a bare view and Django admin's changelist on the case list's rows),
signs in --clients clients per role through the login form, and has every client request its
role's pages in turn, --rounds times: each page's variants interleaved request by request. Last,
on the larger database, the case list alone: --clients caseworkers requesting only it,
--alone-rounds times each (the target's own terms: list requests per second and p95 at 10
concurrent users). Then it stops the server, prints the tables and writes them to
bench/results/http-<date>.txt.

The file name is not http.py: run as a file, bench/ comes first on sys.path, and a bench/http.py
would hide the standard library's `http` package from everything the script imports.
"""

import argparse
import http.client
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import common

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/coalition_bench_http"
ROLES = {
    "caseworker": "sahil-caseworker",
    "supervisor": "sahil-supervisor",
    "desk": "sahil-referrals",
}
NAME_FRAGMENT = "ayesha"
DOCUMENT_SHARE = 0.3  # of the cases, those with a document
RESULTS = common.ROOT / "bench" / "results"


# ---- loading (child process) --------------------------------------------------------------


def add_documents(seed: int) -> str:
    """Document rows (no files: the pages show their metadata) on a share of the cases.

    Which cases, and what, is drawn per case from the seed, so a second run adds nothing."""
    import random

    from django.db import transaction

    from cases.models import Case, Document

    cases = (
        Case.objects.with_scopes_disabled()
        .filter(created_by__isnull=False, documents__isnull=True)
        .values_list("pk", "organization_id", "created_by_id")
    )
    made = 0
    batch = []
    for pk, organization_id, by in cases.iterator(chunk_size=5000):
        rng = random.Random(f"{seed}-document-{pk}")  # synthetic data, not secrets
        if rng.random() >= DOCUMENT_SHARE:
            continue
        batch.append(
            Document(
                case_id=pk,
                organization_id=organization_id,
                uploaded_by_id=by,
                doc_type=rng.choice(["consent_form", "fir_copy", "medical_report", "statement"]),
                description="Synthetic document.",
                file=f"cases/{pk}/synthetic",
                original_name="scan.pdf",
                content_type="application/pdf",
                size=rng.randint(20_000, 2_000_000),
                confidential=rng.random() < 0.1,
            )
        )
        if len(batch) == 2000:
            with transaction.atomic():
                Document.objects.bulk_create(batch)
            made, batch = made + len(batch), []
    with transaction.atomic():
        Document.objects.bulk_create(batch)
    return made + len(batch)


def activity(seed: int) -> str:
    from referrals.demo import create_referrals

    referrals = create_referrals(seed=seed)
    documents = add_documents(seed)
    return f"; referrals added: {referrals:,}, documents added: {documents:,}"


def sample(path: str) -> None:
    """Write what the clients request to `path`: the case page's case, the counts."""
    from django.contrib.auth import get_user_model

    from cases.models import Case, CaseShare, Document, Note, ServiceDelivery

    users = {role: get_user_model().objects.get(username=name) for role, name in ROLES.items()}
    visible = Case.objects.visible_to(users["caseworker"]).filter(
        assigned_to__user=users["caseworker"], consent_recorded_by__isnull=False
    )
    with_rows = visible.filter(pk__in=Note.objects.with_scopes_disabled().values("case")).filter(
        pk__in=Document.objects.with_scopes_disabled().values("case")
    )
    # A case with every kind of row the page draws, so that the two databases' case pages draw
    # the same things and their growth compares like with like (the newest case with notes and
    # documents had a referral and a service at 100,000 cases and neither at 10,000).
    referred_and_served = with_rows.filter(
        pk__in=CaseShare.objects.values("case"),
    ).filter(pk__in=ServiceDelivery.objects.with_scopes_disabled().values("case"))
    case = (
        referred_and_served.order_by("-intake_date", "-id").first()
        or with_rows.order_by("-intake_date", "-id").first()
        or visible.order_by("-id").first()
    )
    if case is None:
        sys.exit("No case assigned to the demo caseworker: load more cases.")
    figures = {
        "case": case.pk,
        "cases": Case.objects.with_scopes_disabled().count(),
        "organisation_cases": Case.objects.with_scopes_disabled()
        .filter(organization_id=case.organization_id)
        .count(),
    }
    Path(path).write_text(json.dumps(figures))


def load_child(args: argparse.Namespace) -> None:
    common.load(args.cases, args.seed, more=("referrals and documents", activity))
    sample(args.sample_to)


# ---- the server ---------------------------------------------------------------------------


def server_environment(database_url: str, static_root: str, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DJANGO_SETTINGS_MODULE")}
    env.update(
        DJANGO_SETTINGS_MODULE="bench.http_settings",
        DEBUG="0",
        DATABASE_URL=database_url,
        SECRET_KEY=os.environ.get("SECRET_KEY") or "bench-only-not-a-secret-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        # The clients sign in with the demo password alone; DEBUG off would ask the
        # supervisor for a second factor.
        REQUIRE_TWO_FACTOR="0",
        STATIC_ROOT=static_root,
        GUNICORN_BIND=f"127.0.0.1:{port}",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(common.ROOT),
    )
    return env


# Django's template engine on 1,000 rows, in the serving interpreter: how fast that interpreter
# runs this kind of code, printed with the figures it explains.
INTERPRETER_PROBE = """
import sys, time
import django
from django.conf import settings
settings.configure(TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates"}])
django.setup()
from django.template import Context, Template
cells = "<td>{{ row.name|upper }}</td><td>{{ row.n|add:1 }}</td>"
rows = Template("{% for row in rows %}" + cells + "{% endfor %}")
context = Context({"rows": [{"name": f"row {i}", "n": i} for i in range(1000)]})
def cpu_ms():
    start = time.process_time()
    rows.render(context)
    return (time.process_time() - start) * 1000
print(sys.version.split()[0], round(min(cpu_ms() for _ in range(20)), 1))
"""


def interpreter(python: str) -> str:
    """The serving interpreter, its version and its speed at Django's own kind of work. An
    interpreter built without profile-guided and link-time optimisation (pyenv's default) runs
    Django about a third slower than one built with both, as the production image's is."""
    result = subprocess.run(  # noqa: S603 - the interpreter the user named, our probe
        [python, "-c", INTERPRETER_PROBE], check=True, capture_output=True, text=True
    )
    version, probe_ms = result.stdout.split()
    return f"{python}, Python {version}: a 1,000-row Django template in {probe_ms} ms of CPU"


def collect_static(env: dict[str, str]) -> None:
    """DEBUG off serves static files through the manifest that collectstatic writes."""
    command = [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"]
    subprocess.run(command, check=True, cwd=common.ROOT, env=env)  # noqa: S603 - our own


class Server:
    """gunicorn as compose starts it (its config file, the WSGI app), on 127.0.0.1 only."""

    def __init__(self, env: dict[str, str], port: int, log: Path, python: str):
        self.port = port
        self.log = log.open("ab")
        command = [python, "-m", "gunicorn", "--config", ".docker/gunicorn.conf.py"]
        command.append("coalition.wsgi:application")
        self.process = subprocess.Popen(  # noqa: S603 - our own command
            command, cwd=common.ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"gunicorn stopped at start: see {log}")
            try:
                status, _, _ = Client(port).get("/healthz/web")
                if status == 200:
                    self.wait_for_every_worker()
                    return
            except OSError:
                pass
            time.sleep(0.5)
        self.stop()
        sys.exit(f"gunicorn did not answer within 60 s: see {log}")

    def wait_for_every_worker(self) -> None:
        """The first worker answers while the master is still forking the others (the app is
        preloaded): the whole run's CPU is read from all of them, so wait until their number
        holds for a second."""
        seen, steady_since = None, time.monotonic()
        while time.monotonic() - steady_since < 1.0:
            workers = len(self.pids()) - 1
            if workers != seen:
                seen, steady_since = workers, time.monotonic()
            time.sleep(0.1)

    def pids(self) -> list[int]:
        """The master and its workers."""
        master = self.process.pid
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        return [master, *map(int, children)]

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def cpu_ms(pids: list[int]) -> float:
    """utime + stime of these processes, in ms, from /proc (gone processes count 0)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total * 1000 / os.sysconf("SC_CLK_TCK")


# ---- the clients --------------------------------------------------------------------------


class Client:
    """One signed-in person: a keep-alive connection and the cookies the server set."""

    def __init__(self, port: int):
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict | None = None):
        headers = {"Host": f"127.0.0.1:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        for attempt in (1, 2):  # a keep-alive connection the server closed: reconnect once
            try:
                self.connection.request(method, path, body=data, headers=headers)
                response = self.connection.getresponse()
                content = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.connection.close()
                if attempt == 2:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, response.headers, content

    def get(self, path: str):
        return self.request("GET", path)

    def sign_in(self, username: str, password: str) -> None:
        status, _, content = self.get("/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content)
        if status != 200 or token is None:
            sys.exit(f"The login page answered {status} without a CSRF token.")
        form = {
            "csrfmiddlewaretoken": token.group(1).decode(),
            "username": username,
            "password": password,
        }
        status, _, _ = self.request("POST", "/accounts/login/", form)
        if status != 302 or "sessionid" not in self.cookies:
            sys.exit(f"Signing in {username} answered {status}, not a redirect with a session.")


@dataclass
class Row:
    """One page (or variant) for one role: the runs' figures."""

    database: str
    page: str
    role: str
    url: str
    times_ms: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    app_us: list[float] = field(default_factory=list)
    db_us: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, elapsed_ms: float, headers) -> None:
        with self.lock:
            self.times_ms.append(elapsed_ms)
            if headers.get("X-Queries"):
                self.queries.append(int(headers["X-Queries"]))
            self.app_us.append(float(headers.get("X-App-CPU-us") or 0))
            self.db_us.append(float(headers.get("X-DB-CPU-us") or 0))

    def percentile(self, share: float) -> float:
        ordered = sorted(self.times_ms)
        return ordered[max(0, round(share * len(ordered) + 0.5) - 1)]

    @property
    def query_count(self) -> str:
        if not self.queries:
            return "-"
        low, high = min(self.queries), max(self.queries)
        return str(low) if low == high else f"{low}-{high}"


def run_clients(
    port: int, rows: list[Row], args, on_start: Callable[[], None], on_end: Callable[[], None]
) -> float:
    """`args.clients` signed-in clients per role, each taking its role's rows in turn
    `args.rounds` times; on_start and on_end are called around the timed part (after the sign-in
    and the warm-up). Returns the timed part's wall time, in seconds."""
    clients, rounds = args.clients, args.rounds
    by_role: dict[str, list[Row]] = {}
    for row in rows:
        by_role.setdefault(row.role, []).append(row)
    people = []
    for role, role_rows in by_role.items():
        for _ in range(clients):
            client = Client(port)
            if role != "anonymous":
                client.sign_in(ROLES[role], args.password)
            people.append((client, role_rows))
    for client, role_rows in people:  # warm-up, and a check that every page answers 200
        for row in role_rows:
            status, _, _ = client.get(row.url)
            if status != 200:
                sys.exit(f"{row.page} ({row.role}): {row.url} answered {status}")
    failures: list[str] = []
    start_line = threading.Barrier(len(people) + 1)

    def work(client: Client, role_rows: list[Row], offset: int) -> None:
        start_line.wait()
        for turn in range(rounds):
            for i in range(len(role_rows)):
                row = role_rows[(i + offset + turn) % len(role_rows)]
                started = time.perf_counter()
                status, headers, _ = client.get(row.url)
                elapsed = (time.perf_counter() - started) * 1000
                if status != 200:
                    failures.append(f"{row.page} ({row.role}) answered {status}")
                    return
                row.record(elapsed, headers)

    threads = [
        threading.Thread(target=work, args=(client, role_rows, n), daemon=True)
        for n, (client, role_rows) in enumerate(people)
    ]
    for thread in threads:
        thread.start()
    on_start()
    start_line.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join(timeout=1800)
    wall = time.perf_counter() - started
    on_end()
    if failures:
        sys.exit(failures[0])
    return wall


# ---- the run ------------------------------------------------------------------------------


def load_database(url: str, cases: int, seed: int) -> dict:
    name = common.ensure_database(url)
    print(f"Loading up to {cases:,} cases into {name}:", flush=True)
    with tempfile.NamedTemporaryFile(suffix=".json") as figures:
        command = [sys.executable, __file__, "--load-only", "--cases", str(cases)]
        command += ["--seed", str(seed), "--sample-to", figures.name]
        env = {**os.environ, "DATABASE_URL": url}
        subprocess.run(command, check=True, env=env)  # noqa: S603 - the script, our arguments
        return {"name": name, **json.loads(Path(figures.name).read_text())}


LIST_ALONE = [("case list alone", "caseworker", "/cases/")]


def pages_of(case_id: int, full: bool) -> list[tuple[str, str, str]]:
    """(page, role, URL): the growth pages, and with `full` every page and the comparisons."""
    search = "/cases/?" + urlencode({"q": NAME_FRAGMENT})
    growth = [
        (page, role, url)
        for role in ("caseworker", "supervisor")
        for page, url in (
            ("case list", "/cases/"),
            ("name search", search),
            ("case page", f"/cases/{case_id}/"),
        )
    ]
    if not full:
        return growth
    return (
        growth
        + [
            (page, role, url)
            for role in ("caseworker", "supervisor")
            for page, url in (
                ("  bare view, same query", "/bench/bare/"),
                ("  admin changelist", "/bench/admin/cases/case/"),
            )
        ]
        + [
            ("dashboard (cache)", "supervisor", "/reports/"),
            ("referral inbox", "desk", "/referrals/"),
            ("/healthz/web", "anonymous", "/healthz/web"),
        ]
    )


def measure(url: str, figures: dict, args, pages, static_root: str, log: Path):
    """Serve the database and run the clients over `pages` [(page, role, URL)]."""
    env = server_environment(url, static_root, args.port)
    server = Server(env, args.port, log, args.python)
    try:
        rows = [Row(figures["name"], page, role, path) for page, role, path in pages]
        pids = server.pids()
        before: dict[str, float] = {}
        after: dict[str, float] = {}

        def read(into: dict[str, float]) -> None:
            # The clients run in this process on the same CPUs: their share is printed too.
            into.update(load=os.getloadavg()[0], cpu=cpu_ms(pids), clients=time.process_time())

        wall = run_clients(args.port, rows, args, lambda: read(before), lambda: read(after))
    finally:
        server.stop()
    requests = sum(len(r.times_ms) for r in rows)
    return rows, {
        "wall": wall,
        "requests": requests,
        "app_ms_per_request": (after["cpu"] - before["cpu"]) / requests,
        "client_ms_per_request": (after["clients"] - before["clients"]) * 1000 / requests,
        "load": (before["load"], after["load"]),
        "workers": len(pids) - 1,
    }


def run_lines(run: dict) -> list[str]:
    return [
        f"gunicorn master + workers from /proc, whole run: {run['app_ms_per_request']:.1f} ms "
        f"CPU per request; the benchmark's clients, on the same CPUs: "
        f"{run['client_ms_per_request']:.1f} ms."
    ]


def table(rows: list[Row], run: dict) -> list[str]:
    header = (
        f"{'page':<24} {'role':<10} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'req/s':>6} "
        f"{'CPU app ms':>10} {'CPU PG ms':>9} {'queries':>7}"
    )
    lines = [header, "-" * len(header)]
    for r in rows:
        # Each row's share of the run's throughput: the run's rate times the row's share.
        rate = len(r.times_ms) / run["wall"]
        lines.append(
            f"{r.page:<24} {r.role:<10} {statistics.median(r.times_ms):>7.0f} "
            f"{r.percentile(0.95):>7.0f} {r.percentile(0.99):>7.0f} {rate:>6.1f} "
            f"{statistics.mean(r.app_us) / 1000:>10.1f} {statistics.mean(r.db_us) / 1000:>9.1f} "
            f"{r.query_count:>7}"
        )
    return lines


def growth(small: list[Row], big: list[Row]) -> list[str]:
    lines = ["", "Growth (the larger database against the smaller, same page and role):"]
    smaller = {(r.page, r.role): r for r in small}
    for r in big:
        s = smaller.get((r.page, r.role))
        if s is None:
            continue
        cpu_small = statistics.mean(s.app_us) + statistics.mean(s.db_us)
        cpu_big = statistics.mean(r.app_us) + statistics.mean(r.db_us)
        p50 = statistics.median(r.times_ms) / statistics.median(s.times_ms)
        lines.append(
            f"  {r.page:<14} {r.role:<10} p50 x{p50:.2f}, CPU app+PG x{cpu_big / cpu_small:.2f} "
            f"({cpu_small / 1000:.1f} -> {cpu_big / 1000:.1f} ms), "
            f"queries {s.query_count} -> {r.query_count}"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=100_000, help="at least this many cases")
    parser.add_argument(
        "--small", type=int, default=10_000, help="cases in the growth database (0: none)"
    )
    parser.add_argument("--rounds", type=int, default=20, help="each client's turns of its pages")
    parser.add_argument("--clients", type=int, default=10, help="concurrent clients per role")
    parser.add_argument(
        "--alone-rounds", type=int, default=100, help="each client's requests of the list alone"
    )
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--python",
        default=sys.executable,
        help="the interpreter that serves, with the project installed (default: this one)",
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--load-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--sample-to", help=argparse.SUPPRESS)
    args = parser.parse_args()
    common.configure_environment(DEFAULT_DATABASE_URL)
    if args.load_only:
        load_child(args)
        return
    args.password = os.environ.get("DEMO_PASSWORD", "coalition-demo-2026")
    big_url = os.environ["DATABASE_URL"]
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d-%H%M")
    log = RESULTS / f"http-{stamp}-gunicorn.log"
    databases = []
    if args.small:
        small_url = re.sub(r"/([^/?]+)(\?|$)", r"/\1_small\2", big_url, count=1)
        databases.append((small_url, args.small, False))
    databases.append((big_url, args.cases, True))
    loaded = [(url, load_database(url, cases, args.seed), full) for url, cases, full in databases]
    static_root = tempfile.mkdtemp(prefix="bench-static-")
    collect_static(server_environment(big_url, static_root, args.port))
    results = []
    for url, figures, full in loaded:
        print(f"Measuring {figures['name']} ({figures['cases']:,} cases)...", flush=True)
        pages = pages_of(figures["case"], full)
        results.append((figures, *measure(url, figures, args, pages, static_root, log)))
    # The target's own terms: the case list alone, --clients caseworkers asking for it at once.
    figures = loaded[-1][1]
    print(f"Measuring the case list alone on {figures['name']}...", flush=True)
    alone_args = argparse.Namespace(**{**vars(args), "rounds": args.alone_rounds})
    alone = measure(loaded[-1][0], figures, alone_args, LIST_ALONE, static_root, log)

    out = [
        f"HTTP benchmark {stamp} UTC: gunicorn (.docker/gunicorn.conf.py), DEBUG off, "
        f"cache {'Redis' if os.environ.get('REDIS_URL') else 'in-process (no REDIS_URL)'}, "
        f"{args.clients} clients per role, {args.rounds} rounds, {os.cpu_count()} CPUs.",
        f"Served by {interpreter(args.python)}.",
        "CPU app = the serving thread's CPU per request; CPU PG = its PostgreSQL backend's "
        "(/proc); both are this request's alone, so they hold on a busy machine.",
        "req/s = the row's requests over the run's wall time (all rows interleaved).",
    ]
    for figures, rows, run in results:
        out += [
            "",
            f"{figures['name']}: {figures['cases']:,} cases, {figures['organisation_cases']:,} in "
            f"the case page's organisation; {run['requests']:,} requests in {run['wall']:.1f} s "
            f"({run['requests'] / run['wall']:.1f} req/s) on {run['workers']} workers; "
            f"load average {run['load'][0]:.2f} before, {run['load'][1]:.2f} after.",
            *run_lines(run),
            *table(rows, run),
        ]
    if len(results) == 2:
        out += growth(results[0][1], results[1][1])
    rows, run = alone
    out += [
        "",
        f"The case list alone on {figures['name']}: {args.clients} caseworkers at once, "
        f"{args.alone_rounds} requests each; {run['requests']:,} requests in {run['wall']:.1f} s "
        f"({run['requests'] / run['wall']:.1f} req/s) on {run['workers']} workers; "
        f"load average {run['load'][0]:.2f} before, {run['load'][1]:.2f} after.",
        *run_lines(run),
        *table(rows, run),
    ]
    text = "\n".join(out) + "\n"
    print("\n" + text)
    path = RESULTS / f"http-{stamp}.txt"
    path.write_text(text)
    print(f"Written to {path.relative_to(common.ROOT)}; server log {log.relative_to(common.ROOT)}.")


if __name__ == "__main__":
    main()
