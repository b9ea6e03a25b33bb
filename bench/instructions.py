"""Instructions a page costs, counted by callgrind: what CPU time cannot show on a busy machine.

    .venv/bin/python bench/instructions.py [--requests 20] [--page "case list"] ...

The development machines' speed drifts by half within an hour, so CPU milliseconds cannot tell
a 5% change from the weather. Callgrind (valgrind's) counts the instructions a program runs,
the same whatever else the machine does. For each page of `over_http.py` (its large database,
loaded by it when missing), this script runs a child Python under callgrind twice, signed in
with Django's test client as the page's role, with the server's settings
(bench/http_settings.py, DEBUG off, Redis when REDIS_URL is set): once making --requests
requests after 15 unmeasured ones, once making none, after a run outside callgrind has filled
the shared cache. The difference over --requests is what one request costs, the test client's
own share (about 1 M) included.

To compare two commits, run it in a worktree of each (`git worktree add /tmp/before <commit>`,
then `cd /tmp/before && /path/to/.venv/bin/python bench/instructions.py`): the child imports
the code of the tree the script is in. Each page takes about two minutes.
"""

import argparse
import gc
import os
import re
import shutil
import subprocess
import sys
import tempfile

import common
import over_http

PAGES = ["case list", "name search", "case page", "dashboard (cache)", "referral inbox"]
WARM_UP = 15


def serve(url: str, username: str, requests: int) -> None:
    """The child: `requests` requests of `url` as `username`, after the warm-up."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    for _ in range(WARM_UP):
        status = client.get(url).status_code
        if status != 200:
            sys.exit(f"{url} answered {status} to {username}")
    gc.collect()
    gc.freeze()  # as the server does once warm (.docker/gunicorn.conf.py)
    for _ in range(requests):
        client.get(url)


def instructions(url: str, username: str, requests: int, env: dict[str, str]) -> int:
    valgrind = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]
    command = [*valgrind, *serving(url, username, requests)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603 - our own
    found = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode or found is None:
        sys.exit(f"callgrind failed on {url}:\n{done.stderr[-2000:]}")
    return int(found[1])


def serving(url: str, username: str, requests: int) -> list[str]:
    return [sys.executable, __file__, "--serve", url, username, str(requests)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=20, help="measured requests a page")
    parser.add_argument(
        "--page", action="append", choices=PAGES, help="only these pages (default: all)"
    )
    parser.add_argument("--cases", type=int, default=100_000, help="at least this many cases")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--serve", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        url, username, requests = args.serve
        serve(url, username, int(requests))
        return
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (Debian: apt-get install valgrind).")
    common.configure_environment(over_http.DEFAULT_DATABASE_URL)
    database_url = os.environ["DATABASE_URL"]
    figures = over_http.load_database(database_url, args.cases, args.seed)
    static_root = tempfile.mkdtemp(prefix="bench-static-")
    env = over_http.server_environment(database_url, static_root, port=0)
    env["ALLOWED_HOSTS"] = "testserver"  # the test client's host
    over_http.collect_static(env)
    wanted = set(args.page or PAGES)
    rows = [
        (page, role, url)
        for page, role, url in over_http.pages_of(figures["case"], full=True)
        if page in wanted
    ]
    print(
        f"{figures['name']}: {figures['cases']:,} cases. Instructions per request (millions), "
        f"{args.requests} requests after {WARM_UP}, code of {common.ROOT}:"
    )
    for page, role, url in rows:
        username = over_http.ROLES[role]
        # Once outside callgrind first: what the page keeps in the shared cache (a dashboard's
        # figures, counted on a miss) is then there for both counted runs alike.
        subprocess.run(serving(url, username, 0), env=env, check=True)  # noqa: S603 - our own
        idle = instructions(url, username, 0, env)
        busy = instructions(url, username, args.requests, env)
        print(f"  {page:<20} {role:<11} {(busy - idle) / args.requests / 1e6:7.2f}", flush=True)


if __name__ == "__main__":
    main()
