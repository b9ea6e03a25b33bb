"""No Docker engine runs here: check the production stack by parsing its compose file (and the
proxy's configuration, which tests/ops/test_proxy.py also gives to nginx itself)."""

import re
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_TEXT = (ROOT / "docker-compose.yml").read_text()
COMPOSE = yaml.safe_load(COMPOSE_TEXT)
SERVICES = COMPOSE["services"]
APP_SERVICES = ("web", "worker", "beat")
NGINX_CONF = (ROOT / ".docker" / "nginx.conf").read_text()


def command_of(name: str) -> str:
    command = SERVICES[name]["command"]
    return command if isinstance(command, str) else " ".join(command)


def without_variables(text: str) -> str:
    """The text with each ${VARIABLE...} (filled in from .env by compose) as `VARIABLE`."""
    return re.sub(r"\$\{(\w+)[^}]*\}", r"\1", text)


def database_user(name: str) -> str:
    return urlsplit(without_variables(SERVICES[name]["environment"]["DATABASE_URL"])).username


def seconds(duration: str) -> int:
    units = {"s": 1, "m": 60, "h": 3600}
    return sum(int(n) * units[u] for n, u in re.findall(r"(\d+)([smh])", duration))


def test_compose_brings_up_the_production_stack():
    assert set(SERVICES) == {
        "db", "redis", "cache", "migrate", "web", "proxy", "worker", "beat", "backup"
    }  # fmt: skip
    assert "gunicorn" in command_of("web")
    assert ".docker/gunicorn.conf.py" in command_of("web")
    assert "celery -A coalition worker" in command_of("worker")
    assert "celery -A coalition beat" in command_of("beat")
    for name in (*APP_SERVICES, "backup"):
        assert SERVICES[name]["depends_on"]["db"]["condition"] == "service_healthy"
        assert SERVICES[name]["depends_on"]["migrate"]["condition"] == (
            "service_completed_successfully"
        )
    assert (ROOT / SERVICES["web"]["build"]["dockerfile"]).exists()


def test_no_secret_is_written_in_the_compose_file():
    keys = re.findall(r"^\s*(\w*(?:PASSWORD|SECRET)\w*):\s*(.+)$", COMPOSE_TEXT, re.MULTILINE)
    assert len(keys) == 3
    for key, value in keys:
        assert value.startswith("${" + key + ":?"), key
    urls = re.findall(r"postgres://\S+", without_variables(COMPOSE_TEXT))
    assert urls
    for url in urls:
        assert urlsplit(url).password in {"APP_DB_PASSWORD", "OWNER_DB_PASSWORD"}
    assert SERVICES["web"]["env_file"] == ".env"


def test_the_app_connects_as_a_role_that_owns_no_table():
    for name in APP_SERVICES:
        assert database_user(name) == "coalition_app"
    assert database_user("migrate") == "coalition_owner"
    assert "migrate --no-input" in command_of("migrate")
    assert "grant_app_role coalition_app" in command_of("migrate")


def test_the_stack_does_not_start_on_settings_check_deploy_refuses():
    """A missing encryption key (coalition.E001), a hash key, or keys that do not open what is
    stored (coalition.E004, a database check) stop the stack at `migrate`, which `web`,
    `worker` and `beat` wait for, instead of failing at the first case read."""
    steps = command_of("migrate").split("&&")
    assert "check --deploy --database default --fail-level ERROR" in steps[0]
    assert "migrate --no-input" in steps[1]
    for name in ("web", "worker", "beat"):
        assert SERVICES[name]["depends_on"]["migrate"]["condition"] == (
            "service_completed_successfully"
        )
    init = SERVICES["db"]["volumes"][1]
    assert init.startswith("./.docker/postgres-init.sh:/docker-entrypoint-initdb.d/")
    assert "NOSUPERUSER" in (ROOT / ".docker" / "postgres-init.sh").read_text()


