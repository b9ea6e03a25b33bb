"""Pages of the full record: perpetrators and their network, events, the migrant smuggling
record, identity documents, the accused of a proceeding, and the summary for police or FIA.

The views only ask what to show; cases/services/record.py decides what may be written."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services
from ..access import access_to
from ..models import Hearing, LegalProceeding
from ..record_forms import (
    AccusedForm,
    CaseEventForm,
    HearingResultForm,
    IdentityDocumentForm,
    PerpetratorForm,
    PerpetratorLinkForm,
    SmugglingRecordForm,
)
from ..record_models import Accused, CaseEvent, IdentityDocument, Perpetrator, SmugglingRecord
from ..services import record
from .detail import _done, _require_section, _visible_case


def _row_or_404(model, request, case, row_id):
    return get_object_or_404(model.objects.visible_to(request.user).filter(case=case), pk=row_id)


def _may_write(access, add: str, change: str, row) -> bool:
    return access.permits(add) if row.pk is None else access.permits(change, row)


def _logged_view(request, case) -> None:
    """A GET of a page of the full record shows what the case holds (a perpetrator's
    identifiers, the family contact): logged as the record page is, under the page's URL name
    (`case.viewed.record.event`, …). The write a POST makes is logged by its service."""
    if request.method == "GET":
        page = f"record.{request.resolver_match.url_name}"
        services.record_case_view(case=case, by=request.user, page=page)


def _form_page(request, case, form, title, *, extra=None):
    _logged_view(request, case)
    return render(
        request,
        "cases/record/form.html",
        {"case": case, "form": form, "title": title, **(extra or {})},
    )


def record_page(request, pk: int):
    """The people, events and documents around the case, by section."""
    case = _visible_case(request, pk)
    access = access_to(request.user, case)
    if not (access.shows("exploitation") or access.shows("contact")):
        raise Http404
    user = request.user
    services.record_case_view(case=case, by=user, page="record")
    context = {"case": case, "access": access}
    if access.shows("exploitation"):
        perpetrators = list(
            Perpetrator.objects.visible_to(user).filter(case=case).order_by("created_at", "id")
        )
        for p in perpetrators:
            p.changeable = access.may_change("change_exploitation_detail", p)
        events = list(
            CaseEvent.objects.visible_to(user)
            .filter(case=case)
            .prefetch_related(
                Prefetch("perpetrators", queryset=Perpetrator.objects.visible_to(user))
            )
            .order_by("started_on", "id")
        )
        for e in events:
            e.changeable = access.may_change("change_exploitation_detail", e)
        smuggling = SmugglingRecord.objects.visible_to(user).filter(case=case).first()
        context.update(
            perpetrators=perpetrators,
            events=events,
            smuggling=smuggling,
            smuggling_changeable=smuggling is not None
            and access.may_change("change_exploitation_detail", smuggling),
        )
    if access.shows("contact"):
        context["identity_documents"] = IdentityDocument.objects.visible_to(user).filter(case=case)
    return render(request, "cases/record/page.html", context)


def perpetrator(request, pk: int, row_id: int | None = None):
    case = _visible_case(request, pk)
    access = access_to(request.user, case)
    _require_section(access, "exploitation")
    row = _row_or_404(Perpetrator, request, case, row_id) if row_id else Perpetrator(case=case)
    if not _may_write(access, "add_exploitation_detail", "change_exploitation_detail", row):
        raise Http404
    form = PerpetratorForm(request.POST or None, instance=row)
    if not access.full:  # identifiers are shown and written only with full access
        del form.fields["cnic"], form.fields["phone"]
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        if _done(
            request,
            form,
            lambda: record.save_perpetrator(
                perpetrator=saved, by=request.user, changed=form.changed_data
            ),
        ):
            messages.success(request, _("Perpetrator saved."))
            return redirect("cases:record", pk=case.pk)
    extra = {}
    if row.pk:
        extra["network_url"] = reverse("cases:perpetrator_network", args=[case.pk, row.pk])
    return _form_page(
        request,
        case,
        form,
        _("Perpetrator") if row.pk else _("Add a perpetrator"),
        extra=extra,
    )


def perpetrator_network(request, pk: int, row_id: int):
    """Who else this perpetrator is, in the user's organisation's cases that the user sees; and
    the form that links them."""
    case = _visible_case(request, pk)
    access = access_to(request.user, case)
    _require_section(access, "exploitation")
    row = _row_or_404(Perpetrator, request, case, row_id)
    root = row.same_as_id or row.pk
    # Rows the user sees are on cases the user sees; the organisation filter keeps the network
    # inside the case's own organisation.
    same_organisation = Perpetrator.objects.visible_to(request.user).filter(
        case__organization_id=case.organization_id
    )
    linked = (
        same_organisation.filter(Q(same_as_id=root) | Q(pk=root))
        .exclude(pk=row.pk)
        .select_related("case")
        .order_by("case__number", "id")
    )
    form = None
    if access.permits("change_exploitation_detail", row):
        choices = same_organisation.exclude(case=case).select_related("case")
        form = PerpetratorLinkForm(
            request.POST or None, choices=choices, initial={"same_as": row.same_as_id}
        )
        if (
            request.method == "POST"
            and form.is_valid()
            and _done(
                request,
                form,
                lambda: record.link_perpetrators(
                    perpetrator=row, same_as=form.cleaned_data["same_as"], by=request.user
                ),
            )
        ):
            messages.success(request, _("Link saved."))
            return redirect("cases:perpetrator_network", pk=case.pk, row_id=row.pk)
    _logged_view(request, case)
    return render(
        request,
        "cases/record/network.html",
        {"case": case, "perpetrator": row, "linked": linked, "form": form},
    )


def event(request, pk: int, row_id: int | None = None):
    case = _visible_case(request, pk)
    access = access_to(request.user, case)
    _require_section(access, "exploitation")
    row = _row_or_404(CaseEvent, request, case, row_id) if row_id else CaseEvent(case=case)
    if not _may_write(access, "add_exploitation_detail", "change_exploitation_detail", row):
        raise Http404
    form = CaseEventForm(request.POST or None, instance=row, case=case, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        if _done(
            request,
            form,
            lambda: record.save_event(
                event=saved,
                by=request.user,
                perpetrators=list(form.cleaned_data["perpetrators"]),
                changed=form.changed_data,
            ),
        ):
            messages.success(request, _("Event saved."))
            return redirect("cases:record", pk=case.pk)
    return _form_page(request, case, form, _("Event") if row.pk else _("Add an event"))


def smuggling(request, pk: int):
    case = _visible_case(request, pk)
    access = access_to(request.user, case)
    _require_section(access, "exploitation")
    row = SmugglingRecord.objects.visible_to(request.user).filter(
        case=case
    ).first() or SmugglingRecord(case=case)
    if not _may_write(access, "add_exploitation_detail", "change_exploitation_detail", row):
        raise Http404
    form = SmugglingRecordForm(request.POST or None, instance=row, case=case, user=request.user)
    if not access.full:
        del form.fields["family_contact_phone"]
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        if _done(
            request,
            form,
            lambda: record.save_smuggling_record(
                record=saved, by=request.user, changed=form.changed_data
            ),
        ):
            messages.success(request, _("Smuggling record saved."))
            return redirect("cases:record", pk=case.pk)
    return _form_page(request, case, form, _("Migrant smuggling (PSMA 2018)"))


def identity_document(request, pk: int):
    case = _visible_case(request, pk)
    access = access_to(request.user, case)
    if not (access.full and access.permits("edit")):
        raise Http404
    form = IdentityDocumentForm(request.POST or None, instance=IdentityDocument(case=case))
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        if _done(
            request, form, lambda: record.save_identity_document(document=saved, by=request.user)
        ):
            messages.success(request, _("Identity document added."))
            return redirect("cases:record", pk=case.pk)
    return _form_page(request, case, form, _("Add an identity document"))


def accused(request, pk: int, proceeding_id: int, row_id: int | None = None):
    case = _visible_case(request, pk)
    access = access_to(request.user, case)
    _require_section(access, "legal")
    proceeding = get_object_or_404(
        LegalProceeding.objects.visible_to(request.user).filter(case=case), pk=proceeding_id
    )
    if row_id:
        row = get_object_or_404(
            Accused.objects.visible_to(request.user).filter(proceeding=proceeding), pk=row_id
        )
    else:
        row = Accused(case=case, proceeding=proceeding)
    if not access.permits("change_legal", proceeding) or not _may_write(
        access, "add_legal", "change_legal", row
    ):
        raise Http404
    form = AccusedForm(request.POST or None, instance=row, case=case, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        if _done(
            request,
            form,
            lambda: record.save_accused(accused=saved, by=request.user, changed=form.changed_data),
        ):
            messages.success(request, _("Accused saved."))
            return redirect("cases:legal_edit", pk=case.pk, proceeding_id=proceeding.pk)
    return _form_page(request, case, form, _("Accused") if row.pk else _("Add an accused"))


@require_POST
def hearing_result(request, pk: int, proceeding_id: int, hearing_id: int):
    """What happened at a hearing already on the calendar."""
    case = _visible_case(request, pk)
    access = access_to(request.user, case)
    _require_section(access, "legal")
    proceeding = get_object_or_404(
        LegalProceeding.objects.visible_to(request.user).filter(case=case), pk=proceeding_id
    )
    hearing = get_object_or_404(
        Hearing.objects.visible_to(request.user).filter(proceeding=proceeding), pk=hearing_id
    )
    form = HearingResultForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("result", [])))
    else:
        try:
            record.set_hearing_result(
                hearing=hearing, by=request.user, result=form.cleaned_data["result"]
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Hearing result saved."))
    return redirect("cases:legal_edit", pk=case.pk, proceeding_id=proceeding.pk)


def _summary_refused(request, case):
    return render(request, "cases/record/police_summary_refused.html", {"case": case}, status=409)


def police_summary(request, pk: int):
    """A printable summary for police or FIA: only with that consent recorded, and logged."""
    case = _visible_case(request, pk)
    access = access_to(request.user, case)
    if not access.permits("produce_police_summary"):
        raise Http404
    if not record.may_produce_police_summary(case):
        return _summary_refused(request, case)
    if request.method != "POST":
        return render(request, "cases/record/police_summary_confirm.html", {"case": case})
    try:
        case = record.produce_police_summary(case=case, by=request.user)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError:
        return _summary_refused(request, case)
    user = request.user
    proceedings = LegalProceeding.objects.visible_to(user).filter(case=case)
    context = {
        "case": case,
        "perpetrators": Perpetrator.objects.visible_to(user).filter(case=case),
        "events": CaseEvent.objects.visible_to(user).filter(case=case).order_by("started_on"),
        "smuggling": SmugglingRecord.objects.visible_to(user).filter(case=case).first(),
        "identity_documents": IdentityDocument.objects.visible_to(user).filter(case=case),
        "proceedings": proceedings,
        "accused": Accused.objects.visible_to(user).filter(case=case),
    }
    return render(request, "cases/record/police_summary.html", context)


urlpatterns = [
    path("<id:pk>/record/", record_page, name="record"),
    path("<id:pk>/record/perpetrators/new/", perpetrator, name="perpetrator_new"),
    path("<id:pk>/record/perpetrators/<id:row_id>/", perpetrator, name="perpetrator"),
    path(
        "<id:pk>/record/perpetrators/<id:row_id>/network/",
        perpetrator_network,
        name="perpetrator_network",
    ),
    path("<id:pk>/record/events/new/", event, name="event_new"),
    path("<id:pk>/record/events/<id:row_id>/", event, name="event"),
    path("<id:pk>/record/smuggling/", smuggling, name="smuggling"),
    path("<id:pk>/record/identity/new/", identity_document, name="identity_document_new"),
    path("<id:pk>/legal/<id:proceeding_id>/accused/new/", accused, name="accused_new"),
    path("<id:pk>/legal/<id:proceeding_id>/accused/<id:row_id>/", accused, name="accused"),
    path(
        "<id:pk>/legal/<id:proceeding_id>/hearings/<id:hearing_id>/result/",
        hearing_result,
        name="hearing_result",
    ),
    path("<id:pk>/police-summary/", police_summary, name="police_summary"),
]
