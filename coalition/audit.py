"""The one function that writes the access log."""

from contextvars import ContextVar
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import models

from .models import AccessLog

# The address of the request being served, set by RequestAddressMiddleware, so that services
# deep below a view can record where an action came from without being handed the request.
current_ip: ContextVar[str | None] = ContextVar("current_ip", default=None)


def log_action(
    actor: AbstractBaseUser | None,
    action: str,
    target: models.Model | None,
    *,
    verb: str = "",
    organization=None,
    case_id: int | None = None,
    **details: Any,
) -> AccessLog:
    """Record that `actor` did `action` to `target`, in the caller's transaction.

    `target` may describe itself for the log with `audit_label` (never a person's name),
    `audit_organization` (whose data it is) and `audit_case_id`. `details` must hold no
    personal data: field names, ids, counts, reasons from a fixed list.
    """
    entry = _entry(
        actor, action, target, verb=verb, organization=organization, case_id=case_id, **details
    )
    entry.save()
    return entry


def log_actions(
    actor: AbstractBaseUser | None,
    action: str,
    targets: list[models.Model],
    *,
    verb: str = "",
    **details: Any,
) -> list[AccessLog]:
    """One entry per target, as log_action writes them, in one insert (an import's many cases)."""
    entries = [_entry(actor, action, target, verb=verb, **details) for target in targets]
    return AccessLog.objects.bulk_create(entries, batch_size=1000)


def _entry(
    actor, action: str, target, *, verb: str, organization=None, case_id=None, **details
) -> AccessLog:
    staff = getattr(actor, "staff", None) if actor is not None else None
    entry = AccessLog(
        actor=actor if actor is not None and actor.pk else None,
        actor_organization_id=staff.organization_id if staff else None,
        action=action,
        verb=verb or action,
        ip_address=current_ip.get(),
        details=details,
    )
    if target is not None:
        entry.target_type = target._meta.label_lower
        entry.target_id = target.pk
        entry.target_label = str(
            getattr(target, "audit_label", None) or f"{target._meta.model_name}#{target.pk}"
        )[:120]
        organization = organization or getattr(target, "audit_organization", None)
        case_id = case_id or getattr(target, "audit_case_id", None)
    else:
        entry.target_type = ""
    entry.organization = organization
    entry.case_id = case_id
    return entry
