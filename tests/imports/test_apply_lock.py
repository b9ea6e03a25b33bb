"""A confirmed import is applied by one task at a time: a second task for the same job (the
periodic job queues confirmed imports again) skips it while it is being applied."""

import threading

import pytest
from django.db import connection, transaction

from coalition.imports import runner
from coalition.models import ImportJob
from members.models import Staff

from .conftest import confirm, csv_bytes, upload
from .test_members_imports import STAFF_HEADER

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_second_task_skips_an_import_being_applied(as_user, admin_a, monkeypatch):
    data = [STAFF_HEADER, ["a-cw-7", "cw7@example.org", "Case", "caseworker", "en"]]
    client = as_user(admin_a)
    _response, job = upload(client, "staff", "staff.csv", csv_bytes(data))
    from coalition import tasks

    monkeypatch.setattr(tasks.apply_import, "delay", lambda *args: None)  # the lost task
    _response, job = confirm(client, job)
    assert job.status == ImportJob.Status.IMPORTING

    locked, release = threading.Event(), threading.Event()

    def first_task_applying():
        try:
            with transaction.atomic():
                ImportJob.objects.select_for_update().get(pk=job.pk)
                locked.set()
                release.wait(10)
        finally:
            connection.close()

    first = threading.Thread(target=first_task_applying)
    first.start()
    assert locked.wait(10)
    try:
        runner.apply_import(job.pk)  # returns at once: the job is being applied
        job.refresh_from_db()
        assert job.status == ImportJob.Status.IMPORTING
        assert not Staff.objects.filter(user__username="a-cw-7").exists()
    finally:
        release.set()
        first.join()

    runner.apply_import(job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert Staff.objects.filter(user__username="a-cw-7").count() == 1
