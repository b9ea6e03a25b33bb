"""The image serves: its static files are built with production settings, and the login page,
the static files and a PDF export work with the manifest storage and DEBUG off."""

import re
from pathlib import Path

import pytest
import yaml
from django.contrib.staticfiles.storage import staticfiles_storage
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = (ROOT / ".docker" / "Dockerfile").read_text()
PRODUCTION_STATIC = "whitenoise.storage.CompressedManifestStaticFilesStorage"


def run_steps() -> list[str]:
    """The Dockerfile's RUN instructions, continuation lines joined."""
    joined = DOCKERFILE.replace("\\\n", " ")
    return [line[4:] for line in joined.splitlines() if line.startswith("RUN ")]


@pytest.fixture
def production_static(settings, built_static):
    settings.DEBUG = False
    settings.STATIC_ROOT = built_static
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": PRODUCTION_STATIC}}
    return built_static


def test_the_image_builds_its_static_files_with_the_shared_script_and_production_settings():
    steps = run_steps()
    assert any("sh .docker/build-static.sh" in step for step in steps)
    assert not re.search(r"\bDEBUG=1\b", DOCKERFILE)


def test_the_image_has_weasyprints_libraries_pg_dump_and_runs_as_a_plain_user():
    packages = " ".join(run_steps())
    needed = ("libpango-1.0-0", "libpangoft2-1.0-0", "fonts-dejavu-core", "postgresql-client")
    for package in needed:
        assert package in packages
    users = re.findall(r"^USER (\S+)", DOCKERFILE, flags=re.MULTILINE)
    assert users and users[-1] not in {"root", "0"}
    assert "gunicorn.conf.py" in DOCKERFILE


def test_the_login_page_renders_with_the_manifest_storage(db, production_static):
    response = Client().get("/accounts/login/")
    assert response.status_code == 200
    hashed = staticfiles_storage.url("favicon.svg")
    assert re.search(r"favicon\.[0-9a-f]{12}\.svg", hashed)
    assert hashed in response.content.decode()


def test_collected_static_files_are_served_with_a_long_cache(db, production_static):
    response = Client().get(staticfiles_storage.url("vendor/chart.umd.min.js"))
    assert response.status_code == 200
    assert "immutable" in response["Cache-Control"]


def test_a_pdf_export_renders_with_the_manifest_storage(
    db, production_static, supervisor_a, django_capture_on_commit_callbacks
):
    from coalition.reports.models import StoredReport

    client = Client()
    client.force_login(supervisor_a.user)
    with django_capture_on_commit_callbacks(execute=True):  # the report job, as the button asks
        client.post("/reports/request/", {"year": "2026", "part": "q1"})
    stored = StoredReport.objects.get()
    response = client.get(f"/reports/stored/{stored.pk}/files/pdf-en/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_every_volume_the_app_writes_is_made_in_the_image_for_its_user():
    """A named volume mounted where the image has no directory is created owned by root, and
    the app (uid 10001) cannot write it: imports failed so. Each one the app's containers
    mount is made, owned by the app and closed to others in the image."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    named = set(compose["volumes"])
    app_paths = {
        mount.split(":")[1]
        for service in compose["services"].values()
        if service.get("build") or "coalition" in str(service.get("image", ""))
        for mount in service.get("volumes", [])
        if mount.split(":")[0] in named and not mount.endswith(":ro")
    }
    made = re.search(r"mkdir -p ([^\\&]+)", DOCKERFILE).group(1).split()
    owned = re.search(r"chown app:app ([^\\&]+)", DOCKERFILE).group(1).split()
    assert app_paths and app_paths <= set(made) and app_paths <= set(owned)
    assert "/data/private-imports" in app_paths
