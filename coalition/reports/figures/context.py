"""What every figures module needs: the scope, the period, and the names of things, read once."""

from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.functional import lazy

from members.geography import district_label as _district_label
from members.models import Organization, Service

from ..scope import Period, ReportScope


def _month_label(month) -> str:
    return date_format(month, "YEAR_MONTH_FORMAT")


def _service_label(service: Service) -> str:
    return service.display_name


# Evaluated when shown, so that one report renders in each language.
month_label = lazy(_month_label, str)
service_label = lazy(_service_label, str)
district_label = lazy(_district_label, str)


@dataclass
class FiguresContext:
    scope: ReportScope
    period: Period
    organizations: dict[int, Organization] = field(default_factory=dict)
    services: dict[int, Service] = field(default_factory=dict)

    @classmethod
    def load(cls, scope: ReportScope, period: Period) -> "FiguresContext":
        return cls(
            scope,
            period,
            organizations=Organization.objects.in_bulk(),
            services=Service.objects.in_bulk(),
        )

    @property
    def protect_own(self) -> bool:
        """Whether counts of the scope's own cases are hidden when small: only for the coalition."""
        return self.scope.is_coalition

    def organization_label(self, pk) -> str:
        organization = self.organizations.get(pk)
        return organization.short_name if organization else "?"

    def service_label(self, pk):
        service = self.services.get(pk)
        return service_label(service) if service else "?"

    def organization_keys(self, *pks_sets) -> list[int]:
        """The organisations that appear in the data, in the directory's order."""
        present = {pk for pks in pks_sets for pk in pks}
        return [pk for pk in self.organizations if pk in present]
