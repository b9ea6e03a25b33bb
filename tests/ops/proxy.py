"""The compose stack's nginx configuration, made to run on this machine: a throw-away
certificate, gunicorn on a loopback port, and loopback ports of its own."""

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NGINX_CONF = (ROOT / ".docker" / "nginx.conf").read_text()
NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
OPENSSL = shutil.which("openssl")


def local_nginx_config(
    folder: Path, *, upstream: str = "127.0.0.1:8000", http_port: int = 0, https_port: int = 0
) -> Path:
    """Writes the production config with only addresses and paths changed; returns its path."""
    tls = folder / "tls"
    tls.mkdir(parents=True)
    subprocess.run(
        [OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
         "-keyout", str(tls / "privkey.pem"),
         "-out", str(tls / "fullchain.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    text = NGINX_CONF.replace("/etc/nginx/tls", str(tls)).replace("web:8000", upstream)
    text = text.replace("pid /tmp/nginx.pid", f"pid {folder}/nginx.pid")
    if http_port:
        text = text.replace("listen 80 ", f"listen 127.0.0.1:{http_port} ")
    if https_port:
        text = text.replace("listen 443 ", f"listen 127.0.0.1:{https_port} ")
    config = folder / "nginx.conf"
    config.write_text(text)
    return config
