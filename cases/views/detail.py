"""The case page and its sub-pages: notes, documents, services, legal track, history."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import queries, services
from .. import vocabularies as v
from ..access import access_to
from ..forms import (
    DocumentForm,
    FirstHearingForm,
    FollowUpForm,
    HearingForm,
    LegalProceedingForm,
    NoteForm,
    ServiceDeliveryForm,
)
from ..history import history_rows
from ..models import Accused, Case, Document, Hearing, LegalProceeding
from ..panels import actions_for, panels_for


def _visible_case(request, pk: int) -> Case:
    return get_object_or_404(Case.objects.visible_to(request.user), pk=pk)


def _done(request, form, write) -> bool:
    """Run a service's write; a refusal becomes a form error (or a 404 when the user may not)."""
    try:
        write()
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


def _require_section(access, section: str) -> None:
    if not access.can_open(section):
        raise Http404


def case_page(request, pk: int):
    case, access = queries.case_page(request.user, pk)
    services.record_case_view(case=case, by=request.user)
    for proceeding in case.page_proceedings:
        proceeding.changeable = access.may_change("change_legal", proceeding)
    context = {
        "case": case,
        "access": access,
        "notes": queries.notes_of(request.user, access, latest=5) if access.shows("notes") else [],
        "follow_up_form": FollowUpForm(initial={"next_follow_up": case.next_follow_up}),
        **v.section_tags(case),
        "legal_stages": v.LegalStage.choices,
        "panels": panels_for(request.user, case, access),
        "actions": actions_for(case, access),
        "consent_events": queries.consent_history_of(request.user, case) if access.full else [],
    }
    return render(request, "cases/detail.html", context)


def notes(request, pk: int):
    case = _visible_case(request, pk)
    access = access_to(request.user, case)
    _require_section(access, "notes")
    form = NoteForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid() and _done(
            request,
            form,
            lambda: services.add_note(case=case, by=request.user, **form.cleaned_data),
        ):
            messages.success(request, _("Note added."))
            return redirect("cases:notes", pk=case.pk)
    else:
        services.record_case_view(case=case, by=request.user, page="notes")
    return render(
        request,
        "cases/notes.html",
        {
            "case": case,
            "access": access,
            "form": form,
            "notes": queries.notes_of(request.user, access),
        },
    )


def documents(request, pk: int):
    case = _visible_case(request, pk)
    access = access_to(request.user, case)
    _require_section(access, "documents")
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid() and _done(
            request,
            form,
            lambda: services.add_document(
                case=case,
                by=request.user,
                uploaded=form.cleaned_data["upload"],
                doc_type=form.cleaned_data["doc_type"],
                description=form.cleaned_data["description"],
                confidential=form.cleaned_data["confidential"],
                content_type=form.content_type,
            ),
        ):
            messages.success(request, _("Document uploaded."))
            return redirect("cases:documents", pk=case.pk)
    else:
        services.record_case_view(case=case, by=request.user, page="documents")
    return render(
        request,
        "cases/documents.html",
        {
            "case": case,
            "access": access,
            "form": form,
            "documents": queries.documents_of(access),
        },
    )


def document_download(request, pk: int, document_id: int):
    case = _visible_case(request, pk)
    access = access_to(request.user, case)
    _require_section(access, "documents")
    document = get_object_or_404(Document.objects.of_case(access), pk=document_id)
    services.record_document_download(document=document, by=request.user)
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(
        document.content_type, "bin"
    )
    response = FileResponse(
        document.file.open("rb"),
        content_type=document.content_type,
        as_attachment=True,
        filename=f"{case.number}-{document.get_doc_type_display()}-{document.pk}.{extension}",
    )
    response["Cache-Control"] = "no-store, private"
    return response


def services_delivered(request, pk: int):
    case = _visible_case(request, pk)
    access = access_to(request.user, case)
    _require_section(access, "services")
    if request.method == "GET":
        services.record_case_view(case=case, by=request.user, page="services")
    form = ServiceDeliveryForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _done(
            request,
            form,
            lambda: services.record_service(case=case, by=request.user, **form.cleaned_data),
        )
    ):
        messages.success(request, _("Service recorded."))
        return redirect("cases:detail", pk=case.pk)
    return render(
        request,
        "cases/form_page.html",
        {"case": case, "form": form, "title": _("Record a service")},
    )


