"""No Docker engine runs here: check the production stack by parsing its compose file."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_compose_brings_up_the_production_stack():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"db", "redis", "web", "worker", "beat"}
    assert "gunicorn coalition.wsgi" in services["web"]["command"]
    assert "celery -A coalition worker" in services["worker"]["command"]
    assert "celery -A coalition beat" in services["beat"]["command"]
    for name in ("web", "worker", "beat"):
        env = services[name]["environment"]
        assert env["DATABASE_URL"].startswith("postgres://")
        assert env["REDIS_URL"].startswith("redis://")
        assert services[name]["depends_on"]["db"]["condition"] == "service_healthy"
    dockerfile = ROOT / services["web"]["build"]["dockerfile"]
    assert dockerfile.exists()
