"""Forms of the full record: they validate and clean; cases/services/record.py writes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import record_vocabularies as rv
from . import vocabularies as v
from .forms import DATE_INPUT
from .record_models import Accused, CaseEvent, IdentityDocument, Perpetrator, SmugglingRecord


def _checkboxes(vocabulary, label, required=False) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=vocabulary.choices,
        widget=forms.CheckboxSelectMultiple,
        required=required,
    )


class PerpetratorForm(forms.ModelForm):
    roles = _checkboxes(rv.PerpetratorRole, _("role in the process"), required=True)

    class Meta:
        model = Perpetrator
        fields = [
            "name",
            "alias",
            "roles",
            "relation",
            "sex",
            "age_range",
            "nationality",
            "cnic",
            "phone",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "name": _("A name, or how the person knows them, like: the agent in Gujrat."),
        }


class _ByLabel(forms.models.ModelChoiceIterator):
    """Choices in the order of their labels: names are encrypted, so the database cannot sort
    by them; the list is one organisation's perpetrators, sorted here."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        choices = [self.choice(obj) for obj in self.queryset]
        yield from sorted(choices, key=lambda choice: str(choice[1]).casefold())


class PerpetratorLinkForm(forms.Form):
    same_as = forms.ModelChoiceField(
        label=_("same person as"),
        queryset=Perpetrator.objects.with_scopes_disabled().none(),
        required=False,
        help_text=_("A perpetrator recorded on another of your organisation's cases."),
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["same_as"].queryset = choices
        self.fields["same_as"].iterator = _ByLabel
        self.fields["same_as"].label_from_instance = lambda p: f"{p.name} · {p.case.number}"


def _perpetrators(label, *, many=False):
    """Perpetrators of one case; the form narrows the queryset to the case it is given."""
    none = Perpetrator.objects.with_scopes_disabled().none()
    if many:
        return forms.ModelMultipleChoiceField(
            label=label, queryset=none, required=False, widget=forms.CheckboxSelectMultiple
        )
    return forms.ModelChoiceField(label=label, queryset=none, required=False)


def _of_case(case, user):
    """The case's perpetrators that the user sees (a receiver without the exploitation section
    sees none)."""
    return Perpetrator.objects.visible_to(user).filter(case=case).order_by("created_at", "id")


class CaseEventForm(forms.ModelForm):
    perpetrators = _perpetrators(_("who took part"), many=True)
    means = _checkboxes(v.MeansOfControl, _("means used"))
    documents = _checkboxes(rv.TravelDocument, _("documents involved"))

    class Meta:
        model = CaseEvent
        fields = [
            "kind",
            "started_on",
            "precision",
            "ended_on",
            "province",
            "district",
            "country",
            "city",
            "channel",
            "channel_name",
            "means",
            "sexual_exploitation",
            "documents",
            "documents_genuineness",
            "description",
        ]
        widgets = {
            "started_on": DATE_INPUT,
            "ended_on": DATE_INPUT,
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "precision": _("When only the month is known, any day of that month will do."),
            "channel_name": _("For example the job portal's or the agency's name."),
        }

    def __init__(self, *args, case, user, **kwargs):
        super().__init__(*args, **kwargs)
        seen = _of_case(case, user)
        self.fields["perpetrators"].queryset = seen
        # Not a model field of the form: Django would read the links through Perpetrator's
        # scoped manager, which refuses to run outside a scope. The links shown are those to
        # perpetrators the user sees; services.record.save_event writes them.
        if self.instance.pk is not None:
            self.initial["perpetrators"] = list(
                seen.filter(events=self.instance).values_list("pk", flat=True)
            )


class SmugglingRecordForm(forms.ModelForm):
    agent = _perpetrators(_("agent"))
    transit_countries = _checkboxes(rv.Country, _("transit countries"))
    modes = _checkboxes(rv.SmugglingMode, _("mode of travel"))

    class Meta:
        model = SmugglingRecord
        fields = [
            "fee_amount",
            "fee_paid_by",
            "agent",
            "destination_country",
            "transit_countries",
            "route",
            "modes",
            "departed_on",
            "intercepted",
            "intercepted_where",
            "intercepted_by",
            "detained",
            "detained_where",
            "returned",
            "returned_on",
            "fate",
            "fate_where",
            "family_contact_name",
            "family_contact_phone",
            "reintegration_plan",
        ]
        widgets = {
            "departed_on": DATE_INPUT,
            "returned_on": DATE_INPUT,
            "reintegration_plan": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, case, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agent"].queryset = _of_case(case, user)


class IdentityDocumentForm(forms.ModelForm):
    class Meta:
        model = IdentityDocument
        fields = ["doc_type", "document_number", "issuing_country"]


class AccusedForm(forms.ModelForm):
    perpetrator = _perpetrators(_("perpetrator"))
    sections = _checkboxes(rv.LawSection, _("charged under"))

    class Meta:
        model = Accused
        fields = [
            "perpetrator",
            "name",
            "sections",
            "bail",
            "verdict",
            "sentence_months",
            "fine_amount",
            "compensation_ordered",
            "compensation_paid",
            "appeal",
            "prosecutor",
        ]

    def __init__(self, *args, case, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["perpetrator"].queryset = _of_case(case, user)


class HearingResultForm(forms.Form):
    result = forms.CharField(label=_("what happened"), max_length=300)
