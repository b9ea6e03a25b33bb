"""Importing staff (invited by email, never a password) and the directory."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from coalition.imports import runner
from coalition.models import ImportJob
from members.models import Organization, RoleChangeRequest, Staff

from .conftest import confirm, csv_bytes, upload, xlsx_bytes

STAFF_HEADER = ["User name", "Email", "First name", "Role", "Language"]


def test_org_admin_imports_staff_who_are_invited_by_email(as_user, admin_a, org_a, mailoutbox):
    client = as_user(admin_a)
    data = [
        STAFF_HEADER,
        ["a-admin-9", "admin9@example.org", "Second", "org_admin", "ur"],
        ["a-cw-9", "cw9@example.org", "Case", "caseworker", "en"],
    ]
    _response, job = upload(client, "staff", "staff.xlsx", xlsx_bytes(data))
    assert job.counts == {"new": 2, "update": 0, "skip": 0}, job.errors
    assert not Staff.objects.filter(user__username="a-admin-9").exists()
    _response, job = confirm(client, job)
    assert job.status == ImportJob.Status.DONE
    second = Staff.objects.get(user__username="a-admin-9")
    assert second.organization == org_a and second.language == "ur"
    assert not second.user.has_usable_password()
    assert second.user.is_active  # reads nothing the admin does not: given at once
    caseworker = Staff.objects.get(user__username="a-cw-9")
    assert not caseworker.user.is_active  # waits for a supervisor, as on the staff page
    assert RoleChangeRequest.objects.filter(staff=caseworker, status="pending").exists()
    assert [m.to for m in mailoutbox] == [["admin9@example.org"]]


def test_reimporting_staff_creates_no_second_account(as_user, admin_a):
    client = as_user(admin_a)
    data = csv_bytes(
        [STAFF_HEADER, ["a-desk-9", "desk9@example.org", "Desk", "referral_desk", "en"]]
    )
    confirm(client, upload(client, "staff", "s.csv", data)[1])
    _response, job = upload(client, "staff", "s.csv", data)
    assert job.counts == {"new": 0, "update": 0, "skip": 1}
    assert get_user_model().objects.filter(username="a-desk-9").count() == 1


def test_a_staff_file_with_a_password_column_is_refused(as_user, admin_a):
    data = csv_bytes(
        [[*STAFF_HEADER, "Password"], ["x", "x@example.org", "", "caseworker", "en", "secret"]]
    )
    _response, job = upload(as_user(admin_a), "staff", "s.csv", data)
    assert job.status == ImportJob.Status.REJECTED
    assert "passwords are never sent in a file" in job.errors[0]["message"]


def test_org_admin_cannot_import_a_secretariat_role(as_user, admin_a):
    data = csv_bytes([STAFF_HEADER, ["a-sa", "sa@example.org", "", "secretariat_admin", "en"]])
    _response, job = upload(as_user(admin_a), "staff", "s.csv", data)
    assert job.status == ImportJob.Status.REJECTED
    assert job.errors[0]["row"] == 2
    assert not Staff.objects.filter(user__username="a-sa").exists()


def test_caseworker_cannot_import_staff_or_the_directory(as_user, caseworker_a):
    client = as_user(caseworker_a)
    assert client.get("/imports/staff/").status_code == 404
    assert client.get("/imports/directory/").status_code == 404
    assert client.get("/imports/").status_code == 403


DIRECTORY_HEADER = ["Short name", "Name", "Kind", "Head office district", "Email"]


def test_secretariat_imports_the_directory_and_reimport_updates(as_user, secretariat_admin):
    client = as_user(secretariat_admin)
    data = [
        DIRECTORY_HEADER,
        ["FIA-LHR", "FIA Anti Human Trafficking Circle Lahore (test)", "fia", "Lahore", ""],
        ["LAS", "Legal Aid Society", "member", "Karachi South", "info@example.org"],
    ]
    _response, job = upload(client, "directory", "d.csv", csv_bytes(data))
    assert job.counts == {"new": 1, "update": 1, "skip": 0}, job.errors
    confirm(client, job)
    fia = Organization.objects.get(short_name="FIA-LHR")
    assert fia.kind == "fia" and not fia.is_coalition_member
    assert Organization.objects.get(short_name="LAS").head_office_district == "Karachi South"
    _response, job = upload(client, "directory", "d.csv", csv_bytes(data))
    assert job.counts == {"new": 0, "update": 0, "skip": 2}


def test_directory_row_with_a_bad_email_is_reported(as_user, secretariat_admin):
    data = [DIRECTORY_HEADER, ["NEW1", "New (test)", "member", "", "not-an-email"]]
    _response, job = upload(as_user(secretariat_admin), "directory", "d.csv", csv_bytes(data))
    assert [(e["row"], e["column"]) for e in job.errors] == [(2, "Email")]


def test_org_admin_cannot_import_the_directory(as_user, admin_a):
    assert as_user(admin_a).get("/imports/directory/").status_code == 404


def test_a_check_never_queued_is_queued_again_once_none_could_be_running(as_user, admin_a):
    """The broker was down as the file was uploaded: its check was never queued, and the job
    stayed 'being checked'. The periodic job queues it again, once no check of it could still
    be running."""
    data = [STAFF_HEADER, ["a-cw-8", "cw8@example.org", "Case", "caseworker", "en"]]
    client = as_user(admin_a)
    client.post("/imports/staff/", {"file": SimpleUploadedFile("staff.csv", csv_bytes(data))})
    job = ImportJob.objects.get()  # its check, queued on commit, never ran
    assert job.status == ImportJob.Status.CHECKING
    assert runner.resume_stalled() == 0  # it may still be in the queue, or running
    ImportJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - timedelta(seconds=settings.REPORT_BUILD_STALE_SECONDS + 1)
    )
    assert runner.resume_stalled() == 1  # run in process in the tests
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEWED and job.counts["new"] == 1
    assert "imports-resume-stalled" in settings.CELERY_BEAT_SCHEDULE


def test_a_confirmed_import_never_queued_is_applied_by_the_periodic_job(as_user, admin_a):
    """The broker was down as the import was confirmed: the job stayed 'importing' with its
    file kept. The periodic job queues it again, and once applied it is not applied twice."""
    data = [STAFF_HEADER, ["a-cw-9", "cw9@example.org", "Case", "caseworker", "en"]]
    client = as_user(admin_a)
    _response, job = upload(client, "staff", "staff.csv", csv_bytes(data))
    assert job.status == ImportJob.Status.PREVIEWED
    client.post(f"/imports/job/{job.pk}/confirm/")  # its task, queued on commit, never ran
    job.refresh_from_db()
    assert job.status == ImportJob.Status.IMPORTING

    assert runner.resume_stalled() == 1  # run in process in the tests
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert Staff.objects.filter(user__username="a-cw-9").count() == 1
    assert runner.resume_stalled() == 0
    runner.apply_import(job.pk)  # a late duplicate of the lost task
    assert Staff.objects.filter(user__username="a-cw-9").count() == 1
