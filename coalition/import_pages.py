"""The import pages: choose what to import, read what each column means, download a template,
send a file, watch it being checked, read the preview, confirm, read the result."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.imports import may_exchange_cases
from members.access import staff_of

from . import spreadsheets
from .forms import ImportUploadForm
from .imports import REGISTRY, kinds_for
from .imports.files import FileProblem
from .imports.runner import confirm_import, progress_of, start_import
from .models import ImportJob

ROWS_SHOWN = 500


def _kind_for(request, kind: str):
    entry = REGISTRY.get(kind)
    if entry is None or not entry.may_import(request.user):
        raise Http404
    return entry


def imports_home(request):
    kinds = kinds_for(request.user)
    if not kinds:
        raise PermissionDenied
    jobs = ImportJob.objects.filter(created_by=request.user).select_related("organization")[:20]
    return render(
        request,
        "coalition/imports/home.html",
        {"kinds": kinds, "jobs": jobs, "may_export_cases": may_exchange_cases(request.user)},
    )


def import_page(request, kind: str):
    entry = _kind_for(request, kind)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            form.add_error(
                "file",
                _("The file is larger than %(mb)d MB. Split it into smaller files and send each.")
                % {"mb": settings.IMPORT_MAX_BYTES // (1024 * 1024)},
            )
        else:
            try:
                job = start_import(
                    kind=kind,
                    by=request.user,
                    organization=staff_of(request.user).organization,
                    file_name=upload.name,
                    data=upload.read(),
                )
            except FileProblem as problem:
                form.add_error("file", str(problem))
            else:
                return redirect("import_job", pk=job.pk)
    language = translation.get_language() or "en"
    columns = [
        {
            "header": column.header_for(language),
            "other": column.header_for("en" if language.startswith("ur") else "ur"),
            "help": column.help,
            "required": column.required,
            "choices": getattr(column.widget, "choices", None),
        }
        for column in entry.resource.COLUMNS
    ]
    return render(
        request,
        "coalition/imports/page.html",
        {
            "entry": entry,
            "form": form,
            "columns": columns,
            "max_mb": settings.IMPORT_MAX_BYTES // (1024 * 1024),
        },
    )


def import_template(request, kind: str, fmt: str):
    entry = _kind_for(request, kind)
    language = "ur" if request.GET.get("headers") == "ur" else "en"
    header = [column.header_for(language) for column in entry.resource.COLUMNS]
    rows = entry.example_rows
    if fmt == "xlsx":
        content = spreadsheets.to_xlsx(header, rows, title=kind)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif fmt == "csv":
        content = spreadsheets.to_csv(header, rows)
        content_type = "text/csv; charset=utf-8"
    else:
        raise Http404
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{kind}-template-{language}.{fmt}"'
    return response


def _own_job(request, pk: int) -> ImportJob:
    job = get_object_or_404(
        ImportJob.objects.select_related("organization"), pk=pk, created_by=request.user
    )
    if job.kind not in REGISTRY or not REGISTRY[job.kind].may_import(request.user):
        raise Http404
    return job


def import_job(request, pk: int):
    job = _own_job(request, pk)
    done = progress_of(job) if job.running else job.total_rows
    percent = int(100 * done / job.total_rows) if job.total_rows else 0
    return render(
        request,
        "coalition/imports/job.html",
        {
            "job": job,
            "entry": REGISTRY[job.kind],
            "done": done,
            "percent": min(percent, 100),
            "rows": job.outcomes[:ROWS_SHOWN],
            "more_rows": max(len(job.outcomes) - ROWS_SHOWN, 0),
        },
    )


@require_POST
def import_confirm(request, pk: int):
    job = _own_job(request, pk)
    try:
        confirm_import(job=job, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("import_job", pk=job.pk)
