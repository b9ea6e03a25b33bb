import time
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase

from coalition.validators import MEDIUM_TEXT, MaxTextLength

from .geography import Province, validate_district
from .roles import PERMISSIONS, Role


class Organization(models.Model):
    class Kind(models.TextChoices):
        SECRETARIAT = "secretariat", _("Secretariat")
        MEMBER = "member", _("Member")
        # Partners that are not members: listed for referrals out and liaison, never sent a
        # referral through the app, never given staff accounts.
        POLICE = "police", _("Police")
        FIA = "fia", _("FIA circle")
        COURT = "court", _("Court")
        GOVERNMENT = "government", _("Government department")
        SHELTER = "shelter", _("Shelter")
        INTERNATIONAL = "international", _("International organisation")

    name = models.CharField(_("name"), max_length=200, unique=True)
    name_ur = models.CharField(_("name in Urdu"), max_length=200, blank=True)
    short_name = models.CharField(
        _("short name"),
        max_length=20,
        unique=True,
        help_text=_("Used in case numbers and user names, e.g. SAHIL."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MEMBER)
    head_office_province = models.CharField(
        _("head office province"), max_length=20, choices=Province.choices, blank=True
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    head_office_district = models.CharField(
        _("head office district"), max_length=60, blank=True, validators=[validate_district]
    )
    specialties = models.CharField(
        _("specialties"),
        max_length=300,
        blank=True,
        help_text=_("What the organisation is known for, separated by semicolons."),
    )
    languages = models.CharField(
        _("languages spoken"),
        max_length=200,
        blank=True,
        help_text=_("Languages its staff work in, separated by semicolons."),
    )
    contact_points = models.TextField(
        _("contact points"),
        blank=True,
        validators=[MaxTextLength(MEDIUM_TEXT)],
        help_text=_(
            "The organisation's desks and helplines. No staff member's personal number unless "
            "they chose to be listed."
        ),
    )
    shelter_beds_free = models.PositiveSmallIntegerField(
        _("shelter beds free"), null=True, blank=True
    )
    legal_aid_slots_free = models.PositiveSmallIntegerField(
        _("legal aid slots free"), null=True, blank=True
    )
    capacity_updated_on = models.DateField(_("capacity updated on"), null=True, blank=True)
    # Set by seed_demo on what it invents (head office, services): shown with a "demo" badge.
    demo = models.BooleanField(_("demo data"), default=False, editable=False)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["short_name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        default_permissions = ()
        permissions = PERMISSIONS

    def __str__(self) -> str:
        return self.short_name

    @property
    def is_secretariat(self) -> bool:
        return self.kind == self.Kind.SECRETARIAT

    @property
    def is_coalition_member(self) -> bool:
        """The secretariat and the members: the only organisations with staff and referrals."""
        return self.kind in COALITION_KINDS

    @property
    def display_name(self) -> str:
        if self.name_ur and (get_language() or "").startswith("ur"):
            return self.name_ur
        return self.name

    @property
    def capacity_is_stale(self) -> bool:
        if self.capacity_updated_on is None:
            return True
        age = timezone.localdate() - self.capacity_updated_on
        return age.days > settings.CAPACITY_STALE_DAYS

    @property
    def specialty_list(self) -> list[str]:
        return [part.strip() for part in self.specialties.split(";") if part.strip()]

    @property
    def language_list(self) -> list[str]:
        return [part.strip() for part in self.languages.split(";") if part.strip()]

    @property
    def audit_label(self) -> str:
        return self.short_name

    @property
    def audit_organization(self) -> "Organization":
        return self


COALITION_KINDS = frozenset({Organization.Kind.SECRETARIAT, Organization.Kind.MEMBER})


class OrganizationUserObjectPermission(UserObjectPermissionBase):
    """A role's permissions on the organisation, as direct foreign-key rows (guardian)."""

    content_object = models.ForeignKey(Organization, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        indexes = [models.Index(fields=["user", "content_object"])]


# Service names by code, for notifications (Service.display_name_of): kept a minute per process.
CATALOGUE_SECONDS = 60
_CATALOGUE: dict = {"read_at": float("-inf"), "names": {}}


class Service(models.Model):
    """An entry in the coalition's services catalogue."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_ur = models.CharField(_("name in Urdu"), max_length=100, blank=True)
    description = models.TextField(
        _("description"), blank=True, validators=[MaxTextLength(MEDIUM_TEXT)]
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.name_ur and (get_language() or "").startswith("ur"):
            return self.name_ur
        return self.name

    @classmethod
    def display_name_of(cls, code: str) -> str:
        """A service's name in the active language, from its code (what notifications keep).
        The catalogue is a dozen rows, read once a minute per process, not once per name."""
        now = time.monotonic()
        if now - _CATALOGUE["read_at"] > CATALOGUE_SECONDS:
            _CATALOGUE["names"] = {
                service.code: (service.name, service.name_ur)
                for service in cls.objects.only("code", "name", "name_ur")
            }
            _CATALOGUE["read_at"] = now
        name, name_ur = _CATALOGUE["names"].get(code, (code, ""))
        return name_ur if name_ur and (get_language() or "").startswith("ur") else name


class ServiceOffering(models.Model):
    """An organisation offers a service in a province, or in one district of it."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="offerings"
    )
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="offerings")
    province = models.CharField(_("province"), max_length=20, choices=Province.choices)
    district = models.CharField(
        _("district"), max_length=60, blank=True, help_text=_("Leave empty for the whole province.")
    )
    notes = models.CharField(_("notes"), max_length=200, blank=True)
    demo = models.BooleanField(_("demo data"), default=False, editable=False)

    class Meta:
        ordering = ["service__name", "province", "district"]
        verbose_name = _("service offered")
        verbose_name_plural = _("services offered")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "service", "province", "district"],
                name="unique_offering_per_place",
            )
        ]
        indexes = [models.Index(fields=["service", "province", "district"])]

    def __str__(self) -> str:
        place = self.district or self.get_province_display()
        return f"{self.organization} · {self.service} · {place}"

    def clean(self):
        validate_district(self.district)

    @property
    def audit_organization(self) -> Organization:
        return self.organization


