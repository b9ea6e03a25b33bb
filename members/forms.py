from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _

from .geography import Province
from .models import Organization, Service, ServiceOffering, Staff, Team
from .roles import SECRETARIAT_ROLES, Role

User = get_user_model()


class StaffForm(forms.Form):
    """Create or edit a staff member of one organisation."""

    username = forms.RegexField(
        label=_("User name"),
        max_length=150,
        regex=r"^[a-z0-9._-]+$",
        error_messages={
            "invalid": _("Use lower-case letters, digits, dots, dashes and underscores only.")
        },
        help_text=_("Lower-case, e.g. sahil-ayesha."),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(
        label=_("Email"), required=False, help_text=_("Needed to reset a forgotten password.")
    )
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False)
    language = forms.ChoiceField(label=_("Language"), choices=Staff.Language.choices)
    password1 = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(render_value=True), strip=False
    )
    password2 = forms.CharField(
        label=_("Password again"), widget=forms.PasswordInput(render_value=True), strip=False
    )

    def __init__(self, *args, organization: Organization, instance: Staff | None = None, **kw):
        self.organization = organization
        self.instance = instance
        super().__init__(*args, **kw)
        self.fields["team"].queryset = Team.objects.filter(organization=organization)
        if not organization.is_secretariat:
            self.fields["role"].choices = [c for c in Role.choices if c[0] not in SECRETARIAT_ROLES]
        if instance is not None:
            del self.fields["username"], self.fields["password1"], self.fields["password2"]

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This user name is taken."))
        return username

    def clean(self):
        cleaned = super().clean()
        if "password1" in self.fields:
            p1, p2 = cleaned.get("password1"), cleaned.get("password2")
            if p1 and p2 and p1 != p2:
                self.add_error("password2", _("The two passwords do not match."))
            elif p1:
                candidate = User(
                    username=cleaned.get("username", ""),
                    first_name=cleaned.get("first_name", ""),
                    last_name=cleaned.get("last_name", ""),
                    email=cleaned.get("email", ""),
                )
                try:
                    password_validation.validate_password(p1, candidate)
                except forms.ValidationError as error:
                    self.add_error("password1", error)
        return cleaned


class OrganizationForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organization
        fields = [
            "name",
            "short_name",
            "kind",
            "head_office_province",
            "address",
            "contact_email",
            "contact_phone",
            "website",
            "active",
        ]

    def clean_short_name(self):
        short_name = self.cleaned_data["short_name"].strip()
        if not short_name.replace("-", "").isalnum():
            raise forms.ValidationError(_("Use letters and digits only."))
        clash = Organization.objects.filter(short_name__iexact=short_name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Another organisation has this short name."))
        return short_name


class OfferingForm(forms.ModelForm):
    service = forms.ModelChoiceField(
        label=_("Service"), queryset=Service.objects.filter(active=True)
    )
    province = forms.ChoiceField(label=_("Province"), choices=Province.choices)

    class Meta:
        model = ServiceOffering
        fields = ["service", "province", "district", "notes"]

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization = organization


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Team name"), max_length=100)


class DirectoryFilterForm(forms.Form):
    service = forms.ChoiceField(label=_("Service"), required=False)
    province = forms.ChoiceField(
        label=_("Province"), required=False, choices=[("", _("All provinces")), *Province.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [("", _("All services"))] + [
            (s.code, s.display_name) for s in Service.objects.filter(active=True)
        ]
