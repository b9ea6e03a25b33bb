import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from coalition.models import ImportJob

_capture = {}


@pytest.fixture(autouse=True)
def _imports_in_tmp(settings, tmp_path, django_capture_on_commit_callbacks):
    """Files under a temporary folder; the jobs queued on commit run (in process) as the
    request that queued them commits."""
    settings.IMPORT_ROOT = tmp_path / "imports"
    _capture["callbacks"] = django_capture_on_commit_callbacks


def _committing():
    return _capture["callbacks"](execute=True)


def csv_bytes(rows: list[list], encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, kind: str, name: str, data: bytes):
    """Send the file through the page; returns the response and the job it made, if any."""
    with _committing():
        response = client.post(f"/imports/{kind}/", {"file": SimpleUploadedFile(name, data)})
    job = ImportJob.objects.order_by("-pk").first()
    return response, job


def confirm(client, job):
    with _committing():
        response = client.post(f"/imports/job/{job.pk}/confirm/")
    job.refresh_from_db()
    return response, job