class Team(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="unique_team_name")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_organization(self) -> Organization:
        return self.organization


class Staff(models.Model):
    """A person who works in the app: one organisation, one role."""

    class Language(models.TextChoices):
        ENGLISH = "en", "English"
        URDU = "ur", "اردو"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="staff")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="members"
    )
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.ENGLISH
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta:
        ordering = ["user__username"]
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.user.get_full_name() or self.user.username

    @property
    def audit_label(self) -> str:
        return self.user.username

    @property
    def audit_organization(self) -> Organization:
        return self.organization


class RoleChangeRequest(models.Model):
    """A change that would give an account case access, waiting for a supervisor to confirm it.

    Made by members.services when the person asking reads less than the role gives (an org admin
    asking for a caseworker); the account keeps its role and status until someone allowed by
    members.accounts_policy.may_decide confirms it.
    """

    class Kind(models.TextChoices):
        NEW_ACCOUNT = "new_account", _("New account")
        ROLE_CHANGE = "role_change", _("Role change")
        REACTIVATION = "reactivation", _("Reactivation")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="role_requests")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="role_requests"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    from_role = models.CharField(_("from role"), max_length=30, choices=Role.choices, blank=True)
    to_role = models.CharField(_("to role"), max_length=30, choices=Role.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("asked on"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "id"]
        verbose_name = _("role change request")
        verbose_name_plural = _("role change requests")
        constraints = [
            models.UniqueConstraint(
                fields=["staff"],
                condition=models.Q(status="pending"),
                name="one_pending_role_request_per_staff",
            )
        ]
        indexes = [models.Index(fields=["organization", "status"])]

    def __str__(self) -> str:
        return f"{self.staff} → {self.to_role} ({self.status})"

    @property
    def audit_label(self) -> str:
        return f"role-request#{self.pk}"

    @property
    def audit_organization(self) -> Organization:
        return self.organization


class AccessVersion(models.Model):
    """One row whose token changes, in the writing transaction, with anything that changes what
    someone may see: a role, a team, an account switched on or off, an organisation, a grant,
    a share, consent to share. The access facts cached between requests are keyed by it
    (members.access), so a change is seen by the next request. A fresh random token rather than
    a counter: a counter rolled back, or restored from a backup, would count to a number again
    and meet facts cached for it before."""

    token = models.UUIDField(default=uuid.uuid4)

    class Meta:
        verbose_name = _("access version")

    def __str__(self) -> str:
        return str(self.token)
