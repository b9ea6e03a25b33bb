"""Importing the directory (the secretariat's admin) and an organisation's staff (its org admin)
from spreadsheets, through members.services: the directory with save_organization, staff with
create_staff, which invites each person by email to choose their own password. No file ever
carries a password."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coalition.imports import ImportKind, register
from coalition.imports.resources import Column, SpreadsheetResource
from coalition.imports.widgets import ChoiceWidget, TextWidget

from . import services
from .access import has_org_perm
from .geography import Province
from .models import Organization, Staff, Team
from .roles import MANAGE_ORGANIZATIONS, MANAGE_STAFF, Role

DIRECTORY_COLUMNS = [
    Column(
        "short_name",
        "Short name",
        "مختصر نام",
        gettext_lazy("Required. The key: a row with a short name already listed updates it."),
        TextWidget(max_length=20),
        required=True,
    ),
    Column(
        "name",
        "Name",
        "نام",
        gettext_lazy("Required. The full name in English."),
        TextWidget(max_length=200),
        required=True,
    ),
    Column(
        "name_ur",
        "Name in Urdu",
        "اردو نام",
        gettext_lazy("The name in Urdu."),
        TextWidget(max_length=200),
    ),
    Column(
        "kind",
        "Kind",
        "قسم",
        gettext_lazy(
            "Required. member, or for partners outside the coalition: police, fia, court, "
            "government, shelter, international."
        ),
        ChoiceWidget(Organization.Kind, required=True),
        required=True,
    ),
    Column(
        "head_office_province",
        "Head office province",
        "صدر دفتر کا صوبہ",
        gettext_lazy("A province code or name."),
        ChoiceWidget(Province),
    ),
    Column(
        "head_office_district",
        "Head office district",
        "صدر دفتر کا ضلع",
        gettext_lazy("The district's English name."),
        TextWidget(max_length=60),
    ),
    Column(
        "address", "Address", "پتہ", gettext_lazy("The office address."), TextWidget(max_length=300)
    ),
    Column(
        "contact_email",
        "Email",
        "ای میل",
        gettext_lazy("The organisation's email, not a person's."),
        TextWidget(max_length=254),
    ),
    Column(
        "contact_phone",
        "Phone",
        "فون",
        gettext_lazy("The organisation's number, not a person's."),
        TextWidget(max_length=30, digits=True),
    ),
    Column("website", "Website", "ویب سائٹ", gettext_lazy("https://…"), TextWidget(max_length=200)),
    Column(
        "contact_points",
        "Contact points",
        "رابطے",
        gettext_lazy("Desks and helplines."),
        TextWidget(max_length=2000),
    ),
    Column(
        "specialties",
        "Specialties",
        "خصوصیات",
        gettext_lazy("Separated by semicolons."),
        TextWidget(max_length=300),
    ),
    Column(
        "languages",
        "Languages",
        "زبانیں",
        gettext_lazy("Separated by semicolons."),
        TextWidget(max_length=200),
    ),
]


class DirectoryResource(SpreadsheetResource):
    COLUMNS = DIRECTORY_COLUMNS

    class Meta(SpreadsheetResource.Meta):
        model = Organization

    def find(self, row):
        short_name = str(row.get("Short name") or "").strip()
        return (
            Organization.objects.filter(short_name__iexact=short_name).first()
            if short_name
            else None
        )

    def create(self, instance, row) -> None:
        services.save_organization(organization=instance, by=self.by)

    def update(self, instance, changed: list[str], row) -> None:
        services.save_organization(organization=instance, by=self.by, changed=changed)


STAFF_COLUMNS = [
    Column(
        "username",
        "User name",
        "صارف نام",
        gettext_lazy(
            "Required. What they sign in with. A user name already in your organisation is "
            "left as it is."
        ),
        TextWidget(max_length=150),
        required=True,
    ),
    Column(
        "email",
        "Email",
        "ای میل",
        gettext_lazy(
            "Required. Their own email: the invitation to choose a password is sent there."
        ),
        TextWidget(max_length=254),
        required=True,
    ),
    Column(
        "first_name",
        "First name",
        "پہلا نام",
        gettext_lazy("Optional."),
        TextWidget(max_length=150),
    ),
    Column(
        "last_name", "Last name", "آخری نام", gettext_lazy("Optional."), TextWidget(max_length=150)
    ),
    Column(
        "role",
        "Role",
        "کردار",
        gettext_lazy(
            "Required. A role that reads cases, given by an org admin, waits for a supervisor "
            "to confirm it."
        ),
        ChoiceWidget(Role, required=True),
        required=True,
    ),
    Column(
        "language",
        "Language",
        "زبان",
        gettext_lazy("en or ur."),
        ChoiceWidget(Staff.Language, default="en"),
    ),
    Column(
        "phone",
        "Phone",
        "فون",
        gettext_lazy("Optional. Only if they agree to it being kept."),
        TextWidget(max_length=30, digits=True),
    ),
    Column(
        "team",
        "Team",
        "ٹیم",
        gettext_lazy("The name of one of your organisation's teams."),
        TextWidget(max_length=100),
    ),
]


class StaffResource(SpreadsheetResource):
    """New accounts only: a user name already in the organisation is left unchanged (its
    changes are made on the staff page, where the account rules show what may be changed)."""

    COLUMNS = STAFF_COLUMNS

    class Meta(SpreadsheetResource.Meta):
        model = Staff

    def find(self, row):
        username = str(row.get("User name") or "").strip()
        if not username:
            return None
        return Staff.objects.filter(organization=self.organization, user__username=username).first()

    def after_init_instance(self, instance, new, row, **kwargs):
        self.original_values = {}

    def skip_row(self, instance, original, row, import_validation_errors=None):
        return instance.pk is not None and not import_validation_errors

    def create(self, instance, row) -> None:
        # A Staff row has no user name, email or team name: the columns' values are kept on the
        # instance by import-export, absent when the file has no such column.
        def cell(name: str) -> str:
            return getattr(instance, name, "") or ""

        team = None
        if cell("team_name"):
            team = Team.objects.filter(organization=self.organization, name=cell("team_name"))
            team = team.first()
            if team is None:
                raise ValidationError(
                    {"team_name": _("Your organisation has no team with this name.")}
                )
        staff = services.create_staff(
            organization=self.organization,
            by=self.by,
            username=cell("username"),
            role=instance.role,
            email=cell("email"),
            first_name=cell("first_name"),
            last_name=cell("last_name"),
            language=instance.language or Staff.Language.ENGLISH,
            team=team,
            phone=instance.phone,
        )
        instance.pk = staff.pk


def may_import_directory(user) -> bool:
    return has_org_perm(user, MANAGE_ORGANIZATIONS)


def may_import_staff(user) -> bool:
    return has_org_perm(user, MANAGE_STAFF)


register(
    ImportKind(
        kind="directory",
        title=gettext_lazy("Import the directory"),
        intro=gettext_lazy(
            "Add and update the coalition's organisations and partners from a spreadsheet."
        ),
        resource=DirectoryResource,
        may_import=may_import_directory,
        example_rows=[
            [
                "EXMPL",
                "Example Organisation",
                "مثالی تنظیم",
                "member",
                "punjab",
                "Lahore",
                "",
                "info@example.org",
                "042 1234567",
                "https://example.org",
                "Helpline 0800 00000",
                "bonded labour; legal aid",
                "Urdu; Punjabi",
            ],
        ],
    )
)
register(
    ImportKind(
        kind="staff",
        title=gettext_lazy("Import staff accounts"),
        intro=gettext_lazy(
            "Create your organisation's accounts from a spreadsheet. Each person is sent a link to "
            "their own email to choose a password; no password is ever written in the file."
        ),
        resource=StaffResource,
        may_import=may_import_staff,
        example_rows=[
            [
                "example-caseworker",
                "caseworker@example.org",
                "Example",
                "Person",
                "caseworker",
                "ur",
                "",
                "",
            ]
        ],
    )
)
