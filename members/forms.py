from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .accounts_policy import Grant
from .fields import DistrictField
from .geography import Province, district
from .models import Organization, Service, ServiceOffering, Staff, Team
from .roles import Role

User = get_user_model()


class StaffForm(forms.Form):
    """Create or edit a staff member of one organisation. There is no password field: the owner
    chooses their own through a link sent to their email.

    `role_choices` are the roles the person filling it in may give (members.accounts_policy), each
    with how it is given; `email_editable` is False when they may not change the email.
    """

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
        label=_("Email"),
        help_text=_(
            "The person's own email: the link to choose their password is sent there, and "
            "nowhere else."
        ),
        error_messages={"required": _("An account needs its owner's email.")},
    )
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    role = forms.ChoiceField(label=_("Role"))
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False)
    language = forms.ChoiceField(label=_("Language"), choices=Staff.Language.choices)

    def __init__(
        self,
        *args,
        organization: Organization,
        role_choices: dict,
        instance: Staff | None = None,
        email_editable: bool = True,
        **kw,
    ):
        self.organization = organization
        self.instance = instance
        super().__init__(*args, **kw)
        self.fields["team"].queryset = Team.objects.filter(organization=organization)
        choices = []
        if instance is not None and role_choices:
            choices.append((instance.role, instance.get_role_display()))
        for role, grant in role_choices.items():
            label = Role(role).label
            if grant is Grant.CONFIRM:
                label = _("%(role)s (a supervisor confirms it)") % {"role": label}
            choices.append((role, label))
        self.fields["role"].choices = choices
        if instance is not None:
            del self.fields["username"]
            if not role_choices:
                del self.fields["role"]
            if not email_editable:
                self.fields["email"].disabled = True
                self.fields["email"].required = False
                self.fields["email"].help_text = _(
                    "Only someone who reads as much as this account may change its email."
                )

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This user name is taken."))
        return username


class FirstAdminForm(forms.Form):
    """The org admin a new member organisation starts with; they get an invitation link."""

    prefix = "admin"

    username = StaffForm.base_fields["username"]
    first_name = StaffForm.base_fields["first_name"]
    last_name = StaffForm.base_fields["last_name"]
    email = StaffForm.base_fields["email"]
    language = StaffForm.base_fields["language"]

    def clean_username(self):
        return StaffForm.clean_username(self)


class OrganizationForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organization
        fields = [
            "name",
            "name_ur",
            "short_name",
            "kind",
            "head_office_province",
            "head_office_district",
            "address",
            "contact_email",
            "contact_phone",
            "website",
            "contact_points",
            "specialties",
            "languages",
            "active",
        ]
        widgets = {"contact_points": forms.Textarea(attrs={"rows": 3})}

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


class DirectoryEntryForm(forms.ModelForm):
    """What an organisation's own admin keeps up to date in its directory entry."""

    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organization
        fields = [
            "name_ur",
            "head_office_province",
            "head_office_district",
            "address",
            "contact_email",
            "contact_phone",
            "website",
            "contact_points",
            "specialties",
            "languages",
        ]
        widgets = {"contact_points": forms.Textarea(attrs={"rows": 3})}


class CapacityForm(forms.Form):
    shelter_beds_free = forms.IntegerField(
        label=_("Shelter beds free today"),
        min_value=0,
        max_value=5000,
        required=False,
        help_text=_("Leave empty if you run no shelter."),
    )
    legal_aid_slots_free = forms.IntegerField(
        label=_("Legal aid slots free today"),
        min_value=0,
        max_value=5000,
        required=False,
        help_text=_("New legal aid cases you can take on. Leave empty if you give no legal aid."),
    )


class ServiceForm(forms.ModelForm):
    class Meta:
        model = Service
        fields = ["code", "name", "name_ur", "description", "active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Referrals, offerings and reports refer to a service by its code.
            self.fields["code"].disabled = True


class OfferingForm(forms.ModelForm):
    service = forms.ModelChoiceField(
        label=_("Service"), queryset=Service.objects.filter(active=True)
    )
    province = forms.ChoiceField(label=_("Province"), choices=Province.choices)
    district = DistrictField(
        label=_("District"), help_text=_("Leave empty for the whole province.")
    )

    class Meta:
        model = ServiceOffering
        fields = ["service", "province", "district", "notes"]

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization = organization
        self.fields["district"].keep(self.instance.district)

    def clean(self):
        cleaned = super().clean()
        place = district(cleaned.get("district") or "")
        if place is not None and cleaned.get("province") and place.province != cleaned["province"]:
            self.add_error("district", _("This district is in another province."))
        return cleaned


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


class SecondFactorForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        help_text=_(
            "The six digits your authenticator app shows now, or one of your backup codes."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    remember = forms.BooleanField(label=_("Remember this browser"), required=False)


class SetUpAuthenticatorForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
