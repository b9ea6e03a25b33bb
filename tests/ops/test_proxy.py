"""nginx itself accepts the compose stack's proxy configuration."""

import subprocess

import pytest

from .proxy import NGINX, OPENSSL, local_nginx_config


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