def legal_new(request, pk: int):
    case = _visible_case(request, pk)
    access = access_to(request.user, case)
    _require_section(access, "legal")
    if not access.permits("add_legal"):
        raise Http404
    if request.method == "GET":
        services.record_case_view(case=case, by=request.user, page="legal")
    form = LegalProceedingForm(request.POST or None, case=case)
    hearing_form = FirstHearingForm(request.POST or None, prefix="hearing")
    if request.method == "POST" and form.is_valid() and hearing_form.is_valid():
        proceeding = form.save(commit=False)
        proceeding.case = case
        hearing = hearing_form.cleaned_data
        if _done(
            request,
            form,
            lambda: services.open_proceeding(
                proceeding=proceeding,
                by=request.user,
                first_hearing=hearing["date"],
                purpose=hearing["purpose"],
            ),
        ):
            messages.success(request, _("Legal proceeding added."))
            return redirect("cases:detail", pk=case.pk)
    return render(
        request,
        "cases/legal_new.html",
        {
            "case": case,
            "form": form,
            "hearing_form": hearing_form,
            "title": _("Add a complaint or FIR"),
        },
    )


def legal_edit(request, pk: int, proceeding_id: int):
    case = _visible_case(request, pk)
    access = access_to(request.user, case)
    _require_section(access, "legal")
    proceeding = get_object_or_404(LegalProceeding.objects.of_case(access), pk=proceeding_id)
    if not access.permits("change_legal", proceeding):
        raise Http404
    if request.method == "GET":
        services.record_case_view(case=case, by=request.user, page="legal")
    form = LegalProceedingForm(request.POST or None, instance=proceeding, case=case)
    hearing_form = HearingForm(request.POST or None, prefix="hearing")
    if request.method == "POST":
        if "add_hearing" in request.POST:
            if hearing_form.is_valid() and _done(
                request,
                hearing_form,
                lambda: services.add_hearing(
                    proceeding=proceeding,
                    by=request.user,
                    on=hearing_form.cleaned_data["date"],
                    purpose=hearing_form.cleaned_data["purpose"],
                    result=hearing_form.cleaned_data["result"],
                ),
            ):
                messages.success(request, _("Hearing added."))
                return redirect("cases:legal_edit", pk=case.pk, proceeding_id=proceeding.pk)
            form = LegalProceedingForm(instance=proceeding, case=case)
        elif form.is_valid() and _done(
            request,
            form,
            lambda: services.save_proceeding(
                proceeding=form.save(commit=False), by=request.user, changed=form.changed_data
            ),
        ):
            messages.success(request, _("Legal proceeding saved."))
            return redirect("cases:detail", pk=case.pk)
    return render(
        request,
        "cases/legal_edit.html",
        {
            "case": case,
            "form": form,
            "hearing_form": hearing_form,
            "proceeding": proceeding,
            "hearings": Hearing.objects.of_case(access).filter(proceeding=proceeding),
            "accused": Accused.objects.of_case(access).filter(proceeding=proceeding),
        },
    )


def history(request, pk: int):
    case = _visible_case(request, pk)
    access = access_to(request.user, case)
    if not access.may["view_history"]:
        raise Http404
    services.record_case_view(case=case, by=request.user, page="history")
    return render(
        request,
        "cases/history.html",
        {
            "case": case,
            "access": access,
            "changes": history_rows(list(queries.history_of(access)[:200])),
            "views": queries.access_entries_of(request.user, case, access)[:200],
        },
    )


@require_POST
def follow_up(request, pk: int):
    case = _visible_case(request, pk)
    if not access_to(request.user, case).permits("set_follow_up"):
        raise Http404
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a valid date."))
    elif _done(
        request,
        form,
        lambda: services.set_follow_up(
            case=case, by=request.user, on=form.cleaned_data["next_follow_up"]
        ),
    ):
        messages.success(request, _("Follow-up date saved."))
    else:
        messages.error(request, " ".join(form.non_field_errors()))
    return redirect("cases:detail", pk=case.pk)
