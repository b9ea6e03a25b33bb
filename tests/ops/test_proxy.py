"""The proxy and gunicorn configurations: nginx itself accepts the proxy's, gunicorn's workers are
sized for the machine, and neither logs a query string."""

import gc
import os
import re
import runpy
import subprocess
from unittest import mock

import pytest

from .proxy import NGINX, NGINX_CONF, OPENSSL, ROOT, local_nginx_config


@pytest.mark.skipif(not NGINX, reason="nginx is not installed (.ci/run installs it)")
@pytest.mark.skipif(not OPENSSL, reason="openssl makes the test certificate")
def test_nginx_accepts_the_proxy_configuration(tmp_path):
    config = local_nginx_config(tmp_path)
    result = subprocess.run(
        [NGINX, "-t", "-c", str(config), "-p", str(tmp_path)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def gunicorn_settings(**env: str) -> dict:
    with mock.patch.dict(os.environ, env):
        return runpy.run_path(str(ROOT / ".docker" / "gunicorn.conf.py"))


def test_gunicorn_runs_threaded_workers_sized_for_the_machine():
    config = gunicorn_settings()
    assert config["worker_class"] == "gthread"
    assert config["workers"] == min(2 * config["cores"](), 8)
    assert config["threads"] >= 2
    assert gunicorn_settings(GUNICORN_WORKERS="3", GUNICORN_THREADS="8")["workers"] == 3


def test_the_collector_no_longer_walks_the_app_nor_what_a_warm_worker_keeps():
    config = gunicorn_settings()
    assert config["preload_app"] is True
    worker = mock.Mock(nr=1)
    try:
        config["pre_fork"](server=None, worker=worker)
        frozen_at_fork = gc.get_freeze_count()
        assert frozen_at_fork > 0
        kept = [[] for _ in range(1000)]
        config["post_request"](worker, None, {}, None)
        assert gc.get_freeze_count() == frozen_at_fork  # still warming up
        worker.nr = config["WARM_AFTER_REQUESTS"]
        config["post_request"](worker, None, {}, None)
        assert gc.get_freeze_count() >= frozen_at_fork + len(kept)
    finally:
        gc.unfreeze()


def test_request_logs_hold_the_path_never_the_query_string():
    log_format = gunicorn_settings()["access_log_format"]
    assert "%(U)s" in log_format
    assert not {"%(r)s", "%(q)s", "%(a)s", "%(f)s"} & set(re.findall(r"%\(\w+\)s", log_format))
    nginx_format = re.search(r"log_format path_only (.*?);", NGINX_CONF, re.DOTALL).group(1)
    assert "$uri" in nginx_format
    assert not {"$request", "$request_uri", "$args", "$query_string"} & set(
        re.findall(r"\$\w+", nginx_format)
    )