def test_beat_keeps_its_schedule_on_a_volume():
    schedule = re.search(r"--schedule=(\S+)", command_of("beat")).group(1)
    volume, mount = SERVICES["beat"]["volumes"][0].split(":")[:2]
    assert volume in COMPOSE["volumes"]
    assert schedule.startswith(mount + "/")


def test_worker_and_beat_have_health_checks_and_the_worker_time_to_finish_its_tasks():
    assert "inspect ping" in " ".join(SERVICES["worker"]["healthcheck"]["test"])
    assert "check_heartbeat" in SERVICES["beat"]["healthcheck"]["test"]
    assert "/healthz/web" in " ".join(SERVICES["web"]["healthcheck"]["test"])
    grace = seconds(SERVICES["worker"]["stop_grace_period"])
    assert grace > max(settings.CELERY_TASK_TIME_LIMIT, settings.REPORT_BUILD_TIME_LIMIT)


def test_redis_never_evicts_queued_tasks():
    command = SERVICES["redis"]["command"]
    assert command[command.index("--maxmemory-policy") + 1] == "noeviction"
    assert "--maxmemory" in command


def test_the_cache_has_a_redis_of_its_own_that_evicts():
    """A full cache must not make the queue's Redis (noeviction) refuse tasks: the cache is a
    second Redis, dropping least recently used keys and keeping nothing on disk."""
    environment = COMPOSE["x-app-environment"]
    assert urlsplit(environment["CACHE_URL"]).hostname == "cache"
    assert urlsplit(environment["REDIS_URL"]).hostname == "redis"
    command = SERVICES["cache"]["command"]
    assert command[command.index("--maxmemory-policy") + 1] == "allkeys-lru"
    assert command[command.index("--appendonly") + 1] == "no"
    assert "volumes" not in SERVICES["cache"]
    for name in (*APP_SERVICES, "migrate"):
        assert SERVICES[name]["environment"]["CACHE_URL"] == environment["CACHE_URL"]
    for name in APP_SERVICES:
        assert SERVICES[name]["depends_on"]["cache"]["condition"] == "service_healthy"


def test_a_backup_service_writes_daily_backups_to_a_volume():
    assert "manage.py backup" in command_of("backup")
    assert "sleep 86400" in command_of("backup")
    volumes = SERVICES["backup"]["volumes"]
    assert "private-media:/data/private-media:ro" in volumes
    assert "backups:/data/backups" in volumes
    assert SERVICES["backup"]["environment"]["BACKUP_ROOT"] == "/data/backups"
    assert database_user("backup") == "coalition_owner"


def test_only_the_proxy_is_published_and_the_database_matches_the_images_pg_dump():
    assert "ports" not in SERVICES["web"]
    assert SERVICES["proxy"]["ports"] == ["80:80", "443:443"]
    assert "./.docker/nginx.conf:/etc/nginx/nginx.conf:ro" in SERVICES["proxy"]["volumes"]
    dockerfile = (ROOT / ".docker" / "Dockerfile").read_text()
    assert "slim-bookworm" in dockerfile  # bookworm's postgresql-client is version 15
    assert SERVICES["db"]["image"] == "postgres:15"


def test_the_proxy_buffers_and_limits_requests_to_the_upload_size():
    directives = dict(re.findall(r"^\s*(\w+)\s+([^;{]+);", NGINX_CONF, flags=re.MULTILINE))
    assert directives["proxy_buffering"] == "on"
    assert directives["proxy_request_buffering"] == "on"
    limit_mb = int(directives["client_max_body_size"].rstrip("m"))
    upload_mb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
    assert upload_mb < limit_mb <= upload_mb + 4
    for timeout in ("client_body_timeout", "client_header_timeout", "proxy_read_timeout"):
        assert timeout in directives
    assert "server web:8000;" in NGINX_CONF


def test_secrets_and_certificates_stay_out_of_the_image():
    ignored = (ROOT / ".dockerignore").read_text().split()
    for path in (".env", "tls", "backups", "private-media", ".git"):
        assert path in ignored
