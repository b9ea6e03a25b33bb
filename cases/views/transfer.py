"""Transfers: proposing one on a case, the list, one transfer with its answer, and the old
owner's read-only record of a case that moved."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.access import staff_of

from .. import access as case_access
from ..models import Document, Note
from ..services import record_document_download
from ..transfer import services
from ..transfer.forms import AcceptTransferForm, DeclineTransferForm, ProposeTransferForm
from ..transfer.models import CaseTransfer, TransferStatus
from .workflow import case_action


@case_action("propose_transfer")
def propose(request, case):
    pending = (
        CaseTransfer.objects.with_scopes_disabled()
        .filter(case=case, status=TransferStatus.PENDING)
        .first()
    )
    form = ProposeTransferForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            transfer = services.propose_transfer(
                case=case,
                by=request.user,
                to_organization=data["to_organization"],
                reason=data["reason"],
                consent_given_on=data["consent_given_on"],
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Transfer proposed to %(org)s. The case stays yours until they accept.")
                % {"org": transfer.to_organization.short_name},
            )
            return redirect("cases:detail", pk=case.pk)
    return render(
        request, "cases/transfer_propose.html", {"case": case, "form": form, "pending": pending}
    )


@require_POST
@case_action("withdraw_transfer")
def withdraw(request, case):
    try:
        services.withdraw_transfer(case=case, by=request.user)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Transfer withdrawn. The case stays with you."))
    return redirect("cases:detail", pk=case.pk)


def transfer_list(request):
    staff = staff_of(request.user)
    if staff is None:
        raise PermissionDenied
    transfers = (
        CaseTransfer.objects.visible_to(request.user)
        .select_related("case", "from_organization", "to_organization")
        .order_by("-proposed_at", "-id")[:200]
    )
    incoming = [t for t in transfers if t.to_organization_id == staff.organization_id]
    outgoing = [t for t in transfers if t.from_organization_id == staff.organization_id]
    return render(
        request,
        "cases/transfer_list.html",
        {"incoming": incoming, "outgoing": outgoing},
    )


def _visible_transfer(request, transfer_id: int) -> CaseTransfer:
    return get_object_or_404(
        CaseTransfer.objects.visible_to(request.user).select_related(
            "case", "from_organization", "to_organization", "proposed_by"
        ),
        pk=transfer_id,
    )


def transfer_detail(request, transfer_id: int):
    transfer = _visible_transfer(request, transfer_id)
    staff = staff_of(request.user)
    services.record_view(transfer=transfer, by=request.user)
    answers = transfer.status == TransferStatus.PENDING and case_access.answers_transfer(
        request.user, organization_id=transfer.to_organization_id
    )
    context = {"transfer": transfer, "answers": answers, "staff": staff}
    if answers:
        context["accept_form"] = AcceptTransferForm(organization_id=transfer.to_organization_id)
        context["decline_form"] = DeclineTransferForm()
    moved_away = (
        transfer.status == TransferStatus.ACCEPTED
        and transfer.from_organization_id == staff.organization_id
    )
    if moved_away:
        # The old owner's own rows, read-only: what row visibility keeps for it.
        own = {"case_id": transfer.case_id, "organization_id": staff.organization_id}
        context["notes"] = Note.objects.visible_to(request.user).filter(**own)
        context["documents"] = Document.objects.visible_to(request.user).filter(**own)
    context["moved_away"] = moved_away
    return render(request, "cases/transfer_detail.html", context)


@require_POST
def accept(request, transfer_id: int):
    transfer = _visible_transfer(request, transfer_id)
    form = AcceptTransferForm(request.POST, organization_id=transfer.to_organization_id)
    if not form.is_valid():
        messages.error(request, _("Choose a caseworker of your organisation."))
        return redirect("cases:transfer_detail", transfer_id=transfer.pk)
    try:
        services.accept_transfer(
            transfer=transfer, by=request.user, assign_to=form.cleaned_data["assign_to"]
        )
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("cases:transfer_detail", transfer_id=transfer.pk)
    messages.success(request, _("The case is now yours."))
    return redirect("cases:detail", pk=transfer.case_id)


@require_POST
def decline(request, transfer_id: int):
    transfer = _visible_transfer(request, transfer_id)
    form = DeclineTransferForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.decline_transfer(transfer=transfer, by=request.user, note=note)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Transfer declined. The other organisation is told."))
    return redirect("cases:transfer_detail", transfer_id=transfer.pk)


def former_document(request, transfer_id: int, document_id: int):
    """A document the old owner uploaded to a case that moved: read-only, logged."""
    transfer = _visible_transfer(request, transfer_id)
    staff = staff_of(request.user)
    document = get_object_or_404(
        Document.objects.visible_to(request.user).filter(
            case_id=transfer.case_id, organization_id=staff.organization_id
        ),
        pk=document_id,
    )
    record_document_download(document=document, by=request.user)
    response = FileResponse(
        document.file.open("rb"),
        content_type=document.content_type,
        as_attachment=True,
        filename=f"{transfer.old_number}-{document.pk}",
    )
    response["Cache-Control"] = "no-store, private"
    return response
