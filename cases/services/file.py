"""Editing the case file, with optimistic locking: a save made on an older version is refused."""

from collections.abc import Iterable

from django.db import transaction

from coalition.audit import log_action
from coalition.models import AccessLog

from ..models import FACET_VOCABULARIES, Case, CaseFacet
from .common import history, lock_case

# The case's current consent: set at intake, then changed only by cases/consent.py record_consent.
CONSENT_FIELDS = (
    "consent_record",
    "consent_share_coalition",
    "consent_share_law_enforcement",
    "consent_date",
    "consent_recorded_by",
    "consent_withdrawn_at",
)


class StaleCaseError(Exception):
    """Someone else saved the case since this person opened it; `current` is the case now."""

    def __init__(self, current: Case):
        super().__init__("stale case")
        self.current = current


def set_facets(case: Case, facets: dict[str, Iterable[str]]) -> list[str]:
    """Replace the given facets' values; returns the names of the facets that changed."""
    changed = []
    existing = CaseFacet.objects.with_scopes_disabled().filter(case=case)
    for facet, values in facets.items():
        allowed = set(FACET_VOCABULARIES[facet].values)
        wanted = {value for value in values if value in allowed}
        current = set(existing.filter(facet=facet).values_list("value", flat=True))
        if wanted == current:
            continue
        existing.filter(facet=facet, value__in=current - wanted).delete()
        CaseFacet.objects.bulk_create(
            CaseFacet(case=case, facet=facet, value=value) for value in sorted(wanted - current)
        )
        changed.append(facet)
    return changed


@transaction.atomic
def update_case(
    *,
    case: Case,
    by,
    expected_version: int,
    changes: dict,
    facets: dict[str, Iterable[str]] | None = None,
) -> Case:
    """Save an edit made on `expected_version` of the case; refuse it if that is not current.
    Only the fields in `changes` and the facets in `facets` are checked and written: the case
    file saves one section at a time too."""
    if set(CONSENT_FIELDS) & set(changes):
        raise ValueError("Consent is recorded with cases.consent.record_consent, not edited.")
    locked = lock_case(case, by, "edit")
    if locked.version != expected_version:
        raise StaleCaseError(locked)
    changed_fields = [name for name, value in changes.items() if getattr(locked, name) != value]
    old_values = {name: getattr(locked, name) for name in changed_fields}
    for name in changed_fields:
        setattr(locked, name, changes[name])
    changed_facets = set_facets(locked, facets or {})
    if not changed_fields and not changed_facets:
        return locked
    # What is written is validated; the rest is as stored (a section's save is not refused for
    # an answer elsewhere that a later rule would reject). The DB enforces uniqueness.
    locked.full_clean(
        exclude=[f.name for f in locked._meta.concrete_fields if f.name not in changed_fields],
        validate_unique=False,
        validate_constraints=False,
    )
    locked.version += 1
    locked.save(update_fields=[*changed_fields, "version", "updated_at"])
    for name in changed_fields:
        if name in old_values:
            history(locked, by, "changed", name, old_values[name], getattr(locked, name))
    for facet in changed_facets:
        history(locked, by, "changed", facet, "", ",".join(locked.facet_values(facet)))
    log_action(
        by,
        AccessLog.Action.CHANGE,
        locked,
        verb="case.updated",
        fields=sorted([*old_values, *changed_facets]),
    )
    return locked
