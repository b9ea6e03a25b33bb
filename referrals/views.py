"""The referral pages: the inbox, making a referral, and one referral with its actions."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case as When_
from django.db.models import Exists, IntegerField, OuterRef, Q, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from cases.access import access_to, shared_view
from cases.models import Case, Note
from cases.services import record_case_view
from cases.vocabularies import section_tags
from coalition.jinja import render_rows
from coalition.paging import page_of
from members.access import staff_of
from members.geography import district
from members.models import Organization, Service, ServiceOffering

from . import queries, services, visibility
from .forms import AcceptForm, CompleteForm, DeclineForm, ReferralForm, WithdrawForm
from .models import SHARE_LABELS, Status, Urgency
from .workflow import TransitionRefused

INBOX_PAGE_SIZE = 25
# The inbox table's column headings, which each row's cell also carries (a phone shows cards).
INBOX_LABELS = {
    "case": gettext_lazy("Case"),
    "service": gettext_lazy("Service"),
    "from": pgettext_lazy("referral", "From"),
    "to": pgettext_lazy("referral", "To"),
    "urgency": gettext_lazy("Urgency"),
    "answer_by": gettext_lazy("Answer by"),
    "status": gettext_lazy("Status"),
}


def inbox(request):
    if not visibility.works_referrals(request.user):
        raise PermissionDenied
    answers = visibility.answers_referrals(request.user)
    tab = request.GET.get("tab") or ("pending" if answers else "sent")
    if tab not in queries.INBOX_TABS:
        tab = "pending" if answers else "sent"
    now = timezone.now()
    counts = queries.tab_counts(request.user, now) if answers else {}
    # A waiting tab's rows were counted with the tabs, at the same instant: not again.
    rows = queries.inbox(request.user, tab, now)
    page = page_of(rows, INBOX_PAGE_SIZE, request.GET.get("page"), count=counts.get(tab))
    labels = {key: str(label) for key, label in INBOX_LABELS.items()}  # once, not per row
    referrals = list(page)
    rows = {
        "referrals": referrals,
        "labels": labels,
        "names": queries.names_of(request.user, referrals),
    }
    return render(
        request,
        "referrals/inbox.html",
        {
            "tab": tab,
            "answers": answers,
            "page": page,
            "labels": labels,
            "rows": render_rows("referrals/inbox_rows.html", rows),
            "query": urlencode({"tab": tab}),
            "counts": counts,
        },
    )


def _places_of(case: Case) -> list[tuple[str, str]]:
    """Where to look for a provider, nearest first: where the person is now, then where they
    are from."""
    places = []
    now = district(case.current_district) if case.current_district else None
    if now is not None:
        places.append((now.province, now.code))
    if case.origin_province:
        places.append((case.origin_province, case.origin_district))
    return places


def _organizations_for(case: Case, service: Service | None):
    """Active organisations other than the case's that offer the service: those offering it where
    the person is now first, then where they are from, then elsewhere; all members when no
    service is chosen yet. The secretariat is a receiver only for what the directory says it
    offers."""
    organizations = Organization.objects.filter(active=True).exclude(pk=case.organization_id)
    if service is None:
        return (
            organizations.filter(kind=Organization.Kind.MEMBER)
            .annotate(offers_here=Value(0, IntegerField()))
            .order_by("short_name")
        )
    offers = ServiceOffering.objects.filter(organization=OuterRef("pk"), service=service)
    places = _places_of(case)
    nearness = [
        When(
            Exists(offers.filter(province=province).filter(Q(district="") | Q(district=name))),
            then=len(places) - rank,
        )
        for rank, (province, name) in enumerate(places)
    ]
    return (
        organizations.filter(Exists(offers))
        .annotate(offers_here=When_(*nearness, default=0) if nearness else Value(0))
        .order_by("-offers_here", "short_name")
    )


def new(request, case_id: int):
    case = get_object_or_404(Case.objects.visible_to(request.user), pk=case_id)
    case_access = access_to(request.user, case)
    if not case_access.permits("refer"):
        raise Http404
    data = request.POST or None
    service_id = (request.POST or request.GET).get("service")
    service = Service.objects.filter(pk=service_id).first() if str(service_id).isdigit() else None
    initial = {"service": service, "to_organization": request.GET.get("to")}
    form = ReferralForm(
        data, case=case, organizations=_organizations_for(case, service), initial=initial
    )
    context = {
        "case": case,
        "form": form,
        "service": service,
        "consent_ok": True,
        "stale_days": settings.CAPACITY_STALE_DAYS,
    }
    if not case.can_share_with_coalition:
        context["consent_ok"] = False
        return render(request, "referrals/new.html", context)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if "send" in request.POST:
            try:
                referral = services.send_referral(
                    case=case,
                    by=request.user,
                    to_organization=data["to_organization"],
                    service=data["service"],
                    urgency=data["urgency"],
                    reason=data["reason"],
                    sections=data["sections"],
                    idempotency_key=data["idempotency_key"],
                )
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(
                    request,
                    _("Referral sent to %(org)s. You will be told when they answer.")
                    % {"org": referral.to_organization.short_name},
                )
                return redirect("referrals:detail", pk=referral.pk)
        elif "edit" not in request.POST:
            # Preview: the case as the receiving organisation will see it.
            record_case_view(case=case, by=request.user, page="referral_preview")
            context["preview"] = preview_of(case, case_access, data["sections"])
            context["urgency_label"] = Urgency(data["urgency"]).label
            return render(request, "referrals/preview.html", context)
    return render(request, "referrals/new.html", context)


def preview_of(case, case_access, sections: list[str]) -> dict:
    """What the receiver will see, as far as the sender reads it: the case page's own sections,
    drawn for the share (`shared_view`); a share never opens a confidential note."""
    notes = Note.objects.of_case(case_access).filter(confidential=False)
    return {
        "labels": [SHARE_LABELS[s] for s in sections],
        "notes": notes[:5] if "notes" in sections else [],
        "access": shared_view(case, sections),
        **section_tags(case),
    }


def detail(request, pk: int):
    referral = queries.referral_page(request.user, pk)
    services.record_view(referral=referral, by=request.user)
    return referral_page(request, referral)


def referral_page(request, referral, answered: dict | None = None):
    """The referral's page; `answered` holds a form just sent that was refused, drawn in its
    place with what was typed and each error beside its field."""
    staff = staff_of(request.user)
    recorded = queries.recorded_by_receiver(request.user, referral)
    receiving = recorded is not None
    case_access = access_to(request.user, referral.case)
    context = {
        "referral": referral,
        "receiving": receiving,
        "reads_content": visibility.reads_content(request.user, referral),
        "case_access": case_access,
        "can_answer": visibility.is_receiver(request.user, referral),
        "can_withdraw": case_access.may["withdraw_referral"],
        "events": referral.events.select_related("by"),
        "accept_form": AcceptForm(organization=staff.organization),
        "decline_form": DeclineForm(),
        "complete_form": CompleteForm(),
        "withdraw_form": WithdrawForm(),
        **(answered or {}),
    }
    if receiving:
        context["case_open"] = case_access.visible
        context["recorded"] = recorded
    elif referral.status in (Status.DECLINED, Status.EXPIRED):
        context["alternatives"] = queries.alternatives(referral)
    return render(request, "referrals/detail.html", context)


def _act(request, pk: int, form_name: str, make_form, action, success: str):
    """Run one workflow action from a posted form. Done, or refused by the referral's state (it
    was answered meanwhile), it ends on the referral page; a form with errors is drawn again
    there, as it was sent, each error beside its field."""
    referral = queries.referral_page(request.user, pk)
    form = make_form(referral)
    if form.is_valid():
        try:
            action(referral, form.cleaned_data)
        except TransitionRefused as refused:
            messages.error(request, refused.message)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, success)
    if form.errors:
        return referral_page(request, referral, {form_name: form})
    return redirect("referrals:detail", pk=pk)


@require_POST
def accept(request, pk: int):
    return _act(
        request,
        pk,
        "accept_form",
        lambda r: AcceptForm(request.POST, organization=r.to_organization),
        lambda r, d: services.accept(referral=r, by=request.user, assigned_to=d["assigned_to"]),
        _("Referral accepted. The shared parts of the case are now open to you."),
    )


@require_POST
def decline(request, pk: int):
    return _act(
        request,
        pk,
        "decline_form",
        lambda r: DeclineForm(request.POST),
        lambda r, d: services.decline(
            referral=r, by=request.user, reason=d["reason"], note=d["note"]
        ),
        _("Referral declined. The sender has been told."),
    )


@require_POST
def complete(request, pk: int):
    return _act(
        request,
        pk,
        "complete_form",
        lambda r: CompleteForm(request.POST),
        lambda r, d: services.complete(
            referral=r, by=request.user, outcome=d["outcome"], note=d["note"]
        ),
        _("Referral completed. Thank you for closing the loop."),
    )


@require_POST
def withdraw(request, pk: int):
    return _act(
        request,
        pk,
        "withdraw_form",
        lambda r: WithdrawForm(request.POST),
        lambda r, d: services.withdraw(referral=r, by=request.user, note=d["note"]),
        _("Referral withdrawn."),
    )
